"""Progress arithmetic: how far each area, team and component is, from the plan, the statuses and today.

Every due period in scope falls in exactly one of three piles, the bars of the rekap chart:
done (selesai or disetujui), overdue (deadline passed, not done) and open (the rest). Beside them:

- due so far: deadline on or before today, or already done (work done ahead counts, so the
  percentage, done / due, never passes 100);
- for one month (`/rekap juni`) the percentage is done out of all of that month's periods: a period
  not yet due is still work to do, so 22 June shows June's share done, never "100% of what is due";
- waiting for evidence: status menunggu bukti; rejected: status ditolak (reopened, reminded again);
- coming: not done, not overdue, deadline in the month in focus (the month asked for, else today's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from plan.codes import canonical_code
from plan.errors import UnknownScope, UnknownTeam
from plan.model import Area, Component, Plan, Status, Team, days_late
from plan.periods import misspelt_month, parse_period
from plan.targets import MONTH_NAMES
from plan.teams import find_team


@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    def holds(self, day: date) -> bool:
        return day.year == self.year and day.month == self.month

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which periods a rekap (or /tugas) looks at: some teams (none named: every team), one area, the
    deadlines of one month."""

    team_codes: tuple[str, ...] = ()
    area_code: str | None = None
    month: Month | None = None

    def holds_team(self, team_code: str) -> bool:
        return not self.team_codes or team_code in self.team_codes


