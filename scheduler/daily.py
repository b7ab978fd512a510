"""One daily pass on python-telegram-bot's JobQueue (APScheduler 3's AsyncIOScheduler underneath), for
every daily task: the team reminders at ZIBOT_REMINDER_TIME, the coordinator's report digest at
ZIBOT_REPORT_DIGEST_TIME.

One self-rescheduling job per task: a pass runs at start-up, then at the task's time every day, and sooner
when the task says so (a failed send's retry time, or the lease expiry of a claim another process holds).
A pass reads the clock; once the day's time has come it runs the task (which is idempotent: what went out
already is skipped), then schedules the next pass. So a start-up after the time runs today's missed task
once (catch-up), while older missed days are not replayed.

The next pass is timed from the application's clock, not the machine's: with ZIBOT_NOW=2022-06-06T07:59:50
an 08:00 task runs about ten seconds after start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from plan.clock import Clock

logger = logging.getLogger(__name__)

# A pass that failed as a whole (database down) is tried again this much later.
AFTER_ERROR = timedelta(minutes=1)
# Never drop a pass that starts late (a slow start-up, a suspended machine): late beats never, and a pass
# with nothing left to do only finds every key already taken.
_JOB_KWARGS: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True}


class JobQueue(Protocol):
    """The part of python-telegram-bot's JobQueue a pass uses."""

    def run_once(
        self,
        callback: Callable[[Any], Coroutine[Any, Any, None]],
        when: float,
        *,
        name: str | None = None,
        job_kwargs: dict[str, Any] | None = None,
    ) -> object: ...


class Scheduling(Protocol):
    """What the passes need of the application (python-telegram-bot's Application has it)."""

    @property
    def job_queue(self) -> JobQueue | None: ...


class DailyTask(Protocol):
    name: str  # the job's name on the queue
    at: time  # the time of day the task is due

    async def run(self, now: datetime) -> datetime | None:
        """Do today's work; returns when a pass of the same day should come back (None: tomorrow)."""
        ...


class DailyPass:
    def __init__(self, task: DailyTask, clock: Clock, queue: JobQueue) -> None:
        self.task = task
        self.clock = clock
        self.queue = queue

    @classmethod
    def start(cls, application: Scheduling, task: DailyTask, clock: Clock) -> DailyPass:
        """Schedule the start-up pass on the application's JobQueue; each pass schedules the next."""
        queue = application.job_queue
        assert queue is not None, "python-telegram-bot[job-queue] is a dependency"
        daily = cls(task, clock, queue)
        daily._schedule(0.0)
        return daily

    async def run(self, _context: object = None) -> None:
        """One pass: the task if its time has come today, then the next pass on the job queue."""
        now = self.clock.now()
        again: datetime | None = None
        try:
            if now.time() >= self.task.at:
                again = await self.task.run(now)
        except Exception:  # keep the daily chain alive whatever went wrong in this pass
            logger.exception(
                "%s pass of %s failed; trying again in %s", self.task.name, now.date(), AFTER_ERROR
            )
            again = now + AFTER_ERROR
        finally:
            upcoming = self.next_time(now)
            when = min(upcoming, again) if again is not None else upcoming
            delay = max((when - self.clock.now()).total_seconds(), 0.0)
            self._schedule(delay)
            logger.debug("next %s pass at %s (in %.0f s)", self.task.name, when, delay)

    def next_time(self, now: datetime) -> datetime:
        """Today's time of the task if it is still ahead, else tomorrow's (in the clock's timezone)."""
        today_at = datetime.combine(now.date(), self.task.at, tzinfo=now.tzinfo)
        if today_at > now:
            return today_at
        return datetime.combine(now.date() + timedelta(days=1), self.task.at, tzinfo=now.tzinfo)

    def _schedule(self, delay: float) -> None:
        self.queue.run_once(self.run, when=delay, name=self.task.name, job_kwargs=_JOB_KWARGS)
