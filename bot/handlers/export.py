"""/ekspor (the XLSX workbook), /ekspor bukti (the evidence package as a ZIP, in several parts when it
is over Telegram's upload limit) and /ekspor lke (the evaluators' LKE workbook). Coordinators only."""

from __future__ import annotations

import asyncio
import io
import tempfile
from pathlib import Path

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler

from bot import report_texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args
from bot.outbox import after_answers
from reports.package import write_package_parts
from reports.records import load_export
from usecases import exports
from usecases.commands import CommandName
from usecases.lke_export import lke_export, lke_workbook_bytes


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(CommandName.EKSPOR, _export, filters=NEW_MESSAGES))


async def _export(update: Update, context: ZibotContext) -> None:
    message = context.message
    what = command_args(message.text).lower()
    services, now = context.services, context.now
    exports.require_exporter(context.actor)
    if what == report_texts.EXPORT_LKE:
        await _export_lke(update, context)
        return
    with context.unit_of_work() as session:
        data = (
            load_export(session, context.plan, now.date())
            if what in ("", report_texts.EXPORT_BUKTI)
            else None
        )
    if data is None:
        await context.reply(report_texts.export_usage())
        return
    today, tz = now.date(), services.config.tz
    await after_answers(context, message.chat_id)  # the files come after what this update said before
    await message.chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    if what != report_texts.EXPORT_BUKTI:
        # openpyxl is imported only when a workbook is made: it is most of an idle bot's memory.
        from reports.workbook import write_workbook

        workbook = io.BytesIO()
        await asyncio.to_thread(write_workbook, workbook, data, tz)
        caption = report_texts.workbook_caption(today, len(data.records), len(data.evidence))
        await message.reply_document(
            workbook.getvalue(), filename=report_texts.workbook_name(today), caption=caption
        )
        return
    with tempfile.TemporaryDirectory(prefix="zibot-ekspor-") as folder:
        # Over the upload limit, the package comes in parts (by area, then by size), each a whole zip
        # with its own index; PackageTooLarge (one file over the limit) is explained by the error handler.
        results = await asyncio.to_thread(
            write_package_parts,
            data,
            services.files,
            Path(folder),
            report_texts.package_name(today),
            tz,
            max_bytes=services.config.upload_limit,
        )
        for number, result in enumerate(results, start=1):
            with result.target.open("rb") as package:
                await message.reply_document(
                    package,
                    filename=result.target.name,
                    caption=report_texts.package_caption(today, result, number, len(results)),
                )


async def _export_lke(update: Update, context: ZibotContext) -> None:
    message = context.message
    services, today = context.services, context.now.date()
    with context.unit_of_work() as session:
        export = lke_export(
            session,
            services.plans,
            services.lke,
            context.served.version,
            today,
            services.config.lke_survey_rule,
            actor=context.actor,
        )
    await message.chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    workbook = await asyncio.to_thread(lke_workbook_bytes, export, services.config.tz)
    await after_answers(context, message.chat_id)
    caption = report_texts.lke_workbook_caption(
        today, len(export.lke.questions), len(export.answers), len(export.evidence)
    )
    await message.reply_document(workbook, filename=report_texts.lke_workbook_name(today), caption=caption)
