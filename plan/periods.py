"""Which due period a report means: the earliest open one, or the one a user names.

People name periods the way they talk (`Maret`, `bulan mar`, `03`, `3/2022`, `2022-03`, `Juni 2022`,
`minggu ke-2 Januari`, `TW II`, `semester 1`, `Mei-November`) or by the key the bot shows (`2022-q2`).
A named month also finds the period that contains it (``Juni`` -> the May-November span), so people need
not know how the decree cut the year. Everything here is pure: periods, statuses and `today` come in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from plan.codes import canonical_code
from plan.errors import AlreadyReported, NothingOpen, NothingToCancel, UnknownPeriod, Unscheduled, WhichPeriod
from plan.model import DuePeriod, Plan, Status
from plan.targets import MONTH_ALIASES, MONTH_NAMES, QUARTER_NUMBER, SEMESTER_NUMBER, roman_or_digit

_M = "|".join(sorted(MONTH_ALIASES, key=len, reverse=True))
_Y = r"(?:19|20)\d\d"
_YEAR = rf"(?:\s*-?\s*(?P<year>{_Y}))?"
# (kind, pattern) tried in order on the normalised text; key forms are what the bot itself shows.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("month", rf"(?P<month>{_M})\.?{_YEAR}"),
        ("month", rf"(?P<month>\d{{1,2}})(?:\s*/\s*(?P<year>{_Y}))?"),
        ("month", rf"(?P<month>\d{{1,2}})-(?P<year>{_Y})"),
        ("month", rf"(?P<year>{_Y})\s*[/-]\s*(?P<month>\d{{1,2}})"),
        ("span", rf"(?P<first>{_M})\.?\s*-\s*(?P<last>{_M})\.?{_YEAR}"),
        ("span", rf"(?P<year>{_Y})-(?P<first>\d\d)\s*/\s*(?P=year)-(?P<last>\d\d)"),
        ("week", rf"(?:minggu|mg|w)\s*(?:ke)?\s*-?\s*(?P<week>[1-5])(?:\s*(?P<month>{_M})\.?{_YEAR})?"),
        ("week", rf"(?P<year>{_Y})-(?P<month>\d\d)-w(?P<week>[1-5])"),
        ("quarter", rf"(?:triwulan|tw|q|kuartal)\s*-?\s*(?P<number>{QUARTER_NUMBER}){_YEAR}"),
        ("quarter", rf"(?P<year>{_Y})-q(?P<number>[1-4])"),
        ("semester", rf"(?:semester|smt|s)\s*-?\s*(?P<number>{SEMESTER_NUMBER}){_YEAR}"),
        ("semester", rf"(?P<year>{_Y})-s(?P<number>[12])"),
    )
)


@dataclass(frozen=True, slots=True)
class PeriodQuery:
    """A period as typed. `kind` is month, span, week, quarter or semester; `year` None means any year."""

    text: str
    kind: str
    first: int  # month (month, span, week), quarter or semester number
    last: int = 0  # last month of a span
    week: int = 0
    year: int | None = None

    def exact_key(self, year: int) -> str | None:
        """The key a period cut exactly like this query would have (see plan/targets.py)."""
        if self.kind == "month":
            return f"{year}-{self.first:02d}"
        if self.kind == "span":
            return f"{year}-{self.first:02d}/{year}-{self.last:02d}"
        if self.kind == "week":
            return f"{year}-{self.first:02d}-w{self.week}" if self.first else None
        return f"{year}-{self.kind[0]}{self.first}"

    def window(self, year: int) -> tuple[date, date] | None:
        """The dates the query covers in `year` (None for a week without its month)."""
        if self.kind == "week":
            if not self.first:
                return None
            start = date(year, self.first, 1) + relativedelta(days=7 * self.week - 7)
            return start, min(start + relativedelta(days=6), _month_end(date(year, self.first, 1)))
        months = {"quarter": 3, "semester": 6}.get(self.kind)
        if months:
            start = date(year, (self.first - 1) * months + 1, 1)
            return start, _month_end(start + relativedelta(months=months - 1))
        last = self.last or self.first
        return date(year, self.first, 1), _month_end(date(year, last, 1))


@dataclass(frozen=True, slots=True)
class ReportArguments:
    """`/selesai <kode> [periode] [catatan]` split into its parts."""

    code_text: str
    period: PeriodQuery | None
    note: str | None
    # A bare number opening a note ("2 aplikasi sudah aktif") may be a month or a count: not taken as the
    # period, kept here so the user can be asked.
    doubt: PeriodQuery | None = None
    # A misspelt month ("Juny", "Jnui", "Agustu"), as typed: `doubt` is the month it is nearest to, asked
    # about first; the word is not part of the note.
    misspelt: str | None = None


# What a misspelling is measured against: the months' full names (also the old spellings Pebruari,
# Nopember), never abbreviations, which are too short to tell a typo from a word (or a name: Agus).
_FULL_MONTH_NAMES = {
    name: number for name, number in MONTH_ALIASES.items() if len(name) >= len(MONTH_NAMES[number - 1])
}
# fuzz.ratio: "juny" and "jnui" score 75 against "juni", "agustu" 92 against "agustus"; "seperti",
# "novel", "jumlah" stay below 65.
_MISSPELT_SCORE = 75
_RELATIVE = re.compile(r"\b(?:bulan|bln)\s+(?P<which>ini|lalu|kemarin|sebelumnya)\b", re.I)
_BARE_NUMBER = re.compile(r"\d{1,2}")
# An inline keyboard stays readable (and within Telegram's limits) with this many period buttons.
MAX_PERIOD_OPTIONS = 8


def relative_month(text: str, today: date) -> PeriodQuery | None:
    """ "bulan ini" / "bulan lalu" anywhere in a text: the month they mean on `today`."""
    match = _RELATIVE.search(text)
    if match is None:
        return None
    month = today if match["which"].lower() == "ini" else today - relativedelta(months=1)
    return PeriodQuery(month.strftime("%Y-%m"), "month", month.month, year=month.year)


def misspelt_month(word: str) -> int | None:
    """The month a word nearly spells ("Juny" -> 6), starting with the same letter; None for a month
    written right, a number, or an ordinary word."""
    lowered = word.lower().rstrip(".,;:!?")
    if len(lowered) < 4 or not lowered.isalpha() or lowered in MONTH_ALIASES:
        return None
    # rapidfuzz is loaded on the first doubtful word, not at start: an idle bot's memory (bench.updates).
    from rapidfuzz import fuzz, process

    candidates = [name for name in _FULL_MONTH_NAMES if name[0] == lowered[0]]
    found = process.extractOne(lowered, candidates, scorer=fuzz.ratio, score_cutoff=_MISSPELT_SCORE)
    return _FULL_MONTH_NAMES[found[0]] if found else None


def _month_end(day: date) -> date:
    return day + relativedelta(day=31)


def _normalise(text: str) -> str:
    # A comma or semicolon after the period is the sentence going on ("Maret, presensi sudah direkap").
    lowered = re.sub(r"[–—−]", "-", text.strip().lower().rstrip(",;:!?").rstrip())
    lowered = re.sub(r"\b(?:s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)(?=\s|$)", "-", lowered)
    lowered = re.sub(r"\bke\s*-\s*", "ke", lowered)
    # "bulan Maret", "periode Juni": the leading word only says a period follows.
    lowered = re.sub(r"^(?:bulan|bln|periode)\s+(?=\S)", "", lowered)
    return " ".join(lowered.replace("(", " ").replace(")", " ").split())


def _month(text: str | None) -> int:
    if not text:
        return 0
    return MONTH_ALIASES.get(text) or int(text)


def parse_period(text: str) -> PeriodQuery | None:
    """The period a text names, or None when it is not period-shaped (then it is part of a note)."""
    normal = _normalise(text)
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(normal)
        if match is None:
            continue
        found = match.groupdict()
        year = int(found["year"]) if found.get("year") else None
        if kind in ("quarter", "semester"):
            number = roman_or_digit(found["number"])
            return PeriodQuery(text.strip(), kind, number, year=year)
        first = _month(found.get("month") or found.get("first"))
        last = _month(found.get("last")) or first
        if first > 12 or last > 12 or last < first or (first == 0 and kind != "week"):
            return None
        if kind == "week":
            return PeriodQuery(text.strip(), kind, first, week=int(found["week"]), year=year)
        return PeriodQuery(text.strip(), kind, first, last if kind == "span" else 0, year=year)
    return None


def find_period(action_code: str, periods: Sequence[DuePeriod], query: PeriodQuery) -> DuePeriod:
    """The one period of the action the query names: cut exactly like it, else the one containing it."""
    exact = [p for p in periods if _is_exact(query, p)]
    candidates = exact or [p for p in periods if _overlaps(query, p)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise WhichPeriod(action_code, tuple(p.label for p in candidates))
    raise UnknownPeriod(action_code, query.text, tuple(p.label for p in periods))


def _years(query: PeriodQuery, period: DuePeriod) -> set[int]:
    if query.year is not None:
        return {query.year}
    return {period.window_start.year, period.deadline.year}


def _is_exact(query: PeriodQuery, period: DuePeriod) -> bool:
    if _normalise(period.label) == _normalise(query.text):
        return True
    if query.kind == "week" and not query.first:
        return period.key.endswith(f"-w{query.week}") and (
            query.year is None or period.key.startswith(f"{query.year}-")
        )
    return any(query.exact_key(year) == period.key for year in _years(query, period))


def _overlaps(query: PeriodQuery, period: DuePeriod) -> bool:
    for year in _years(query, period):
        window = query.window(year)
        if window is not None and window[0] <= period.deadline and period.window_start <= window[1]:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Schedule:
    """One action's due periods, soonest deadline first, and their statuses (by period key) on a day:
    what `/selesai`, `/bukti` and `/batal` choose from."""

    action_code: str
    periods: tuple[DuePeriod, ...]
    statuses: Mapping[str, Status]
    today: date

    @classmethod
    def of(
        cls, action_code: str, periods: Sequence[DuePeriod], statuses: Mapping[str, Status], today: date
    ) -> Schedule:
        """An action without any period cannot be reported per period."""
        if not periods:
            raise Unscheduled(action_code)
        ordered = tuple(sorted(periods, key=lambda p: (p.deadline, p.window_start)))
        return cls(action_code, ordered, statuses, today)

    def status(self, period: DuePeriod) -> Status:
        return self.statuses.get(period.key, Status.BELUM)

    def is_open(self, period: DuePeriod) -> bool:
        """Its window has started and it still wants a report (belum, menunggu bukti, or sent back)."""
        return period.is_open_on(self.today) and not self.status(period).is_done

    def to_report(self, query: PeriodQuery | None = None) -> DuePeriod:
        """What `/selesai` reports: the named period, else the earliest open one."""
        if query is not None:
            period = find_period(self.action_code, self.periods, query)
            if self.status(period).is_done:
                raise AlreadyReported(self.action_code, period.label, self.status(period))
            return period
        for period in self.periods:
            if self.is_open(period):
                return period
        upcoming = next(
            (p for p in self.periods if not p.is_open_on(self.today) and not self.status(p).is_done), None
        )
        raise NothingOpen(self.action_code, upcoming)

    def to_ask(self, doubt: PeriodQuery | None = None, *, doubt_first: bool = False) -> tuple[DuePeriod, ...]:
        """The periods to offer when `/selesai` names none and the earliest open one may not be meant.

        Nothing to ask (an empty tuple) when one period is open and it is today's, or it is overdue and no
        period's window holds today (a one-off action past its deadline). Otherwise the open periods,
        today's first, then the one a doubtful number could mean, then the overdue ones, latest first; the
        one a misspelt month means comes first (`doubt_first`): it is most likely the one meant.
        """
        today = self.today
        open_now = [p for p in self.periods if self.is_open(p)]
        current = [p for p in open_now if today <= p.deadline]
        holds_today = any(p.window_start <= today <= p.deadline for p in self.periods)
        if doubt is None and len(open_now) == 1 and (current or not holds_today):
            return ()
        doubted: list[DuePeriod] = []
        if doubt is not None:
            try:
                named = find_period(self.action_code, self.periods, doubt)
            except (UnknownPeriod, WhichPeriod):
                named = None
            if named is not None and not self.status(named).is_done:
                doubted = [named]
        overdue = [p for p in open_now if p not in current]
        leading = [*doubted, *current] if doubt_first else [*current, *doubted]
        options = list(dict.fromkeys([*leading, *reversed(overdue)]))
        return tuple(options[:MAX_PERIOD_OPTIONS])

    def for_evidence(self, query: PeriodQuery | None = None) -> DuePeriod:
        """What `/bukti` adds to: the named period, else the earliest one waiting for evidence, else the
        latest whose window has started (the one people are most likely working on)."""
        if query is not None:
            return find_period(self.action_code, self.periods, query)
        waiting = [p for p in self.periods if self.status(p) == Status.MENUNGGU_BUKTI]
        if waiting:
            return waiting[0]
        started = [p for p in self.periods if p.is_open_on(self.today)]
        if started:
            return started[-1]
        raise NothingOpen(self.action_code, self.periods[0])

    def to_cancel(self, query: PeriodQuery | None = None) -> DuePeriod:
        """What `/batal` takes back: the named period, else the latest one that has a report."""
        if query is not None:
            period = find_period(self.action_code, self.periods, query)
            if self.status(period) == Status.BELUM:
                raise NothingToCancel(self.action_code, period.label)
            return period
        reported = [p for p in self.periods if self.status(p) != Status.BELUM]
        if not reported:
            raise NothingToCancel(self.action_code)
        return reported[-1]


def split_arguments(plan: Plan, words: Sequence[str], today: date | None = None) -> ReportArguments | None:
    """`<kode> [periode] [catatan]`; None when there is no code at all.

    Codes may be typed with spaces (``2 1`` is II.1), so the longest run of words that is a code in the
    plan wins; the period is the longest run of the next words that reads as one (up to four words:
    ``minggu ke-2 januari 2022``); the rest is the note. Without such a period, "bulan ini" or "bulan lalu"
    in the note names the month (given `today`), and is no note when it is all there is. A bare number
    followed by a note is a doubt, not a period; so is a misspelt month (``Juny``, ``Agustu 2022``), which
    leaves the note.
    """
    if not words:
        return None
    taken = next(
        (n for n in range(min(3, len(words)), 0, -1) if canonical_code(" ".join(words[:n])) in plan.codes),
        1,
    )
    code_text, after = " ".join(words[:taken]), list(words[taken:])
    query, rest = None, after
    for size in range(min(4, len(after)), 0, -1):
        query = parse_period(" ".join(after[:size]))
        if query is not None:
            rest = after[size:]
            break
    note = " ".join(rest) or None
    if query is not None and rest and _BARE_NUMBER.fullmatch(query.text):
        return ReportArguments(code_text, None, " ".join(after), doubt=query)
    if query is None and after:
        misspelt = _misspelt_period(after)
        if misspelt is not None:
            guess, size = misspelt
            return ReportArguments(code_text, None, " ".join(after[size:]) or None, guess, after[0])
    if query is None and today is not None and note is not None:
        query = relative_month(note, today)
        if query is not None and _RELATIVE.fullmatch(note):
            note = None  # "bulan ini" alone named the period and says nothing more
    return ReportArguments(code_text, query, note)


def _misspelt_period(words: Sequence[str]) -> tuple[PeriodQuery, int] | None:
    """A misspelt month opening `words`, with the year written after it if any: the month meant and how
    many words it took."""
    month = misspelt_month(words[0])
    if month is None:
        return None
    year = int(words[1]) if len(words) > 1 and re.fullmatch(_Y, words[1]) else None
    size = 2 if year else 1
    return PeriodQuery(" ".join(words[:size]), "month", month, year=year), size
