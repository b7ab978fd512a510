import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from plan.errors import PlanFileError
from plan.loader import load_plan, parse_plan
from plan.model import Component, Plan

from ..conftest import PLAN_FILE, action_of


@pytest.fixture
def raw() -> dict:
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def test_plan_has_the_decrees_shape(plan: Plan) -> None:
    assert [area.code for area in plan.areas] == ["I", "II", "III", "IV", "V", "VI"]
    assert len(plan.components) == 23
    assert len(plan.actions) == 70
    assert [len(area.components) for area in plan.areas] == [4, 3, 6, 2, 5, 3]
    assert plan.decree.number == "14 Tahun 2022"
    assert plan.decree.date == date(2022, 5, 18)
    assert plan.year == 2022


def test_team_is_written_once_per_area_and_holds_for_every_row(plan: Plan) -> None:
    expected = {"I": "MP", "II": "TL", "III": "SDM", "IV": "AK", "V": "PW", "VI": "PP"}
    for area in plan.areas:
        assert area.team_code == expected[area.code]
        assert {action.team_code for action in area.actions} == {expected[area.code]}
    assert plan.team("TL").name == "Tim Penata tata Laksana"


def test_rows_keep_the_decrees_words_without_html(plan: Plan) -> None:
    first = action_of(plan, "I.1.1")
    assert first.indikator == "Menerbitkan SK Tim Kerja / Kelompok Kerja"
    assert first.target_waktu == "April 2022"
    assert action_of(plan, "I.3.1").indikator.startswith("Timeline pemantauan dan evaluasi")
    e_office = plan.get("II.2")
    assert isinstance(e_office, Component)
    assert e_office.name == "E- Office Pemanfaatan aplikasi presensi"
    assert all("<i>" not in action.indikator + action.bukti_fisik for action in plan.actions)
    assert action_of(plan, "III.2.1").bukti_fisik == "-"
    empty = action_of(plan, "III.1.2")
    assert empty.target_waktu == "" and empty.periods == ()


def test_recurring_and_unscheduled_rows(plan: Plan) -> None:
    assert len(action_of(plan, "I.4.1").periods) == 12
    assert [p.key for p in action_of(plan, "III.1.1").periods] == ["2022-01", "2022-04"]
    assert sorted(a.code for a in plan.actions if not a.is_scheduled) == ["III.1.2", "III.3.3", "VI.2.3"]


def test_explicit_schedule_overrides_the_computed_one(raw: dict) -> None:
    row = raw["areas"][0]["components"][0]["actions"][0]
    row["jadwal"] = [{"label": "Akhir Mei 2022", "mulai": "2022-05-20", "batas": "2022-05-31"}]
    action = action_of(parse_plan(raw), "I.1.1")
    assert action.target_waktu == "April 2022"
    assert [(p.key, p.deadline) for p in action.periods] == [("akhir-mei-2022", date(2022, 5, 31))]


def _break(raw: dict, mutate: Callable[[dict], object]) -> PlanFileError:
    broken = copy.deepcopy(raw)
    mutate(broken)
    with pytest.raises(PlanFileError) as caught:
        parse_plan(broken, "plan.json")
    return caught.value


def test_garbled_target_names_the_row_and_the_text(raw: dict) -> None:
    def garble(doc: dict) -> None:
        doc["areas"][1]["components"][2]["actions"][1]["target_waktu"] = "Juni atau kapan-kapan"

    error = _break(raw, garble)
    assert "II.3.2" in error.where and "target_waktu" in error.where
    assert "kapan" in error.problem


@pytest.mark.parametrize(
    ("mutate", "where", "problem"),
    [
        (lambda d: d["areas"][2]["components"][0]["actions"][1].pop("indikator"), "III.1.2", "required"),
        (lambda d: d["areas"][3]["components"][1]["actions"][0].update(team="XX"), "IV.2.1", "unknown team"),
        (lambda d: d["areas"][0]["components"][1]["actions"][0].update(code="I.2.9"), "I.2.9", "I.2.1"),
        (lambda d: d["areas"][4].update(code="IX"), "IX", "expected area V"),
        (lambda d: d["areas"][5]["components"][0].update(actions=[]), "VI.1", "at least 1"),
        (lambda d: d.update(year="dua ribu"), "year", "integer"),
        (lambda d: d["areas"][0]["components"][0]["actions"][0].update(extra=1), "I.1.1", "not permitted"),
    ],
)
def test_malformed_rows_are_named(
    raw: dict, mutate: Callable[[dict], object], where: str, problem: str
) -> None:
    error = _break(raw, mutate)
    assert where in error.where
    assert problem in error.problem


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text('{"office": ', encoding="utf-8")
    with pytest.raises(PlanFileError, match="line 1"):
        load_plan(bad)
    with pytest.raises(PlanFileError, match="cannot read"):
        load_plan(tmp_path / "missing.json")


def test_lke_codes_are_optional_and_checked(raw: dict, plan: Plan) -> None:
    assert all(action.lke == () for action in plan.actions)  # the 2022 file names none
    raw["areas"][1]["components"][0]["actions"][0]["lke"] = ["PPA1A", "PPB2.A"]
    assert action_of(parse_plan(copy.deepcopy(raw)), "II.1.1").lke == ("PPA1A", "PPB2.A")
    raw["areas"][1]["components"][0]["actions"][0]["lke"] = ["PPA 1"]
    with pytest.raises(PlanFileError) as caught:
        parse_plan(raw)
    assert caught.value.where == "II.1.1 (areas[1].components[0].actions[0].lke[0])"
