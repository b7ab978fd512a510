"""The LKE data file, its loader and the score arithmetic against hand-worked sums."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from plan.errors import BadLkeAnswer, LkeFileError
from plan.lke import Kind, Lke, SurveyRule, load_lke, parse_lke
from plan.lke_score import Answer, compute_score, find_question, parse_answer, suggest
from reports.lke_text import criterion_line, score_json

LKE_PATH = Path(__file__).resolve().parents[2] / "data" / "lke_2021.json"


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(LKE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lke() -> Lke:
    return load_lke(LKE_PATH)


def best(lke: Lke, codes: set[str] | None = None) -> dict[str, Answer]:
    """Every question (or those of `codes`' areas) at its best value; surveys at 4, numbers 1/1."""
    answers = {}
    for question in lke.questions:
        if codes is not None and question.area_code not in codes:
            continue
        if question.kind is Kind.SURVEY:
            answers[question.code] = Answer(index=4)
        elif question.kind is Kind.NUMERIC:
            answers[question.code] = Answer(numbers=(1, 1))
        else:
            top = max(question.options, key=lambda o: o.value)
            answers[question.code] = Answer(option=top.key)
    return answers


def test_the_shipped_file_has_the_lke_shape(lke: Lke) -> None:
    assert [p.weight for p in lke.parts] == [30, 30, 40]
    enablers = [q for q in lke.questions if q.part_code != "H"]
    assert sum(q.part_code == "PP" for q in enablers) == 87
    assert sum(q.part_code == "PR" for q in enablers) == 21
    assert lke.question("ppa1a").text.startswith("Unit kerja telah membentuk tim")
    assert lke.question("PRA1A").kind is Kind.NUMERIC
    assert lke.question("HBA").kind is Kind.SURVEY and lke.question("HBB").kind is Kind.OPTION
    assert (lke.wbk.total, lke.wbk.pengungkit, lke.wbk.ipak, lke.wbk.ipkp) == (75, 40, 15.75, 14)
    assert lke.area("PPF").min_wbbm == 3.75  # the source's 1.50 typo is corrected in the data file


def test_a_bad_option_value_is_refused_naming_the_question(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["parts"][0]["areas"][4]["sub_areas"][2]["questions"][1]["options"][0]["nilai"] = 2
    with pytest.raises(LkeFileError) as caught:
        parse_lke(broken, "lke.json")
    assert caught.value.where.startswith("PPE3B (")
    assert "nilai" in caught.value.where


def test_an_option_without_a_letter_is_refused_naming_the_question(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["parts"][1]["areas"][0]["sub_areas"][1]["questions"][0]["options"][0]["label"] = "Target"
    with pytest.raises(LkeFileError) as caught:
        parse_lke(broken, "lke.json")
    assert caught.value.where.startswith("PRA2A (")


def test_a_minimum_that_is_not_the_share_of_the_weight_is_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["parts"][0]["areas"][5]["min_wbbm"] = 4.9  # above 75% of 5: the source's kind of typo
    with pytest.raises(LkeFileError) as caught:
        parse_lke(broken, "lke.json")
    assert caught.value.where == "PPF.min_wbbm"


def test_sub_area_weights_must_add_up(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    broken["parts"][0]["areas"][0]["sub_areas"][0]["weight"] = 0.75
    with pytest.raises(LkeFileError, match="sub-area weights"):
        parse_lke(broken, "lke.json")


def test_no_answers_score_zero_and_fail_both(lke: Lke) -> None:
    score = compute_score(lke, {})
    assert (score.total, score.pengungkit, score.hasil) == (0, 0, 0)
    assert not score.wbk.passed and not score.wbbm.passed


def test_every_best_answer_scores_100_and_passes_both(lke: Lke) -> None:
    score = compute_score(lke, best(lke))
    assert score.total == pytest.approx(100)
    assert score.pengungkit == pytest.approx(60) and score.hasil == pytest.approx(40)
    assert score.wbk.passed and score.wbbm.passed
    assert score_json(score)["wbk"]["lulus"] is True


def test_one_area_full_scores_its_weight_and_names_every_unmet_criterion(lke: Lke) -> None:
    score = compute_score(lke, best(lke, {"PPE"}))
    assert score.total == pytest.approx(7.5)
    assert score.areas["PPE"] == pytest.approx(7.5)
    unmet = {c.name for c in score.wbk.unmet}
    assert "Penguatan Pengawasan (Pemenuhan)" not in unmet
    assert "Penguatan Pengawasan (Reform)" in unmet
    # total, pengungkit, the 11 other areas, birokrasi bersih, IPAK, capaian kinerja, IPKP
    assert len(unmet) == 2 + 11 + 4
    assert not score.wbk.passed


def test_hand_worked_question_scores(lke: Lke) -> None:
    answers = {
        "PPA1B": parse_answer(find_question(lke, "PPA1B"), "b"),  # 0.5 x (0.5 / 2) = 0.125
        "PRA1A": parse_answer(find_question(lke, "PRA1A"), [12, 10]),  # capped: 1 x (2 / 2) = 1
        "PRC3A": parse_answer(find_question(lke, "PRC3A"), "3/12"),  # 0.25 x 2 = 0.5
        "HBA": parse_answer(find_question(lke, "HBA"), 3.6),  # 0.9 x 17.5 = 15.75
        "HPA": parse_answer(find_question(lke, "HPA"), "3,38"),  # 0.845 x 17.5 = 14.7875
    }
    score = compute_score(lke, answers)
    assert score.questions["PPA1B"] == pytest.approx(0.125)
    assert score.sub_areas["PRA1"] == pytest.approx(1)
    assert score.areas["PRC"] == pytest.approx(0.5)
    assert score.hasil == pytest.approx(15.75 + 14.7875)
    assert score.total == pytest.approx(0.125 + 1 + 0.5 + 15.75 + 14.7875)
    ipak = next(c for c in score.wbk.criteria if c.name == "IPAK")
    assert ipak.met
    options = compute_score(lke, answers, SurveyRule.OPTIONS)
    assert options.areas["HBA"] == pytest.approx(0.67 * 17.5)  # 3.6 counts as "Nilai 3"


def test_the_missing_points_in_words(lke: Lke) -> None:
    score = compute_score(lke, {"PPE1A": best(lke)["PPE1A"]})  # 1 x (1.5 / 2)
    area = next(c for c in score.wbk.criteria if c.name == "Penguatan Pengawasan (Pemenuhan)")
    line = criterion_line(area, "WBK")
    assert line.startswith("Penguatan Pengawasan (Pemenuhan) 0,75 dari 7,5: perlu 4,5 untuk WBK")


@pytest.mark.parametrize(
    ("code", "raw"), [("PPA1A", "mungkin"), ("PPA1B", "D"), ("PRA1A", [1, 0]), ("PRA1A", "x"), ("HBA", 5)]
)
def test_bad_answers_are_named(lke: Lke, code: str, raw: object) -> None:
    with pytest.raises(BadLkeAnswer) as caught:
        parse_answer(find_question(lke, code), raw)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("code", "approved", "periods", "expected"),
    [
        ("PPA1A", 1, 1, "ya"),  # every mapped period approved: the best option
        ("PPA1A", 11, 12, "tidak"),  # Ya/Tidak: anything short of all is Tidak
        ("PPA1A", 0, 3, "tidak"),
        ("PPB2B", 6, 12, "B"),  # A/B/C at half: B (0.5)
        ("PPB2B", 5, 12, "C"),
        ("HBB", 9, 12, "B"),  # A-E at 0.75: B
    ],
)
def test_the_suggestion_is_the_best_option_worth_no_more_than_the_approved_share(
    lke: Lke, code: str, approved: int, periods: int, expected: str
) -> None:
    suggestion = suggest(find_question(lke, code), approved, periods)
    assert suggestion is not None and suggestion.option is not None
    assert suggestion.option.key == expected


def test_no_suggestion_without_mapped_periods_nor_an_option_for_numbers(lke: Lke) -> None:
    assert suggest(find_question(lke, "PPA1A"), 0, 0) is None
    numeric = suggest(find_question(lke, "PRA1A"), 2, 4)
    assert numeric is not None and numeric.option is None and numeric.share == 0.5
