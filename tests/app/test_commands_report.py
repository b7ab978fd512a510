import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from reports.layout import INDEX_NAME

from ..reports.conftest import filled  # noqa: F401 - the fixture, used by every test here

pytestmark = pytest.mark.usefixtures("filled")


@pytest.fixture(autouse=True)
def _believed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZIBOT_NOW", "2022-06-10T10:00:00")


def test_rekap_json_for_one_team_and_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rekap", "--tim", "manajemen perubahan", "--bulan", "juni", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2022-06-10"
    assert data["scope"] == {"teams": ["MP"], "area": None, "month": "2022-06"}
    assert [item["code"] for item in data["awaiting_review"]] == ["I.4.1"]
    assert data["total"]["total"] == 1


def test_rekap_table_and_a_bad_month(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rekap", "--area", "ii"]) == 0
    out = capsys.readouterr().out
    assert "cakupan: Area II" in out and "Perlu verifikasi (1)" in out
    assert main(["rekap", "--bulan", "kuartal"]) == 1
    assert "kuartal" in capsys.readouterr().err


def test_ekspor_xlsx_and_bukti(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ekspor", "xlsx", str(tmp_path / "out" / "rekap.xlsx")]) == 0
    assert "219 periode, 5 bukti" in capsys.readouterr().out  # the rejected report's file is history
    assert load_workbook(tmp_path / "out" / "rekap.xlsx")["Rincian"].max_row == 220
    assert main(["ekspor", "bukti", str(tmp_path / "bukti.zip")]) == 0
    assert "4 berkas" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "bukti.zip") as archive:
        assert INDEX_NAME in archive.namelist() and len(archive.namelist()) == 5
    assert main(["ekspor", "bukti", str(tmp_path / "out")]) == 1  # not empty: refused
    assert "out" in capsys.readouterr().err


def test_ekspor_bukti_exits_1_when_a_file_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rejected = hashlib.sha256(b"%PDF spip").hexdigest()  # not in the package: its absence is not missed
    next(path for path in (tmp_path / "data" / "evidence").glob("??/*") if path.name != rejected).unlink()
    assert main(["ekspor", "bukti", str(tmp_path / "paket")]) == 1
    assert "1 berkas hilang" in capsys.readouterr().err
    assert (tmp_path / "paket" / INDEX_NAME).exists()


def test_the_rekap_table_has_words_for_headers_and_explains_them_under_the_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rekap"]) == 0
    lines = capsys.readouterr().out.splitlines()
    top = next(index for index, line in enumerate(lines) if line.startswith("Semua")) - 2
    header = " ".join(lines[top : top + 2]).split()
    for word in ("total", "jatuh", "tempo", "selesai", "disetujui", "verifikasi", "menunggu", "bukti"):
        assert word in header, word
    assert {"ditolak", "terlambat", "tenggat", "Juni"} <= set(header)  # the month in focus by name
    legend = next(index for index, line in enumerate(lines) if line.startswith("Keterangan"))
    assert max(len(line) for line in lines[top : legend + 3]) <= 120  # a terminal's width
    overdue_list = next(index for index, line in enumerate(lines) if line.startswith("Terlambat ("))
    assert legend < overdue_list  # read with the table, not after a hundred lines of lists
    assert "jatuh tempo" in lines[legend] and "% = selesai" in " ".join(lines[legend : legend + 3])


def test_a_bad_month_or_area_option_is_named_with_its_own_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rekap", "--bulan", "13"]) == 1
    error = capsys.readouterr().err
    assert "--bulan" in error and "13" in error and "2022-06" in error
    assert "tim, area" not in error  # the option asks for a month only
    assert main(["rekap", "--area", "VII"]) == 1
    error = capsys.readouterr().err
    assert "--area" in error and "VII" in error and "I, II, III, IV, V, VI" in error
    assert "bulan" not in error
