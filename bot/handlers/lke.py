"""/lke for coordinators and TPI evaluators, in a private chat or the coordinator's chat.

`/lke` -> the score and both verdicts criterion by criterion, with a chart; `/lke PPA1A` -> the question,
its answer with who and when, the suggestion from the evidence and the mapped plan rows, with one button
per option; `/lke PRA1A 12/10 [catatan]` -> an answer typed in (numeric and survey questions have no
buttons); `/lke celah` -> the questions no plan row serves. A button press is checked again like a typed
answer, and one made for an answer that has changed since stores nothing."""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import lke_texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args, unless_done_before
from bot.outbox import after_answers, release_answers
from plan.errors import StaleLkeButton
from plan.lke import Kind
from reports.lke_text import option_name
from usecases import lke_answers
from usecases.commands import CommandName
from usecases.lke_answers import AnswerButton, QuestionView
from usecases.lke_map import lke_gaps

logger = logging.getLogger(__name__)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler(CommandName.LKE, _lke, filters=NEW_MESSAGES))
    application.add_handler(CallbackQueryHandler(_press, pattern=rf"^{lke_texts.BUTTON_PREFIX}\|"))


def _data(button: AnswerButton) -> str:
    fields = (button.version_id, button.code, button.option_key, button.shown_answer_id)
    return "|".join((lke_texts.BUTTON_PREFIX, *map(str, fields)))


def _button(data: str) -> AnswerButton:
    """The press's data as `_data` wrote it; anything else (forged, or from another bot) is stale."""
    parts = data.split("|")
    if len(parts) != 5 or not parts[1].isdigit() or not parts[4].isdigit():
        raise StaleLkeButton(parts[2] if len(parts) > 2 else "")
    return AnswerButton(int(parts[1]), parts[2], parts[3], int(parts[4]))


def _markup(version_id: int, view: QuestionView) -> InlineKeyboardMarkup | None:
    question = view.question
    if question.kind is not Kind.OPTION:
        return None
    shown = view.current.id if view.current is not None else 0
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    option_name(option.key),
                    callback_data=_data(AnswerButton(version_id, question.code, option.key, shown)),
                )
                for option in question.options
            ]
        ]
    )


def _view(context: ZibotContext, session, code: str) -> QuestionView:  # type: ignore[no-untyped-def]
    services = context.services
    return lke_answers.question_view(
        session,
        services.lke,
        services.plans,
        context.served.version,
        context.actor,
        code,
        services.config.lke_survey_rule,
    )


async def _lke(update: Update, context: ZibotContext) -> None:
    lke_answers.require_evaluator(context.actor)  # before a word of the LKE
    message = context.message
    words = command_args(message.text).split(maxsplit=2)
    if not words:
        await _score(update, context)
        return
    if words[0].lower() == lke_texts.GAPS:
        await _gaps(update, context)
        return
    services, version = context.services, context.served.version
    with context.unit_of_work() as session:
        if len(words) > 1:
            note = words[2] if len(words) > 2 else None
            lke_answers.answer(
                session, services.lke, version.id, context.actor, words[0], words[1], note, now=context.now
            )
        view = _view(context, session, words[0])
    text = lke_texts.question_text(view, services.config.tz)
    if len(words) > 1:
        logger.info("update %s: LKE %s answered", update.update_id, view.question.code)
        text = f"{lke_texts.answered(view)}\n\n{text}"
    await context.reply(text, _markup(version.id, view))


async def _score(update: Update, context: ZibotContext) -> None:
    message = context.message
    services = context.services
    with context.unit_of_work() as session:
        score = lke_answers.score(
            session, services.lke, context.served.version.id, context.actor, services.config.lke_survey_rule
        )
    await context.reply(lke_texts.score_text(score))
    release_answers(context)  # the text goes out while the chart is drawn
    await message.chat.send_action(ChatAction.UPLOAD_PHOTO)
    # matplotlib is imported only when a chart is drawn, and it is drawn off the event loop.
    from reports.lke_chart import score_chart

    chart = await asyncio.to_thread(score_chart, services.lke, score)
    await after_answers(context, message.chat_id)
    await message.reply_photo(chart, caption=lke_texts.chart_caption(score))


async def _gaps(update: Update, context: ZibotContext) -> None:
    services = context.services
    with context.unit_of_work() as session:
        found = lke_gaps(session, services.plans, services.lke, context.served.version)
    await context.reply(lke_texts.gaps_text(found, context.served.version.year))


async def _press(update: Update, context: ZibotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    button = _button(query.data)
    services = context.services
    with context.unit_of_work() as session:
        lke_answers.press(
            session, services.lke, context.served.version.id, context.actor, button, now=context.now
        )
        view = _view(context, session, button.code)
    logger.info("update %s: LKE %s answered with a button", update.update_id, view.question.code)
    with unless_done_before():
        await query.answer(lke_texts.answered_alert(view))
    text = f"{lke_texts.answered(view)}\n\n{lke_texts.question_text(view, services.config.tz)}"
    with unless_done_before():
        await query.edit_message_text(text, reply_markup=_markup(context.served.version.id, view))
