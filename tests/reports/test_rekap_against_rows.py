"""The rekap's numbers against the database's raw rows, counted here independently with plain SQL rows
and Python, for a realistic mix of statuses set the way the bot sets them (through the history)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from plan.model import Plan, Status
from plan.progress import EVERYTHING, Month, Progress, Scope, Tally
from store import repo
from store.db import Database
from store.models import ActionRow, PeriodRow, TeamRow
from store.plan_import import import_plan
from usecases.rekap import build_rekap

TODAY = date(2022, 8, 16)  # mid-August: half the year overdue or done, the rest ahead
AT = datetime(2022, 8, 1, 2, 0, tzinfo=UTC)
# Paths a period takes through the statuses, as the bot moves it (report, review, take back...).
PATHS = (
    (),
    (Status.SELESAI,),
    (Status.SELESAI, Status.DISETUJUI),
    (Status.SELESAI, Status.DITOLAK),
    (Status.MENUNGGU_BUKTI,),
    (Status.MENUNGGU_BUKTI, Status.SELESAI),
    (Status.SELESAI, Status.DITOLAK, Status.SELESAI, Status.DISETUJUI),
    (Status.SELESAI, Status.BELUM),
)
FIELDS = ("total", "due", "done", "approved", "awaiting_review", "waiting", "rejected", "overdue", "coming")


@pytest.fixture
def mixed(database: Database, plan: Plan) -> Database:
    chooser = random.Random(2022)
    with database.unit_of_work() as session:
        import_plan(session, plan, "0" * 64, AT)
        person = repo.touch_person(session, 7, "Sri", None, AT).person_id
        for state in repo.period_states(session, 2022):
            # Work ahead happens too, but less often than work on what is due.
            path = chooser.choice(PATHS if state.deadline <= TODAY or chooser.random() < 0.2 else ((),))
            for status in path:
                repo.change_status(session, state.period_id, status, person_id=person, chat_id=-1, now=AT)
    return database


RawRow = tuple[str, str, str, str, str, date, str]


def raw_rows(database: Database) -> list[RawRow]:
    """(team, area, component, action, period key, deadline, status) straight from the tables."""
    with database.unit_of_work() as session:
        rows = session.execute(
            select(
                TeamRow.code,
                ActionRow.area_code,
                ActionRow.component_code,
                ActionRow.code,
                PeriodRow.key,
                PeriodRow.deadline,
                PeriodRow.status,
            )
            .join(PeriodRow.action)
            .join(ActionRow.team)
            .where(PeriodRow.in_plan.is_(True), ActionRow.in_plan.is_(True))
        )
        return list(rows)


def expected(rows: list[RawRow], focus: Month) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for *_, deadline, status in rows:
        done = status in ("selesai", "disetujui")
        counts["total"] += 1
        counts["due"] += done or deadline <= TODAY
        counts["done"] += done
        counts["approved"] += status == "disetujui"
        counts["awaiting_review"] += status == "selesai"
        counts["waiting"] += status == "menunggu_bukti"
        counts["rejected"] += status == "ditolak"
        counts["overdue"] += not done and deadline < TODAY
        counts["coming"] += (
            not done
            and deadline >= TODAY
            and (deadline.year, deadline.month)
            == (
                focus.year,
                focus.month,
            )
        )
    return {field: counts[field] for field in FIELDS}


def counted(tally: Tally) -> dict[str, int]:
    return {field: getattr(tally, field) for field in FIELDS}


def rekap(database: Database, plan: Plan, scope: Scope = EVERYTHING) -> Progress:
    with database.unit_of_work() as session:
        return build_rekap(session, plan, TODAY, scope)


def test_the_raw_rows_hold_every_status(mixed: Database) -> None:
    statuses = Counter(status for *_, status in raw_rows(mixed))
    assert set(statuses) == {status.value for status in Status}, statuses
    assert min(statuses.values()) >= 5


def test_whole_plan_per_area_and_per_team_match_the_rows(mixed: Database, plan: Plan) -> None:
    rows = raw_rows(mixed)
    august = Month(2022, 8)
    progress = rekap(mixed, plan)
    assert counted(progress.total) == expected(rows, august)
    assert {t.code: counted(t) for t in progress.areas} == {
        area: expected([r for r in rows if r[1] == area], august) for area in {r[1] for r in rows}
    }
    assert {t.code: counted(t) for t in progress.teams} == {
        team: expected([r for r in rows if r[0] == team], august) for team in {r[0] for r in rows}
    }
    for tally in (progress.total, *progress.areas, *progress.teams):
        assert tally.percent == (tally.done * 100 // tally.due if tally.due else None)
        assert 0 <= tally.done <= tally.due <= tally.total


def test_overdue_list_names_every_late_period_with_its_days(mixed: Database, plan: Plan) -> None:
    rows = raw_rows(mixed)
    late = {
        (action, key): (TODAY - deadline).days
        for _team, _area, _component, action, key, deadline, status in rows
        if status not in ("selesai", "disetujui") and deadline < TODAY
    }
    progress = rekap(mixed, plan)
    assert {(i.action_code, i.period_key): i.days_late for i in progress.overdue} == late
    days = [item.days_late for item in progress.overdue]
    assert days == sorted(days, reverse=True)
    reviewable = {(r[3], r[4]) for r in rows if r[6] == "selesai"}
    assert {(i.action_code, i.period_key) for i in progress.awaiting_review} == reviewable


def test_one_team_one_area_one_month_and_a_team_in_a_month(mixed: Database, plan: Plan) -> None:
    rows = raw_rows(mixed)
    june = Month(2022, 6)
    august = Month(2022, 8)
    in_june = [r for r in rows if (r[5].year, r[5].month) == (2022, 6)]
    cases = [
        (Scope(team_codes=("SDM",)), [r for r in rows if r[0] == "SDM"], august),
        (Scope(area_code="V"), [r for r in rows if r[1] == "V"], august),
        (Scope(month=june), in_june, june),
        (Scope(team_codes=("PP",), month=june), [r for r in in_june if r[0] == "PP"], june),
    ]
    for scope, scoped, focus in cases:
        progress = rekap(mixed, plan, scope)
        assert counted(progress.total) == expected(scoped, focus), scope
        components = {r[2] for r in scoped}
        assert {t.code: counted(t) for t in progress.components} == {
            component: expected([r for r in scoped if r[2] == component], focus) for component in components
        }
        coming = {(r[3], r[4]) for r in scoped if r[6] not in ("selesai", "disetujui") and r[5] >= TODAY}
        assert {(i.action_code, i.period_key) for i in progress.coming} == {
            key for key in coming if focus.holds(next(r[5] for r in scoped if (r[3], r[4]) == key))
        }
