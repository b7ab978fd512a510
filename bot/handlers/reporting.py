"""/selesai, /bukti and /batal in every form: a caption, a reply to a file, the command then files
(an evidence wait), an album with the caption on one item, a link, `/selesai@bot` in groups; /tarik
(one evidence item); an inline keyboard when a component has several actions or a period is asked."""

from __future__ import annotations

import asyncio
import dataclasses

from sqlalchemy.orm import Session
from telegram import CallbackQuery, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import intake, texts
from bot.commands import EVIDENCE_CAPTION, EVIDENCE_COMMANDS
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args, unless_done_before, wait_minutes
from bot.intake import FileRef, Request
from bot.pending import Album, Pick, pending_of
from bot.prefetch import prefetcher_of
from bot.update_processor import ChatOrderedProcessor
from plan.errors import ZibotError
from plan.periods import ReportArguments, parse_period
from usecases import reporting, withdrawal
from usecases.actor import Actor
from usecases.commands import CommandName
from usecases.reporting import Choice, Filed, PeriodChoice, Target

# An album comes as one update per item, mostly in one getUpdates batch: it is answered once, after the
# item that no other follows within this long.
ALBUM_QUIET_SECONDS = 1.0
PICK_PREFIX = "pilih"
PERIOD_PREFIX = "periode"
# Anything that might be evidence for a waiting report, or an album item; stickers and voice notes too,
# so someone who is waited on hears why they do not count.
_MAYBE_EVIDENCE = (
    filters.PHOTO
    | filters.Document.ALL
    | filters.Entity("url")
    | filters.Entity("text_link")
    | filters.CaptionEntity("url")
    | filters.CaptionEntity("text_link")
    | filters.Sticker.ALL
    | filters.VOICE
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.AUDIO
)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(EVIDENCE_COMMANDS, _report, filters=NEW_MESSAGES))
    application.add_handler(MessageHandler(NEW_MESSAGES & filters.CaptionRegex(EVIDENCE_CAPTION), _report))
    application.add_handler(CommandHandler(CommandName.BATAL, _cancel, filters=NEW_MESSAGES))
    application.add_handler(CommandHandler(CommandName.TARIK, _withdraw, filters=NEW_MESSAGES))
    application.add_handler(CallbackQueryHandler(_picked, pattern=rf"^(?:{PICK_PREFIX}|{PERIOD_PREFIX})\|"))
    application.add_handler(MessageHandler(NEW_MESSAGES & ~filters.COMMAND & _MAYBE_EVIDENCE, _plain))


# ---- /selesai and /bukti -----------------------------------------------------------------------------
async def _report(update: Update, context: ZibotContext) -> None:
    message = context.message
    album = _album_of(context, message)
    try:
        # Reading the request needs the plan; it and the target are found in the update's first transaction.
        with context.unit_of_work() as session:
            request = intake.request_of(message, context.bot.username, context.plan, context.now.date())
            if request is None:  # another bot's command
                return
            if album is not None and album.problem is not None:
                raise album.problem
            found = _find(session, context, request, album)
        await _carry_out(update, context, request, album, found)
    except ZibotError:
        if album is not None:
            pending_of(context).refuse(album.media_group_id)
        raise


Found = Target | Choice | PeriodChoice | reporting.EvidenceListing


def _find(session: Session, context: ZibotContext, request: Request, album: Album | None) -> Found:
    """What the request goes to: a period, or a question to ask first; `/bukti` alone lists evidence."""
    services, now, actor = context.services, context.now, context.actor
    plan = context.writable_plan()
    if request.command == CommandName.BUKTI and not request.has_evidence:
        return reporting.list_evidence(
            session, plan, actor, request.arguments, now.date(), now, services.config.evidence_wait
        )
    held = bool(request.has_evidence or (album and album.held))
    return reporting.target(
        session, plan, actor, request.command, request.arguments, now.date(), holds_evidence=held
    )


async def _carry_out(
    update: Update, context: ZibotContext, request: Request, album: Album | None, found: Found
) -> None:
    services = context.services
    if isinstance(found, Choice):
        question = texts.choose_action(found, request.command)
        await _offer(context, request, album, PICK_PREFIX, _action_buttons(found), question)
        return
    if isinstance(found, PeriodChoice):
        buttons = [(label, key) for key, label in found.periods]
        question = texts.choose_period(found, request.command)
        await _offer(context, request, album, PERIOD_PREFIX, buttons, question)
        return
    if isinstance(found, reporting.EvidenceListing):
        await context.reply(texts.evidence_listing(found, services.config.tz, wait_minutes(services)))
        return
    files = [*request.files, *(album.held if album else ())]
    result = await _file(
        context,
        found,
        context.actor,
        request.command,
        files,
        request.links,
        request.arguments.note,
        request.message_id,
    )
    if album is not None:
        pending_of(context).settle(album.media_group_id, found, request.command)
        await _answer_album(update, context, album, result)
        return
    await context.reply(texts.filed(result, services.config.tz, wait_minutes(services)))


