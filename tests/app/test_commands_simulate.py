"""`zibot simulate`: the year's reminders by date and chat, from the real database, without Telegram."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from app.cli import main
from app.commands_db import open_database
from app.settings import Settings
from plan.model import Status
from scheduler.calendar import WorkCalendar
from store import chats, repo

NOW = datetime(2022, 1, 3, 1, 0, tzinfo=UTC)


def simulate(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    assert main(["simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_year_by_date_and_chat(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZIBOT_COORDINATOR_CHAT_ID", "-999")
    settings = Settings()
    database = open_database(settings)
    with database.unit_of_work() as session:
        chats.bind_chat(session, -100, "MP", "Grup MP", person_id=None, now=NOW)
        (june,) = [p for p in repo.period_states(session, 2022, action_codes=["I.4.1"]) if p.key == "2022-06"]
        repo.change_status(session, june.period_id, Status.DISETUJUI, person_id=None, chat_id=-100, now=NOW)
    database.dispose()

    rows = simulate(capsys, "--dari", "2022-01-01", "--sampai", "2022-12-31")
    calendar = WorkCalendar()
    assert rows and all(calendar.is_working_day(date.fromisoformat(row["date"])) for row in rows)
    mp = [row for row in rows if row["team"] == "MP"]
    assert {tuple(c["chat_id"] for c in row["chats"]) for row in mp} == {(-100,)}
    assert {tuple(row["chats"]) for row in rows if row["team"] == "TL"} == {()}  # no group bound yet
    coordinator = [row for row in rows if row["audience"] == "coordinator"]
    assert coordinator and all(
        row["chats"] == [{"chat_id": -999, "title": "koordinator"}] for row in coordinator
    )
    july = [(row["date"], item["kind"]) for row in mp for item in row["items"] if item["code"] == "I.4.1"]
    assert ("2022-07-29", "due") in july and ("2022-07-22", "h-7") in july
    # The approved June period is never reminded; every other period of the year gets its deadline day.
    periods = {(item["code"], item["period"]) for row in rows for item in row["items"]}
    assert ("I.4.1", "2022-06") not in periods
    due = {(item["code"], item["period"]) for row in rows for item in row["items"] if item["kind"] == "due"}
    assert len(due) == 219 - 1


def test_one_team_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--dari", "2022-07-28", "--sampai", "2022-07-31", "--tim", "perubahan"]) == 0
    out = capsys.readouterr().out
    assert "Jumat, 29 Juli 2022" in out and "tenggat    I.4.1" in out
    assert "Sabtu" not in out and "Minggu, 31 Juli" not in out
    assert "TL " not in out and "belum ada grup terdaftar" in out


@pytest.mark.parametrize("text", ["2022-02-30", "besok", "06-06-2022"])
def test_a_garbled_date_gets_a_clear_indonesian_error(capsys: pytest.CaptureFixture[str], text: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", "--dari", text])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "tanggal harus berbentuk TTTT-BB-HH" in err and text in err


def test_a_span_that_ends_before_it_starts_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--dari", "2022-06-01", "--sampai", "2022-05-01"]) == 2
    assert "lebih awal dari --dari" in capsys.readouterr().err


def test_the_text_names_statuses_as_the_bot_does(capsys: pytest.CaptureFixture[str]) -> None:
    database = open_database(Settings())
    with database.unit_of_work() as session:
        (july,) = [p for p in repo.period_states(session, 2022, action_codes=["I.4.1"]) if p.key == "2022-07"]
        repo.change_status(
            session, july.period_id, Status.MENUNGGU_BUKTI, person_id=None, chat_id=None, now=NOW
        )
    database.dispose()
    assert main(["simulate", "--dari", "2022-07-29", "--sampai", "2022-07-29", "--tim", "MP"]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "I.4.1" in line and "Juli 2022" in line)
    assert line.rstrip().endswith("(menunggu bukti)")
    assert "menunggu_bukti" not in out


def test_overdue_periods_come_once_a_week_on_the_summary_day(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan adopted on 18 May: January-April are overdue from the first day, in one summary a week."""
    calendar = WorkCalendar()
    for setting, weekday in ((None, 0), ("jumat", 4)):
        if setting:
            monkeypatch.setenv("ZIBOT_OVERDUE_SUMMARY_DAY", setting)
        rows = simulate(capsys, "--dari", "2022-05-18", "--sampai", "2022-12-31")
        overdue_days: dict[str, list[date]] = {}
        for row in rows:
            if row["audience"] == "team" and any(item["kind"] == "overdue" for item in row["items"]):
                overdue_days.setdefault(row["team"], []).append(date.fromisoformat(row["date"]))
        assert set(overdue_days) == {"MP", "TL", "SDM", "AK", "PW", "PP"}
        for days in overdue_days.values():
            # The summary weekday, or the first working day after it when it is a holiday; once a week.
            nominal = [day - timedelta(days=(day.weekday() - weekday) % 7) for day in days]
            assert [calendar.on_or_after(n) for n in nominal] == days
            assert len(set(nominal)) == len(days)
        first = min(overdue_days["TL"]).isoformat()
        tl_ii21 = [
            item["period"]
            for row in rows
            if row["team"] == "TL" and row["date"] == first
            for item in row["items"]
            if item["code"] == "II.2.1" and item["kind"] == "overdue"
        ]
        assert tl_ii21 == ["2022-01", "2022-02", "2022-03", "2022-04"]  # together, on the first summary
    assert main(["simulate", "--dari", "2022-05-18", "--sampai", "2022-05-20"]) == 0
    assert "ringkasan tiap hari Jumat" in capsys.readouterr().out
