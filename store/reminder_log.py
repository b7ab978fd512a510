"""The reminder log: one row per reminder key, claimed in the database before anything is sent.

A claim is an INSERT that does nothing when the key exists (``ON CONFLICT DO NOTHING``, on PostgreSQL and
SQLite alike): whoever inserts the row owns the key, everyone else backs off. On PostgreSQL a second
transaction inserting the same key waits for the first to commit and then finds the row; on SQLite the
write lock serialises the two. A row can be taken over by a conditional UPDATE, which is atomic on both
engines: a failed send whose retry time has come, or a claim whose holder went silent for longer than the
lease (a process that died between claiming and recording the result).

States: ``claimed`` (someone is sending), ``sent``, ``failed`` (``next_attempt_at`` set: will be retried;
unset: given up).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from store.db import upsert_insert
from store.models import ReminderLog

logger = logging.getLogger(__name__)

CLAIMED = "claimed"
SENT = "sent"
FAILED = "failed"


@dataclass(frozen=True, slots=True)
class NewClaim:
    key: str
    chat_id: int
    day: date
    kind: str
    payload: str | None = None


def claim(
    session: Session, claims: Sequence[NewClaim], *, worker: str, now: datetime, lease: timedelta
) -> dict[str, int]:
    """Claim what nobody else holds; returns the keys now held by `worker`, with their attempt number.

    Keys are taken in sorted order so two workers claiming overlapping sets never deadlock on PostgreSQL.
    Commit promptly: the claim is only visible to others, and only binding, once committed.
    """
    insert = upsert_insert(session)
    held: dict[str, int] = {}
    for new in sorted(claims, key=lambda c: c.key):
        inserted = session.execute(
            insert(ReminderLog)
            .values(**asdict(new), state=CLAIMED, attempts=1, claimed_by=worker, claimed_at=now)
            .on_conflict_do_nothing(index_elements=[ReminderLog.key])
            .returning(ReminderLog.attempts)
        ).scalar()
        if inserted is not None:
            held[new.key] = inserted
            continue
        attempts = session.execute(
            update(ReminderLog)
            .where(
                ReminderLog.key == new.key,
                or_(
                    and_(ReminderLog.state == FAILED, ReminderLog.next_attempt_at <= now),
                    and_(ReminderLog.state == CLAIMED, ReminderLog.claimed_at <= now - lease),
                ),
            )
            .values(
                state=CLAIMED,
                claimed_by=worker,
                claimed_at=now,
                attempts=ReminderLog.attempts + 1,
                next_attempt_at=None,
            )
            .returning(ReminderLog.attempts)
            .execution_options(synchronize_session=False)
        ).scalar()
        if attempts is not None:
            logger.info("reminder %s taken over for attempt %s by %s", new.key, attempts, worker)
            held[new.key] = attempts
    return held


def record_sent(session: Session, sent: Sequence[NewClaim], *, worker: str, now: datetime) -> None:
    """Record what went out without a claim of its own (the parts of a claimed whole, e.g. a digest's
    reports); a key recorded before stays as it is."""
    if sent:
        session.execute(
            upsert_insert(session)(ReminderLog)
            .values(
                [
                    {
                        **asdict(new),
                        "state": SENT,
                        "attempts": 1,
                        "claimed_by": worker,
                        "claimed_at": now,
                        "sent_at": now,
                    }
                    for new in sent
                ]
            )
            .on_conflict_do_nothing(index_elements=[ReminderLog.key])
        )


def mark_sent(session: Session, keys: Iterable[str], *, worker: str, now: datetime) -> None:
    keys = list(keys)
    if keys:
        session.execute(
            _held(keys, worker).values(state=SENT, sent_at=now, last_error=None),
            execution_options={"synchronize_session": False},
        )


def mark_failed(session: Session, key: str, *, worker: str, error: str, retry_at: datetime | None) -> None:
    """Record a failed send; `retry_at` None means given up (the key stays failed for good)."""
    session.execute(
        _held([key], worker).values(state=FAILED, last_error=error[:1000], next_attempt_at=retry_at),
        execution_options={"synchronize_session": False},
    )


def next_attempt(
    session: Session, day: date, *, after: datetime, lease: timedelta, keys: Collection[str] | None = None
) -> datetime | None:
    """The next moment after `after` when something of `day` (of `keys`, if given) may need another go: a
    failed reminder's retry time, or the lease expiry of a claim nobody has answered yet."""
    of_day = [ReminderLog.day == day] + ([ReminderLog.key.in_(keys)] if keys is not None else [])
    retry = session.scalar(
        select(ReminderLog.next_attempt_at)
        .where(*of_day, ReminderLog.state == FAILED, ReminderLog.next_attempt_at > after)
        .order_by(ReminderLog.next_attempt_at)
        .limit(1)
    )
    claimed = session.scalar(
        select(ReminderLog.claimed_at)
        .where(*of_day, ReminderLog.state == CLAIMED, ReminderLog.claimed_at > after - lease)
        .order_by(ReminderLog.claimed_at)
        .limit(1)
    )
    moments = [moment for moment in (retry, claimed + lease if claimed else None) if moment is not None]
    return min(moments, default=None)


def _held(keys: list[str], worker: str):  # type: ignore[no-untyped-def]
    # Only the current holder records the outcome: a worker whose lease was taken over must not
    # overwrite the new holder's state.
    return update(ReminderLog).where(
        ReminderLog.key.in_(keys), ReminderLog.claimed_by == worker, ReminderLog.state == CLAIMED
    )
