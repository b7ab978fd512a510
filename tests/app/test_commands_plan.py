"""`zibot plan konversi` and every command that takes a plan file, given the decree's text."""

import json
from pathlib import Path

import pytest

from app.cli import main

from ..conftest import PLAN_FILE
from ..plan.sources.conftest import DECREE_TEXT


def test_konversi_turns_the_decree_text_into_the_plan_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.json"
    assert main(["plan", "konversi", str(DECREE_TEXT), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == PLAN_FILE.read_text(encoding="utf-8")
    said = capsys.readouterr().out
    assert "70 aksi, 6 tim (MP, TL, SDM, AK, PW, PP)" in said and str(out) in said


def test_konversi_writes_nothing_for_a_plan_with_errors(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "rusak.txt"
    text = DECREE_TEXT.read_text(encoding="utf-8").replace("\tJuni 2022\t", "\tJuni 2O22\t", 1)
    broken.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["plan", "konversi", str(broken), str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "(III.3.4), kolom TARGET WAKTU" in err and "Juni 2O22" in err
    assert main(["plan", "konversi", str(DECREE_TEXT), str(tmp_path / "out.xlsx")]) == 2
    assert ".json" in capsys.readouterr().err


def test_plan_check_accepts_the_decree_text_directly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check", str(DECREE_TEXT)]) == 0
    out = capsys.readouterr().out
    assert "Keputusan Nomor 14 Tahun 2022 (18-05-2022), tahun 2022" in out
    assert "6 area, 23 komponen, 70 aksi, 6 tim" in out and "Periode tenggat: 219" in out


def test_zibot_plan_may_be_the_decree_text(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0  # the database gets the plan file (JSON)
    monkeypatch.setenv("ZIBOT_PLAN", str(DECREE_TEXT))
    assert main(["db", "impor"]) == 0
    # Read from the decree's text, the same plan: nothing to add or change.
    assert (
        "aksi baru 0, diubah 0, dihapus dari rencana 0; periode baru 0, diubah 0" in capsys.readouterr().out
    )
    assert main(["jadwal", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 219


def test_a_pdf_is_refused_in_indonesian(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "keputusan.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    assert main(["plan", "check", str(pdf)]) == 1
    assert "PDF tidak bisa dibaca langsung" in capsys.readouterr().err
