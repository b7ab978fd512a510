"""What handlers do alike: new messages only, a press handled again, the wait, a command's arguments."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from telegram.error import BadRequest
from telegram.ext import filters

from bot.services import Services

logger = logging.getLogger(__name__)

# Commands answer new messages only; an edited command gets its own answer (bot/handlers/help.py).
NEW_MESSAGES = filters.UpdateType.MESSAGE


# What Telegram says to a button press handled again after a crash: its query was answered before (or is
# too old for an answer), and its message already shows the edit.
_DONE_BEFORE = ("query is too old", "query id is invalid", "message is not modified")


@contextlib.contextmanager
def unless_done_before() -> Iterator[None]:
    """Around a press's answer or its message's edit: refused as done before, the handling goes on."""
    try:
        yield
    except BadRequest as error:
        if not any(words in error.message.lower() for words in _DONE_BEFORE):
            raise
        logger.info("done before (a press handled again): %s", error.message)


def wait_minutes(services: Services) -> int:
    return int(services.config.evidence_wait.total_seconds() // 60)


def command_args(text: str | None) -> str:
    """Everything after ``/command`` or ``/command@bot``."""
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