EVERYTHING = Scope()


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one group (an area, a team, a component, or the whole scope)."""

    code: str
    name: str
    total: int = 0
    due: int = 0
    done: int = 0
    approved: int = 0
    awaiting_review: int = 0
    waiting: int = 0
    rejected: int = 0
    overdue: int = 0
    coming: int = 0

    @property
    def open(self) -> int:
        return self.total - self.done - self.overdue

    @property
    def percent(self) -> int | None:
        """Done out of due so far, rounded down (99.6 % is not yet 100 %); None when nothing is due."""
        return self.done * 100 // self.due if self.due else None

    @property
    def not_yet_due(self) -> int:
        return self.total - self.due


class PeriodItem(NamedTuple):
    """One period worth naming in a rekap: overdue, coming, or waiting for the coordinator's review.

    A named tuple rather than a frozen dataclass: a large plan makes tens of thousands of these per rekap,
    and a tuple is several times quicker to build."""

    action_code: str
    period_key: str
    period_label: str
    deadline: date
    team_code: str
    team_name: str
    status: Status
    days_late: int


@dataclass(frozen=True)
class Progress:
    year: int  # the plan's
    today: date
    scope: Scope
    focus_month: Month
    total: Tally
    areas: tuple[Tally, ...]
    teams: tuple[Tally, ...]
    components: tuple[Tally, ...]
    overdue: tuple[PeriodItem, ...]  # most days late first
    coming: tuple[PeriodItem, ...]  # soonest deadline first
    awaiting_review: tuple[PeriodItem, ...]  # reported (selesai), oldest deadline first

    def share(self, tally: Tally) -> Share:
        """What the rekap's percentages mean here: of one month, done out of all its periods; otherwise
        done out of those due so far."""
        base = tally.total if self.scope.month else tally.due
        return Share(tally.done * 100 // base if base else None, tally.done, base)


class Share(NamedTuple):
    percent: int | None  # rounded down; None when there is nothing to measure against
    done: int
    base: int  # the month's periods, or those due so far


# Tally fields in counting order. Counting runs once per period (over 100,000 in the benchmark), so a
# period adds 1 to the fields of its class, computed once per class, into plain lists per component and
# team; areas, teams and the total are summed from those at the end.
_FIELDS = ("total", "due", "done", "approved", "awaiting_review", "waiting", "rejected", "overdue", "coming")
_TOTAL, _DUE, _DONE, _APPROVED, _REVIEW, _WAITING, _REJECTED, _OVERDUE, _COMING = range(len(_FIELDS))


def progress(
    plan: Plan, statuses: Mapping[tuple[str, str], Status], today: date, scope: Scope = EVERYTHING
) -> Progress:
    """Tally every period in `scope`; periods the statuses do not know are `belum`."""
    focus = scope.month or Month.of(today)
    focus_start = date(focus.year, focus.month, 1)
    focus_end = focus_start + relativedelta(day=31)
    team_names = {team.code: team.name for team in plan.teams}
    counts: dict[tuple[str, str], list[int]] = {}  # (component, team) -> field counts
    piles: dict[int, list[PeriodItem]] = {_OVERDUE: [], _COMING: [], _REVIEW: []}
    for action in plan.actions:
        if not scope.holds_team(action.team_code) or scope.area_code not in (None, action.area_code):
            continue
        group = counts.setdefault((action.component_code, action.team_code), [0] * len(_FIELDS))
        for period in action.periods:
            deadline = period.deadline
            if scope.month is not None and not scope.month.holds(deadline):
                continue
            status = statuses.get((action.code, period.key), Status.BELUM)
            hits, pile = _classify(
                status, deadline < today, deadline <= today, focus_start <= deadline <= focus_end
            )
            for index in hits:
                group[index] += 1
            if pile is not None:
                late = days_late(deadline, today) if pile == _OVERDUE else 0
                team = action.team_code
                item = PeriodItem(
                    action.code, period.key, period.label, deadline, team, team_names[team], status, late
                )
                piles[pile].append(item)
    piles[_OVERDUE].sort(key=lambda item: (-item.days_late, item.action_code))
    piles[_COMING].sort(key=lambda item: (item.deadline, item.action_code))
    piles[_REVIEW].sort(key=lambda item: (item.deadline, item.action_code))
    component_area = {component.code: component.area_code for component in plan.components}
    return Progress(
        year=plan.year,
        today=today,
        scope=scope,
        focus_month=focus,
        total=_sum("", plan.office, counts.values()),
        areas=_tallies(plan.areas, counts, lambda key: component_area[key[0]]),
        teams=_tallies(plan.teams, counts, lambda key: key[1]),
        components=_tallies(plan.components, counts, lambda key: key[0]),
        overdue=tuple(piles[_OVERDUE]),
        coming=tuple(piles[_COMING]),
        awaiting_review=tuple(piles[_REVIEW]),
    )


@cache
def _classify(status: Status, overdue: bool, due: bool, in_focus: bool) -> tuple[tuple[int, ...], int | None]:
    """The tally fields a period of this class adds to, and the list it is named in (if any)."""
    if status.is_done:
        return (_TOTAL, _DUE, _DONE, _APPROVED if status is Status.DISETUJUI else _REVIEW), (
            None if status is Status.DISETUJUI else _REVIEW
        )
    hits = [_TOTAL]
    if due:
        hits.append(_DUE)
    if status is Status.MENUNGGU_BUKTI:
        hits.append(_WAITING)
    elif status is Status.DITOLAK:
        hits.append(_REJECTED)
    pile = _OVERDUE if overdue else _COMING if in_focus else None
    if pile is not None:
        hits.append(pile)
    return tuple(hits), pile


def _sum(code: str, name: str, groups: Iterable[list[int]]) -> Tally:
    totals = [sum(column) for column in zip(*groups, strict=True)] or [0] * len(_FIELDS)
    return Tally(code, name, **dict(zip(_FIELDS, totals, strict=True)))


def _tallies(
    items: Iterable[Area | Team | Component],
    counts: dict[tuple[str, str], list[int]],
    owner: Callable[[tuple[str, str]], str],
) -> tuple[Tally, ...]:
    """One tally per item with at least one period in scope, in plan order."""
    members: dict[str, list[list[int]]] = {}
    for key, group in counts.items():
        members.setdefault(owner(key), []).append(group)
    tallies = (_sum(item.code, item.name, members.get(item.code, ())) for item in items)
    return tuple(tally for tally in tallies if tally.total)


# ---- reading a scope the way people type it ----------------------------------------------------


def parse_month(text: str, default_year: int) -> Month | None:
    """``juni``, ``Juni 2022``, ``2022-06``, ``6/2022`` -> the month (in `default_year` unless written);
    None if the text is not one month."""
    query = parse_period(text)
    if query is None or query.kind != "month":
        return None
    return Month(query.year or default_year, query.first)


def parse_scope(plan: Plan, text: str) -> Scope:
    """Teams, an area and a month in any order: ``SDM``, ``pengawasan``, ``II``, ``juni``, ``2022-06``,
    ``SDM juni``, ``juni III``, ``tata laksana mei``. A word that is none of these, or a second area or
    month, is refused naming what is accepted."""
    words = text.split()
    teams: list[str] = []
    area: str | None = None
    month: Month | None = None
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + 3), start, -1):  # the longest reading first
            found = _single_scope(plan, " ".join(words[start:end]), single_word=end == start + 1)
            if found is not None:
                break
        else:
            month = misspelt_month(words[start])
            raise UnknownScope(words[start], _scope_choices(plan), MONTH_NAMES[month - 1] if month else None)
        if (found.area_code and area) or (found.month and month):
            raise UnknownScope(" ".join(words[start:end]), _scope_choices(plan))
        teams += [code for code in found.team_codes if code not in teams]
        area = area or found.area_code
        month = month or found.month
        start = end
    return Scope(tuple(teams), area, month)


def _single_scope(plan: Plan, text: str, *, single_word: bool) -> Scope | None:
    # Areas before months: "2" is area II here, not February.
    area = next((a for a in plan.areas if a.code == canonical_code(text)), None) if single_word else None
    if area is not None:
        return Scope(area_code=area.code)
    month = parse_month(text, plan.year)
    if month is not None:
        return Scope(month=month)
    try:
        return Scope(team_codes=(find_team(plan, text).code,))
    except UnknownTeam:
        return None


def _scope_choices(plan: Plan) -> tuple[str, ...]:
    return (*(team.code for team in plan.teams), *(area.code for area in plan.areas))
