"""The coordinator's daily digest of new reports: claimed once a day in `reminder_log` (kind ``digest``).

The claim (`store.reminder_log`, shared with the reminders) makes the digest idempotent across restarts: a
day whose digest was sent is never sent again, and each digest covers the reports since the previous one
was put together, so none is lost or repeated. A long digest goes out as several messages; each report is
recorded as sent (kind ``digest-item``) the moment Telegram accepted its message, so a retry after a crash
or a failure sends only the reports not recorded yet: at most the message in flight is sent again.

A report cancelled (`/batal`) before the digest is left out: the period no longer holds a report.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from plan.model import Status
from store import reminder_log
from store.models import ActionRow, PeriodRow, Person, ReminderLog, StatusChange, TeamRow
from store.repo import with_period_and_person

logger = logging.getLogger(__name__)

DIGEST_KIND = "digest"
DIGEST_ITEM_KIND = "digest-item"
# Statuses of a period whose report still stands (or has been reviewed meanwhile): cancelled ones are left out.
_LISTED = (Status.SELESAI, Status.DISETUJUI, Status.DITOLAK)
# The very first digest has no predecessor to start from.
FIRST_DIGEST_LOOKBACK = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class NewReport:
    """A period reported (moved to selesai) since the last digest."""

    action_code: str
    period_key: str
    period_label: str
    team_code: str
    reported_by: str | None
    at: datetime
    status: Status  # its status now: a report may already be approved or rejected again


@dataclass(frozen=True, slots=True)
class ClaimedDigest:
    """A day's digest claimed by this process, with the reports since the previous digest was sent."""

    key: str
    day: date
    chat_id: int
    since: datetime
    until: datetime
    reports: tuple[NewReport, ...]
    attempt: int  # 1 for the first claim of the day, more once a failed or abandoned one is taken over


def digest_key(day: date) -> str:
    return f"{DIGEST_KIND}:{day.isoformat()}"


def report_key(day: date, report: NewReport) -> str:
    """One report in the digest of `day`: recorded as sent once its message was accepted."""
    return f"{digest_key(day)}|{report.action_code}|{report.period_key}"


def claim_digest(
    session: Session, day: date, chat_id: int, now: datetime, *, worker: str, lease: timedelta
) -> ClaimedDigest | None:
    """Claim the digest of `day` and gather its reports; None when another run sent or holds it. A claim
    older than `lease` (its holder died while sending) or a failed one whose retry time came is taken over."""
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
    found = reports_since(session, since, now)
    sent = set(
        session.scalars(
            select(ReminderLog.key).where(
                ReminderLog.key.in_([report_key(day, report) for report in found]),
                ReminderLog.state == reminder_log.SENT,
            )
        )
    )
    reports = tuple(report for report in found if report_key(day, report) not in sent)
    logger.info(
        "digest %s claimed by %s: %d new reports since %s (%d sent by an earlier attempt)",
        key,
        worker,
        len(reports),
        since,
        len(sent),
    )
    return ClaimedDigest(key, day, chat_id, since, now, reports, held[key])


def record_sent(
    session: Session, digest: ClaimedDigest, reports: Sequence[NewReport], *, worker: str, now: datetime
) -> None:
    """Record reports of one accepted message as sent: a retry of the day's digest leaves them out."""
    reminder_log.record_sent(
        session,
        [
            reminder_log.NewClaim(
                report_key(digest.day, report), digest.chat_id, digest.day, DIGEST_ITEM_KIND
            )
            for report in reports
        ],
        worker=worker,
        now=now,
    )


def finish_digest(
    session: Session,
    digest: ClaimedDigest,
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


def reports_since(session: Session, since: datetime, until: datetime) -> list[NewReport]:
    """Periods moved to selesai in (since, until], each once (its latest report), oldest first; those
    cancelled since (back to belum) are left out."""
    columns = select(
        StatusChange.at,
        ActionRow.code,
        TeamRow.code,
        PeriodRow.key,
        PeriodRow.label,
        PeriodRow.status,
        Person.full_name,
    )
    rows = session.execute(
        with_period_and_person(columns, StatusChange)
        .join(TeamRow, ActionRow.team_id == TeamRow.id)
        .where(
            StatusChange.to_status == Status.SELESAI.value,
            StatusChange.at > since,
            StatusChange.at <= until,
            PeriodRow.status.in_([status.value for status in _LISTED]),
        )
        .order_by(StatusChange.at, StatusChange.id)
    )
    latest = {
        (code, key): NewReport(code, key, label, team, name, at, Status(status))
        for at, code, team, key, label, status, name in rows
    }
    return sorted(latest.values(), key=lambda report: report.at)
