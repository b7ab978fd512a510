"""Turn the decree's Indonesian *target waktu* text into due periods.

Semantics (documented in the README's phrase table):
- one month ("April 2022"): window = that month, deadline = its last day;
- a list ("Juni dan Desember 2022", "Mei, Agustus, November Tahun 2022") or a range
  ("Januari-Desember 2022", "Per-bulan (Januari-Desember)", "Setiap bulan"): one period per month;
- "Paling lambat Mei-November 2022": one period from 1 May to 30 November;
- "Minggu ke-N <bulan>": days 7N-6 .. 7N of that month (week 5 ends with the month);
- "Triwulan I".."IV" / "TW II": the quarter; "Semester I"/"II": the half year;
- a month without a year takes the next year written after it, else the plan's year;
- "-" or empty: unscheduled (no periods, never reminded).
Anything else raises `TargetParseError`: a guess would silently remind the wrong month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule

from plan.model import DuePeriod
from plan.numerals import numeral_pattern, roman, roman_value

MONTH_NAMES = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

SHORT_MONTH_NAMES = tuple(name[:3] for name in MONTH_NAMES)  # Jan, Feb, ..., Agu, ..., Des

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order

# Every spelling coordinators use, lower-case; English ones because office templates mix them in.
MONTH_ALIASES: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
    "jan": 1,
    "feb": 2,
    "pebruari": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agust": 8,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "nopember": 11,
    "des": 12,
    "dec": 12,
}

UNSCHEDULED = {"", "-", "–", "—"}

# A quarter's or a semester's number as people type it (``ii`` or ``2``); `roman_or_digit` reads it.
QUARTER_NUMBER = numeral_pattern(4)
SEMESTER_NUMBER = numeral_pattern(2)


class TargetParseError(ValueError):
    """The target text is not in the grammar; `reason` says which part, in English, for logs and the CLI."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"cannot read target waktu {text!r}: {reason}")
        self.text = text
        self.reason = reason


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # month, year, dash, sep, week, quarter, semester, every, latest
    value: int = 0


_TOKEN_PATTERN = re.compile(
    rf"""
      (?P<latest>paling\s+lambat|selambat-lambatnya)
    | (?P<every>(?:per|setiap|tiap)\s*-?\s*(?P<every_unit>bulan|triwulan|semester)|bulanan)
    | (?P<week>minggu\s*(?:ke)?\s*-?\s*(?P<week_no>[1-5])\b)
    | (?P<quarter>(?:triwulan|tw)\s*-?\s*(?P<quarter_no>{QUARTER_NUMBER})\b)
    | (?P<semester>(?:semester|smt)\s*-?\s*(?P<semester_no>{SEMESTER_NUMBER})\b)
    | (?P<year>(?:19|20)\d\d)\b
    | (?P<dash>-|s\.?\s?d\b\.?|sampai(?:\s+dengan)?\b|hingga\b)
    | (?P<word>[a-z]+)\.?
    | (?P<sep>[,&/;]|\+)
    | (?P<paren>[()])
    """,
    re.VERBOSE,
)

_FILLER_WORDS = {"tahun", "bulan", "dan", "serta", "atau", "akhir"}


def _tokens(text: str) -> list[_Token]:
    normalised = re.sub(r"[–—−]", "-", text.lower())
    tokens: list[_Token] = []
    position = 0
    while position < len(normalised):
        if normalised[position].isspace():
            position += 1
            continue
        match = _TOKEN_PATTERN.match(normalised, position)
        if match is None:
            raise TargetParseError(text, f"unexpected {normalised[position:]!r}")
        position = match.end()
        kind = match.lastgroup
        if match.group("every"):
            unit = match.group("every_unit") or "bulan"
            tokens.append(_Token("every", {"bulan": 1, "triwulan": 3, "semester": 6}[unit]))
        elif match.group("week"):
            tokens.append(_Token("week", int(match.group("week_no"))))
        elif match.group("quarter"):
            tokens.append(_Token("quarter", roman_or_digit(match.group("quarter_no"))))
        elif match.group("semester"):
            tokens.append(_Token("semester", roman_or_digit(match.group("semester_no"))))
        elif kind == "year":
            tokens.append(_Token("year", int(match.group("year"))))
        elif kind == "word":
            word = match.group("word")
            if word in MONTH_ALIASES:
                tokens.append(_Token("month", MONTH_ALIASES[word]))
            elif word in _FILLER_WORDS:
                tokens.append(_Token("sep"))
            else:
                raise TargetParseError(text, f"unknown word {word!r}")
        elif kind in ("latest", "dash", "sep"):
            tokens.append(_Token(kind))
        # parentheses only group visually: "Per-bulan (Januari-Desember)"
    return tokens


def roman_or_digit(text: str) -> int:
    """A quarter's or semester's number as the grammar allows it: ``ii`` or ``2``."""
    return roman_value(text) or int(text)


