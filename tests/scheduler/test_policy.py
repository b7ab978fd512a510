"""The reminder policy over the whole 2022 plan, and the holiday rules on hand-checked dates."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from app.settings import Settings
from plan.model import Action, Area, Component, Decree, DuePeriod, Plan, Status, Team
from scheduler.calendar import WorkCalendar
from scheduler.policy import Audience, Digest, Kind, PolicyConfig, reminders_between, reminders_on

CALENDAR = WorkCalendar()
CONFIG = PolicyConfig()
YEAR_START, YEAR_END = date(2022, 1, 1), date(2023, 3, 31)  # a quarter past the last deadline
URGENCY = {"opening": 0, "h-7": 1, "h-3": 2, "h-1": 3, "due": 4}

Seen = dict[tuple[str, str], list[tuple[date, str]]]


def year_of(plan: Plan, statuses: dict[tuple[str, str], Status] | None = None) -> list[Digest]:
    return [
        digest
        for _day, digests in reminders_between(plan, statuses or {}, YEAR_START, YEAR_END, CONFIG, CALENDAR)
        for digest in digests
    ]


def team_reminders(digests: list[Digest]) -> Seen:
    seen: Seen = defaultdict(list)
    for digest in digests:
        if digest.audience is Audience.TEAM:
            for item in digest.items:
                seen[(item.action.code, item.period.key)].append((digest.day, item.tag))
    return seen


@pytest.fixture(scope="module")
def year(plan: Plan) -> list[Digest]:
    return year_of(plan)


def test_nothing_on_weekends_and_holidays(year: list[Digest]) -> None:
    days = {digest.day for digest in year}
    assert days, "the 2022 plan must produce reminders"
    assert all(CALENDAR.is_working_day(day) for day in days)
    for holiday in (
        date(2022, 4, 29),
        date(2022, 5, 2),
        date(2022, 6, 1),
        date(2022, 8, 17),
        date(2022, 7, 30),
    ):
        assert holiday not in days


def test_every_scheduled_period_gets_its_opening_and_deadline_reminders(
    plan: Plan, year: list[Digest]
) -> None:
    seen = team_reminders(year)
    for action in plan.actions:
        for period in action.periods:
            days = dict(seen[(action.code, period.key)])
            due_day = CALENDAR.on_or_before(period.deadline)
            assert days[due_day] == "due", (action.code, period.key)
            opening_day = CALENDAR.on_or_after(period.window_start)
            # The opening is its own reminder unless a more urgent one of the period shares its day.
            assert URGENCY[days[opening_day]] >= URGENCY["opening"]
            assert opening_day.month == period.window_start.month or period.window_start.day > 1


def test_no_reminder_is_lost_or_doubled(plan: Plan, year: list[Digest]) -> None:
    seen = team_reminders(year)
    for action in plan.actions:
        for period in action.periods:
            reminders = seen[(action.code, period.key)]
            days = [day for day, _tag in reminders]
            assert len(days) == len(set(days)), f"{action.code} {period.key} twice in a day"
            tags = Counter(tag for _day, tag in reminders if tag != "overdue")
            assert max(tags.values()) == 1, (action.code, period.key, tags)
            by_day = dict(reminders)
            for n in CONFIG.days_before:
                nominal = period.deadline - timedelta(days=n)
                if nominal < period.window_start:
                    continue  # before the window opens: the opening announces it
                # H-n moves back to the previous working day, where it may meet a more urgent one.
                send_day = max(CALENDAR.on_or_before(nominal), CALENDAR.on_or_after(period.window_start))
                assert URGENCY[by_day[send_day]] >= URGENCY[f"h-{n}"], (action.code, period.key, n)


def test_one_digest_per_team_per_day_grouped_by_deadline(year: list[Digest]) -> None:
    per_day = Counter((digest.day, digest.audience, digest.team_code) for digest in year)
    assert max(per_day.values()) == 1
    for digest in year:
        deadlines = [item.period.deadline for item in digest.items]
        assert deadlines == sorted(deadlines)
        if digest.audience is Audience.TEAM:
            assert {item.action.team_code for item in digest.items} == {digest.team_code}


def test_unscheduled_actions_are_never_reminded(plan: Plan, year: list[Digest]) -> None:
    unscheduled = {action.code for action in plan.actions if not action.is_scheduled}
    assert unscheduled == {"III.1.2", "III.3.3", "VI.2.3"}
    assert not unscheduled & {item.action.code for digest in year for item in digest.items}


def test_holiday_rules_on_hand_checked_dates(year: list[Digest]) -> None:
    seen = team_reminders(year)
    # July: the deadline is Sunday the 31st; Saturday's H-1 and Sunday's deadline both go out on Friday
    # the 29th as one reminder; H-7 (Sunday the 24th) moves to Friday the 22nd.
    assert seen[("I.4.1", "2022-07")][:4] == [
        (date(2022, 7, 1), "opening"),
        (date(2022, 7, 22), "h-7"),
        (date(2022, 7, 28), "h-3"),
        (date(2022, 7, 29), "due"),
    ]
    # June opens on Thursday the 2nd: the 1st is Hari Lahir Pancasila.
    assert seen[("I.4.1", "2022-06")][:5] == [
        (date(2022, 6, 2), "opening"),
        (date(2022, 6, 23), "h-7"),
        (date(2022, 6, 27), "h-3"),
        (date(2022, 6, 29), "h-1"),
        (date(2022, 6, 30), "due"),
    ]
    # April ends in Lebaran: the deadline (Saturday the 30th) and H-1 (cuti bersama) go out Thursday the
    # 28th; overdue, it is in the Monday summaries after Lebaran: Monday 9 May, then Tuesday 17 May
    # (Monday the 16th is Waisak).
    april = seen[("I.1.1", "2022-04")]
    assert april[:6] == [
        (date(2022, 4, 1), "opening"),
        (date(2022, 4, 22), "h-7"),
        (date(2022, 4, 27), "h-3"),
        (date(2022, 4, 28), "due"),
        (date(2022, 5, 9), "overdue"),
        (date(2022, 5, 17), "overdue"),
    ]
    # A week-long window (Minggu ke-2 Januari: Saturday 8 to Friday 14): no H-7 before the window opens.
    assert seen[("I.2.1", "2022-01-w2")][:4] == [
        (date(2022, 1, 10), "opening"),
        (date(2022, 1, 11), "h-3"),
        (date(2022, 1, 13), "h-1"),
        (date(2022, 1, 14), "due"),
    ]


def test_overdue_periods_come_in_one_weekly_summary_until_done(plan: Plan, year: list[Digest]) -> None:
    seen = team_reminders(year)
    overdue = [day for day, tag in seen[("I.4.1", "2022-06")] if tag == "overdue"]
    # Deadline Thursday 30 June: the Mondays after it. Monday 2 January 2023 is cuti bersama (New Year on a
    # Sunday): Tuesday the 3rd carries that week's summary.
    assert overdue[:3] == [date(2022, 7, 4), date(2022, 7, 11), date(2022, 7, 18)]
    mondays = [date(2022, 7, 4) + timedelta(days=7 * n) for n in range(39)]
    assert overdue == [CALENDAR.on_or_after(day) for day in mondays]
    # Every overdue period of a team shares that one day: no team gets overdue items on other days.
    overdue_days = {d.day for d in year for i in d.items if i.kind is Kind.OVERDUE}
    assert overdue_days == {CALENDAR.on_or_after(monday) for monday in mondays} | {
        CALENDAR.on_or_after(date(2022, 1, 17) + timedelta(days=7 * n)) for n in range(25)
    }
    done = team_reminders(year_of(plan, {("I.4.1", "2022-06"): Status.SELESAI}))
    assert ("I.4.1", "2022-06") not in done


def test_a_plan_adopted_in_may_gets_january_to_may_in_one_summary_a_week(plan: Plan) -> None:
    """Adopted on Wednesday 18 May: January-April are overdue from day one. Before, each overdue period
    had its own seven-day cycle (one digest with overdue items on most working days); now they wait for
    Monday, in one digest per team."""
    days = list(reminders_between(plan, {}, date(2022, 5, 18), date(2022, 12, 31), CONFIG, CALENDAR))
    team_days = defaultdict(set)
    for day, digests in days:
        for digest in digests:
            if digest.audience is Audience.TEAM and any(i.kind is Kind.OVERDUE for i in digest.items):
                team_days[digest.team_code].add(day)
                assert day.weekday() == 0 or not CALENDAR.is_working_day(day - timedelta(days=1))
    monday_23 = dict(days)[date(2022, 5, 23)]
    tl = next(d for d in monday_23 if d.team_code == "TL")
    overdue_tl = {(i.action.code, i.period.key) for i in tl.items if i.kind is Kind.OVERDUE}
    assert {("II.2.1", f"2022-0{m}") for m in range(1, 5)} <= overdue_tl  # January-April, together
    weeks = len({CALENDAR.on_or_after(date(2022, 5, 23) + timedelta(days=7 * n)) for n in range(32)})
    assert all(len(team) <= weeks for team in team_days.values())


def test_the_summary_day_is_a_setting(plan: Plan) -> None:
    config = PolicyConfig.from_settings(Settings(_env_file=None, ZIBOT_OVERDUE_SUMMARY_DAY="Kamis"))
    assert config.overdue_weekday == 3
    seen = team_reminders(
        [d for _, ds in reminders_between(plan, {}, YEAR_START, YEAR_END, config, CALENDAR) for d in ds]
    )
    overdue = [day for day, tag in seen[("I.4.1", "2022-06")] if tag == "overdue"]
    assert overdue[:2] == [date(2022, 7, 7), date(2022, 7, 14)] and all(
        day.weekday() == 3 or not CALENDAR.is_working_day(day - timedelta(days=1)) for day in overdue
    )
    with pytest.raises(ValueError, match="senin, selasa"):
        Settings(_env_file=None, ZIBOT_OVERDUE_SUMMARY_DAY="kemarin")


def test_escalation_once_to_the_coordinator(plan: Plan, year: list[Digest]) -> None:
    escalated = Counter(
        (item.action.code, item.period.key)
        for digest in year
        if digest.audience is Audience.COORDINATOR
        for item in digest.items
    )
    scheduled = {(action.code, period.key) for action in plan.actions for period in action.periods}
    assert set(escalated) == scheduled
    assert set(escalated.values()) == {1}
    coordinator = [d for d in year if d.audience is Audience.COORDINATOR]
    assert all(d.team_code is None and all(i.kind is Kind.ESCALATION for i in d.items) for d in coordinator)
    # 30 June + 14 days = Thursday 14 July; 30 April + 14 = Saturday 14 May -> Friday 13 May.
    days = {(i.action.code, i.period.key): d.day for d in coordinator for i in d.items}
    assert days[("I.4.1", "2022-06")] == date(2022, 7, 14)
    assert days[("I.1.1", "2022-04")] == date(2022, 5, 13)


def test_done_periods_get_nothing_and_the_rest_is_untouched(plan: Plan, year: list[Digest]) -> None:
    team_pw = [a for a in plan.actions if a.team_code == "PW"]
    statuses = {
        (action.code, period.key): (Status.SELESAI if n % 2 else Status.DISETUJUI)
        for action in team_pw
        for n, period in enumerate(action.periods)
    }
    digests = year_of(plan, statuses)
    assert not [d for d in digests if d.team_code == "PW"]
    assert not [i for d in digests for i in d.items if i.action.team_code == "PW"]
    others = [(d.day, d.team_code, d.items) for d in year if d.team_code not in (None, "PW")]
    assert others == [(d.day, d.team_code, d.items) for d in digests if d.team_code not in (None, "PW")]


def test_waiting_for_evidence_gets_a_nudge_and_rejected_counts_as_open(
    plan: Plan, year: list[Digest]
) -> None:
    key = ("II.1.1", "2022-05/2022-11")
    for status, nudged in ((Status.MENUNGGU_BUKTI, True), (Status.DITOLAK, False), (Status.BELUM, False)):
        digests = year_of(plan, {key: status})
        items = [i for d in digests for i in d.items if (i.action.code, i.period.key) == key]
        assert [(i.kind, i.days_left) for i in items] == [
            (i.kind, i.days_left) for d in year for i in d.items if (i.action.code, i.period.key) == key
        ]
        assert {i.needs_evidence for i in items} == {nudged}
        assert {i.status for i in items} == {status}


def test_settings_change_the_offsets(plan: Plan) -> None:
    settings = Settings(
        _env_file=None, reminder_days_before="14, 2", overdue_summary_weekday="jumat", escalate_after_days=5
    )
    config = PolicyConfig.from_settings(settings)
    assert config.days_before == (2, 14)
    seen: Seen = defaultdict(list)
    for _day, digests in reminders_between(plan, {}, date(2022, 6, 1), date(2022, 7, 12), config, CALENDAR):
        for digest in digests:
            for item in digest.items:
                seen[(item.action.code, item.period.key, digest.audience)].append((digest.day, item.tag))
    assert seen[("I.4.1", "2022-06", Audience.TEAM)] == [
        (date(2022, 6, 2), "opening"),
        (date(2022, 6, 16), "h-14"),
        (date(2022, 6, 28), "h-2"),
        (date(2022, 6, 30), "due"),
        (date(2022, 7, 1), "overdue"),  # the Friday summary
        (date(2022, 7, 8), "overdue"),
    ]
    assert seen[("I.4.1", "2022-06", Audience.COORDINATOR)] == [(date(2022, 7, 5), "escalation")]
    with pytest.raises(ValueError, match="at least 1"):
        PolicyConfig(escalate_after_days=0)


def test_a_window_without_a_working_day_is_reminded_before_it() -> None:
    lebaran = DuePeriod("2022-lebaran", "Lebaran 2022", date(2022, 4, 29), date(2022, 5, 8))
    action = Action("I.1.1", "I", "I.1", 1, "Indikator", "Langkah", "Bukti", "Lebaran", "MP", (lebaran,))
    plan = Plan(
        office="Kantor",
        decree=Decree("SK", "1", date(2022, 1, 3), "Ketua"),
        year=2022,
        teams=(Team("MP", "Tim MP"),),
        areas=(Area("I", 1, "Area", "MP", (Component("I.1", "I", 1, "Komponen", (action,)),)),),
    )
    seen = team_reminders(year_of(plan))
    # Everything before the deadline lands on Thursday 28 April as one reminder; overdue resumes after.
    assert seen[("I.1.1", "2022-lebaran")][:3] == [
        (date(2022, 4, 28), "due"),
        (date(2022, 5, 9), "overdue"),  # the Monday summaries after the deadline (Sunday 8 May)
        (date(2022, 5, 17), "overdue"),  # Monday the 16th is Waisak
    ]


def test_non_working_days_have_no_digests(plan: Plan) -> None:
    assert reminders_on(plan, {}, date(2022, 7, 31), CONFIG, CALENDAR) == ()
    friday = reminders_on(plan, {}, date(2022, 7, 29), CONFIG, CALENDAR)
    assert [d.team_code for d in friday if d.audience is Audience.TEAM] == [
        t.code for t in plan.teams if t.code in {d.team_code for d in friday}
    ]
