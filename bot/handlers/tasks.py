"""/tugas (open and overdue periods of the team, the person's teams, or all) and /status (one action or
component in full)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot import access, texts
from bot.handlers.common import NEW_MESSAGES, command_args, reply
from bot.services import services_of
from plan.errors import MalformedCommand
from store import overview

COMMANDS = [
    ("tugas", "Periode tim yang terbuka dan terlambat"),
    ("status", "Rincian satu aksi atau komponen: /status KODE"),
]


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("tugas", _tasks, filters=NEW_MESSAGES))
    application.add_handler(CommandHandler("status", _status, filters=NEW_MESSAGES))


async def _tasks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    now = services.clock.now()
    with services.database.unit_of_work() as session:
        actor = access.actor_of(session, update, services, now)
        found = overview.tasks_for(session, services.plan, actor, now.date())
    if found.teams == ():
        await reply(update, texts.not_in_a_team())
        return
    heading = texts.tasks_heading([services.plan.team(code).name for code in found.teams or ()])
    if not found.items:
        await reply(update, texts.no_tasks(heading, now.date()))
        return
    show_team = found.teams is None or len(found.teams) > 1
    await reply(update, texts.tasks(found.items, now.date(), heading, show_team=show_team))


async def _status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = update.effective_message
    assert message is not None
    wanted = command_args(message.text)
    now = services.clock.now()
    with services.database.unit_of_work() as session:
        actor = access.actor_of(session, update, services, now)
        actor.require_bound()
        if not wanted:
            raise MalformedCommand("status")
        view = overview.status_of(session, services.plan, wanted)
    await reply(update, texts.status_view(view, now.date(), services.config.tz))
