"""The decree's text, as a PDF-to-text export gives it, converted and refused."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from plan.errors import PlanFileError
from plan.loader import load_plan
from plan.sources import read_bytes, read_document

from ...conftest import PLAN_FILE
from .conftest import DECREE_TEXT


def _write(tmp_path: Path, lines: list[str], name: str = "rencana.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line(lines: list[str], starting: str) -> int:
    return next(index for index, line in enumerate(lines) if line.startswith(starting))


def test_the_decree_text_is_the_plan_file_exactly(plan_json: dict[str, Any]) -> None:
    document = read_document(DECREE_TEXT)
    assert document == plan_json
    assert load_plan(DECREE_TEXT) == load_plan(PLAN_FILE)
    plan = load_plan(DECREE_TEXT)
    assert len(plan.actions) == 70
    assert [(t.code, t.name) for t in plan.teams][1] == ("TL", "Tim Penata tata Laksana")
    assert plan.decree.signed_by == "Nurul Sutarti, Ketua KPU Kota Surakarta"


def test_the_team_written_once_holds_for_every_row_below(plan_json: dict[str, Any]) -> None:
    document = read_document(DECREE_TEXT)
    rows = [action for component in document["areas"][4]["components"] for action in component["actions"]]
    assert len(rows) == 19 and {row["team"] for row in rows} == {"PW"}


def test_a_row_that_lost_a_tab_is_refused_naming_page_line_and_row(
    tmp_path: Path, decree_lines: list[str]
) -> None:
    index = _line(decree_lines, "2\tPola Mutasi Internal")
    decree_lines[index] = decree_lines[index].replace(
        "rotasi internal\tMelaksanakan", "rotasi internal Melaksanakan"
    )
    with pytest.raises(PlanFileError) as caught:
        read_document(_write(tmp_path, decree_lines))
    assert caught.value.where == f"halaman tabel 4, baris {index + 1}"
    assert "6 kolom" in caught.value.problem and "7" in caught.value.problem


def test_an_unreadable_target_names_the_row_and_the_column(tmp_path: Path, decree_lines: list[str]) -> None:
    index = _line(decree_lines, "2\tPola Mutasi Internal")
    decree_lines[index] = decree_lines[index].replace("Desember 2022", "Kuartal 3")
    with pytest.raises(PlanFileError) as caught:
        read_document(_write(tmp_path, decree_lines))
    assert caught.value.where == f"halaman tabel 4, baris {index + 1} (III.2.1), kolom TARGET WAKTU"
    assert "'Kuartal 3' tidak terbaca" in caught.value.problem


def test_every_bad_row_is_listed_at_once(tmp_path: Path, decree_lines: list[str]) -> None:
    first = _line(decree_lines, "1\tTim Kerja")
    decree_lines[first] = decree_lines[first].replace("Tim Manajemen Perubahan", "")
    skipped = _line(decree_lines, "3\tPemantauan")
    decree_lines[skipped] = "4" + decree_lines[skipped][1:]
    orphan = _line(decree_lines, "\t\tTelah menetapkan agen")
    decree_lines.insert(orphan, "dan sebagian sel yang pecah")
    with pytest.raises(PlanFileError) as caught:
        read_document(_write(tmp_path, decree_lines))
    message = caught.value.problem
    assert caught.value.where == "3 kesalahan"  # the area's missing team is named once, not on every row
    assert f"baris {first + 1} (I.1.1), kolom PENANGGUNG JAWAB: kosong di baris pertama area" in message
    assert f"baris {skipped + 1} (I.3), kolom NO: komponen 4 tidak berurutan: seharusnya 3" in message
    assert f"baris {orphan + 1}: baris tanpa tab di tengah tabel" in message


@pytest.mark.parametrize(
    ("starting", "replacement", "missing"),
    [
        ("NOMOR 14 TAHUN 2022", "", "nomor keputusan"),
        ("pada tanggal 18 Mei 2022", "pada hari itu", "tanggal penetapan"),
    ],
)
def test_a_decree_without_its_details_is_refused(
    tmp_path: Path, decree_lines: list[str], starting: str, replacement: str, missing: str
) -> None:
    decree_lines = [replacement if line.strip() == starting else line for line in decree_lines]
    with pytest.raises(PlanFileError) as caught:
        read_document(_write(tmp_path, decree_lines))
    assert missing in str(caught.value)


def test_rows_before_the_header_and_a_text_without_a_table(tmp_path: Path, decree_lines: list[str]) -> None:
    header = _line(decree_lines, "NO\tKOMPONEN")
    decree_lines.insert(header, "I\tSebuah area")
    with pytest.raises(PlanFileError, match="sebelum judul kolom"):
        read_document(_write(tmp_path, decree_lines))
    with pytest.raises(PlanFileError, match="tidak ada baris tabel"):
        read_document(_write(tmp_path, ["Rencana aksi kami", "belum ada tabelnya"], "catatan.txt"))


def test_pdf_and_old_office_files_are_refused_with_the_way_round(tmp_path: Path) -> None:
    pdf = tmp_path / "keputusan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")
    with pytest.raises(PlanFileError, match=r"PDF tidak bisa dibaca langsung.*Word \(\.docx\).*\.txt"):
        read_document(pdf)
    doc = tmp_path / "rencana.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(PlanFileError, match=r"\.docx atau \.xlsx"):
        read_document(doc)


def test_a_json_or_text_plan_loads_without_python_docx_or_openpyxl() -> None:
    # The bot loads its plan at every start; the Word and Excel libraries stay out of its memory.
    code = (
        "import sys; from plan.loader import load_plan; "
        f"load_plan({str(PLAN_FILE)!r}); load_plan({str(DECREE_TEXT)!r}); "
        "print(sorted({'docx', 'openpyxl'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_bytes_without_an_extension_are_told_apart_by_content(plan_json: dict[str, Any]) -> None:
    # A file sent to the bot may come without a usable name.
    assert read_bytes(DECREE_TEXT.read_bytes(), "rencana") == plan_json
    assert read_bytes(b"\xef\xbb\xbf" + PLAN_FILE.read_bytes(), "rencana") == plan_json
    with pytest.raises(PlanFileError, match="not JSON"):
        read_bytes(b'{"office": ', "rencana")
    with pytest.raises(PlanFileError, match="bukan teks UTF-8"):
        read_bytes(b"NO\tKOMPONEN\xff\xfe", "rencana.txt")
