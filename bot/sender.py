"""The scheduler's `Sender` on Telegram: reminder digests as HTML messages with a "how to report" button
per item, the coordinator's report digest, and the notices use cases send to a team's group.

Telegram's errors become the scheduler's delivery errors, so the dispatcher decides about retries and
inactive chats without knowing Telegram. Flood control (RetryAfter) is first handled by the
application's AIORateLimiter, which also keeps a fan-out under Telegram's limits (about 30 messages a
second overall, 20 a minute per group); a RetryAfter that still comes through is retried later.
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import CallbackContext
from telegram.warnings import PTBDeprecationWarning

from bot import reminder_texts, report_texts
from bot.answers import Answer, answer
from scheduler.policy import Digest, ReminderItem
from scheduler.sender import ChatMoved, ChatUnreachable, DeliveryError, SendFailed
from store.chats import BoundChat
from store.digest import ClaimedDigest

# Bad Request answers that mean the chat itself is out of reach, not that this message was wrong.
_GONE = (
    "chat not found",
    "group chat was deactivated",
    "chat was deleted",
    "bot is not a member",
    "bot was kicked",
    "not enough rights to send",
    "have no rights to send",
)
_BUTTONS_PER_ROW = 3
SENDER_KEY = "zibot.sender"


class TelegramSender:
    def __init__(self, bot: Bot, tz: ZoneInfo) -> None:
        self.bot = bot
        self.tz = tz

    async def send_digest(self, chat_id: int, digest: Digest) -> AsyncIterator[int]:
        for message in reminder_texts.digest_messages(digest):
            try:
                await self.bot.send_message(
                    chat_id, message.text, parse_mode=ParseMode.HTML, reply_markup=_keyboard(message.buttons)
                )
            except TelegramError as error:
                raise delivery_error(error) from error
            yield len(message.items)

    async def send_chat_gone(self, chat_id: int, chat: BoundChat, reason: str) -> None:
        await self.send_notice(chat_id, reminder_texts.chat_gone(chat, reason))

    async def send_reports(self, chat_id: int, digest: ClaimedDigest) -> AsyncIterator[int]:
        for part in report_texts.digest(digest.reports, digest.since, self.tz):
            await self.send_notice(chat_id, part.text)
            yield part.reports

    async def send_notice(self, chat_id: int, text: str) -> None:
        try:
            # A use case's notice is one of its update's answers: queued, not sent twice when handled again.
            await answer(self.bot, Answer(chat_id, text))
        except TelegramError as error:
            raise delivery_error(error) from error


def sender_of(context: CallbackContext) -> TelegramSender:  # type: ignore[type-arg]
    """The application's one sender (app/wiring.py puts it in bot_data), for handlers."""
    return context.application.bot_data[SENDER_KEY]


def delivery_error(error: TelegramError) -> DeliveryError:
    reason = f"{type(error).__name__}: {error.message}"
    if isinstance(error, ChatMigrated):
        return ChatMoved(reason, error.new_chat_id)
    if isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and any(phrase in error.message.lower() for phrase in _GONE)
    ):
        return ChatUnreachable(reason)
    if isinstance(error, BadRequest):  # the message itself was refused: sending it again cannot help
        return SendFailed(reason, retryable=False)
    if isinstance(error, RetryAfter):
        return SendFailed(reason, retry_after=retry_seconds(error))
    return SendFailed(reason)  # network errors, time-outs, Telegram's own server errors


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the int form of retry_after is going away
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def _keyboard(items: tuple[ReminderItem, ...]) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(label, callback_data=data) for label, data in map(reminder_texts.button, items)
    ]
    return InlineKeyboardMarkup(
        [buttons[start : start + _BUTTONS_PER_ROW] for start in range(0, len(buttons), _BUTTONS_PER_ROW)]
    )
