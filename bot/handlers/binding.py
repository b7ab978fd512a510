"""Team chats: /daftar binds a group to a team, memberships are recorded from group messages, and a
group that becomes a supergroup keeps its binding and history under the new chat id."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args, reply
from usecases import binding

logger = logging.getLogger(__name__)


# Membership is recorded before any other handler sees the update.
SEEN_GROUP = -1


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("daftar", _bind, filters=NEW_MESSAGES))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, _migrate))
    people = NEW_MESSAGES & filters.ChatType.GROUPS & ~filters.StatusUpdate.ALL & ~filters.COMMAND
    application.add_handler(MessageHandler(people, _seen), group=SEEN_GROUP)


async def _bind(update: Update, context: ZibotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    services, actor = context.services, context.actor
    with services.database.unit_of_work() as session:
        done = binding.bind(
            session, context.plan, actor, command_args(message.text), chat.title or "", context.now
        )
    if isinstance(done, binding.GroupOnly):
        await reply(update, texts.bind_in_group_only())
    elif isinstance(done, binding.BindUsage):
        await reply(update, texts.bind_usage(done.teams))
    else:
        await reply(update, texts.bound(done.team_name, done.previous_team_name))


async def _migrate(update: Update, context: ZibotContext) -> None:
    message = update.effective_message
    assert message is not None
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    else:
        assert message.migrate_from_chat_id is not None
        old, new = message.migrate_from_chat_id, message.chat.id
    with context.services.database.unit_of_work() as session:
        bound = binding.migrate_chat(session, old, new)
    logger.info("update %s: chat %s became %s (bound: %s)", update.update_id, old, new, bound is not None)
    # Telegram sends the pair; the message in the new supergroup is the one to answer.
    if bound is not None and message.migrate_from_chat_id:
        await context.bot.send_message(new, texts.migrated(bound.team_name))


async def _seen(update: Update, context: ZibotContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    # Building the actor records the person and their team membership; later handlers reuse it.
    _ = context.actor
