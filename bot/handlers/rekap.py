"""/rekap [tim|area|bulan]: progress per area and team (coordinators), or of one's own team (members),
as a compact HTML message and a chart."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler, ContextTypes

from bot import access, report_texts, texts
from bot.handlers.common import NEW_MESSAGES, command_args, reply
from bot.services import services_of
from reports.rekap import build_rekap, scope_for

COMMANDS = [("rekap", "Ringkasan capaian per area dan tim: /rekap [tim|area|bulan]")]


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler("rekap", _rekap, filters=NEW_MESSAGES))


async def _rekap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    message = update.effective_message
    assert message is not None
    now = services.clock.now()
    with services.database.unit_of_work() as session:
        actor = access.actor_of(session, update, services, now)
        scope = scope_for(services.plan, actor, command_args(message.text))
        progress = build_rekap(session, services.plan, now.date(), scope) if scope is not None else None
    if progress is None:
        await reply(update, texts.not_in_a_team())
        return
    # A member of several teams sees one at a time (in private; a group's rekap is the group's team).
    shown = progress.scope.team_code
    others = [] if actor.is_coordinator or actor.in_group else [team for team in actor.teams if team != shown]
    await reply(update, report_texts.rekap(progress, others))
    await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
    # Drawing takes a moment of CPU: off the event loop, so other chats are answered meanwhile.
    # matplotlib (with numpy) is imported only when a chart is drawn: most of an idle bot's memory.
    from reports.chart import progress_chart

    chart = await asyncio.to_thread(progress_chart, progress)
    await message.reply_photo(chart, caption=report_texts.chart_caption(progress))
