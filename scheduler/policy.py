"""The reminder policy: plan + statuses + today -> the digests to send today. Pure: no clock, no I/O.

Every reminder has a nominal day and a send day:

- opening: nominal day = the window's first day; it moves FORWARD to the window's first working day (a
  monthly action opens on the first working day of its month, never in the month before);
- H-n (n from `days_before`, only when H-n falls inside the window) and the deadline day: they move BACK to
  the previous working day, but never before the opening;
- overdue: one weekly summary per team on `overdue_weekday` (Monday by default; a holiday moves it
  FORWARD to the next working day), holding every period past its deadline and not done. Not one cycle
  per period: a plan adopted in May has January to May overdue from day one, and a cycle each made a
  message on nearly every working day;
- the coordinator's escalation (`escalate_after_days` after the deadline): it moves back to the previous
  working day as long as that is still after the deadline, else forward to the first working day after it.

Each nominal day maps to exactly one send day, so a reminder is never lost on a holiday. Several reminders
of one period that land on the same day (H-1 on a Saturday and a Sunday deadline both move to Friday)
become one item, the most urgent: deadline day, then the smallest H-n, then the opening. A period is
therefore at most once in a day's digests, and the team's items form one digest per team per day.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from plan.model import Action, DuePeriod, Plan, Status
from scheduler.calendar import WorkCalendar

_DAY = timedelta(days=1)


class Kind(enum.StrEnum):
    OPENING = "opening"
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


class Audience(enum.StrEnum):
    TEAM = "team"
    COORDINATOR = "coordinator"


class PolicySettings(Protocol):
    reminder_days_before: tuple[int, ...]
    overdue_summary_weekday: int
    escalate_after_days: int


@dataclass(frozen=True, slots=True)
class PolicyConfig:
    days_before: tuple[int, ...] = (7, 3, 1)
    overdue_weekday: int = 0  # date.weekday(): Monday
    escalate_after_days: int = 14

    def __post_init__(self) -> None:
        # 0 is the deadline day, always reminded; negative offsets mean nothing.
        object.__setattr__(self, "days_before", tuple(sorted({n for n in self.days_before if n > 0})))
        if not 0 <= self.overdue_weekday <= 6:
            raise ValueError("overdue_weekday is a date.weekday(): 0 (Monday) to 6 (Sunday)")
        if self.escalate_after_days < 1:
            raise ValueError("escalate_after_days must be at least 1")

    @classmethod
    def from_settings(cls, settings: PolicySettings) -> PolicyConfig:
        return cls(
            tuple(settings.reminder_days_before),
            settings.overdue_summary_weekday,
            settings.escalate_after_days,
        )


@dataclass(frozen=True, slots=True)
class ReminderItem:
    """One due period in a digest, with everything a message about it needs."""

    kind: Kind
    action: Action
    period: DuePeriod
    team_name: str
    status: Status
    days_left: int  # deadline minus the send day: negative once overdue
    days_before: int | None = None  # n of an H-n reminder

    @property
    def tag(self) -> str:
        """The reminder's kind as logged and keyed: opening, h-7, h-3, h-1, due, overdue, escalation."""
        return f"h-{self.days_before}" if self.kind is Kind.BEFORE else self.kind.value

    @property
    def needs_evidence(self) -> bool:
        return self.status is Status.MENUNGGU_BUKTI

    @property
    def recurring(self) -> bool:
        """The action has more than one period, so a report must name this one."""
        return len(self.action.periods) > 1


@dataclass(frozen=True, slots=True)
class Digest:
    """The one message (before splitting) a team's chats, or the coordinator's chat, get on `day`."""

    day: date
    audience: Audience
    items: tuple[ReminderItem, ...]
    team_code: str | None = None
    team_name: str | None = None

    def by_deadline(self) -> list[tuple[date, tuple[ReminderItem, ...]]]:
        groups: dict[date, list[ReminderItem]] = {}
        for item in self.items:
            groups.setdefault(item.period.deadline, []).append(item)
        return [(deadline, tuple(items)) for deadline, items in sorted(groups.items())]


Statuses = Mapping[tuple[str, str], Status]


