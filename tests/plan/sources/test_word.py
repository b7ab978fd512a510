"""A Word document holding the decree's table, with merged cells, converted and refused (python-docx)."""

from pathlib import Path
from typing import Any

import docx
import pytest

from plan.errors import PlanFileError
from plan.loader import load_plan
from plan.sources import read_document

from ...conftest import action_of
from .seed import KOMPONEN, NO, PJ, Seed, is_area, read_seed, spans


def write_word(path: Path, seed: Seed, lke: dict[str, str] | None = None) -> Path:
    """The decree as a Word document: one table per page, each component's NO and KOMPONEN merged down
    over its indicator rows, the team merged down over the rows it holds for, area rows merged across."""
    document = docx.Document()
    for line in seed.opening:
        document.add_paragraph(line)
    for page in seed.pages:
        columns = len(page[0]) + (1 if lke is not None else 0)
        table = document.add_table(rows=len(page), cols=columns)
        for r, cells in enumerate(page):
            extra = ["LKE" if r == 0 else lke.get(cells[2], "") if r > 1 else "9"] if lke is not None else []
            for c, text in enumerate(cells + extra):
                table.cell(r, c).text = text
        for column in (NO, KOMPONEN, PJ):
            for first, last in spans(page, column):
                table.cell(first, column).merge(table.cell(last, column))
        for r, cells in enumerate(page):
            if is_area(cells):
                table.cell(r, KOMPONEN).merge(table.cell(r, PJ))
        document.add_paragraph("")
    for line in seed.closing:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def test_a_word_table_with_merged_cells_is_the_plan_file(tmp_path: Path, plan_json: dict[str, Any]) -> None:
    seed = read_seed()
    path = write_word(tmp_path / "rencana.docx", seed)
    table = docx.Document(str(path)).tables[1]
    assert table.cell(2, NO)._tc.vMerge == "restart"  # II.2 ... (the generator really merged)
    assert read_document(path) == plan_json


def test_lke_codes_per_row(tmp_path: Path, plan_json: dict[str, Any]) -> None:
    seed = read_seed()
    lke = {
        "Menerbitkan SK Tim Kerja / Kelompok Kerja": "PPA1A, ppa1b",
        "Telah menetapkan agen perubahan.": "-",
    }
    plan = load_plan(write_word(tmp_path / "rencana.docx", seed, lke))
    assert action_of(plan, "I.1.1").lke == ("PPA1A", "PPA1B")
    assert action_of(plan, "I.4.2").lke == ()
    lke["Telah menetapkan agen perubahan."] = "PPA1A / 2?"
    with pytest.raises(PlanFileError) as caught:
        load_plan(write_word(tmp_path / "salah.docx", seed, lke))
    assert caught.value.where == "tabel 2, baris 4 (I.4.2), kolom LKE"
    assert "'/' bukan kode LKE" in caught.value.problem


def test_a_row_with_a_komponen_and_no_number_is_refused_naming_table_row_and_column(tmp_path: Path) -> None:
    seed = read_seed()
    row = next(cells for cells in seed.pages[1] if cells[2].startswith("Telah menetapkan agen"))
    row[KOMPONEN] = "Agen Perubahan"
    with pytest.raises(PlanFileError) as caught:
        read_document(write_word(tmp_path / "rencana.docx", seed))
    assert caught.value.where == "tabel 2, baris 4, kolom NO"
    assert "KOMPONEN terisi ('Agen Perubahan')" in caught.value.problem


def test_a_word_document_without_the_decrees_details_or_a_table(tmp_path: Path) -> None:
    seed = read_seed()
    seed.opening = [line for line in seed.opening if "NOMOR 14" not in line]
    with pytest.raises(PlanFileError, match="nomor keputusan"):
        read_document(write_word(tmp_path / "rencana.docx", seed))
    without_table = read_seed()
    without_table.pages = []
    with pytest.raises(PlanFileError, match="judul kolom tabel rencana aksi tidak ditemukan"):
        read_document(write_word(tmp_path / "kosong.docx", without_table))
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PlanFileError, match="ZIP rusak"):
        read_document(broken)
