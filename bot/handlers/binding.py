"""Team chats: /daftar binds a group to a team, memberships are recorded from group messages and end
when the person leaves the group, and a group that becomes a supergroup keeps its binding and history
under the new chat id."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.ext import Application, ChatMemberHandler, CommandHandler, MessageHandler, filters

from bot import texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args
from usecases import binding
from usecases.commands import CommandName

logger = logging.getLogger(__name__)


# After the handlers: one that looked up the actor recorded the membership with it, in its own
# transaction; any other group message has it recorded here.
SEEN_GROUP = 2


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(CommandName.DAFTAR, _bind, filters=NEW_MESSAGES))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, _migrate))
    application.add_handler(MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER, _left_message))
    application.add_handler(ChatMemberHandler(_member_changed, ChatMemberHandler.CHAT_MEMBER))
    # Commands too: a refused one rolls back the membership its handler recorded, and it is recorded here.
    people = NEW_MESSAGES & filters.ChatType.GROUPS & ~filters.StatusUpdate.ALL
    application.add_handler(MessageHandler(people, _seen), group=SEEN_GROUP)


async def _bind(update: Update, context: ZibotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    with context.unit_of_work() as session:
        done = binding.bind(
            session, context.plan, context.actor, command_args(message.text), chat.title or "", context.now
        )
    if isinstance(done, binding.GroupOnly):
        await context.reply(texts.bind_in_group_only())
    elif isinstance(done, binding.BindUsage):
        await context.reply(texts.bind_usage(done.teams))
    else:
        await context.reply(texts.bound(done.team_name, done.previous_team_name))


async def _migrate(update: Update, context: ZibotContext) -> None:
    message = context.message
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    else:
        assert message.migrate_from_chat_id is not None
        old, new = message.migrate_from_chat_id, message.chat.id
    with context.unit_of_work() as session:
        bound = binding.migrate_chat(session, old, new)
    logger.info("update %s: chat %s became %s (bound: %s)", update.update_id, old, new, bound is not None)
    # Telegram sends the pair; the message in the new supergroup is the one to answer.
    if bound is not None and message.migrate_from_chat_id:
        await context.bot.send_message(new, texts.migrated(bound.team_name))


async def _seen(update: Update, context: ZibotContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    # Building the actor records the person and their team membership (nothing, if a handler built it).
    _ = context.actor


async def _left_message(update: Update, context: ZibotContext) -> None:
    message = context.message
    assert message.left_chat_member is not None
    await _left(context, message.left_chat_member.id, message.chat.id)


async def _member_changed(update: Update, context: ZibotContext) -> None:
    changed = update.chat_member
    assert changed is not None
    if changed.new_chat_member.status in (ChatMember.LEFT, ChatMember.BANNED):
        await _left(context, changed.new_chat_member.user.id, changed.chat.id)


async def _left(context: ZibotContext, telegram_user_id: int, chat_id: int) -> None:
    # The update's sender may be an admin who removed someone: the actor is not who left.
    with context.unit_of_work() as session:
        ended = binding.left(session, telegram_user_id, chat_id)
    logger.info("user %s left chat %s (membership ended: %s)", telegram_user_id, chat_id, ended)
