"""`zibot plan impor`: a plan file's changes shown against the stored version of its year, applied with
--terapkan; the start-up line about ZIBOT_PLAN; a new year imported beside the last."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.commands_db import open_database
from app.plan_source import startup_notices
from app.settings import Settings
from plan.clock import ShiftedClock
from plan.model import Status
from store import exports, repo
from store.repo import NewEvidence
from tests.store.test_plan_import import as_year, raw_plan, with_target

NOW = datetime(2022, 6, 6, 2, 0, tzinfo=UTC)


def write(path: Path, raw: dict[str, Any]) -> Path:
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def report_may_november() -> None:
    """II.1.1's one period (Mei-November) reported with a link, before the plan changes."""
    database = open_database(Settings())
    with database.unit_of_work() as session:
        (period,) = repo.period_states(session, 2022, action_codes=["II.1.1"])
        repo.change_status(session, period.period_id, Status.SELESAI, person_id=None, chat_id=None, now=NOW)
        repo.add_evidence(
            session,
            period.period_id,
            NewEvidence("link", url="https://example.org/sop"),
            person_id=None,
            chat_id=None,
            message_id=None,
            now=NOW,
        )
    database.dispose()


def simulate(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def schedule(capsys: pytest.CaptureFixture[str], *args: str) -> set[tuple[str, str]]:
    """II.1.1's periods in `zibot jadwal`, whatever their status."""
    assert main(["jadwal", *args, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    return {(row["key"], row["deadline"]) for row in rows if row["code"] == "II.1.1"}


def ii11_deadlines(rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(i["period"], i["deadline"]) for r in rows for i in r["items"] if i["code"] == "II.1.1"}


def test_a_mid_year_change_is_shown_then_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_may_november()
    june = write(tmp_path / "juni.json", with_target(raw_plan(), 1, 0, 0, "Juni 2022"))

    assert main(["plan", "impor", str(june)]) == 0
    out = capsys.readouterr().out
    assert "II.1.1: target waktu" in out
    assert "II.1.1 Juni 2022" in out  # the period added
    assert "II.1.1 Mei–November 2022: selesai (menunggu verifikasi), 1 bukti" in out  # the one retired
    assert f"zibot plan impor {june} --terapkan" in out
    # Nothing changed yet; the start-up line says what differs and how to apply it.
    assert schedule(capsys) == {("2022-05/2022-11", "2022-11-30")}
    monkeypatch.setenv("ZIBOT_PLAN", str(june))
    settings = Settings()
    database = open_database(settings)
    clock = ShiftedClock(settings.tz, NOW)
    (line,) = startup_notices(database, june, clock)
    assert "berbeda" in line and "1 baris diubah" in line and "--terapkan" in line

    assert main(["plan", "impor", str(june), "--terapkan"]) == 0
    assert "sudah diterapkan" in capsys.readouterr().out
    assert startup_notices(database, june, clock) == []
    assert schedule(capsys) == {("2022-06", "2022-06-30")}
    assert ii11_deadlines(simulate(capsys)) == {("2022-06", "2022-06-30")}
    with database.unit_of_work() as session:
        (retired,) = repo.period_states(session, 2022, action_codes=["II.1.1"], retired=True)
        assert (retired.key, retired.status) == ("2022-05/2022-11", Status.SELESAI)
        kept = exports.all_evidence(session, 2022, retired=True)[("II.1.1", "2022-05/2022-11")]
        assert [item.url for item in kept] == ["https://example.org/sop"]
    database.dispose()

    # Applying the same file again changes nothing.
    assert main(["plan", "impor", str(june), "--terapkan"]) == 0
    assert "sama dengan yang tersimpan" in capsys.readouterr().out


def test_a_new_year_beside_the_last(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_may_november()
    plan_2023 = write(tmp_path / "plan_2023.json", as_year(raw_plan(), 2023))
    assert main(["plan", "impor", str(plan_2023)]) == 0
    assert "tahun 2023" in capsys.readouterr().out
    assert main(["plan", "impor", str(plan_2023), "--terapkan"]) == 0
    capsys.readouterr()

    monkeypatch.setenv("ZIBOT_NOW", "2023-03-01T09:00:00")
    assert ii11_deadlines(simulate(capsys)) == {("2023-05/2023-11", "2023-11-30")}
    assert ii11_deadlines(simulate(capsys, "--tahun", "2022")) == set()  # done in 2022: never reminded
    assert main(["rekap", "--tahun", "2022", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"]["done"] == 1
    assert main(["rekap", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"]["done"] == 0
    assert main(["rekap", "--tahun", "2021"]) == 1
    err = capsys.readouterr().err
    assert "Belum ada rencana aksi tahun 2021" in err and "2022, 2023" in err

    # In 2024 nothing covers the year: the last plan is served read-only, and start-up says so.
    settings = Settings()
    database = open_database(settings)
    (line,) = startup_notices(
        database, plan_2023, ShiftedClock(settings.tz, datetime(2024, 1, 2, tzinfo=UTC))
    )
    assert "Belum ada rencana aksi tahun 2024" in line and "2023 hanya-baca" in line and "/rencana" in line
    database.dispose()


def test_a_bad_file_is_refused_before_anything_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write(tmp_path / "bad.json", with_target(raw_plan(), 1, 0, 0, "Kuartal 3"))
    assert main(["plan", "impor", str(bad), "--terapkan"]) == 1
    assert "II.1.1" in capsys.readouterr().err
    assert schedule(capsys) == {("2022-05/2022-11", "2022-11-30")}
