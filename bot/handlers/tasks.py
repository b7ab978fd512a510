"""/tugas [tim] [area] [bulan] (open and overdue periods of the team, the person's teams, or all, narrowed
by what is asked) and /status (one action or component in full)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args, reply
from usecases import overview


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("tugas", _tasks, filters=NEW_MESSAGES))
    application.add_handler(CommandHandler("status", _status, filters=NEW_MESSAGES))


async def _tasks(update: Update, context: ZibotContext) -> None:
    message = update.effective_message
    assert message is not None
    now, asked = context.now, command_args(message.text)
    with context.unit_of_work() as session:
        plan = context.plan
        found = overview.tasks_for(session, plan, context.actor, asked, now.date())
    if found.teams == ():
        await reply(update, texts.not_in_a_team())
        return
    area = next((a for a in plan.areas if a.code == found.scope.area_code), None)
    heading = texts.tasks_heading(
        [plan.team(code).name for code in found.teams or ()],
        area=f"Area {area.code} {area.name}" if area else None,
        month=found.scope.month.label if found.scope.month else None,
    )
    if not found.items:
        await reply(update, texts.no_tasks(heading, now.date()))
        return
    show_team = found.teams is None or len(found.teams) > 1
    await reply(update, texts.tasks(found.items, now.date(), heading, show_team=show_team))


async def _status(update: Update, context: ZibotContext) -> None:
    message = update.effective_message
    assert message is not None
    services, now = context.services, context.now
    with context.unit_of_work() as session:
        view = overview.status_of(session, context.plan, context.actor, command_args(message.text))
    await reply(update, texts.status_view(view, now.date(), services.config.tz))
