"""The LKE use cases the bot calls: the mapping changed by a coordinator only, and the LKE workbook as
bytes for `/ekspor lke`, made for coordinators only."""

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from data import packaged_lke
from plan.errors import CoordinatorOnly
from plan.lke import SurveyRule, load_lke
from plan.lke_map import Source
from store import repo
from store.plans import PlanCatalog
from usecases.actor import Actor
from usecases.lke_export import lke_export, lke_workbook_bytes
from usecases.lke_map import chosen_version, clear_mapping, lke_gaps, set_mapping

from ..reports.conftest import Filled, filled  # noqa: F401 - the fixture

MEMBER = Actor(2, 101, "Sri Rahayu", 101, False, False, None, ("MP",))
NOW = datetime(2022, 6, 10, 3, 0, tzinfo=UTC)
LKE = load_lke(packaged_lke())


def _coordinator(session: Session) -> Actor:
    person = repo.touch_person(session, 900, "Bu Koordinator", None, NOW).person_id
    return Actor(person, 900, "Bu Koordinator", 900, False, True, None, ())


def test_only_a_coordinator_changes_the_mapping(filled: Filled) -> None:  # noqa: F811
    catalog = PlanCatalog()
    with filled.database.unit_of_work() as session:
        version = chosen_version(session, None, date(2022, 6, 10))
        with pytest.raises(CoordinatorOnly):
            set_mapping(session, catalog, LKE, version, "I.4.2", "PRA1A", actor=MEMBER, now=NOW)
        with pytest.raises(CoordinatorOnly):
            clear_mapping(
                session, catalog, LKE, version, "I.4.2", back_to_suggestion=False, actor=MEMBER, now=NOW
            )
        assert "PRA1A" in lke_gaps(session, catalog, LKE, version).codes
        coordinator = _coordinator(session)
        row = set_mapping(session, catalog, LKE, version, "I.4.2", "PRA1A,PPA4B", actor=coordinator, now=NOW)
        assert row.questions == ("PPA4B", "PRA1A") and row.source is Source.MANUAL
        assert "PRA1A" not in lke_gaps(session, catalog, LKE, version).codes


def test_the_lke_workbook_bytes_for_a_coordinator_only(filled: Filled) -> None:  # noqa: F811
    with filled.database.unit_of_work() as session:
        version = chosen_version(session, 2022, date(2022, 6, 10))
        coordinator = _coordinator(session)
        with pytest.raises(CoordinatorOnly):
            lke_export(
                session, PlanCatalog(), LKE, version, date(2022, 6, 10), SurveyRule.PER_FOUR, actor=MEMBER
            )
        export = lke_export(
            session,
            PlanCatalog(),
            LKE,
            version,
            date(2022, 6, 10),
            SurveyRule.PER_FOUR,
            actor=coordinator,
        )
    book = load_workbook(io.BytesIO(lke_workbook_bytes(export, ZoneInfo("Asia/Jakarta"))))
    assert book.sheetnames == ["LKE", "Nilai", "Predikat", "Bukti LKE"]
    assert book["LKE"].max_row == 1 + 111
