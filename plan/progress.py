"""Progress arithmetic: how far each area, team and component is, from the plan, the statuses and today.

Every due period in scope falls in exactly one of three piles, the bars of the rekap chart:
done (selesai or disetujui), overdue (deadline passed, not done) and open (the rest). Beside them:

- due so far: deadline on or before today, or already done (work done ahead counts, so the
  percentage, done / due, never passes 100);
- waiting for evidence: status menunggu bukti; rejected: status ditolak (reopened, reminded again);
- coming: not done, not overdue, deadline in the month in focus (the month asked for, else today's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from plan.codes import canonical_code
from plan.errors import UnknownScope, UnknownTeam
from plan.model import Action, DuePeriod, Plan, Status
from plan.periods import parse_period
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
    """Which periods a rekap looks at: one team, one area, the deadlines of one month, or all."""

    team_code: str | None = None
    area_code: str | None = None
    month: Month | None = None

    @property
    def is_everything(self) -> bool:
        return self.team_code is None and self.area_code is None and self.month is None

    def includes(self, action: Action, period: DuePeriod) -> bool:
        return (
            self.team_code in (None, action.team_code)
            and self.area_code in (None, action.area_code)
            and (self.month is None or self.month.holds(period.deadline))
        )


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


@dataclass(frozen=True, slots=True)
class PeriodItem:
    """One period worth naming in a rekap: overdue, coming, or waiting for the coordinator's review."""

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


# Tally fields in counting order; _Counter keeps them in a list because this loop runs per period
# (over 100,000 of them in the benchmark).
_FIELDS = ("total", "due", "done", "approved", "awaiting_review", "waiting", "rejected", "overdue", "coming")
_TOTAL, _DUE, _DONE, _APPROVED, _REVIEW, _WAITING, _REJECTED, _OVERDUE, _COMING = range(len(_FIELDS))


@dataclass(slots=True)
class _Counter:
    code: str
    name: str
    counts: list[int] = field(default_factory=lambda: [0] * len(_FIELDS))

    def tally(self) -> Tally:
        return Tally(self.code, self.name, **dict(zip(_FIELDS, self.counts, strict=True)))


def progress(
    plan: Plan, statuses: Mapping[tuple[str, str], Status], today: date, scope: Scope = EVERYTHING
) -> Progress:
    """Tally every period in `scope`; periods the statuses do not know are `belum`."""
    focus = scope.month or Month.of(today)
    focus_start = date(focus.year, focus.month, 1)
    focus_end = focus_start + relativedelta(day=31)
    team_names = {team.code: team.name for team in plan.teams}
    total = _Counter("", plan.office)
    areas = {area.code: _Counter(area.code, area.name) for area in plan.areas}
    teams = {team.code: _Counter(team.code, team.name) for team in plan.teams}
    components = {c.code: _Counter(c.code, c.name) for c in plan.components}
    overdue: list[PeriodItem] = []
    coming: list[PeriodItem] = []
    review: list[PeriodItem] = []
    for action in plan.actions:
        groups = (total.counts, areas[action.area_code].counts, teams[action.team_code].counts)
        component = components[action.component_code].counts
        for period in action.periods:
            if not scope.includes(action, period):
                continue
            status = statuses.get((action.code, period.key), Status.BELUM)
            hits = _classify(period, status, today, focus_start, focus_end)
            for counts in (*groups, component):
                for index in hits:
                    counts[index] += 1
            pile = _pile(hits)
            if pile is not None:
                days_late = max((today - period.deadline).days, 0)
                item = PeriodItem(
                    action.code,
                    period.key,
                    period.label,
                    period.deadline,
                    action.team_code,
                    team_names[action.team_code],
                    status,
                    days_late,
                )
                {_OVERDUE: overdue, _COMING: coming, _REVIEW: review}[pile].append(item)
    overdue.sort(key=lambda item: (-item.days_late, item.action_code))
    coming.sort(key=lambda item: (item.deadline, item.action_code))
    review.sort(key=lambda item: (item.deadline, item.action_code))
    return Progress(
        today=today,
        scope=scope,
        focus_month=focus,
        total=total.tally(),
        areas=_touched(areas.values()),
        teams=_touched(teams.values()),
        components=_touched(components.values()),
        overdue=tuple(overdue),
        coming=tuple(coming),
        awaiting_review=tuple(review),
    )


def _classify(
    period: DuePeriod, status: Status, today: date, focus_start: date, focus_end: date
) -> list[int]:
    """The tally fields one period adds to."""
    hits = [_TOTAL]
    if status.is_done:
        hits += [_DUE, _DONE, _APPROVED if status is Status.DISETUJUI else _REVIEW]
        return hits
    if period.deadline <= today:
        hits.append(_DUE)
    if status is Status.MENUNGGU_BUKTI:
        hits.append(_WAITING)
    elif status is Status.DITOLAK:
        hits.append(_REJECTED)
    if period.is_overdue_on(today):
        hits.append(_OVERDUE)
    elif focus_start <= period.deadline <= focus_end:
        hits.append(_COMING)
    return hits


def _pile(hits: list[int]) -> int | None:
    for pile in (_OVERDUE, _COMING, _REVIEW):
        if pile in hits:
            return pile
    return None


def _touched(counters: Iterable[_Counter]) -> tuple[Tally, ...]:
    """Groups with at least one period in scope, in plan order."""
    return tuple(counter.tally() for counter in counters if counter.counts[_TOTAL])


# ---- reading a scope the way people type it ----------------------------------------------------


def parse_month(text: str, default_year: int) -> Month | None:
    """``juni``, ``Juni 2022``, ``2022-06``, ``6/2022`` -> the month (in `default_year` unless written);
    None if the text is not one month."""
    query = parse_period(text)
    if query is None or query.kind != "month":
        return None
    return Month(query.year or default_year, query.first)


def parse_scope(plan: Plan, text: str) -> Scope:
    """``SDM``, ``pengawasan``, ``II``, ``juni``, ``2022-06`` or a team/area then a month (``SDM juni``)."""
    text = " ".join(text.split())
    if not text:
        return EVERYTHING
    single = _single_scope(plan, text)
    if single is not None:
        return single
    words = text.split()
    for split in (len(words) - 1, len(words) - 2):
        if split < 1:
            continue
        month = parse_month(" ".join(words[split:]), plan.year)
        head = _single_scope(plan, " ".join(words[:split]))
        if month is not None and head is not None and head.month is None:
            return Scope(head.team_code, head.area_code, month)
    raise UnknownScope(text, _scope_choices(plan))


def _single_scope(plan: Plan, text: str) -> Scope | None:
    # Areas before months: "2" is area II here, not February.
    area = next((a for a in plan.areas if a.code == canonical_code(text)), None)
    if area is not None:
        return Scope(area_code=area.code)
    month = parse_month(text, plan.year)
    if month is not None:
        return Scope(month=month)
    try:
        return Scope(team_code=find_team(plan, text).code)
    except UnknownTeam:
        return None


def _scope_choices(plan: Plan) -> tuple[str, ...]:
    return (*(team.code for team in plan.teams), *(area.code for area in plan.areas))
