"""An Excel workbook (.xlsx) holding the plan, as `zibot plan templat` writes it (openpyxl).

The first sheet whose rows carry the header (NO, KOMPONEN, ... PENANGGUNG JAWAB, optionally LKE) is the
table; merged cells hold for the rows they cover as in Word. The sheet "Keputusan" gives the decree's
details (one label and its value per row); the sheet "Tim", when there is one, declares the teams (code,
name) and the table's PENANGGUNG JAWAB names one by its code or its name.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plan.errors import PlanFileError
from plan.sources.decree import parse_date
from plan.sources.table import Cell, DecreeInfo, Problems, SourceRow, build_document, header_columns

PLAN_SHEET = "Rencana Aksi"
DECREE_SHEET = "Keputusan"
TEAM_SHEET = "Tim"
GUIDE_SHEET = "Petunjuk"  # the template's instructions: its example table is not the plan
# (label in the sheet, what it holds, example); the order the template writes them in.
DECREE_FIELDS = (
    ("Kantor", "office", "Komisi Pemilihan Umum Kota Surakarta"),
    ("Tahun rencana aksi", "year", "2022"),
    ("Judul keputusan", "title", "Rencana Aksi Pembangunan Zona Integritas di Lingkungan ..."),
    ("Nomor keputusan", "number", "14 Tahun 2022"),
    ("Tanggal keputusan", "date", "18 Mei 2022"),
    ("Penandatangan", "signed_by", "Nama, Jabatan"),
)
_HEADER_SEARCH_ROWS = 20
_TEAM_CODE = re.compile(r"[A-Z][A-Z0-9]{0,9}")


def read_workbook(data: bytes, source: str) -> dict[str, Any]:
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise PlanFileError(source, "berkas", f"buku kerja Excel tidak bisa dibuka: {exc}") from exc
    sheets = [ws for ws in workbook.worksheets if ws.title != GUIDE_SHEET]
    sheet = next((ws for ws in sheets if _has_header(ws)), None)
    if sheet is None:
        raise PlanFileError(
            source,
            "buku kerja",
            "tidak ada lembar dengan judul kolom NO, KOMPONEN, INDIKATOR, ... PENANGGUNG JAWAB",
        )
    decree = _decree(workbook, source)
    teams = _teams(workbook[TEAM_SHEET], source) if TEAM_SHEET in workbook.sheetnames else None
    return build_document(source, _rows(sheet, source), decree, teams)


def _text(value: Any, where: str, source: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        raise PlanFileError(
            source,
            where,
            "berisi tanggal Excel, bukan teks: format selnya sebagai Teks lalu tulis mis. 'April 2022'",
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _has_header(sheet: Worksheet) -> bool:
    rows = sheet.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True)
    return any(header_columns("" if v is None else str(v) for v in row) for row in rows)


def _rows(sheet: Worksheet, source: str) -> list[SourceRow]:
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for bounds in sheet.merged_cells.ranges:
        for row in range(bounds.min_row, bounds.max_row + 1):
            for column in range(bounds.min_col, bounds.max_col + 1):
                merged[(row, column)] = (bounds.min_row, bounds.min_col)
    rows = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for column, value in enumerate(row, start=1):
            ref = f"{get_column_letter(column)}{number}"
            top = merged.get((number, column))
            if top is None or top == (number, column):
                text = _text(value, f"lembar {sheet.title!r}, sel {ref}", source)
                cells.append(Cell(text, ref=ref))
            elif top[1] == column:  # the lower part of a vertically merged cell
                text = _text(sheet.cell(*top).value, f"lembar {sheet.title!r}, sel {ref}", source)
                cells.append(Cell(text, merged_above=True, ref=ref))
            else:  # covered by a cell merged across columns: its text is in its first column
                cells.append(Cell("", ref=ref))
        rows.append(SourceRow(f"lembar {sheet.title!r}, baris {number}", tuple(cells)))
    return rows


def _decree(workbook: Any, source: str) -> DecreeInfo:
    problems = Problems(source)
    if DECREE_SHEET not in workbook.sheetnames:
        raise PlanFileError(
            source,
            "buku kerja",
            f"lembar {DECREE_SHEET!r} (kantor, tahun, nomor, tanggal, penandatangan) tidak ada",
        )
    sheet = workbook[DECREE_SHEET]
    found: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
        label = _text(row[0], f"lembar {DECREE_SHEET!r}, sel A{number}", source).casefold()
        for name, key, _example in DECREE_FIELDS:
            if label and label == name.casefold():
                value = row[1] if len(row) > 1 else None
                if isinstance(value, datetime | date):  # a date cell is a fine way to give the decree's date
                    value = value.strftime("%Y-%m-%d")
                found[key] = (
                    _text(value, f"lembar {DECREE_SHEET!r}, sel B{number}", source),
                    f"sel B{number}",
                )
    values: dict[str, Any] = {}
    for name, key, example in DECREE_FIELDS:
        text, cell = found.get(key, ("", "kolom B"))
        where = f"lembar {DECREE_SHEET!r}, {name} ({cell})"
        if not text:
            problems.add(where, f"kosong; isi mis. {example!r}")
        elif key == "year" and not re.fullmatch(r"(19|20)\d\d", text):
            problems.add(where, f"{text!r} bukan tahun (mis. 2023)")
        elif key == "year":
            values[key] = int(text)
        elif key == "date" and parse_date(text) is None:
            problems.add(where, f"{text!r} bukan tanggal (mis. 18 Mei 2022)")
        elif key == "date":
            values[key] = parse_date(text)
        else:
            values[key] = text
    problems.raise_if_any()
    return DecreeInfo(**values)


def _teams(sheet: Worksheet, source: str) -> tuple[tuple[str, str], ...]:
    problems = Problems(source)
    teams = []
    for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
        code, name = (_text(v, f"lembar {TEAM_SHEET!r}, baris {number}", source) for v in (*row, None)[:2])
        if number == 1 and code.upper() in ("KODE", "KODE TIM"):
            continue
        if not code and not name:
            continue
        if not _TEAM_CODE.fullmatch(code):
            problems.add(
                f"lembar {TEAM_SHEET!r}, baris {number}", f"kode tim {code!r}: huruf besar/angka, mis. MP"
            )
        elif not name:
            problems.add(f"lembar {TEAM_SHEET!r}, baris {number}", f"nama tim {code} kosong")
        elif code in (known for known, _ in teams):
            problems.add(f"lembar {TEAM_SHEET!r}, baris {number}", f"kode tim {code} dua kali")
        teams.append((code, name))
    if not teams:
        problems.add(f"lembar {TEAM_SHEET!r}", "tidak berisi satu tim pun (kolom A kode, kolom B nama)")
    problems.raise_if_any()
    return tuple(teams)
