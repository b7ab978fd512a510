"""Formatting shared by every bot text module: escaping, Indonesian dates and times, sizes, statuses,
and cutting long answers into Telegram-sized messages between items."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from plan.model import Status
from plan.targets import MONTH_NAMES, SHORT_MONTH_NAMES, WEEKDAYS

# Telegram refuses longer messages; counted in UTF-16 code units like Telegram does.
MESSAGE_LIMIT = 4096

_ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

_STATUS_ICONS = {
    Status.BELUM: "⬜",
    Status.MENUNGGU_BUKTI: "🕓",
    Status.SELESAI: "✅",
    Status.DISETUJUI: "🏅",
    Status.DITOLAK: "↩️",
}


def esc(text: object) -> str:
    """HTML-escape plan or user text for parse_mode HTML."""
    return html.escape(str(text))


def format_date(day: date) -> str:
    """``Senin, 6 Juni 2022``."""
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_short_date(day: date) -> str:
    """``6 Jun 2022``, for lists where the full date is too long."""
    return f"{day.day} {SHORT_MONTH_NAMES[day.month - 1]} {day.year}"


def zone_name(tz: ZoneInfo) -> str:
    """``WIB`` for Asia/Jakarta (WITA, WIT for the other Indonesian zones), else the zone's own name."""
    return _ZONE_ABBREVIATIONS.get(tz.key, tz.key)


def format_time(moment: datetime, tz: ZoneInfo) -> str:
    """``08.00 WIB``: Indonesian writes a dot between hours and minutes."""
    local = moment.astimezone(tz)
    return f"{local:%H.%M} {zone_name(tz)}"


def format_datetime(moment: datetime, tz: ZoneInfo) -> str:
    """``Senin, 6 Juni 2022 pukul 08.00 WIB``."""
    return f"{format_date(moment.astimezone(tz).date())} pukul {format_time(moment, tz)}"


def format_size(size: int | None) -> str:
    """``850 B``, ``12 KB``, ``1,5 MB`` (decimal comma)."""
    if size is None:
        return "ukuran tidak diketahui"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " MB"


def status_icon(status: Status) -> str:
    return _STATUS_ICONS[status]


def shorten(text: str, limit: int = 160) -> str:
    """Plain text cut at a word boundary with an ellipsis; escape after shortening, never before."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(",;:.") + "…"


# How much of a user's argument an answer repeats: enough to recognise it, short enough that the
# answer fits Telegram's limit after escaping (which can make text five times longer: `&` is `&amp;`).
ECHO_LIMIT = 60


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """What the user typed, repeated in an answer: shortened, then HTML-escaped. Every text that echoes
    user input goes through here."""
    return esc(shorten(text, limit))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(items: Iterable[str], separator: str = "\n\n", limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join items into as few messages as fit Telegram's limit, cutting only between items.

    An item longer than the limit on its own is cut at line breaks (our items are a few lines of
    escaped text, so a cut never falls inside an HTML tag).
    """
    messages: list[str] = []
    current = ""
    for item in _fitting_pieces(items, limit):
        candidate = f"{current}{separator}{item}" if current else item
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        messages.append(current)
        current = item
    if current:
        messages.append(current)
    return messages


def _fitting_pieces(items: Iterable[str], limit: int) -> Iterable[str]:
    for item in items:
        if utf16_len(item) <= limit:
            yield item
            continue
        piece = ""
        for line in item.split("\n"):
            for chunk in _cut(line, limit):
                candidate = f"{piece}\n{chunk}" if piece else chunk
                if utf16_len(candidate) <= limit:
                    piece = candidate
                else:
                    yield piece
                    piece = chunk
        if piece:
            yield piece


def _cut(line: str, limit: int) -> Iterable[str]:
    """A single line over the limit, in pieces that fit."""
    while utf16_len(line) > limit:
        cut = limit
        while utf16_len(line[:cut]) > limit:
            cut -= 1
        yield line[:cut]
        line = line[cut:]
    yield line


def as_plain_text(html_text: str) -> str:
    """The same words without tags, for a terminal (the CLI prints the bot's error texts)."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))
