"""The coordinator's daily digest of new reports: claimed once a day in `reminder_log` (kind ``digest``).

The claim (`store.reminder_log`, shared with the reminders) makes the digest idempotent across restarts: a
day whose digest was sent is never sent again, and each digest covers the reports since the previous one
was put together, so none is lost or repeated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import reminder_log
from store.models import ReminderLog
from store.review import NewReport, reports_since

logger = logging.getLogger(__name__)

DIGEST_KIND = "digest"
# The very first digest has no predecessor to start from.
FIRST_DIGEST_LOOKBACK = timedelta(days=1)
# A claim nobody finished within this long (a process that died while sending) may be taken over.
LEASE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Digest:
    key: str
    day: date
    since: datetime
    until: datetime
    reports: tuple[NewReport, ...]


def digest_key(day: date) -> str:
    return f"{DIGEST_KIND}:{day.isoformat()}"


def claim_digest(
    session: Session, day: date, chat_id: int, now: datetime, *, worker: str, lease: timedelta = LEASE
) -> Digest | None:
    """Claim the digest of `day` and gather its reports; None when another run sent or holds it."""
    key = digest_key(day)
    held = reminder_log.claim(
        session, [reminder_log.NewClaim(key, chat_id, day, DIGEST_KIND)], worker=worker, now=now, lease=lease
    )
    if key not in held:
        return None
    previous = session.scalar(
        select(func.max(ReminderLog.claimed_at)).where(
            ReminderLog.kind == DIGEST_KIND, ReminderLog.state == reminder_log.SENT, ReminderLog.key != key
        )
    )
    since = previous or now - FIRST_DIGEST_LOOKBACK
    reports = tuple(reports_since(session, since, now))
    logger.info("digest %s claimed by %s: %d new reports since %s", key, worker, len(reports), since)
    return Digest(key, day, since, now, reports)


def finish_digest(
    session: Session,
    digest: Digest,
    now: datetime,
    *,
    worker: str,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Record the digest as sent, or as failed (tried again from `retry_at`; None gives up)."""
    if error is None:
        reminder_log.mark_sent(session, [digest.key], worker=worker, now=now)
    else:
        reminder_log.mark_failed(session, digest.key, worker=worker, error=error, retry_at=retry_at)
    logger.info("digest %s %s", digest.key, "failed: " + error if error else "sent")