async def _file(
    context: ZibotContext,
    chosen: Target,
    actor: Actor,
    command: str,
    files: list[FileRef],
    links: tuple[str, ...],
    note: str | None,
    message_id: int,
) -> Filed:
    """Download the files (outside any transaction), then write the rows in one unit of work."""
    services = context.services
    evidence = await intake.download(context.bot, services.files, files, links, prefetcher_of(context))
    with context.unit_of_work() as session:
        return reporting.file(
            session,
            chosen,
            actor,
            command,
            evidence,
            note=note,
            now=context.now,
            wait=services.config.evidence_wait,
            message_id=message_id,
        )


# ---- a component with several actions, or a period to choose: an inline keyboard --------------------
async def _offer(
    context: ZibotContext,
    request: Request,
    album: Album | None,
    prefix: str,
    buttons: list[tuple[str, str]],  # (label, value)
    question: str,
    number: int | None = None,
) -> None:
    """Hold the request (and the album's files) in the database and ask; `_picked` carries it on."""
    actor = context.actor
    message = context.message
    pick = Pick(
        command=request.command,
        user_id=actor.telegram_user_id,
        user_name=actor.name,
        chat_id=actor.chat_id,
        arguments=request.arguments,
        files=(*request.files, *(album.held if album else ())),
        links=request.links,
        message_id=request.message_id,
        media_group_id=message.media_group_id,
        number=number,
    )
    book = pending_of(context)
    token = book.add_pick(pick)
    if album is not None:
        book.wait_for_pick(album.media_group_id, token)
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"{prefix}|{token}|{value}")] for label, value in buttons]
    )
    await context.reply(question, markup=keyboard)


def _action_buttons(choice: Choice) -> list[tuple[str, str]]:
    return [(texts.action_button(code, indikator), code) for code, indikator in choice.actions]


