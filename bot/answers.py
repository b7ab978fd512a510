"""An update's answers go through the outbox: committed, numbered within their update, before they are sent.

The handler does not wait for Telegram: `answer` holds the message until the update is handled, and the
inbox then commits the update's answers and its done mark in one unit of work (bot/inbox.py), so an
update is either done with its answers queued or not done at all. The outbox (bot/outbox.py) sends them
after the update's earlier answers, at Telegram's pace; a chat's next update starts while this one's
answers are still on their way, and a group held by Telegram's per-group limit holds only its own answers.
What the process dies with is sent at the next start; an update handled again after a crash queues
nothing it queued before (its answers are keyed by update and number). A handler that sends something
itself (a chart, a workbook) commits what it holds first (bot/outbox.after_answers). The handling runs in
a task of its own (python-telegram-bot makes one per update), so the update being handled is a context
variable the update processor sets before the handlers run. Outside an update's handling (the daily
passes) an answer is simply sent, and its errors are the caller's.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram import Bot, Chat, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode


@dataclass(frozen=True, slots=True)
class Answer:
    chat_id: int
    text: str  # HTML
    reply_to: int | None = None  # the message it answers, quoted (in groups, as Telegram apps do)
    thread_id: int | None = None  # the forum topic it goes to
    markup: InlineKeyboardMarkup | None = None

    @classmethod
    def to_message(cls, message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> Answer:
        """What `message.reply_text` would send: quoting it outside private chats, in its topic."""
        quoted = message.chat.type != Chat.PRIVATE
        return cls(
            message.chat_id,
            text,
            reply_to=message.message_id if quoted else None,
            thread_id=message.message_thread_id if message.is_topic_message else None,
            markup=markup,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "reply_to": self.reply_to,
            "thread_id": self.thread_id,
            "markup": self.markup.to_dict() if self.markup is not None else None,
        }

    @classmethod
    def from_json(cls, chat_id: int, data: dict[str, Any]) -> Answer:
        markup = InlineKeyboardMarkup.de_json(data["markup"], None) if data.get("markup") else None
        return cls(chat_id, data["text"], data.get("reply_to"), data.get("thread_id"), markup)

    async def send(self, bot: Bot, chat_id: int | None = None) -> Message:
        """Send it (to `chat_id` when the chat moved), as HTML."""
        return await bot.send_message(
            chat_id if chat_id is not None else self.chat_id,
            self.text,
            parse_mode=ParseMode.HTML,
            message_thread_id=self.thread_id,
            reply_parameters=(
                ReplyParameters(self.reply_to, allow_sending_without_reply=True)
                if self.reply_to is not None
                else None
            ),
            reply_markup=self.markup,
        )


class Queue(Protocol):
    """Where an update's answers are committed and handed to the sender (bot/outbox.Outbox)."""

    def commit(self, handling: Handling) -> None: ...


@dataclass
class Handling:
    update_id: int
    outbox: Queue
    held: list[Answer] = field(default_factory=list)  # answered, not committed yet
    numbered: int = 0  # answers committed so far: the next one is number `numbered + 1`
    finished: bool = False  # handled: an answer after that (from a task it started) is committed at once

    def take(self) -> list[tuple[int, Answer]]:
        """The held answers with their numbers, no longer held."""
        taken = list(enumerate(self.held, start=self.numbered + 1))
        self.numbered += len(taken)
        self.held.clear()
        return taken


_handling: ContextVar[Handling | None] = ContextVar("zibot_answers", default=None)


def handling(current: Handling) -> None:
    """The update processor's hook: the update this task now handles."""
    _handling.set(current)


def current_handling() -> Handling | None:
    return _handling.get()


async def answer(bot: Bot, message: Answer) -> None:
    """Answer the update being handled (held until it is handled), or, outside one, send it now."""
    current = _handling.get()
    if current is None:
        await message.send(bot)
        return
    current.held.append(message)
    if current.finished:
        current.outbox.commit(current)
