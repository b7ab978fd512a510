"""`zibot lke peta` and `zibot lke celah` through the real command line, database and plan files."""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

from ..conftest import PLAN_FILE


def _mapping(capsys: pytest.CaptureFixture[str]) -> dict[str, tuple[str, str]]:
    """Row code -> (questions, source) as `zibot lke peta` lists them."""
    assert main(["lke", "peta"]) == 0
    rows = {}
    for line in capsys.readouterr().out.splitlines()[1:]:
        code, _indikator, questions, source = re.split(r"\s{2,}", line)
        rows[code] = (questions, source.strip("()"))
    return rows


def _gaps(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["lke", "celah", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _gap_codes(result: dict[str, Any]) -> set[str]:
    return {q["kode"] for part in result["bagian"] for area in part["area"] for q in area["pertanyaan"]}


def test_peta_lists_the_suggestion_and_celah_the_questions_no_row_serves(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = _mapping(capsys)
    assert len(rows) == 70
    assert rows["I.1.1"] == ("PPA1A, PPA1B", "saran")
    assert rows["II.2.1"] == ("PPB2B", "saran")
    assert rows["III.2.1"] == ("-", "saran")
    result = _gaps(capsys)
    codes = _gap_codes(result)
    served = {code for questions, _ in rows.values() for code in questions.split(", ") if code != "-"}
    assert not served & codes
    assert {f"PR{area}" for area in "ABCDEF"} <= {
        area["kode"] for part in result["bagian"] for area in part["area"]
    }
    assert len([code for code in codes if code.startswith("PR")]) == 21
    reform = next(part for part in result["bagian"] if part["kode"] == "PR")
    assert reform["poin"] == pytest.approx(30)
    vi = next(area for part in result["bagian"] for area in part["area"] if area["kode"] == "PPF")
    assert {q["sub_area"] for q in vi["pertanyaan"]} >= {"PPF3", "PPF5"}
    assert next(q for q in vi["pertanyaan"] if q["kode"] == "PPF3A")["bobot"] == pytest.approx(
        1 / 3, abs=1e-4
    )
    assert result["hasil"] == pytest.approx(40)
    assert result["poin"] == pytest.approx(result["pengungkit"] + 40)


def test_the_coordinator_sets_and_clears_a_rows_questions_and_a_reimport_keeps_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["lke", "peta", "V.3.2", "ppe3b"]) == 0
    assert "V.3.2 kini melayani: PPE3B (manual)" in capsys.readouterr().out
    assert main(["lke", "peta", "III.2", "PPC2A,PPC2B"]) == 2  # III.2 has three rows: say which
    assert "III.2.1" in capsys.readouterr().err
    assert main(["lke", "peta", "III.2.1", "PPC2B,PRA1A"]) == 0
    assert main(["lke", "peta", "VI.1.3", "--hapus"]) == 0
    capsys.readouterr()
    # The plan file now names LKE codes for II.2.1 and V.3.2; the coordinator's choice still wins.
    document = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    document["areas"][1]["components"][1]["actions"][0]["lke"] = ["PPB2B", "PPB2A"]
    document["areas"][4]["components"][2]["actions"][1]["lke"] = ["PPE3D"]
    edited = tmp_path / "rencana.json"
    edited.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["plan", "impor", str(edited), "--terapkan"]) == 0
    assert "kode LKE" in capsys.readouterr().out
    rows = _mapping(capsys)
    assert rows["II.2.1"] == ("PPB2A, PPB2B", "rencana")
    assert rows["V.3.2"] == ("PPE3B", "manual")
    assert rows["III.2.1"] == ("PPC2B, PRA1A", "manual")
    assert rows["VI.1.3"] == ("-", "manual")
    codes = _gap_codes(_gaps(capsys))
    assert "PRA1A" not in codes and "PPC2B" not in codes and "PPB2A" not in codes
    assert "PRA1B" in codes
    # Back to the plan file's codes.
    assert main(["lke", "peta", "V.3.2", "--saran"]) == 0
    assert "V.3.2 kini melayani: PPE3D (rencana)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["II.2.1", "PPB2B,PPX9Z"], "PPX9Z"),
        (["II.2.1", "II.2.2"], "II.2.2"),
        (["IX.9.9", "PPB2B"], "IX.9.9"),
        (["II.2.1", "PPB2B", "--hapus"], "--hapus"),
        (["II.2.1"], "kode LKE"),
    ],
)
def test_peta_refuses_unknown_codes_in_one_indonesian_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], arguments: list[str], said: str
) -> None:
    before = _mapping(capsys)
    assert main(["lke", "peta", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Gagal:") and said in captured.err and captured.err.count("\n") == 1
    assert _mapping(capsys) == before
