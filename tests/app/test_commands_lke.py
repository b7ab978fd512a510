"""`zibot lke periksa` and `zibot lke skor` through the real command line and files."""

import json
from pathlib import Path

import pytest

from app.cli import main


def test_periksa_summarises_the_packaged_lke_from_any_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lke", "periksa"]) == 0
    out = capsys.readouterr().out
    assert "PP Pengungkit - Pemenuhan: bobot 30, 87 pertanyaan" in out
    assert "PR Pengungkit - Reform: bobot 30, 21 pertanyaan" in out


def test_skor_json_from_an_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZIBOT_LKE", str(Path(__file__).resolve().parents[2] / "data" / "lke_2021.json"))
    answers = tmp_path / "jawaban.json"
    answers.write_text(json.dumps({"PPA1A": "ya", "PPA1B": "A", "PRA1A": [12, 10], "HBA": 3.6}))
    assert main(["lke", "skor", "--jawaban", str(answers), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    # 1 x 0.25 + 1 x 0.25 + 1 x 1 + 0.9 x 17.5
    assert result["pengungkit"] == pytest.approx(1.5)
    assert result["hasil"] == pytest.approx(15.75)
    assert result["total"] == pytest.approx(17.25)
    assert result["wbk"]["lulus"] is False and result["wbbm"]["lulus"] is False
    unmet = [c["teks"] for c in result["wbk"]["kriteria"] if not c["terpenuhi"]]
    assert "Penguatan Pengawasan (Pemenuhan) 0 dari 7,5: perlu 4,5 untuk WBK (kurang 4,5)" in unmet
    assert not any(c["nama"] == "IPAK" for c in result["wbk"]["kriteria"] if not c["terpenuhi"])


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ({"PPA1A": "mungkin"}, "PPA1A"),
        ({"XYZ9": "ya"}, "XYZ9"),
        (["PPA1A"], "objek JSON"),
    ],
)
def test_skor_refuses_a_bad_answers_file_in_indonesian(
    tmp_path: Path, capsys, monkeypatch, content, said
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ZIBOT_LKE", str(Path(__file__).resolve().parents[2] / "data" / "lke_2021.json"))
    answers = tmp_path / "jawaban.json"
    answers.write_text(json.dumps(content))
    assert main(["lke", "skor", "--jawaban", str(answers)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Gagal:") and said in captured.err
