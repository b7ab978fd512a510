import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from plan.errors import OtherOffice
from plan.loader import parse_plan
from plan.model import Plan, Status
from store.db import Database
from store.models import ActionRow, Evidence, PeriodRow, StatusChange
from store.plan_import import has_plan, import_plan, plan_changes
from store.plans import PlanCatalog, read_plan, version_of_year

from ..conftest import PLAN_FILE, action_of

NOW = datetime(2022, 6, 1, 8, 0, tzinfo=UTC)


def raw_plan() -> dict[str, Any]:
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def with_target(raw: dict[str, Any], area: int, component: int, action: int, target: str) -> dict[str, Any]:
    edited = copy.deepcopy(raw)
    edited["areas"][area]["components"][component]["actions"][action]["target_waktu"] = target
    return edited


def as_year(raw: dict[str, Any], year: int) -> dict[str, Any]:
    """The same plan a year on: every year in its target times and its decree moved."""
    text = json.dumps(raw, ensure_ascii=False).replace(str(raw["year"]), str(year))
    return json.loads(text)


def _counts(session: Session) -> tuple[int, int]:
    return (
        session.scalars(select(func.count(ActionRow.id))).one(),
        session.scalars(select(func.count(PeriodRow.id))).one(),
    )


def _period(session: Session, code: str, key: str) -> PeriodRow:
    return session.scalars(
        select(PeriodRow).join(ActionRow).where(ActionRow.code == code, PeriodRow.key == key)
    ).one()


def _report(session: Session, code: str, key: str, status: str = "selesai") -> None:
    period = _period(session, code, key)
    period.status = status
    session.add(StatusChange(period_id=period.id, from_status="belum", to_status=status, at=NOW))
    session.add(Evidence(period_id=period.id, kind="link", url=f"https://example.org/{code}", created_at=NOW))


def test_first_import_is_the_version_of_its_year_and_reads_back_as_the_same_plan(
    database: Database, plan: Plan
) -> None:
    with database.unit_of_work() as session:
        assert not has_plan(session)
        changes = import_plan(session, plan, "a" * 64, NOW)
    assert changes.new_version and changes.year == 2022
    assert (len(changes.rows_added), len(changes.periods_added)) == (70, 219)
    with database.unit_of_work() as session:
        assert has_plan(session)
        assert _counts(session) == (70, 219)
        version = version_of_year(session, 2022)
        assert version is not None and version.revision == 1 and version.office == plan.office
        assert version.decree == plan.decree
        stored = read_plan(session, version)
    assert stored.areas == plan.areas
    assert stored.teams == plan.teams
    assert (stored.office, stored.decree, stored.year) == (plan.office, plan.decree, plan.year)


def test_reimport_shows_each_change_and_keeps_statuses_and_evidence(database: Database, plan: Plan) -> None:
    with database.unit_of_work() as session:
        import_plan(session, plan, "a" * 64, NOW)
        _report(session, "I.4.1", "2022-03")
        _report(session, "VI.3.3", "2022-06")
    with database.unit_of_work() as session:
        assert plan_changes(session, plan).empty

    # A row's words change, a monthly row becomes two months, a row disappears.
    edited = with_target(raw_plan(), 0, 3, 0, "Maret dan Juni 2022")
    edited["areas"][0]["components"][0]["actions"][0]["langkah_aksi"] = "Langkah baru"
    edited["areas"][0]["components"][0]["actions"][0]["bukti_fisik"] = "Bukti baru"
    edited["areas"][5]["components"][2]["actions"].pop()
    with database.unit_of_work() as session:
        preview = plan_changes(session, parse_plan(edited))
        assert _counts(session) == (70, 219)  # a preview writes nothing
    with database.unit_of_work() as session:
        changes = import_plan(session, parse_plan(edited), "b" * 64, NOW)
    assert changes == preview
    assert changes.rows_changed == (("I.1.1", ("langkah_aksi", "bukti_fisik")), ("I.4.1", ("target_waktu",)))
    assert changes.rows_retired == ("VI.3.3",)
    assert not changes.rows_added and not changes.periods_added and not changes.periods_moved
    retired = {(p.action_code, p.key): p for p in changes.periods_retired}
    assert len(retired) == 10 + 1
    assert retired[("VI.3.3", "2022-06")].status is Status.SELESAI
    assert retired[("VI.3.3", "2022-06")].evidence == 1
    assert not retired[("I.4.1", "2022-04")].has_history
    with database.unit_of_work() as session:
        assert _counts(session) == (70, 219)  # nothing is deleted
        kept = _period(session, "I.4.1", "2022-03")
        assert kept.status == "selesai" and kept.in_plan
        assert session.scalar(select(func.count(Evidence.id)).where(Evidence.period_id == kept.id)) == 1
        gone = _period(session, "VI.3.3", "2022-06")
        assert not gone.in_plan and gone.status == "selesai"
        version = version_of_year(session, 2022)
        assert version is not None and version.revision == 2 and version.source_sha256 == "b" * 64

    # The row comes back: it is in the plan again, with what it had.
    with database.unit_of_work() as session:
        back = import_plan(session, plan, "a" * 64, NOW)
    assert back.rows_added == ("VI.3.3",)
    with database.unit_of_work() as session:
        assert _period(session, "VI.3.3", "2022-06").in_plan


