import copy
import json
from datetime import UTC, datetime

from sqlalchemy import func, select

from plan.loader import parse_plan
from store.models import ActionRow, Evidence, PeriodRow, StatusChange
from store.plan_import import has_plan, import_plan

from ..conftest import PLAN_FILE

NOW = datetime(2022, 6, 1, 8, 0, tzinfo=UTC)


def _counts(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return (
        session.scalar(select(func.count(ActionRow.id))),
        session.scalar(select(func.count(PeriodRow.id))),
    )


def test_import_creates_every_action_and_period(database, plan) -> None:  # type: ignore[no-untyped-def]
    with database.unit_of_work() as session:
        assert not has_plan(session)
        result = import_plan(session, plan, "a" * 64, NOW)
    assert (result.actions_added, result.periods_added) == (70, 219)
    with database.unit_of_work() as session:
        assert has_plan(session)
        assert _counts(session) == (70, 219)
        row = session.scalar(select(ActionRow).where(ActionRow.code == "II.1.1"))
        assert row.team.code == "TL"
        assert [p.key for p in row.periods] == ["2022-05/2022-11"]


def test_reimport_is_idempotent_and_keeps_statuses_and_evidence(database, plan) -> None:  # type: ignore[no-untyped-def]
    with database.unit_of_work() as session:
        import_plan(session, plan, "a" * 64, NOW)
    with database.unit_of_work() as session:
        period = session.scalar(
            select(PeriodRow).join(ActionRow).where(ActionRow.code == "I.4.1", PeriodRow.key == "2022-03")
        )
        period.status = "selesai"
        session.add(StatusChange(period_id=period.id, from_status="belum", to_status="selesai", at=NOW))
        session.add(Evidence(period_id=period.id, kind="link", url="https://example.org/x", created_at=NOW))
    with database.unit_of_work() as session:
        again = import_plan(session, plan, "a" * 64, NOW)
    assert not again.changed

    # An edited plan: a row's words change, a recurring row becomes quarterly, a row disappears.
    raw = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    edited = copy.deepcopy(raw)
    first = edited["areas"][0]["components"][0]["actions"][0]
    first["langkah_aksi"] = "Langkah baru"
    edited["areas"][0]["components"][3]["actions"][0]["target_waktu"] = "Maret dan Juni 2022"
    edited["areas"][5]["components"][2]["actions"].pop()
    with database.unit_of_work() as session:
        result = import_plan(session, parse_plan(edited), "b" * 64, NOW)
    assert result.actions_updated == 2  # new words in I.1.1, new target text in I.4.1
    assert result.actions_retired == 1
    assert result.periods_retired == 10 + 1
    with database.unit_of_work() as session:
        assert _counts(session) == (70, 219)  # nothing is deleted
        kept = session.scalar(
            select(PeriodRow).join(ActionRow).where(ActionRow.code == "I.4.1", PeriodRow.key == "2022-03")
        )
        assert kept.status == "selesai" and kept.in_plan
        assert session.scalar(select(func.count(Evidence.id)).where(Evidence.period_id == kept.id)) == 1
        retired = session.scalar(select(ActionRow).where(ActionRow.code == "VI.3.3"))
        assert not retired.in_plan
        assert (
            session.scalar(select(ActionRow.langkah_aksi).where(ActionRow.code == "I.1.1")) == "Langkah baru"
        )
