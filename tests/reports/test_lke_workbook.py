"""The LKE workbook reads back: the answers written into it, and those an evaluator types, come back as
answers; a workbook that is not one is refused by name."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from data import packaged_lke
from plan.errors import BadAnswersFile, BadLkeAnswer
from plan.lke import SurveyRule, load_lke
from plan.lke_map import resolve
from plan.lke_score import Answer, compute_score, find_question, parse_answer
from reports.lke_records import LkeExport
from reports.lke_workbook import read_lke_answers, write_lke_workbook

from .conftest import TODAY, TZ, Filled

LKE = load_lke(packaged_lke())


@dataclass(frozen=True)
class Given:
    answer: Answer
    note: str | None = None


def _write(filled: Filled, target: Path, answers: dict[str, Given]) -> None:
    score = compute_score(LKE, {code: given.answer for code, given in answers.items()}, SurveyRule.PER_FOUR)
    export = LkeExport(LKE, filled.export(TODAY), resolve(filled.plan, LKE, {}), answers, score)
    write_lke_workbook(target, export, TZ)


def test_written_answers_read_back_as_the_same_answers(filled: Filled, tmp_path: Path) -> None:
    answers = {
        "PPA1A": Given(Answer(option="ya"), "SK Tim ZI 2022"),
        "PPA1B": Given(Answer(option="B")),
        "PRA1A": Given(Answer(numbers=(12, 10))),
        "PRC3A": Given(Answer(numbers=(2.5, 4))),
        "HBA": Given(Answer(index=3.625)),
    }
    target = tmp_path / "lke.xlsx"
    _write(filled, target, answers)
    rows = {row[3]: row for row in load_workbook(target)["LKE"].iter_rows(min_row=2, values_only=True)}
    assert rows["PPA1A"][7:11] == ("Ya", 1, 0.25, "SK Tim ZI 2022")
    assert rows["PRA1A"][7] == "12/10" and rows["PRA1A"][9] == pytest.approx(1.0)
    back = read_lke_answers(target)
    assert set(back) == set(answers)
    for code, (typed, note) in back.items():
        assert parse_answer(find_question(LKE, code), typed) == answers[code].answer, code
        assert note == answers[code].note


def test_answers_typed_into_the_workbook_are_read_and_blank_cells_left_out(
    filled: Filled, tmp_path: Path
) -> None:
    target = tmp_path / "lke.xlsx"
    _write(filled, target, {})
    book = load_workbook(target)
    sheet = book["LKE"]
    codes = {row[3].value: row for row in sheet.iter_rows(min_row=2)}
    assert codes["PPA2B"][7].number_format == "@"  # what is typed stays text
    codes["PPA2B"][7].value = "tidak"
    codes["PPA2B"][10].value = "target belum ditulis"
    codes["HPA"][7].value = 3.4
    codes["PPA2C"][7].value = "  "
    book.save(target)
    assert read_lke_answers(target) == {"PPA2B": ("tidak", "target belum ditulis"), "HPA": (3.4, None)}


def test_a_date_excel_made_of_n_over_d_is_refused_naming_the_question(filled: Filled, tmp_path: Path) -> None:
    target = tmp_path / "lke.xlsx"
    _write(filled, target, {})
    book = load_workbook(target)
    row = next(row for row in book["LKE"].iter_rows(min_row=2) if row[3].value == "PRA1A")
    row[7].value = date(2022, 10, 12)
    book.save(target)
    with pytest.raises(BadLkeAnswer) as refused:
        read_lke_answers(target)
    assert refused.value.code == "PRA1A"


def test_a_workbook_without_the_lke_sheet_or_a_file_that_is_none(tmp_path: Path) -> None:
    other = tmp_path / "rekap.xlsx"
    book = Workbook()
    book.active.title = "Ringkasan"
    book.save(other)
    with pytest.raises(BadAnswersFile) as refused:
        read_lke_answers(other)
    assert "LKE" in refused.value.problem
    text = tmp_path / "jawaban.xlsx"
    text.write_text("bukan xlsx")
    with pytest.raises(BadAnswersFile):
        read_lke_answers(text)
