from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.settings import Settings


def test_settings_read_the_documented_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ZIBOT_ADMIN_IDS", "11, 22,")
    monkeypatch.setenv("ZIBOT_TPI_IDS", "33")
    monkeypatch.setenv("ZIBOT_REMINDER_DAYS_BEFORE", "5,2")
    monkeypatch.setenv("ZIBOT_EXTRA_HOLIDAYS", "2022-06-02")
    monkeypatch.setenv("ZIBOT_REMINDER_TIME", "07:30")
    monkeypatch.setenv("ZIBOT_NOW", "2022-06-06T07:59:50")
    monkeypatch.delenv("ZIBOT_DATABASE_URL", raising=False)
    settings = Settings(_env_file=None)
    assert settings.admin_ids == frozenset({11, 22})
    assert settings.tpi_ids == frozenset({33})
    assert settings.reminder_days_before == (5, 2)
    assert settings.extra_holidays == frozenset({date(2022, 6, 2)})
    assert settings.reminder_time == time(7, 30)
    assert settings.db_url == f"sqlite:///{settings.data_dir / 'zibot.db'}"
    now = settings.make_clock().now()
    assert now.utcoffset() == timedelta(hours=7)
    assert datetime(2022, 6, 6, 7, 59, 50, tzinfo=now.tzinfo) <= now


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ZIBOT_TZ", "Asia/Jakartaa"),
        ("ZIBOT_NOW", "kemarin"),
        ("ZIBOT_ADMIN_IDS", "abc"),
        ("ZIBOT_REMINDER_TIME", "25:00"),
        ("ZIBOT_OVERDUE_SUMMARY_DAY", "kemarin"),
        ("ZIBOT_ESCALATE_AFTER_DAYS", "0"),
    ],
)
def test_a_bad_setting_is_one_clear_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert main(["jadwal", "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Pengaturan tidak valid: {name}: ")
    assert "Traceback" not in err
