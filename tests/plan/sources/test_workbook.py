"""An Excel workbook holding the decree's table, with merged cells, converted and refused (openpyxl)."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from plan.errors import PlanFileError
from plan.sources import read_document

from .seed import KOMPONEN, NO, PJ, Seed, is_area, read_seed, spans

DECREE: tuple[tuple[str, object], ...] = (
    ("Kantor", "Komisi Pemilihan Umum Kota Surakarta"),
    ("Tahun rencana aksi", 2022),
    (
        "Judul keputusan",
        "Rencana Aksi Pembangunan Zona Integritas di Lingkungan Komisi Pemilihan Umum Kota Surakarta",
    ),
    ("Nomor keputusan", "14 Tahun 2022"),
    ("Tanggal keputusan", datetime(2022, 5, 18)),
    ("Penandatangan", "Nurul Sutarti, Ketua KPU Kota Surakarta"),
)


def write_workbook(
    path: Path,
    seed: Seed,
    teams: list[tuple[str, str]] | None = None,
    decree: Sequence[tuple[str, object]] = DECREE,
) -> Path:
    """The decree's table on one sheet under a merged title row, page after page (each with its header),
    NO as numbers, NO/KOMPONEN and the team merged down, area rows merged across; the decree's details on
    "Keputusan" (its date a date cell); with `teams`, a "Tim" sheet and the team written as its code."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "RA 2022"
    sheet.append(("RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS TAHUN 2022",))
    sheet.merge_cells("A1:G1")
    codes = {name: code for code, name in teams or ()}
    for page in seed.pages:
        top = sheet.max_row + 1
        for cells in page:
            values: list[Any] = list(cells)
            values[PJ] = codes.get(values[PJ], values[PJ])
            if values[NO].isdigit():  # a number cell, as Excel makes of a typed 1
                values[NO] = int(values[NO])
            sheet.append(values)
        for column in (NO, KOMPONEN, PJ):
            for first, last in spans(page, column):
                sheet.merge_cells(
                    start_row=top + first, end_row=top + last, start_column=column + 1, end_column=column + 1
                )
        for index, cells in enumerate(page):
            if is_area(cells):
                sheet.merge_cells(start_row=top + index, end_row=top + index, start_column=2, end_column=7)
    details = workbook.create_sheet("Keputusan")
    for row in decree:
        details.append(row)
    if teams is not None:
        team_sheet = workbook.create_sheet("Tim")
        team_sheet.append(("KODE", "NAMA"))
        for row in teams:
            team_sheet.append(row)
    workbook.save(path)
    return path


def _teams(plan_json: dict[str, Any]) -> list[tuple[str, str]]:
    return [(team["code"], team["name"]) for team in plan_json["teams"]]


def test_a_workbook_with_merged_cells_is_the_plan_file(tmp_path: Path, plan_json: dict[str, Any]) -> None:
    assert read_document(write_workbook(tmp_path / "rencana.xlsx", read_seed())) == plan_json
    declared = write_workbook(tmp_path / "dengan_tim.xlsx", read_seed(), _teams(plan_json))
    assert read_document(declared) == plan_json


def test_a_team_the_team_sheet_does_not_declare(tmp_path: Path, plan_json: dict[str, Any]) -> None:
    teams = [team for team in _teams(plan_json) if team[0] != "PW"]
    with pytest.raises(PlanFileError) as caught:
        read_document(write_workbook(tmp_path / "rencana.xlsx", read_seed(), teams))
    assert "(V.1.1), kolom PENANGGUNG JAWAB (sel G" in caught.value.where
    assert "tim 'Tim Pengawasan' tidak ada di daftar tim" in caught.value.problem


def test_a_target_excel_turned_into_a_date_is_refused_naming_the_cell(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "rencana.xlsx", read_seed())
    workbook = load_workbook(path)
    sheet = workbook["RA 2022"]
    row = next(r for r in sheet.iter_rows() if r[2].value == "Menetapkan kebijakan pola rotasi internal")
    row[5].value = datetime(2022, 12, 1)
    workbook.save(path)
    with pytest.raises(PlanFileError) as caught:
        read_document(path)
    assert caught.value.where == f"lembar 'RA 2022', sel F{row[5].row}"
    assert "tanggal Excel" in caught.value.problem and "Teks" in caught.value.problem


def test_missing_decree_details_and_a_workbook_without_the_table(tmp_path: Path) -> None:
    decree = [row for row in DECREE if row[0] != "Nomor keputusan"] + [("Tahun rencana aksi", "dua ribu")]
    with pytest.raises(PlanFileError) as caught:
        read_document(write_workbook(tmp_path / "rencana.xlsx", read_seed(), decree=decree))
    assert "Nomor keputusan" in caught.value.problem and "'dua ribu' bukan tahun" in caught.value.problem
    empty = Workbook()
    empty.save(tmp_path / "kosong.xlsx")
    with pytest.raises(PlanFileError, match="tidak ada lembar dengan judul kolom NO, KOMPONEN"):
        read_document(tmp_path / "kosong.xlsx")
