"""/rencana: the coordinator sends a plan file (Word, Excel, the decree's text or JSON: plan/sources)
with the caption /rencana in a private chat, reads what it would change, and applies it with the button
under the summary."""

from __future__ import annotations

import asyncio
import hashlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot import plan_texts
from bot.commands import starting_with
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, unless_done_before
from plan.errors import PlanFileError
from plan.sources import read_bytes
from usecases import plan_import
from usecases.commands import CommandName

BUTTON_PREFIX = "rencana"
# A plan file is a document of a few hundred kilobytes; anything far bigger is not one.
MAX_PLAN_BYTES = 5 * 1024 * 1024


def register(application: Application) -> None:  # type: ignore[type-arg]
    caption = filters.CaptionRegex(starting_with((CommandName.RENCANA,)))
    application.add_handler(
        MessageHandler(NEW_MESSAGES & filters.ChatType.PRIVATE & filters.Document.ALL & caption, _upload)
    )
    application.add_handler(CommandHandler(CommandName.RENCANA, _usage, filters=NEW_MESSAGES))
    application.add_handler(CallbackQueryHandler(_apply, pattern=rf"^{BUTTON_PREFIX}\|"))


async def _usage(update: Update, context: ZibotContext) -> None:
    context.actor.require_coordinator(CommandName.RENCANA)
    await context.reply(plan_texts.plan_upload_usage())


async def _upload(update: Update, context: ZibotContext) -> None:
    message = context.message
    assert message.document is not None
    actor = context.actor
    actor.require_coordinator(CommandName.RENCANA)  # before anything is downloaded
    document = message.document
    name = document.file_name or "rencana"
    if (document.file_size or 0) > MAX_PLAN_BYTES:
        raise PlanFileError(name, "file", f"larger than {MAX_PLAN_BYTES // (1024 * 1024)} MB")
    data = bytes(await (await document.get_file()).download_as_bytearray())
    # Reading a Word document or a workbook takes a moment of CPU: off the event loop.
    raw = await asyncio.to_thread(read_bytes, data, name)
    with context.unit_of_work() as session:
        proposal = plan_import.propose(
            session, actor, raw, name, hashlib.sha256(data).hexdigest(), now=context.now
        )
    changes = proposal.changes
    parts = plan_texts.plan_changes_text(changes, name, applied=False)
    if changes.empty:
        await context.reply(parts)
        return
    parts.append(plan_texts.proposal_footer())
    button = InlineKeyboardButton(plan_texts.APPLY_BUTTON, callback_data=f"{BUTTON_PREFIX}|{proposal.token}")
    markup = InlineKeyboardMarkup([[button]])
    await context.reply(parts, markup)


async def _apply(update: Update, context: ZibotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    token = query.data.split("|", 1)[1]
    with context.unit_of_work() as session:
        proposal = plan_import.apply(
            session, context.actor, token, now=context.now, update_id=update.update_id
        )
    with unless_done_before():
        await query.answer()
    if query.message is not None:
        with unless_done_before():
            await query.edit_message_reply_markup(None)
    changes = proposal.changes
    await context.reply(
        [
            *plan_texts.plan_changes_text(changes, proposal.source, applied=True),
            plan_texts.plan_applied_notice(changes.year),
        ],
    )
