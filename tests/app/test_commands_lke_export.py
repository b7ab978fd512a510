"""`zibot ekspor lke FILE.xlsx` and `zibot ekspor bukti --menurut lke` through the real command line, with
a database of real-looking work and files on disk."""

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from app.cli import main
from reports.layout import INDEX_NAME

from ..reports.conftest import JUNE_3, SRI, Filled, filled  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("filled")


@pytest.fixture(autouse=True)
def _believed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZIBOT_NOW", "2022-06-10T10:00:00")


def _rows(sheet: Worksheet) -> dict[str, dict[str, object]]:
    """The LKE sheet's rows by question code, each as header -> value."""
    values = list(sheet.iter_rows(values_only=True))
    header = [str(name) for name in values[0]]
    return {str(row[3]): dict(zip(header, row, strict=True)) for row in values[1:]}


def test_the_lke_workbook_has_every_question_with_its_rows_and_evidence(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    filled: Filled,  # noqa: F811
) -> None:
    filled.report("I.4.2", "2022-01", SRI, JUNE_3, links=["javascript:alert(1)"])
    target = tmp_path / "out" / "lke.xlsx"
    assert main(["ekspor", "lke", str(target)]) == 0
    assert "111 pertanyaan, 0 terjawab" in capsys.readouterr().out
    book = load_workbook(target)
    rows = _rows(book["LKE"])
    assert list(rows)[:3] == ["PPA1A", "PPA1B", "PPA2A"] and list(rows)[-3:] == ["HBA", "HBB", "HPA"]
    assert len(rows) == 111
    role_model = rows["PPA4A"]
    assert str(role_model["Baris rencana"]).startswith("I.4.1 Para Pimpinan")
    assert role_model["Jumlah bukti"] == 3
    assert str(role_model["Kemajuan baris"]).startswith("I.4.1: 2 dari 12 periode selesai, 1 disetujui")
    paths = str(role_model["Bukti dalam paket"]).splitlines()
    assert len(paths) == 2 and all(
        p.startswith("PPA Manajemen Perubahan/PPA4 ") and "/PPA4A/I.4.1_" in p for p in paths
    )
    assert role_model["Tautan"] == "https://drive.example/juni"
    # No answers stored yet: the answer columns are empty.
    assert all(rows[code][name] is None for code in rows for name in ("Jawaban", "Nilai", "Skor", "Catatan"))
    assert rows["PPA1A"]["Bobot"] == pytest.approx(0.25)
    assert rows["HBA"]["Bobot"] == pytest.approx(17.5)
    # II.1.1 serves three questions, but its only document was rejected: evaluators get what stands.
    for code in ("PPB1A", "PPB1B", "PPB1C"):
        assert rows[code]["Jumlah bukti"] == 0 and rows[code]["Bukti dalam paket"] is None
    assert rows["PRA1A"]["Baris rencana"] is None and rows["PRA1A"]["Jumlah bukti"] == 0
    evidence = list(book["Bukti LKE"].iter_rows(min_row=2))
    assert [row[0].value for row in evidence].count("PPB2B") == 2
    links = {row[6].value: row[6].hyperlink for row in evidence if row[3].value == "Tautan"}
    assert links["https://drive.example/juni"] is not None  # a web link is clickable
    assert links["javascript:alert(1)"] is None  # anything else is the text it is
    sums = {(row[0], row[1]): row for row in book["Nilai"].iter_rows(min_row=6, values_only=True)}
    assert sums[("Total", None)][3:5] == (100, 0)
    assert sums[("Pengungkit", "PP+PR")][3] == pytest.approx(60)
    assert sums[("Area", "PPE")][3] == pytest.approx(7.5) and sums[("Sub-area", "PPE3")][3] == pytest.approx(
        1.5
    )
    assert sums[("Bagian", "H")][3] == pytest.approx(40)
    verdicts = list(book["Predikat"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in verdicts} == {"WBK", "WBBM"} and all(row[5] == "Tidak" for row in verdicts)


def test_evidence_by_lke_question_with_the_lke_workbook_as_index(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    filled: Filled,  # noqa: F811
) -> None:
    assert main(["ekspor", "bukti", "--menurut", "lke", str(tmp_path / "lke.zip")]) == 0
    assert "4 berkas" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "lke.zip") as archive:
        names = archive.namelist()
        # I.4.1's two files for PPA4A, II.2.1's two for PPB2B (II.1.1's document was rejected).
        assert len(names) == 1 + 2 + 2
        folders = sorted({name.rsplit("/", 2)[-2] for name in names if name != INDEX_NAME})
        assert folders == ["PPA4A", "PPB2B"]
        assert all(
            name.startswith(("PPA Manajemen Perubahan/", "PPB Penataan Tatalaksana/"))
            for name in names[:-1]
            if name != INDEX_NAME
        )
        assert max(len(name) for name in names) <= 200
        with archive.open(next(n for n in names if "/PPB2B/" in n and n.endswith("_scan.pdf"))) as stored:
            assert stored.read() == b"%PDF scan satu"
        archive.extract(INDEX_NAME, tmp_path)
    index = load_workbook(tmp_path / INDEX_NAME)
    row = next(row for row in index["Bukti LKE"].iter_rows(min_row=2) if row[0].value == "PPB2B")
    assert row[5].hyperlink is not None and "/PPB2B/" in row[5].value and row[9].value == "cocok"
    assert main(["ekspor", "bukti", "--menurut", "lke", str(tmp_path / "lke.zip")]) == 0  # a zip is replaced
    capsys.readouterr()
    (tmp_path / "isi").mkdir()
    (tmp_path / "isi" / "lain.txt").write_text("x")
    assert main(["ekspor", "bukti", "--menurut", "lke", str(tmp_path / "isi")]) == 1  # not empty: refused
    assert "isi" in capsys.readouterr().err


