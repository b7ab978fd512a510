import json
from pathlib import Path

import pytest

from app.cli import main

from ..conftest import PLAN_FILE


def test_plan_check_reports_the_decrees_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "periksa"]) == 0
    out = capsys.readouterr().out
    assert "6 area, 23 komponen, 70 aksi, 6 tim" in out
    assert "tanpa jadwal: 3 aksi (III.1.2, III.3.3, VI.2.3)" in out
    assert "Periode tenggat: 219" in out
    assert "Desember 2022: 25" in out


def test_plan_check_keeps_its_first_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "check"]) == 0
    assert "70 aksi" in capsys.readouterr().out


def test_plan_check_refuses_a_broken_file_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    raw["areas"][3]["components"][0]["actions"][2]["target_waktu"] = "Triwulan V 2022"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["plan", "periksa", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "IV.1.3" in err and "target_waktu" in err and "Triwulan V 2022" in err


def test_jadwal_json_lists_every_period_of_2022(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jadwal", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 219
    assert {row["deadline"][:4] for row in rows} == {"2022"}
    assert rows == sorted(rows, key=lambda row: (row["deadline"], row["code"]))
    first = rows[0]
    assert first == {
        "code": "I.2.1",
        "team": "MP",
        "indikator": "Dokumen Rencana Aksi pembangunan ZI telah disusun dan disosialisasikan",
        "label": "Minggu ke-2 Januari 2022",
        "key": "2022-01-w2",
        "window_start": "2022-01-08",
        "deadline": "2022-01-14",
    }


def test_jadwal_filters_by_team_name_and_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jadwal", "--tim", "pengawasan", "--bulan", "2022-12", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {row["team"] for row in rows} == {"PW"}
    assert {row["deadline"] for row in rows} == {"2022-12-31"}
    assert main(["jadwal", "--tim", "sdm"]) == 0
    table = capsys.readouterr().out
    assert "III.6.1" in table and "Tanpa jadwal (tidak diingatkan): III.1.2, III.3.3" in table


def test_jadwal_rejects_unknown_team_and_bad_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jadwal", "--tim", "keuangan"]) == 1
    assert "keuangan" in capsys.readouterr().err
    assert main(["jadwal", "--bulan", "Juny 2022"]) == 1
    err = capsys.readouterr().err
    assert "--bulan “Juny 2022” tidak dikenal" in err and "2022-06" in err


def test_jadwal_and_rekap_read_a_month_alike(capsys: pytest.CaptureFixture[str]) -> None:
    for month in ("juni", "Juni 2022", "2022-06", "jun"):
        assert main(["jadwal", "--bulan", month, "--json"]) == 0, month
        rows = json.loads(capsys.readouterr().out)
        assert rows and {row["deadline"][:7] for row in rows} == {"2022-06"}, month
        assert main(["rekap", "--bulan", month, "--json"]) == 0, month
        rekap = json.loads(capsys.readouterr().out)
        assert rekap["scope"]["month"] == "2022-06", month


def test_jadwal_shows_the_indicator_of_each_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jadwal", "--tim", "SDM", "--bulan", "juni"]) == 0
    table = capsys.readouterr().out
    assert "Indikator" in table.splitlines()[0]
    assert main(["jadwal", "--tim", "SDM", "--bulan", "juni", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(row["indikator"] and row["indikator"] in table for row in rows)


def test_plan_check_of_a_missing_file_says_it_is_not_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "periksa", str(tmp_path / "tidak-ada.json")]) == 1
    err = capsys.readouterr().err
    assert "tidak-ada.json tidak ditemukan" in err and "tidak valid" not in err


def test_db_upgrade_migrates_and_imports_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "upgrade"]) == 0
    assert main(["plan", "impor"]) == 0
    out = capsys.readouterr().out
    assert "Basis data siap" in out
    assert "tahun 2022" in out and "sama dengan yang tersimpan" in out
