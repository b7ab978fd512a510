"""The outbox: each answer an update's handling sends is a row committed before it goes out (bot/outbox.py
sends it), keyed by its update and its number within the update's answers.

So the update is done once its handlers return, whatever Telegram's pace: what is not sent yet is sent
after a restart, in order; and an update handled again after a crash queues nothing it queued before.
Rows are unsent, sent (`sent_at`) or refused for good (`failure`); sent and refused ones are pruned after
the inbox's retention period.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, bindparam, delete, select, update
from sqlalchemy.orm import Session

from store.db import dialect_insert, run
from store.models import OutboxMessage

# Built once: every answer runs them.
_OUTBOX = OutboxMessage.__table__
_SENT = update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row_id")).values(sent_at=bindparam("now"))


@dataclass(frozen=True, slots=True)
class Queued:
    id: int
    update_id: int
    chat_id: int
    message: dict[str, Any]


def queue(
    session: Session, update_id: int, number: int, chat_id: int, message: dict[str, Any], now: datetime
) -> Queued | None:
    """Add answer `number` of `update_id`; None when an earlier handling of the update queued it."""
    row = {
        "update_id": update_id,
        "number": number,
        "chat_id": chat_id,
        "message": json.dumps(message, ensure_ascii=False, separators=(",", ":")),
        "queued_at": now,
    }
    row_id = run(session, _queue_statement(session.get_bind().dialect.name), row).scalar()
    return Queued(row_id, update_id, chat_id, message) if row_id is not None else None


@functools.cache
def _queue_statement(dialect: str) -> Insert:
    # The first handling of an update wins.
    return (
        dialect_insert(dialect)(_OUTBOX)
        .on_conflict_do_nothing(index_elements=["update_id", "number"])
        .returning(_OUTBOX.c.id)
    )


def unsent(session: Session) -> list[Queued]:
    """What an earlier run queued and did not get out, in the order it was queued."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.update_id, OutboxMessage.chat_id, OutboxMessage.message)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failure.is_(None))
        .order_by(OutboxMessage.id)
    )
    return [
        Queued(row_id, update_id, chat_id, json.loads(message))
        for row_id, update_id, chat_id, message in rows
    ]


def sent(session: Session, row_id: int, now: datetime) -> None:
    run(session, _SENT, {"row_id": row_id, "now": now})


def refused(session: Session, row_id: int, reason: str) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(failure=reason[:255]))


def prune(session: Session, before: datetime) -> int:
    """Forget what went out (or was refused) before `before`."""
    result = session.execute(
        delete(OutboxMessage).where(
            (OutboxMessage.sent_at < before)
            | (OutboxMessage.failure.is_not(None) & (OutboxMessage.queued_at < before))
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