def reminders_on(
    plan: Plan, statuses: Statuses, today: date, config: PolicyConfig, calendar: WorkCalendar
) -> tuple[Digest, ...]:
    """The digests to send on `today`: one per team with something due, then the coordinator's."""
    if not calendar.is_working_day(today):
        return ()
    summary_day = is_overdue_summary_day(today, config, calendar)
    per_team: dict[str, list[ReminderItem]] = {}
    escalations: list[ReminderItem] = []
    for action in plan.actions:
        for period in action.periods:
            status = statuses.get((action.code, period.key), Status.BELUM)
            if status.is_done:
                continue
            rule = _team_reminder(period, today, summary_day, config, calendar)
            if rule is not None:
                per_team.setdefault(action.team_code, []).append(
                    _item(plan, action, period, status, today, *rule)
                )
            if (
                _after_deadline(
                    period.deadline + config.escalate_after_days * _DAY, period.deadline, calendar
                )
                == today
            ):
                escalations.append(_item(plan, action, period, status, today, Kind.ESCALATION, None))
    digests = [
        Digest(today, Audience.TEAM, _ordered(per_team[team.code]), team.code, team.name)
        for team in plan.teams
        if team.code in per_team
    ]
    if escalations:
        digests.append(Digest(today, Audience.COORDINATOR, _ordered(escalations)))
    return tuple(digests)


def reminders_between(
    plan: Plan, statuses: Statuses, start: date, end: date, config: PolicyConfig, calendar: WorkCalendar
) -> Iterator[tuple[date, tuple[Digest, ...]]]:
    """Every day from `start` to `end` (inclusive) that has reminders, with its digests."""
    day = start
    while day <= end:
        digests = reminders_on(plan, statuses, day, config, calendar)
        if digests:
            yield day, digests
        day += _DAY


def is_overdue_summary_day(today: date, config: PolicyConfig, calendar: WorkCalendar) -> bool:
    """The working day that carries the week's overdue summary: the summary weekday, or the first working
    day after it when it is a holiday (each week's summary has exactly one send day)."""
    day = calendar.on_or_before(today - _DAY) + _DAY  # the days since the previous working day move here
    while day <= today:
        if day.weekday() == config.overdue_weekday:
            return True
        day += _DAY
    return False


def _team_reminder(
    period: DuePeriod, today: date, summary_day: bool, config: PolicyConfig, calendar: WorkCalendar
) -> tuple[Kind, int | None] | None:
    """The most urgent of the period's team reminders that land on `today`, as (kind, n of H-n)."""
    due_day = calendar.on_or_before(period.deadline)
    # A window without a single working day opens on the last working day before its deadline.
    opening_day = min(calendar.on_or_after(period.window_start), due_day)
    if today < opening_day:
        return None
    if today <= due_day:
        if today == due_day:
            return Kind.DUE, None
        for n in config.days_before:  # smallest n first: the most urgent wins a shared day
            nominal = period.deadline - n * _DAY
            if nominal >= period.window_start and max(calendar.on_or_before(nominal), opening_day) == today:
                return Kind.BEFORE, n
        return (Kind.OPENING, None) if today == opening_day else None
    if today <= period.deadline:
        return None  # the deadline is a holiday and its reminder already went out
    return (Kind.OVERDUE, None) if summary_day else None


def _after_deadline(nominal: date, deadline: date, calendar: WorkCalendar) -> date:
    """Send day of a reminder that must come after the deadline."""
    before = calendar.on_or_before(nominal)
    return before if before > deadline else calendar.on_or_after(deadline + _DAY)


def _item(
    plan: Plan,
    action: Action,
    period: DuePeriod,
    status: Status,
    today: date,
    kind: Kind,
    days_before: int | None,
) -> ReminderItem:
    return ReminderItem(
        kind=kind,
        action=action,
        period=period,
        team_name=plan.team(action.team_code).name,
        status=status,
        days_left=(period.deadline - today).days,
        days_before=days_before,
    )


def _ordered(items: list[ReminderItem]) -> tuple[ReminderItem, ...]:
    # plan.actions is already in decree order; deadline first groups the digest by deadline.
    return tuple(sorted(items, key=lambda item: item.period.deadline))
