"""Indonesian texts of the LKE for coordinators and TPI evaluators. The command line prints the same texts
without their tags (`bot.formatting.as_plain_text`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.formatting import echo, esc, format_datetime
from bot.texts import NOTE_LIMIT
from plan.lke import Question
from reports.lke_text import answer_text
from store.lke_answers import StoredAnswer


def _who_when(stored: StoredAnswer, tz: ZoneInfo) -> str:
    who = stored.author or stored.source
    return f"{esc(who)}, {format_datetime(stored.answered_at, tz)}"


def history_line(question: Question, entry: StoredAnswer, tz: ZoneInfo) -> str:
    note = f" — {echo(entry.note, NOTE_LIMIT)}" if entry.note else ""
    return f"{esc(answer_text(question, entry.answer))} · {_who_when(entry, tz)}{note}"
