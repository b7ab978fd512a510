"""The one source of "now". Domain code takes dates as arguments; only wiring holds a clock."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    tz: ZoneInfo

    def now(self) -> datetime:
        """Aware datetime in the office's timezone."""
        ...


@dataclass
class SystemClock:
    tz: ZoneInfo

    def now(self) -> datetime:
        return datetime.now(self.tz)


@dataclass
class ShiftedClock:
    """Believes it is `start` when created, then runs at normal speed (ZIBOT_NOW, for demos and tests)."""

    tz: ZoneInfo
    start: datetime
    _created: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            self.start = self.start.replace(tzinfo=self.tz)

    def now(self) -> datetime:
        return (self.start + timedelta(seconds=time.monotonic() - self._created)).astimezone(self.tz)

    def jump(self, to: datetime) -> None:
        """Move the believed time (tests walk through a year with it)."""
        self.start = to if to.tzinfo else to.replace(tzinfo=self.tz)
        self._created = time.monotonic()


def today(clock: Clock) -> date:
    return clock.now().date()