def _cells(target: Path) -> tuple[Workbook, dict[str, tuple[Cell, ...]]]:
    book = load_workbook(target)
    return book, {row[3].value: row for row in book["LKE"].iter_rows(min_row=2)}


def _score(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["lke", "skor", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_lke_workbook_round_trip_stored_answers_out_edited_answers_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lke", "jawab", "PPA1A", "ya"]) == 0
    assert main(["lke", "jawab", "PPA2A", "ya", "--catatan", "dokumen RA 2022"]) == 0
    assert main(["lke", "jawab", "PRA1A", "5/10"]) == 0
    before = _score(capsys)
    assert before["pengungkit"] == pytest.approx(0.25 + 1 / 3 + 0.5, abs=1e-4)
    target = tmp_path / "lke.xlsx"
    assert main(["ekspor", "lke", str(target)]) == 0
    assert "3 terjawab" in capsys.readouterr().out
    book, rows = _cells(target)
    assert (rows["PPA1A"][7].value, rows["PPA1A"][9].value) == ("Ya", 0.25)
    assert (rows["PPA2A"][7].value, rows["PPA2A"][10].value) == ("Ya", "dokumen RA 2022")
    assert rows["PRA1A"][7].value == "5/10"
    # The evaluator edits the workbook: one answer changed, two added, one with a note, one left alone.
    rows["PPA1A"][7].value = "tidak"
    rows["PRA1A"][7].value = "12/10"
    rows["PPA1B"][7].value = "B"
    rows["PPA1B"][10].value = "seleksi sebagian"
    rows["HBA"][7].value = 3.6
    book.save(target)
    assert main(["lke", "impor", str(target)]) == 0
    said = capsys.readouterr().out
    assert "4 jawaban LKE (2022) disimpan" in said and "(1 tidak berubah)" in said
    after = _score(capsys)
    # PPA1A 0, PPA1B 0.5 x 0.25, PPA2A 1/3, PRA1A min(12/10, 1) x 1; HBA 3.6 / 4 x 17.5.
    assert after["pengungkit"] == pytest.approx(0.125 + 1 / 3 + 1, abs=1e-4)
    assert after["hasil"] == pytest.approx(15.75)
    assert main(["lke", "riwayat", "PPA1A"]) == 0
    assert capsys.readouterr().out.count("impor lke.xlsx") == 1
    assert main(["lke", "riwayat", "PPA2A"]) == 0
    assert "impor" not in capsys.readouterr().out  # unchanged: no new answer
    second = tmp_path / "lagi.xlsx"
    assert main(["ekspor", "lke", str(second)]) == 0
    _, rows = _cells(second)
    assert (rows["PPA1A"][7].value, rows["PPA1B"][10].value, rows["HBA"][9].value) == (
        "Tidak",
        "seleksi sebagian",
        15.75,
    )


def test_a_bad_answer_in_the_workbook_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "lke.xlsx"
    assert main(["ekspor", "lke", str(target)]) == 0
    book, rows = _cells(target)
    rows["PPA1A"][7].value = "ya"
    rows["PPA1B"][7].value = "mungkin"
    book.save(target)
    capsys.readouterr()
    assert main(["lke", "impor", str(target)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Gagal:") and "PPA1B" in error and "mungkin" in error
    assert _score(capsys)["total"] == 0
