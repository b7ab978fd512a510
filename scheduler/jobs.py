"""The reminder job on python-telegram-bot's JobQueue (APScheduler 3's AsyncIOScheduler underneath).

One self-rescheduling job: a pass runs at start-up, then at `reminder_time` every day, and sooner when a
send of the day failed and its retry time comes. A pass reads the clock; if today's reminder time has
passed it delivers today's digests (idempotently: what went out already is skipped), then schedules the
next pass. So a start-up after 08:00 sends today's missed reminders once (catch-up), while older missed
days are not replayed: those periods show up as overdue in a later digest.

The next pass is timed from the application's clock, not the machine's: with ZIBOT_NOW=2022-06-06T07:59:50
the 08:00 pass runs about ten seconds after start.

The scheduler never imports the bot: `install` is handed how to find the services (plan, database, clock)
from a job's context, and how to make a `Sender` from the bot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from plan.clock import Clock
from plan.model import Plan, Status
from scheduler.calendar import CalendarSettings, WorkCalendar
from scheduler.dispatch import DeliveryReport, Dispatcher, worker_name
from scheduler.policy import PolicyConfig, PolicySettings, reminders_on
from scheduler.sender import Sender
from store import repo
from store.db import Database
from store.plans import PlanCatalog

logger = logging.getLogger(__name__)

JOB_NAME = "zibot.reminders"
# A pass that failed as a whole (database down) is tried again this much later.
_AFTER_ERROR = timedelta(minutes=1)
# Never drop a pass that starts late (a slow start-up, a suspended machine): late beats never, and a pass
# with nothing left to do only finds every key already taken.
_JOB_KWARGS = {"misfire_grace_time": None, "coalesce": True}


class ReminderHost(Protocol):
    """What a pass needs from the application's services (bot.services.Services has it)."""

    plans: PlanCatalog
    database: Database
    clock: Clock


class ReminderSettings(PolicySettings, CalendarSettings, Protocol):
    reminder_time: time
    coordinator_chat_id: int | None


def install(
    application: Any,
    settings: ReminderSettings,
    *,
    host_of: Callable[[Any], ReminderHost],
    make_sender: Callable[[Any], Sender],
) -> ReminderJobs:
    """Schedule the start-up pass on the application's JobQueue; each pass schedules the next.

    `host_of(context)` gives a job's services, `make_sender(bot)` the sender for the job's bot.
    """
    jobs = ReminderJobs(settings, host_of=host_of, make_sender=make_sender)
    logger.info(
        "daily reminders at %s, %s before the deadline, overdue every %s days, escalation after %s days",
        settings.reminder_time.strftime("%H:%M"),
        ", ".join(f"H-{n}" for n in reversed(jobs.policy.days_before)) or "nothing",
        jobs.policy.overdue_every_days,
        jobs.policy.escalate_after_days,
    )
    application.job_queue.run_once(jobs.run, when=0, name=JOB_NAME, job_kwargs=_JOB_KWARGS)
    return jobs


class ReminderJobs:
    """The passes of one process: the policy's settings, and one worker name for all its claims."""

    def __init__(
        self,
        settings: ReminderSettings,
        *,
        host_of: Callable[[Any], ReminderHost],
        make_sender: Callable[[Any], Sender],
    ) -> None:
        self.reminder_time = settings.reminder_time
        self.coordinator_chat_id = settings.coordinator_chat_id
        self.policy = PolicyConfig.from_settings(settings)
        self.calendar = WorkCalendar.from_settings(settings)
        self.worker = worker_name()
        self._host_of = host_of
        self._make_sender = make_sender

    async def run(self, context: Any) -> None:
        """One pass: today's reminders if their time has come, then the next pass on the job queue."""
        host = self._host_of(context)
        now = host.clock.now()
        next_at: datetime | None = None
        try:
            if now.time() >= self.reminder_time:
                report = await self.deliver_day(host, self._make_sender(context.bot), now.date())
                next_at = report.next_attempt_at
        except Exception:  # keep the daily chain alive whatever went wrong in this pass
            logger.exception("reminder pass of %s failed; trying again in %s", now.date(), _AFTER_ERROR)
            next_at = now + _AFTER_ERROR
        finally:
            upcoming = self.next_reminder_time(now)
            when = min(upcoming, next_at) if next_at is not None else upcoming
            delay = max((when - host.clock.now()).total_seconds(), 0.0)
            context.job_queue.run_once(self.run, when=delay, name=JOB_NAME, job_kwargs=_JOB_KWARGS)
            logger.debug("next reminder pass at %s (in %.0f s)", when, delay)

    async def deliver_day(self, host: ReminderHost, sender: Sender, today: date) -> DeliveryReport:
        active = await asyncio.to_thread(_active_plan, host, today)
        if active is None:
            logger.info("no plan for %s: no reminders (the last plan is read-only)", today.year)
            return DeliveryReport()
        plan, statuses = active
        digests = reminders_on(plan, statuses, today, self.policy, self.calendar)
        dispatcher = Dispatcher(
            host.database,
            sender,
            host.clock,
            coordinator_chat_id=self.coordinator_chat_id,
            worker=self.worker,
        )
        return await dispatcher.deliver(digests)

    def next_reminder_time(self, now: datetime) -> datetime:
        """Today's reminder time if it is still ahead, else tomorrow's (in the clock's timezone)."""
        today_at = datetime.combine(now.date(), self.reminder_time, tzinfo=now.tzinfo)
        if today_at > now:
            return today_at
        return datetime.combine(now.date() + timedelta(days=1), self.reminder_time, tzinfo=now.tzinfo)


def _active_plan(host: ReminderHost, today: date) -> tuple[Plan, dict[tuple[str, str], Status]] | None:
    """This year's plan, read from the database at every pass (an import moves reminders from the next
    pass on), with its statuses; None when no plan covers the year."""
    with host.database.unit_of_work() as session:
        served = host.plans.serving(session, today)
        if served is None or served.read_only:
            return None
        return served.plan, repo.statuses(session, served.plan.year)
