"""`zibot lke periksa` and `zibot lke skor` through the real command line and files."""

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main


def test_periksa_summarises_the_packaged_lke_from_any_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lke", "periksa"]) == 0
    out = capsys.readouterr().out
    assert "PP Pengungkit - Pemenuhan: bobot 30, 87 pertanyaan" in out
    assert "PR Pengungkit - Reform: bobot 30, 21 pertanyaan" in out


def test_skor_json_from_an_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
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
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    content: object,
    said: str,
) -> None:
    monkeypatch.setenv("ZIBOT_LKE", str(Path(__file__).resolve().parents[2] / "data" / "lke_2021.json"))
    answers = tmp_path / "jawaban.json"
    answers.write_text(json.dumps(content))
    assert main(["lke", "skor", "--jawaban", str(answers)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Gagal:") and said in captured.err


def _skor(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["lke", "skor", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_jawab_stores_answers_and_the_score_comes_from_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert _skor(capsys)["total"] == 0  # no answers: 0
    assert main(["lke", "jawab", "ppa1a", "ya"]) == 0
    assert "PPA1A" in capsys.readouterr().out
    assert main(["lke", "jawab", "PRA1A", "12/10", "--catatan", "12 dari 10 target"]) == 0
    assert main(["lke", "jawab", "HBA", "3,6"]) == 0
    capsys.readouterr()
    result = _skor(capsys)
    # PPA1A 1 x 0.25, PRA1A min(12/10, 1) x 1, HBA 3.6 / 4 x 17.5
    assert result["pengungkit"] == pytest.approx(1.25)
    assert result["hasil"] == pytest.approx(15.75)
    assert result["total"] == pytest.approx(17.0)
    ipak = next(c for c in result["wbk"]["kriteria"] if c["nama"] == "IPAK")
    assert ipak["terpenuhi"] is True


def test_a_new_answer_replaces_the_old_one_and_the_history_keeps_both(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["lke", "jawab", "PPA1A", "ya"]) == 0
    assert main(["lke", "jawab", "PPA1A", "tidak", "--catatan", "SK tim belum ditandatangani"]) == 0
    capsys.readouterr()
    assert _skor(capsys)["pengungkit"] == 0
    assert main(["lke", "riwayat", "PPA1A"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()[1:]]
    assert len(lines) == 2
    assert lines[0].startswith("Tidak") and "SK tim belum ditandatangani" in lines[0]
    assert lines[1].startswith("Ya") and "baris perintah" in lines[1]


def test_jawab_refuses_a_bad_answer_and_stores_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lke", "jawab", "PPA1B", "Z"]) == 1  # PPA1B is A-C
    assert main(["lke", "jawab", "PRA1A", "12"]) == 1  # a numeric question needs n/d
    assert main(["lke", "jawab", "PPA9Z", "ya"]) == 1
    err = capsys.readouterr().err
    assert "PPA1B" in err and "PRA1A" in err and "PPA9Z" in err
    assert _skor(capsys)["total"] == 0


def test_impor_stores_a_whole_file_as_skor_jawaban_scores_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "jawaban.json"
    answers.write_text(json.dumps({"PPA1A": "ya", "PPA1B": "A", "PRA1A": [12, 10], "HBA": 3.6}))
    assert main(["lke", "skor", "--jawaban", str(answers), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert main(["lke", "impor", str(answers)]) == 0
    assert "4 jawaban" in capsys.readouterr().out
    stored = _skor(capsys)
    assert stored["total"] == pytest.approx(17.25) == from_file["total"]
    assert main(["lke", "riwayat", "PPA1B"]) == 0
    assert "impor jawaban.json" in capsys.readouterr().out
    # The same file again (a retry): nothing is stored twice.
    answers.write_text(json.dumps({"PPA1A": "ya", "PPA1B": "B", "PRA1A": [12, 10], "HBA": 3.6}))
    assert main(["lke", "impor", str(answers)]) == 0
    said = capsys.readouterr().out
    assert "1 jawaban LKE (2022) disimpan" in said and "(3 tidak berubah)" in said
    assert main(["lke", "riwayat", "PPA1A"]) == 0
    assert capsys.readouterr().out.count("impor jawaban.json") == 1


def test_impor_with_one_bad_answer_names_it_and_stores_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "jawaban.json"
    answers.write_text(json.dumps({"PPA1A": "ya", "PPA1B": "A", "PRA1A": [12, 0], "HBA": 3.6}))
    assert main(["lke", "impor", str(answers)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "PRA1A" in captured.err
    assert _skor(capsys)["total"] == 0


def test_every_question_at_its_best_scores_100_and_passes_both_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from plan.lke import Kind, load_lke

    lke = load_lke(Path(__file__).resolve().parents[2] / "data" / "lke_2021.json")
    best: dict[str, object] = {}
    for question in lke.questions:
        if question.kind is Kind.NUMERIC:
            best[question.code] = [10, 10]
        elif question.kind is Kind.SURVEY:
            best[question.code] = 4
        else:
            best[question.code] = max(question.options, key=lambda option: option.value).key
    answers = tmp_path / "terbaik.json"
    answers.write_text(json.dumps(best))
    assert main(["lke", "impor", str(answers)]) == 0
    capsys.readouterr()
    result = _skor(capsys)
    assert result["total"] == pytest.approx(100)
    assert result["wbk"]["lulus"] is True and result["wbbm"]["lulus"] is True
