"""What every handler does the same way: the clock's now, new messages only, replies in HTML parts."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import filters

from bot.answers import Answer, answer
from bot.services import Services

# Commands answer new messages only; an edited command gets its own answer (bot/handlers/help.py).
NEW_MESSAGES = filters.UpdateType.MESSAGE


async def reply(
    update: Update, texts: str | Sequence[str], markup: InlineKeyboardMarkup | None = None
) -> None:
    """Answer in the update's chat, in as many messages as the text needs (the markup goes on the last);
    handled again after a crash, the messages that went out before are not sent again."""
    message = update.effective_message
    assert message is not None
    parts = [texts] if isinstance(texts, str) else list(texts)
    for number, text in enumerate(parts, start=1):
        last = number == len(parts)
        await answer(message.get_bot(), Answer.to_message(message, text, markup if last else None))


def wait_minutes(services: Services) -> int:
    return int(services.config.evidence_wait.total_seconds() // 60)


def command_args(text: str | None) -> str:
    """Everything after ``/command`` or ``/command@bot``."""
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
