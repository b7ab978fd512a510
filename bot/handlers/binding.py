"""Team chats: /daftar binds a group to a team, memberships are recorded from group messages, and a
group that becomes a supergroup keeps its binding and history under the new chat id."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import access, texts
from bot.handlers.common import NEW_MESSAGES, command_args, reply
from bot.services import services_of
from plan.teams import find_team
from store import chats, reporting

logger = logging.getLogger(__name__)

COMMANDS = [("daftar", "(Koordinator) hubungkan grup ini ke tim")]

# Membership is recorded before any other handler sees the update.
SEEN_GROUP = -1


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("daftar", _bind, filters=NEW_MESSAGES))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, _migrate))
    people = NEW_MESSAGES & filters.ChatType.GROUPS & ~filters.StatusUpdate.ALL & ~filters.COMMAND
    application.add_handler(MessageHandler(people, _seen), group=SEEN_GROUP)


async def _bind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message, chat = update.effective_message, update.effective_chat
    assert message is not None and chat is not None
    wanted = command_args(message.text)
    now = services.clock.now()
    with services.database.unit_of_work() as session:
        actor = access.actor_of(session, update, services, now)
        actor.require_coordinator("daftar")
        if not actor.in_group:
            answer = texts.bind_in_group_only()
        elif not wanted:
            answer = texts.bind_usage((team.code, team.name) for team in services.plan.teams)
        else:
            team = find_team(services.plan, wanted)
            previous = chats.bind_chat(
                session, chat.id, team.code, chat.title or "", person_id=actor.person_id, now=now
            )
            answer = texts.bound(team.name, previous.team_name if previous else None)
    await reply(update, answer)


async def _migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = update.effective_message
    assert message is not None
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    else:
        assert message.migrate_from_chat_id is not None
        old, new = message.migrate_from_chat_id, message.chat.id
    with services.database.unit_of_work() as session:
        binding = reporting.migrate_chat(session, old, new)
    logger.info("update %s: chat %s became %s (bound: %s)", update.update_id, old, new, binding is not None)
    # Telegram sends the pair; the message in the new supergroup is the one to answer.
    if binding is not None and message.migrate_from_chat_id:
        await context.bot.send_message(new, texts.migrated(binding.team_name))


async def _seen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    services = services_of(context)
    with services.database.unit_of_work() as session:
        access.actor_of(session, update, services, services.clock.now())
