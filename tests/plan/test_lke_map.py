"""The suggested mapping of the Surakarta plan to the LKE, its overrides, and the gap list."""

from dataclasses import replace

import pytest

from data import packaged_lke
from plan.lke import Lke, load_lke
from plan.lke_map import (
    Source,
    UnknownLkeQuestion,
    gaps,
    parse_questions,
    resolve,
    rows_of_questions,
)
from plan.lke_match import suggest
from plan.lke_score import find_question
from plan.model import Plan


@pytest.fixture(scope="module")
def lke() -> Lke:
    return load_lke(packaged_lke())


def test_the_decrees_components_find_their_pemenuhan_sub_areas(plan: Plan, lke: Lke) -> None:
    suggested = suggest(plan, lke)
    # A component with one row stands for its whole sub-area (I.1 Tim Kerja ~ PPA1 Penyusunan Tim Kerja).
    assert suggested["I.1.1"].questions == ("PPA1A", "PPA1B")
    assert suggested["II.1.1"].questions == ("PPB1A", "PPB1B", "PPB1C")
    # Word for word.
    assert suggested["II.2.1"].questions == ("PPB2B",)
    assert suggested["II.2.1"].score == 100
    # Paraphrases, each to its own question of the sub-area.
    assert suggested["III.1.1"].questions == ("PPC1A",)
    assert suggested["IV.2.7"].questions == ("PPD2H",)
    assert suggested["VI.3.3"].questions == ("PPF4C",)
    # The rotation policy rows match no mutation question closely enough: left to the coordinator.
    assert "III.2.1" not in suggested and "III.2.2" not in suggested


def test_every_suggestion_stays_in_the_rows_own_area_and_in_pemenuhan(plan: Plan, lke: Lke) -> None:
    plan_area = {area.code: area.plan_area for area in lke.areas}
    suggested = suggest(plan, lke)
    assert len(suggested) == 68
    for code, row in suggested.items():
        for question in row.questions:
            assert plan_area[find_question(lke, question).area_code] == code.split(".")[0]
            assert question.startswith("PP")


def test_the_plan_files_codes_override_the_suggestion_and_the_coordinators_choice_overrides_both(
    plan: Plan, lke: Lke
) -> None:
    area = plan.areas[1]
    component = area.components[1]
    coded = replace(component.actions[0], lke=("PRB2B", "PPB2B"))
    edited = replace(
        plan,
        areas=(
            plan.areas[0],
            replace(
                area,
                components=(
                    area.components[0],
                    replace(component, actions=(coded, *component.actions[1:])),
                    *area.components[2:],
                ),
            ),
            *plan.areas[2:],
        ),
    )
    rows = {row.action_code: row for row in resolve(edited, lke, {"II.2.2": (), "I.2.1": ("PPA2A", "PPA2C")})}
    assert rows["II.2.1"].questions == ("PPB2B", "PRB2B") and rows["II.2.1"].source is Source.PLAN
    assert rows["II.2.2"].questions == () and rows["II.2.2"].source is Source.MANUAL
    assert rows["I.2.1"].questions == ("PPA2A", "PPA2C") and rows["I.2.1"].source is Source.MANUAL
    assert rows["II.2.3"].source is Source.SUGGESTED
    assert rows_of_questions(tuple(rows.values()))["PPB2B"] == ("II.2.1",)


def test_the_gaps_of_the_surakarta_plan(plan: Plan, lke: Lke) -> None:
    mapping = resolve(plan, lke, {})
    found = gaps(lke, mapping)
    reform = {q.code for q in lke.questions if q.part_code == "PR"}
    covered = set(rows_of_questions(mapping))
    assert len(reform) == 21 and reform <= set(found.codes)
    assert not covered & set(found.codes)
    # Every enabler question is either served or a gap.
    assert covered | set(found.codes) == {q.code for q in lke.questions}
    assert {"PPF3A", "PPF3B", "PPF3C", "PPF5A", "PPF5B", "PPF5C", "PRE3A", "PRE3B", "HBA", "HPA"} <= set(
        found.codes
    )
    reform_part = next(part for part in found.parts if part.part.code == "PR")
    assert reform_part.points == pytest.approx(30) and reform_part.count == 21
    vi = next(area for part in found.parts for area in part.areas if area.area.code == "PPF")
    # PPF1D 1/4, PPF2C 1/6, PPF3 and PPF5 3 x 1/3 each.
    assert vi.points == pytest.approx(0.25 + 1 / 6 + 2)
    pemenuhan = next(part for part in found.parts if part.part.code == "PP")
    assert found.pengungkit == pytest.approx(30 + pemenuhan.points)
    assert found.total == pytest.approx(found.pengungkit + 40)


def test_a_row_mapped_to_a_gap_closes_it(plan: Plan, lke: Lke) -> None:
    found = gaps(lke, resolve(plan, lke, {"I.4.2": ("PPA4B", "PRA1A")}))
    assert "PRA1A" not in found.codes and "PRA1B" in found.codes


def test_question_codes_are_checked_and_ordered(lke: Lke) -> None:
    assert parse_questions(lke, "ppa1b, PPA1A PPA1B") == ("PPA1A", "PPA1B")
    with pytest.raises(UnknownLkeQuestion) as refused:
        parse_questions(lke, "PPA1A,PPX9Z,II.1")
    assert refused.value.codes == ("PPX9Z", "II.1")
    with pytest.raises(UnknownLkeQuestion):
        parse_questions(lke, " , ")
