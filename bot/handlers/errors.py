"""The one error handler: errors users cause get their Indonesian explanation; anything else is logged
with the update id and the user gets a short apology. The bot keeps running either way."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application

from bot import error_texts, texts
from bot.answers import Answer, answer
from bot.context import ZibotContext
from plan.errors import ZibotError

logger = logging.getLogger(__name__)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_error_handler(on_error)


async def on_error(update: object, context: ZibotContext) -> None:
    error = context.error
    if not isinstance(update, Update):
        # Polling hiccups (no update): PTB retries by itself.
        level = logging.WARNING if isinstance(error, NetworkError) else logging.ERROR
        logger.log(level, "error outside an update: %s", error, exc_info=level == logging.ERROR)
        return
    if isinstance(error, ZibotError):
        logger.info("update %s: %s", update.update_id, error)
        await _tell(update, error_texts.describe_error(error))
        return
    logger.error("update %s failed", update.update_id, exc_info=error)
    await _tell(update, texts.apology())


async def _tell(update: Update, text: str) -> None:
    if update.callback_query is not None:
        # A button's handler may have answered the query already, and Telegram refuses a second answer:
        # the explanation below must be sent either way.
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    try:
        if update.effective_message is not None:
            # A reply, like every other answer: in a busy group it shows whose message it is about.
            message = update.effective_message
            await answer(message.get_bot(), Answer.to_message(message, text))
        elif update.effective_chat is not None:
            await answer(update.effective_chat.get_bot(), Answer(update.effective_chat.id, text))
    except TelegramError:
        logger.warning("update %s: could not tell the user about the error", update.update_id, exc_info=True)
