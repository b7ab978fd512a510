"""/start and /bantuan: what the bot does, its commands, and how to send evidence."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot import access, texts
from bot.handlers.common import NEW_MESSAGES, reply, wait_minutes
from bot.services import services_of

COMMANDS = [("bantuan", "Petunjuk dan daftar perintah")]


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(["start", "bantuan", "help"], _help, filters=NEW_MESSAGES))


async def _help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    with services.database.unit_of_work() as session:
        actor = access.actor_of(session, update, services, services.clock.now())
    team_name = services.plan.team(actor.chat_team).name if actor.chat_team else None
    text = texts.help_text(
        services.plan.office,
        team_name=team_name,
        in_group=actor.in_group,
        wait_minutes=wait_minutes(services),
    )
    await reply(update, text)
