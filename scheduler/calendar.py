"""Working days of an Indonesian government office: no weekends, national holidays or cuti bersama.

National holidays and the joint leave days (cuti bersama) of the civil service come from the `holidays`
package (country ID, categories PUBLIC and GOVERNMENT; for 2022 it knows the Eid al-Fitr cuti bersama of
29 April and 4-6 May). `extra_holidays` adds office closures the package does not know; `extra_workdays`
turns a day back into a working day (a weekend made a working day, or a cuti bersama that was revoked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

import holidays

_DAY = timedelta(days=1)
# Far longer than any non-working stretch (Lebaran with cuti bersama is about ten days): a guard against
# a misconfiguration that declares every day a holiday, not a limit that real calendars reach.
_LONGEST_BREAK = 60


class CalendarSettings(Protocol):
    extra_holidays: frozenset[date]
    extra_workdays: frozenset[date]


@dataclass(frozen=True)
class WorkCalendar:
    extra_holidays: frozenset[date] = frozenset()
    extra_workdays: frozenset[date] = frozenset()
    _official: holidays.HolidayBase = field(
        default_factory=lambda: holidays.country_holidays(
            "ID", categories=(holidays.PUBLIC, holidays.GOVERNMENT), language="id"
        ),
        repr=False,
        compare=False,
    )
    # The policy asks about the same few hundred days over and over; the answers never change.
    _names: dict[date, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_settings(cls, settings: CalendarSettings) -> WorkCalendar:
        return cls(frozenset(settings.extra_holidays), frozenset(settings.extra_workdays))

    def holiday_name(self, day: date) -> str | None:
        """Why `day` is not a working day (None when it is one)."""
        if day not in self._names:
            self._names[day] = self._reason(day)
        return self._names[day]

    def _reason(self, day: date) -> str | None:
        if day in self.extra_workdays:
            return None
        if day in self.extra_holidays:
            return "Libur kantor"
        name = self._official.get(day)  # the package fills in any year on first use
        if name:
            return str(name)
        if day.weekday() >= 5:
            return "Sabtu" if day.weekday() == 5 else "Minggu"
        return None

    def is_working_day(self, day: date) -> bool:
        return self.holiday_name(day) is None

    def on_or_before(self, day: date) -> date:
        """The latest working day not after `day`."""
        return self._walk(day, -_DAY)

    def on_or_after(self, day: date) -> date:
        """The earliest working day not before `day`."""
        return self._walk(day, _DAY)

    def _walk(self, day: date, step: timedelta) -> date:
        for _ in range(_LONGEST_BREAK):
            if self.is_working_day(day):
                return day
            day += step
        raise ValueError(f"no working day within {_LONGEST_BREAK} days of {day}: check ZIBOT_EXTRA_HOLIDAYS")
