"""The coordinator's daily digest: at ZIBOT_REPORT_DIGEST_TIME, one message with every report since the
last digest (not one message per file), to ZIBOT_COORDINATOR_CHAT_ID.

One self-rescheduling job on the JobQueue, timed from the application's clock: a pass runs at start-up
(so a start after the digest time sends the day's digest once, as a catch-up) and then daily. The claim in
the reminder log (store/digest.py) keeps it to one digest a day across restarts; a digest that could not
be sent is tried again a little later.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import report_texts
from bot.services import Services, services_of
from scheduler.dispatch import worker_name
from store.digest import ClaimedDigest, claim_digest, finish_digest

logger = logging.getLogger(__name__)

JOB_NAME = "zibot.report-digest"
RETRY_AFTER = timedelta(minutes=15)
_JOB_KWARGS = {"misfire_grace_time": None, "coalesce": True}


class DigestSettings(Protocol):
    report_digest_time: time


def install(application: Application, settings: DigestSettings) -> DigestJob:  # type: ignore[type-arg]
    job = DigestJob(settings.report_digest_time)
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is a dependency"
    application.job_queue.run_once(job.run, when=0, name=JOB_NAME, job_kwargs=_JOB_KWARGS)
    logger.info("report digest daily at %s", settings.report_digest_time.strftime("%H:%M"))
    return job


class DigestJob:
    def __init__(self, at: time) -> None:
        self.at = at
        self.worker = worker_name()

    async def run(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        services = services_of(context)
        now = services.clock.now()
        retry_at: datetime | None = None
        try:
            chat_id = services.config.coordinator_chat_id
            if chat_id is not None and now.time() >= self.at:
                retry_at = await self.deliver(services, context.bot, chat_id, now)
        except Exception:  # keep the daily chain alive whatever went wrong in this pass
            logger.exception("report digest of %s failed; trying again in %s", now.date(), RETRY_AFTER)
            retry_at = now + RETRY_AFTER
        finally:
            when = self.next_time(now)
            if retry_at is not None:
                when = min(when, retry_at)
            delay = max((when - services.clock.now()).total_seconds(), 0.0)
            assert context.job_queue is not None
            context.job_queue.run_once(self.run, when=delay, name=JOB_NAME, job_kwargs=_JOB_KWARGS)

    async def deliver(self, services: Services, bot: Any, chat_id: int, now: datetime) -> datetime | None:
        """Send today's digest unless it went out already; returns when to try again after a failure."""
        digest = await asyncio.to_thread(self._claim, services, chat_id, now)
        if digest is None:
            return None
        error: str | None = None
        try:
            if digest.reports:
                for text in report_texts.digest(digest.reports, digest.since, services.config.tz):
                    await bot.send_message(chat_id, text)
        except TelegramError as failure:
            error = str(failure) or type(failure).__name__
            logger.warning("report digest %s not sent: %s", digest.key, error)
        retry_at = now + RETRY_AFTER if error else None
        await asyncio.to_thread(self._finish, services, digest, error, retry_at)
        return retry_at

    def _claim(self, services: Services, chat_id: int, now: datetime) -> ClaimedDigest | None:
        with services.database.unit_of_work() as session:
            return claim_digest(session, now.date(), chat_id, now, worker=self.worker)

    def _finish(
        self, services: Services, digest: ClaimedDigest, error: str | None, retry_at: datetime | None
    ) -> None:
        with services.database.unit_of_work() as session:
            finish_digest(
                session, digest, services.clock.now(), worker=self.worker, error=error, retry_at=retry_at
            )

    def next_time(self, now: datetime) -> datetime:
        """Today's digest time if it is still ahead, else tomorrow's."""
        today_at = datetime.combine(now.date(), self.at, tzinfo=now.tzinfo)
        return today_at if today_at > now else today_at + timedelta(days=1)
