"""`zibot plan konversi` and every command that takes a plan file, given the decree's text."""

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.cli import main
from plan.sources.table import COLUMNS, LKE, header_columns
from plan.sources.template import TARGET_EXAMPLES, target_examples
from plan.targets import parse_target

from ..conftest import PLAN_FILE
from ..plan.sources.conftest import DECREE_TEXT


def test_konversi_turns_the_decree_text_into_the_plan_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    assert main(["plan", "konversi", str(DECREE_TEXT), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == PLAN_FILE.read_text(encoding="utf-8")
    said = capsys.readouterr().out
    assert "70 aksi, 6 tim (MP, TL, SDM, AK, PW, PP)" in said and str(out) in said


def test_konversi_writes_nothing_for_a_plan_with_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
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
    assert main(["plan", "periksa", str(DECREE_TEXT)]) == 0
    out = capsys.readouterr().out
    assert "Keputusan Nomor 14 Tahun 2022 (18-05-2022), tahun 2022" in out
    assert "6 area, 23 komponen, 70 aksi, 6 tim" in out and "Periode tenggat: 219" in out


def test_zibot_plan_may_be_the_decree_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0  # the database gets the plan file (JSON)
    assert main(["plan", "impor", str(DECREE_TEXT)]) == 0
    # Read from the decree's text, the same plan: nothing to add, change or retire.
    assert "tahun 2022 dari" in (out := capsys.readouterr().out) and "sama dengan yang tersimpan" in out
    monkeypatch.setenv("ZIBOT_PLAN", str(DECREE_TEXT))
    assert main(["plan", "periksa"]) == 0
    assert "70 aksi" in capsys.readouterr().out


def test_a_pdf_is_refused_in_indonesian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "keputusan.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    assert main(["plan", "periksa", str(pdf)]) == 1
    assert "PDF tidak bisa dibaca langsung" in capsys.readouterr().err


def _fill_by_hand(path: Path, plan_json: dict[str, Any]) -> None:
    """What a coordinator does with the template: the decree's details, then the table row by row, the
    team written once per area, NO and KOMPONEN only on a component's first row, an LKE code on one."""
    workbook = load_workbook(path)
    details = workbook["Keputusan"]
    values = {
        "Tahun rencana aksi": "2022",
        "Judul keputusan": plan_json["decree"]["title"],
        "Nomor keputusan": plan_json["decree"]["number"],
        "Tanggal keputusan": "18 Mei 2022",
        "Penandatangan": plan_json["decree"]["signed_by"],
    }
    for row in details.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    sheet = workbook["Rencana Aksi"]
    for area in plan_json["areas"]:
        sheet.append((area["code"], area["name"]))
        for number, component in enumerate(area["components"], start=1):
            for position, action in enumerate(component["actions"]):
                first = position == 0
                sheet.append(
                    (
                        str(number) if first else None,
                        component["name"] if first else None,
                        action["indikator"],
                        action["langkah_aksi"],
                        action["bukti_fisik"],
                        action["target_waktu"] or None,
                        action["team"] if first and number == 1 else None,
                        "PPA1A" if action["code"] == "I.1.1" else None,
                    )
                )
    workbook.save(path)


def test_templat_filled_in_is_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "rencana_2022.xlsx"
    assert main(["plan", "templat", "--tahun", "2022", str(template)]) == 0
    assert "Templat rencana aksi 2022" in capsys.readouterr().out
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["Rencana Aksi", "Keputusan", "Tim", "Petunjuk"]
    header = [cell.value for cell in workbook["Rencana Aksi"][1]]
    # The decree's table columns as the reader knows them, then the LKE codes, and nothing else.
    assert header_columns(header) == {name: index for index, name in enumerate((*COLUMNS, LKE))}
    assert len(header) == len(COLUMNS) + 1
    assert workbook["Rencana Aksi"].max_row == 1  # empty: the example lives on "Petunjuk"
    assert [row for row in workbook["Tim"].iter_rows(values_only=True)][1] == (
        "MP",
        "Tim Manajemen Perubahan",
    )
    guide = [row[0] for row in workbook["Petunjuk"].iter_rows(values_only=True)]
    assert "Minggu ke-2 Januari 2022" in guide and "Paling lambat Mei-November 2022" in guide
    plan_json = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    _fill_by_hand(template, plan_json)
    out = tmp_path / "out.json"
    assert main(["plan", "konversi", str(template), str(out)]) == 0
    converted = json.loads(out.read_text(encoding="utf-8"))
    lke = converted["areas"][0]["components"][0]["actions"][0].pop("lke")
    assert lke == ["PPA1A"]
    assert converted == plan_json
    assert main(["plan", "periksa", str(template)]) == 0
    assert main(["plan", "templat", str(template)]) == 2  # never over a filled workbook
    assert "sudah ada" in capsys.readouterr().err


def test_templat_isi_copies_the_current_plan(tmp_path: Path) -> None:
    copy = tmp_path / "salinan.xlsx"
    assert main(["plan", "templat", "--isi", str(copy)]) == 0
    out = tmp_path / "out.json"
    assert main(["plan", "konversi", str(copy), str(out)]) == 0
    assert out.read_text(encoding="utf-8") == PLAN_FILE.read_text(encoding="utf-8")


def test_every_target_phrase_the_template_teaches_is_read() -> None:
    examples = target_examples(2023)
    assert len(examples) == len(TARGET_EXAMPLES)
    for phrase, _meaning in examples:
        periods = parse_target(phrase, 2023)
        assert phrase == "-" or periods, phrase
