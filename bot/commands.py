"""The one list of commands (`bot.texts.COMMANDS`) as the rest of bot/ needs it: the menu for
setMyCommands, the names that carry evidence, and the patterns of a message that starts with one."""

from __future__ import annotations

import re
from collections.abc import Iterable

from telegram import BotCommand

from bot.texts import COMMANDS

# Other names people type for /bantuan (Telegram's own /start, and the English habit).
HELP_ALIASES = ("start", "help")

EVIDENCE_COMMANDS = tuple(command.name for command in COMMANDS if command.carries_evidence)
NAMES = tuple(command.name for command in COMMANDS)


def menu() -> list[BotCommand]:
    return [BotCommand(command.name, command.menu_description) for command in COMMANDS]


def starting_with(names: Iterable[str]) -> str:
    """A regex for a text that starts with one of `names` (as ``/name`` or ``/name@bot``)."""
    alternatives = "|".join(re.escape(name) for name in names)
    return rf"(?i)^/(?:{alternatives})(?:@\w+)?(?:\s|$)"


EVIDENCE_CAPTION = starting_with(EVIDENCE_COMMANDS)
ANY_OF_OURS = starting_with((*NAMES, *HELP_ALIASES))
