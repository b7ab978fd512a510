"""/tugas [tim] [area] [bulan] (open and overdue periods of the team, the person's teams, or all, narrowed
by what is asked) and /status (one action or component in full)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args, unless_done_before
from usecases import overview
from usecases.commands import CommandName


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(CommandName.TUGAS, _tasks, filters=NEW_MESSAGES))
    application.add_handler(CommandHandler(CommandName.STATUS, _status, filters=NEW_MESSAGES))
    # A button for a code the plan lacks carries `status|KODE` (nothing is held, so no token; a press is
    # checked like a typed code).
    application.add_handler(CallbackQueryHandler(_status_picked, pattern=rf"^{CommandName.STATUS}\|"))


async def _tasks(update: Update, context: ZibotContext) -> None:
    message = context.message
    now, asked = context.now, command_args(message.text)
    with context.unit_of_work() as session:
        plan = context.plan
        found = overview.tasks_for(session, plan, context.actor, asked, now.date())
    if found.teams == ():
        await context.reply(texts.not_in_a_team())
        return
    area = next((a for a in plan.areas if a.code == found.scope.area_code), None)
    heading = texts.tasks_heading(
        [plan.team(code).name for code in found.teams or ()],
        area=f"Area {area.code} {area.name}" if area else None,
        month=found.scope.month.label if found.scope.month else None,
    )
    if not found.items:
        await context.reply(texts.no_tasks(heading, now.date()))
        return
    show_team = found.teams is None or len(found.teams) > 1
    await context.reply(texts.tasks(found.items, now.date(), heading, show_team=show_team))


async def _status(update: Update, context: ZibotContext) -> None:
    message = context.message
    await _show_status(update, context, command_args(message.text))


async def _status_picked(update: Update, context: ZibotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    code = query.data.split("|", 1)[1]
    with unless_done_before():
        await query.answer()
    await _show_status(update, context, code)
    # Only once it may be shown: a refused press leaves the question with its buttons.
    with unless_done_before():
        await query.edit_message_text(texts.picked(code))


async def _show_status(update: Update, context: ZibotContext, code_text: str) -> None:
    """The status view, or the nearest codes to press when the plan lacks the code; a pressed code is
    checked like a typed one (whom it may be shown to)."""
    with context.unit_of_work() as session:
        view = overview.status_of(session, context.plan, context.actor, code_text)
    if isinstance(view, overview.CodeChoice):
        buttons = [
            [
                InlineKeyboardButton(
                    texts.action_button(code, title), callback_data=f"{CommandName.STATUS}|{code}"
                )
            ]
            for code, title in view.codes
        ]
        question = texts.code_meant(view.typed, [code for code, _ in view.codes], CommandName.STATUS)
        await context.reply(question, markup=InlineKeyboardMarkup(buttons))
        return
    await context.reply(texts.status_view(view, context.now.date(), context.services.config.tz))