@dataclass(slots=True)
class _Item:
    """One period-producing phrase before its year is known."""

    kind: str  # months, span, week, quarter, semester, every
    first: int = 0
    last: int = 0
    step: int = 1
    year: int | None = None
    first_year: int | None = None


def _items(text: str, tokens: list[_Token]) -> list[_Item]:
    items: list[_Item] = []
    latest = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.kind == "latest":
            latest = True
        elif token.kind == "sep":
            continue
        elif token.kind == "year":
            pending = [item for item in items if item.year is None]
            if not pending:
                raise TargetParseError(text, f"year {token.value} does not follow a month")
            for item in pending:
                item.year = token.value
        elif token.kind == "every":
            items.append(_Item("every", 1, 12, step=token.value))
        elif token.kind == "month":
            start_year = None
            if index < len(tokens) and tokens[index].kind == "year" and _is_range_after(tokens, index + 1):
                start_year = tokens[index].value
                index += 1
            if index < len(tokens) and tokens[index].kind == "dash":
                if index + 1 >= len(tokens) or tokens[index + 1].kind != "month":
                    raise TargetParseError(text, "a range needs a month after the dash")
                last = tokens[index + 1].value
                index += 2
                if items and items[-1].kind == "every" and items[-1].year is None:
                    items[-1].first, items[-1].last = token.value, last
                    continue
                items.append(_Item("span" if latest else "months", token.value, last, first_year=start_year))
            elif items and items[-1].kind == "week" and items[-1].first == 0:
                items[-1].first = token.value
            else:
                items.append(_Item("span" if latest else "months", token.value, token.value))
        elif token.kind == "week":
            items.append(_Item("week", 0, token.value))
        elif token.kind in ("quarter", "semester"):
            items.append(_Item(token.kind, token.value, token.value))
        else:
            raise TargetParseError(text, "a dash without a month before it")
    for item in items:
        if item.kind == "week" and item.first == 0:
            raise TargetParseError(text, "'minggu ke-N' needs a month")
    return items


def _is_range_after(tokens: list[_Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].kind == "dash"


def _month_period(year: int, month: int) -> DuePeriod:
    start = date(year, month, 1)
    return DuePeriod(f"{year}-{month:02d}", f"{MONTH_NAMES[month - 1]} {year}", start, _month_end(start))


def _month_end(day: date) -> date:
    return day + relativedelta(day=31)


def _periods(text: str, item: _Item, year: int) -> list[DuePeriod]:
    if item.kind in ("months", "every", "span"):
        first_year = item.first_year or year
        start = date(first_year, item.first, 1)
        end = date(year, item.last, 1)
        if end < start:
            raise TargetParseError(text, "the range ends before it starts")
        if item.kind == "span":
            if start == end:
                return [_month_period(year, item.last)]
            label = f"{MONTH_NAMES[start.month - 1]}–{MONTH_NAMES[end.month - 1]} {year}"
            if start.year != end.year:
                label = f"{MONTH_NAMES[start.month - 1]} {start.year}–{MONTH_NAMES[end.month - 1]} {year}"
            key = f"{start:%Y-%m}/{end:%Y-%m}"
            return [DuePeriod(key, label, start, _month_end(end))]
        if item.step == 1:
            return [_month_period(d.year, d.month) for d in rrule(MONTHLY, dtstart=start, until=end)]
        unit = "quarter" if item.step == 3 else "semester"
        return [
            period
            for number in range(1, 12 // item.step + 1)
            for period in _periods(text, _Item(unit, number, number), year)
        ]
    if item.kind == "week":
        month, week = item.first, item.last
        if 7 * week - 6 > _month_end(date(year, month, 1)).day:
            raise TargetParseError(text, f"{MONTH_NAMES[month - 1]} {year} has no week {week}")
        start = date(year, month, 7 * week - 6)
        deadline = min(date(year, month, 1) + relativedelta(day=7 * week), _month_end(start))
        label = f"Minggu ke-{week} {MONTH_NAMES[month - 1]} {year}"
        return [DuePeriod(f"{year}-{month:02d}-w{week}", label, start, deadline)]
    months = 3 if item.kind == "quarter" else 6
    start = date(year, (item.first - 1) * months + 1, 1)
    deadline = _month_end(start + relativedelta(months=months - 1))
    name = "Triwulan" if item.kind == "quarter" else "Semester"
    label = f"{name} {roman(item.first)} {year}"
    return [DuePeriod(f"{year}-{item.kind[0]}{item.first}", label, start, deadline)]


def parse_target(text: str, plan_year: int) -> tuple[DuePeriod, ...]:
    """Due periods of a target text, soonest deadline first, without duplicates."""
    if text.strip() in UNSCHEDULED:
        return ()
    tokens = _tokens(text)
    items = _items(text, tokens)
    if not items:
        raise TargetParseError(text, "no month, week, quarter or semester found")
    by_key: dict[str, DuePeriod] = {}
    for item in items:
        for period in _periods(text, item, item.year or plan_year):
            by_key.setdefault(period.key, period)
    return tuple(sorted(by_key.values(), key=lambda p: (p.deadline, p.window_start, p.key)))
