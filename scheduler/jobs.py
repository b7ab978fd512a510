"""The daily tasks on the one `DailyPass` mechanism (scheduler/daily.py): the team reminders at
ZIBOT_REMINDER_TIME and the coordinator's report digest at ZIBOT_REPORT_DIGEST_TIME.

Both claim what they send in the reminder log before sending, so a restart, a second tick or a second
process sends nothing twice; both come back for a failed send at its retry time, and for a claim another
process holds when its lease ends (its holder may have died while sending: then this process takes over
instead of leaving the day's messages to the next day).

The scheduler never imports the bot: `install` is handed the services (plan catalogue, database, clock)
and a `Sender`; the application is only asked for its job queue.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Protocol

from plan.clock import Clock
from plan.model import Plan, Status
from scheduler.calendar import CalendarSettings, WorkCalendar
from scheduler.daily import DailyPass, Scheduling
from scheduler.dispatch import DeliveryReport, Dispatcher, RetryPolicy, worker_name
from scheduler.policy import PolicyConfig, PolicySettings, reminders_on
from scheduler.sender import DeliveryError, Sender, SendFailed
from store import reminder_log, repo
from store.db import Database
from store.digest import ClaimedDigest, NewReport, claim_digest, digest_key, finish_digest, record_sent
from store.plans import PlanCatalog

logger = logging.getLogger(__name__)

JOB_NAME = "zibot.reminders"
DIGEST_JOB_NAME = "zibot.report-digest"


class Host(Protocol):
    """What the tasks need from the application's services (bot.services.Services has it)."""

    plans: PlanCatalog
    database: Database
    clock: Clock


class DailySettings(PolicySettings, CalendarSettings, Protocol):
    reminder_time: time
    report_digest_time: time
    coordinator_chat_id: int | None


def install(
    application: Scheduling, settings: DailySettings, *, host: Host, sender: Sender
) -> list[DailyPass]:
    """Start the daily passes: reminders always, the report digest when there is a coordinator's chat."""
    reminders = Reminders(settings, host, sender)
    logger.info(
        "daily reminders at %s, %s before the deadline, overdue summary on weekday %s, escalation after %s days",
        settings.reminder_time.strftime("%H:%M"),
        ", ".join(f"H-{n}" for n in reversed(reminders.policy.days_before)) or "nothing",
        reminders.policy.overdue_weekday,
        reminders.policy.escalate_after_days,
    )
    passes = [DailyPass.start(application, reminders, host.clock)]
    if settings.coordinator_chat_id is None:
        logger.info("no report digest: ZIBOT_COORDINATOR_CHAT_ID is not set")
    else:
        digest = ReportDigest(settings.report_digest_time, settings.coordinator_chat_id, host, sender)
        passes.append(DailyPass.start(application, digest, host.clock))
        logger.info("report digest daily at %s", settings.report_digest_time.strftime("%H:%M"))
    return passes


class Reminders:
    """The reminder task of one process: the policy's settings, and one worker name for all its claims."""

    name = JOB_NAME

    def __init__(self, settings: DailySettings, host: Host, sender: Sender) -> None:
        self.at = settings.reminder_time
        self.coordinator_chat_id = settings.coordinator_chat_id
        self.policy = PolicyConfig.from_settings(settings)
        self.calendar = WorkCalendar.from_settings(settings)
        self.worker = worker_name()
        self.host = host
        self.sender = sender

    async def run(self, now: datetime) -> datetime | None:
        return (await self.deliver_day(now.date())).next_attempt_at

    async def deliver_day(self, today: date) -> DeliveryReport:
        active = await asyncio.to_thread(_active_plan, self.host, today)
        if active is None:
            logger.info("no plan for %s: no reminders (the last plan is read-only)", today.year)
            return DeliveryReport()
        plan, statuses = active
        digests = reminders_on(plan, statuses, today, self.policy, self.calendar)
        dispatcher = Dispatcher(
            self.host.database,
            self.sender,
            self.host.clock,
            coordinator_chat_id=self.coordinator_chat_id,
            worker=self.worker,
        )
        return await dispatcher.deliver(digests)


@dataclass(eq=False)  # a service: compared by identity, as before
class ReportDigest:
    """The coordinator's daily digest: one message (or a few, if long) with every report since the last
    digest, not one message per file. Claimed once a day (store/digest.py); each message's reports are
    recorded as sent once Telegram accepted it, so a retry sends only the rest."""

    name = DIGEST_JOB_NAME

    at: time
    chat_id: int
    host: Host
    sender: Sender
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    worker: str = field(default_factory=worker_name)

    async def run(self, now: datetime) -> datetime | None:
        """Send today's digest unless it went out already; returns when to come back the same day."""
        digest = await asyncio.to_thread(self._claim, now)
        if digest is None:  # sent, or held elsewhere: back when a failure's retry time or the lease comes
            return await asyncio.to_thread(self._next_attempt, now)
        failure: DeliveryError | None = None
        sent = 0
        try:
            if digest.reports:
                async for count in self.sender.send_reports(self.chat_id, digest):
                    # Recorded before the next message goes: a crash now re-sends only what is in flight.
                    accepted, sent = digest.reports[sent : sent + count], sent + count
                    await asyncio.to_thread(self._record_sent, digest, accepted)
        except DeliveryError as error:
            failure = error
            logger.warning(
                "report digest %s: %d of %d reports not sent: %s",
                digest.key,
                len(digest.reports) - sent,
                len(digest.reports),
                error.reason,
            )
        retry_at = None
        if isinstance(failure, SendFailed) and failure.retryable:
            retry_at = self.retry.retry_at(self.host.clock.now(), digest.attempt, failure.retry_after)
        await asyncio.to_thread(self._finish, digest, failure, retry_at)
        return retry_at

    def _claim(self, now: datetime) -> ClaimedDigest | None:
        with self.host.database.unit_of_work() as session:
            return claim_digest(
                session, now.date(), self.chat_id, now, worker=self.worker, lease=self.retry.lease
            )

    def _record_sent(self, digest: ClaimedDigest, reports: Sequence[NewReport]) -> None:
        with self.host.database.unit_of_work() as session:
            record_sent(session, digest, reports, worker=self.worker, now=self.host.clock.now())

    def _finish(
        self, digest: ClaimedDigest, failure: DeliveryError | None, retry_at: datetime | None
    ) -> None:
        with self.host.database.unit_of_work() as session:
            finish_digest(
                session,
                digest,
                self.host.clock.now(),
                worker=self.worker,
                error=failure.reason if failure else None,
                retry_at=retry_at,
            )

    def _next_attempt(self, now: datetime) -> datetime | None:
        with self.host.database.unit_of_work() as session:
            return reminder_log.next_attempt(
                session, now.date(), after=now, lease=self.retry.lease, keys=[digest_key(now.date())]
            )


def _active_plan(host: Host, today: date) -> tuple[Plan, dict[tuple[str, str], Status]] | None:
    """This year's plan, read from the database at every pass (an import moves reminders from the next
    pass on), with its statuses; None when no plan covers the year."""
    with host.database.unit_of_work() as session:
        served = host.plans.serving(session, today)
        if served is None or served.read_only:
            return None
        return served.plan, repo.statuses(session, served.plan.year)
