"""What every handler does the same way: new messages only, the wait in minutes, a command's arguments."""

from __future__ import annotations

from telegram.ext import filters

from bot.services import Services

# Commands answer new messages only; an edited command gets its own answer (bot/handlers/help.py).
NEW_MESSAGES = filters.UpdateType.MESSAGE


def wait_minutes(services: Services) -> int:
    return int(services.config.evidence_wait.total_seconds() // 60)


def command_args(text: str | None) -> str:
    """Everything after ``/command`` or ``/command@bot``."""
    parts = (text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