async def _picked(update: Update, context: ZibotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    prefix, token, value = [*query.data.split("|", 2), "", ""][:3]
    book = pending_of(context)
    pick = book.pick(token, update.update_id)
    if pick is None:  # expired or used up
        with unless_done_before():
            await query.answer(texts.pick_expired(), show_alert=True)
        return
    if query.from_user.id != pick.user_id:
        with unless_done_before():
            await query.answer(texts.pick_not_yours(pick.user_name), show_alert=True)
        return
    with unless_done_before():
        await query.answer()
    if prefix == PERIOD_PREFIX:
        arguments = dataclasses.replace(pick.arguments, period=parse_period(value), doubt=None, misspelt=None)
        shown = _pressed_label(query) or value
    else:
        arguments = dataclasses.replace(pick.arguments, code_text=value)
        shown = value
    # A refusal (a forged button, another team's action, a period reported meanwhile) is answered by the
    # error handler and leaves the pick with its files, for another button.
    with context.unit_of_work() as session:
        reporting.picked(
            session,
            context.writable_plan(),
            context.actor,
            pick.command,
            pick.arguments.code_text,
            arguments,
            context.now.date(),
            holds_evidence=bool(pick.files or pick.links),
        )
    pick = book.take_pick(token, update.update_id)
    if pick is None:  # taken by another process meanwhile
        await context.reply(texts.pick_expired())
        return
    with unless_done_before():
        await query.edit_message_text(texts.picked(shown))
    if pick.command == CommandName.BATAL:
        await _carry_out_cancel(context, arguments)
        return
    if pick.command == CommandName.TARIK:
        assert pick.number is not None
        await _carry_out_withdraw(context, arguments, pick.number)
        return
    request = Request(pick.command, arguments, pick.files, pick.links, pick.message_id)
    album = None
    if pick.media_group_id is not None:
        book.wait_for_pick(pick.media_group_id, None)
        album = Album(pick.media_group_id)  # its held items are in the pick already
    try:
        with context.unit_of_work() as session:
            found = _find(session, context, request, album)
        await _carry_out(update, context, request, album, found)
    except ZibotError:
        if album is not None:
            book.refuse(album.media_group_id)
        raise


def _pressed_label(query: CallbackQuery) -> str | None:
    """The pressed button's text (a period's label; its callback data carries only the key)."""
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    buttons = (button for row in (markup.inline_keyboard if markup else ()) for button in row)
    return next((button.text for button in buttons if button.callback_data == query.data), None)


# ---- /batal --------------------------------------------------------------------------------------
async def _cancel(update: Update, context: ZibotContext) -> None:
    message = context.message
    arguments = intake.arguments_of(
        context.plan, CommandName.BATAL, command_args(message.text), context.now.date()
    )
    await _carry_out_cancel(context, arguments)


async def _carry_out_cancel(context: ZibotContext, arguments: ReportArguments) -> None:
    with context.unit_of_work() as session:
        result = reporting.cancel(session, context.writable_plan(), context.actor, arguments, context.now)
    if isinstance(result, Choice):
        await _offer_actions(context, CommandName.BATAL, arguments, result)
        return
    await context.reply(texts.cancelled(result))


async def _offer_actions(
    context: ZibotContext,
    command: str,
    arguments: ReportArguments,
    choice: Choice,
    number: int | None = None,
) -> None:
    """A command without evidence on a component with several actions: which action?"""
    message = context.message
    request = Request(command, arguments, (), (), message.message_id)
    question = texts.choose_action(choice, command)
    await _offer(context, request, None, PICK_PREFIX, _action_buttons(choice), question, number)


# ---- /tarik --------------------------------------------------------------------------------------
async def _withdraw(update: Update, context: ZibotContext) -> None:
    message = context.message
    arguments, number = intake.withdrawal_of(
        context.plan, CommandName.TARIK, command_args(message.text), context.now.date()
    )
    await _carry_out_withdraw(context, arguments, number)


async def _carry_out_withdraw(context: ZibotContext, arguments: ReportArguments, number: int) -> None:
    with context.unit_of_work() as session:
        result = withdrawal.withdraw(
            session, context.writable_plan(), context.actor, arguments, number, context.now
        )
    if isinstance(result, Choice):
        await _offer_actions(context, CommandName.TARIK, arguments, result, number)
    elif isinstance(result, PeriodChoice):
        message = context.message
        request = Request(CommandName.TARIK, arguments, (), (), message.message_id)
        buttons = [(label, key) for key, label in result.periods]
        question = texts.choose_withdrawal_period(result, number)
        await _offer(context, request, None, PERIOD_PREFIX, buttons, question, number)
    else:
        await context.reply(texts.withdrawn(result))


# ---- files without a command: album items and waited evidence -----------------------------------------
async def _plain(update: Update, context: ZibotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot:
        return
    album = _album_of(context, message)
    if album is not None and album.refused:
        return
    if album is not None and album.pick_token is not None:
        pending_of(context).join_pick(album.pick_token, intake.files_of(message))
        return
    target = album.target if album is not None else None
    with context.unit_of_work() as session:
        wait = (
            None
            if target
            else reporting.active_wait(session, context.plan, message.chat.id, user.id, context.now)
        )
    if target is None and wait is None:
        if album is not None:  # an album item before its captioned item: held until it comes
            _hold(context, album, message)
        elif message.chat.type == Chat.PRIVATE and _looks_like_evidence(message):
            await context.reply(texts.evidence_without_command())  # in a group it is just chat
        return
    if target is not None and album is not None:
        files, links, command = list(intake.files_of(message)), (), album.command
    else:
        assert wait is not None
        target, command = wait.target, wait.command
        files, links = list(intake.files_of(message)), intake.links_of(message)
    if not files and not links:
        return
    result = await _file(context, target, context.actor, command, files, links, None, message.message_id)
    if album is not None:
        await _answer_album(update, context, album, result)
        return
    await context.reply(texts.evidence_added(result))


async def _answer_album(update: Update, context: ZibotContext, album: Album, result: Filed) -> None:
    """One answer for an album: each item's filing is added to the album's entry (in the database, so a
    restart halfway loses nothing), and the item after which none follows tells the whole of it."""
    book = pending_of(context)
    total = album.answer.and_then(result) if album.answer is not None else result
    message = update.effective_message
    if message is not None and message.media_group_id and await _album_goes_on(update, context):
        book.keep_answer(album.media_group_id, total)
        return
    book.keep_answer(album.media_group_id, None)
    services = context.services
    await context.reply(texts.filed(total, services.config.tz, wait_minutes(services)))


async def _album_goes_on(update: Update, context: ZibotContext) -> bool:
    """More items of this album are on their way: handed over already, or arriving within a moment."""
    processor = context.application.update_processor
    assert isinstance(processor, ChatOrderedProcessor)
    if processor.album_items_behind(update):
        return True
    await asyncio.sleep(ALBUM_QUIET_SECONDS)
    return processor.album_items_behind(update) > 0


def _looks_like_evidence(message: Message) -> bool:
    return bool(message.photo or (message.document and not message.animation) or intake.links_of(message))


def _hold(context: ZibotContext, album: Album, message: Message) -> None:
    try:
        files, problem = intake.files_of(message), None
    except ZibotError as refused:
        # Nobody asked the bot anything yet (most albums in a team group are not reports): the problem is
        # told only if a later item's caption makes the album a report.
        files, problem = (), refused
    pending_of(context).hold(album.media_group_id, files, problem)


def _album_of(context: ZibotContext, message: Message) -> Album | None:
    if not message.media_group_id or message.from_user is None:
        return None
    return pending_of(context).album(message.media_group_id, message.chat.id, message.from_user.id)
