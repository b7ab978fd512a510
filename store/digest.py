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

from plan.model import Status
from store import reminder_log
from store.models import ActionRow, PeriodRow, Person, ReminderLog, StatusChange, TeamRow

logger = logging.getLogger(__name__)

DIGEST_KIND = "digest"
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
    since: datetime
    until: datetime
    reports: tuple[NewReport, ...]
    attempt: int  # 1 for the first claim of the day, more once a failed or abandoned one is taken over


def digest_key(day: date) -> str:
    return f"{DIGEST_KIND}:{day.isoformat()}"


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
    reports = tuple(reports_since(session, since, now))
    logger.info("digest %s claimed by %s: %d new reports since %s", key, worker, len(reports), since)
    return ClaimedDigest(key, day, since, now, reports, held[key])


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
    """Periods moved to selesai in (since, until], each once (its latest report), oldest first."""
    rows = session.execute(
        select(
            StatusChange.at,
            ActionRow.code,
            TeamRow.code,
            PeriodRow.key,
            PeriodRow.label,
            PeriodRow.status,
            Person.full_name,
        )
        .join(PeriodRow, StatusChange.period_id == PeriodRow.id)
        .join(ActionRow, PeriodRow.action_id == ActionRow.id)
        .join(TeamRow, ActionRow.team_id == TeamRow.id)
        .outerjoin(Person, StatusChange.person_id == Person.id)
        .where(
            StatusChange.to_status == Status.SELESAI.value, StatusChange.at > since, StatusChange.at <= until
        )
        .order_by(StatusChange.at, StatusChange.id)
    )
    latest = {
        (code, key): NewReport(code, key, label, team, name, at, Status(status))
        for at, code, team, key, label, status, name in rows
    }
    return sorted(latest.values(), key=lambda report: report.at)
