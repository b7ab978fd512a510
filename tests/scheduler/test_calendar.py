from datetime import date, timedelta

import pytest

from app.settings import Settings
from scheduler.calendar import WorkCalendar

# Keppres 4/2022 and the SKB on 2022's national holidays: what an office in Surakarta had off.
HOLIDAYS_2022 = {
    date(2022, 1, 1): "Tahun Baru",
    date(2022, 2, 1): "Imlek",
    date(2022, 2, 28): "Isra",
    date(2022, 3, 3): "Nyepi",
    date(2022, 4, 15): "Wafat",
    date(2022, 5, 2): "Idul Fitri",
    date(2022, 5, 3): "Idul Fitri",
    date(2022, 5, 16): "Waisak",
    date(2022, 5, 26): "Kenaikan",
    date(2022, 6, 1): "Pancasila",
    date(2022, 7, 10): "Idul Adha",
    date(2022, 8, 17): "Kemerdekaan",
    date(2022, 10, 8): "Maulid",
    date(2022, 12, 25): "Natal",
}
CUTI_BERSAMA_2022 = (date(2022, 4, 29), date(2022, 5, 4), date(2022, 5, 5), date(2022, 5, 6))


def test_weekends_national_holidays_and_cuti_bersama_are_not_working_days() -> None:
    calendar = WorkCalendar()
    for day, word in HOLIDAYS_2022.items():
        assert not calendar.is_working_day(day)
        name = calendar.holiday_name(day)
        assert name is not None
        if day.weekday() < 5:
            assert word.lower() in name.lower(), (day, name)
    for day in CUTI_BERSAMA_2022:
        assert "cuti bersama" in (calendar.holiday_name(day) or "").lower()
    assert calendar.holiday_name(date(2022, 6, 4)) == "Sabtu"
    assert calendar.holiday_name(date(2022, 6, 5)) == "Minggu"
    assert calendar.is_working_day(date(2022, 6, 6))
    # 2022 had no cuti bersama at Christmas (Keppres 4/2022 left it out).
    assert calendar.is_working_day(date(2022, 12, 26))


def test_the_2022_working_year() -> None:
    calendar = WorkCalendar()
    year = [date(2022, 1, 1) + timedelta(n) for n in range(365)]
    days = [day for day in year if calendar.is_working_day(day)]
    weekdays = sum(1 for day in year if day.weekday() < 5)
    weekday_holidays = [d for d in (*HOLIDAYS_2022, *CUTI_BERSAMA_2022) if d.weekday() < 5]
    assert len(days) == weekdays - len(weekday_holidays)
    assert all(day.weekday() < 5 for day in days)


def test_previous_and_next_working_day_across_lebaran() -> None:
    calendar = WorkCalendar()
    # Friday 29 April (cuti bersama) to Sunday 8 May 2022: ten days without a working day.
    assert calendar.on_or_before(date(2022, 5, 8)) == date(2022, 4, 28)
    assert calendar.on_or_after(date(2022, 4, 29)) == date(2022, 5, 9)
    assert calendar.on_or_before(date(2022, 6, 6)) == date(2022, 6, 6)
    assert calendar.on_or_after(date(2022, 6, 4)) == date(2022, 6, 6)


def test_settings_add_holidays_and_workdays() -> None:
    settings = Settings(
        _env_file=None, extra_holidays="2022-12-26, 2022-06-06", extra_workdays="2022-05-06,2022-06-04"
    )
    calendar = WorkCalendar.from_settings(settings)
    assert calendar.holiday_name(date(2022, 12, 26)) == "Libur kantor"
    assert not calendar.is_working_day(date(2022, 6, 6))
    assert calendar.is_working_day(date(2022, 5, 6))  # a revoked cuti bersama
    assert calendar.is_working_day(date(2022, 6, 4))  # a Saturday made a working day
    assert calendar.on_or_before(date(2022, 5, 8)) == date(2022, 5, 6)


def test_a_calendar_without_working_days_is_refused() -> None:
    every_day = frozenset(date(2022, 1, 1) + timedelta(n) for n in range(365))
    with pytest.raises(ValueError, match="ZIBOT_EXTRA_HOLIDAYS"):
        WorkCalendar(extra_holidays=every_day).on_or_after(date(2022, 3, 1))
