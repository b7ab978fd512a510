"""/rekap [semua|tim|area|bulan]: progress per area and team (coordinators), or of one's own teams (members),
as a compact HTML message and a chart."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler

from bot import report_texts, texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args
from bot.outbox import after_answers, release_answers
from usecases.commands import CommandName
from usecases.rekap import plan_asked, rekap_for


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(CommandName.REKAP, _rekap, filters=NEW_MESSAGES))


async def _rekap(update: Update, context: ZibotContext) -> None:
    message = context.message
    services = context.services
    with context.unit_of_work() as session:
        plan, asked = plan_asked(session, services.plans, context.plan, command_args(message.text))
        found = rekap_for(session, plan, context.actor, asked, context.now.date())
    if found is None:
        await context.reply(texts.not_in_a_team())
        return
    progress = found.progress
    await context.reply(report_texts.rekap(progress, found.other_teams, found.retired))
    release_answers(context)  # the text goes out while the chart is drawn
    await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
    # Drawing takes a moment of CPU: off the event loop, so other chats are answered meanwhile.
    # matplotlib (with numpy) is imported only when a chart is drawn: most of an idle bot's memory.
    from reports.chart import progress_chart

    chart = await asyncio.to_thread(progress_chart, progress)
    await after_answers(context, message.chat_id)
    await message.reply_photo(chart, caption=report_texts.chart_caption(progress))