def test_moved_dates_keep_the_status_of_a_period_that_stays(database: Database, plan: Plan) -> None:
    with database.unit_of_work() as session:
        import_plan(session, plan, "a" * 64, NOW)
        _report(session, "II.1.1", "2022-05/2022-11")
    edited = raw_plan()
    row = edited["areas"][1]["components"][0]["actions"][0]
    row["jadwal"] = [
        {"label": "Mei-Oktober 2022", "mulai": "2022-05-01", "batas": "2022-10-31", "key": "2022-05/2022-11"}
    ]
    with database.unit_of_work() as session:
        changes = import_plan(session, parse_plan(edited), "b" * 64, NOW)
    (moved,) = changes.periods_moved
    assert (moved.action_code, moved.deadline, moved.before) == (
        "II.1.1",
        date(2022, 10, 31),
        (date(2022, 5, 1), date(2022, 11, 30)),
    )
    assert moved.status is Status.SELESAI
    with database.unit_of_work() as session:
        period = _period(session, "II.1.1", "2022-05/2022-11")
        assert (period.deadline, period.status, period.in_plan) == (date(2022, 10, 31), "selesai", True)


def test_a_new_year_is_a_version_beside_the_last(database: Database, plan: Plan) -> None:
    with database.unit_of_work() as session:
        import_plan(session, plan, "a" * 64, NOW)
        _report(session, "II.1.1", "2022-05/2022-11")
    next_year = parse_plan(as_year(raw_plan(), 2023))
    with database.unit_of_work() as session:
        changes = import_plan(session, next_year, "c" * 64, NOW)
    assert changes.new_version and changes.year == 2023 and len(changes.rows_added) == 70
    catalog = PlanCatalog()
    with database.unit_of_work() as session:
        assert _counts(session) == (140, 438)
        old = catalog.of_year(session, 2022)
        new = catalog.of_year(session, 2023)
        assert old is not None and new is not None
        assert action_of(old, "II.1.1").periods[0].key == "2022-05/2022-11"
        assert action_of(new, "II.1.1").periods[0].key == "2023-05/2023-11"
        assert _period(session, "II.1.1", "2022-05/2022-11").status == "selesai"
        assert _period(session, "II.1.1", "2023-05/2023-11").status == "belum"


def test_the_catalog_reads_a_version_again_only_after_an_import(database: Database, plan: Plan) -> None:
    catalog = PlanCatalog()
    with database.unit_of_work() as session:
        import_plan(session, plan, "a" * 64, NOW)
    with database.unit_of_work() as session:
        first = catalog.of_year(session, 2022)
        assert catalog.of_year(session, 2022) is first
    with database.unit_of_work() as session:
        import_plan(session, parse_plan(with_target(raw_plan(), 1, 0, 0, "Juni 2022")), "b" * 64, NOW)
    with database.unit_of_work() as session:
        again = catalog.of_year(session, 2022)
    assert again is not first
    assert again is not None and [p.key for p in action_of(again, "II.1.1").periods] == ["2022-06"]


def test_a_plan_of_another_office_is_refused(database: Database, plan: Plan) -> None:
    with database.unit_of_work() as session:
        import_plan(session, plan, "a" * 64, NOW)
    other = raw_plan() | {"office": "KPU Kabupaten Sukoharjo"}
    with pytest.raises(OtherOffice), database.unit_of_work() as session:
        import_plan(session, parse_plan(other), "d" * 64, NOW)
    with database.unit_of_work() as session:
        assert _counts(session) == (70, 219)
