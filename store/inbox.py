"""The update inbox: each update Telegram delivers is a row (raw JSON, keyed by update_id) committed before
Telegram is told it arrived, marked done once handled, pruned after the retention period.

Rows are `new` until handled, `done` after, or `unreadable` when this version of python-telegram-bot
cannot parse them: kept with their id, never handled, never in the way of the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from store.db import run
from store.models import InboxUpdate

NEW, DONE, UNREADABLE = "new", "done", "unreadable"


@dataclass(frozen=True, slots=True)
class Stored:
    update_id: int
    payload: Mapping[str, Any]


def kind_of(payload: Mapping[str, Any]) -> str:
    """`message`, `callback_query`, ...: the one field of an update besides its id."""
    return next((str(key) for key in payload if key != "update_id"), "?")[:40]


def store(session: Session, payloads: Sequence[Mapping[str, Any]], now: datetime) -> list[Stored]:
    """Add the updates not stored yet (Telegram re-sends what it was not told about); returns those added,
    in update_id order."""
    by_id = {int(payload["update_id"]): payload for payload in payloads}
    if not by_id:
        return []
    known = set(session.scalars(select(InboxUpdate.update_id).where(InboxUpdate.update_id.in_(by_id))))
    added = [Stored(update_id, by_id[update_id]) for update_id in sorted(by_id) if update_id not in known]
    session.add_all(
        InboxUpdate(
            update_id=item.update_id,
            kind=kind_of(item.payload),
            payload=json.dumps(item.payload, ensure_ascii=False, separators=(",", ":")),
            state=NEW,
            received_at=now,
        )
        for item in added
    )
    return added


def unfinished(session: Session) -> list[Stored]:
    """Updates stored but not handled (the process stopped or died first), oldest first."""
    rows = session.execute(
        select(InboxUpdate.update_id, InboxUpdate.payload)
        .where(InboxUpdate.state == NEW)
        .order_by(InboxUpdate.update_id)
    )
    return [Stored(update_id, json.loads(payload)) for update_id, payload in rows]


def last_update_id(session: Session) -> int | None:
    return session.scalar(select(func.max(InboxUpdate.update_id)))


_INBOX = InboxUpdate.__table__
_FINISHED = (  # built once: every update runs it (no expanding IN: re-rendering its SQL costs more than running it)
    update(_INBOX)
    .where(_INBOX.c.update_id == bindparam("finished_id"))
    .values(state=bindparam("state"), done_at=bindparam("now"))
)


def finish(session: Session, update_ids: Iterable[int], now: datetime, state: str = DONE) -> None:
    rows = [{"finished_id": update_id, "state": state, "now": now} for update_id in update_ids]
    if rows:
        run(session, _FINISHED, rows)


def prune(session: Session, done_before: datetime) -> int:
    """Forget handled updates older than the retention period; unreadable ones are kept for a look."""
    result = session.execute(
        delete(InboxUpdate).where(InboxUpdate.state == DONE, InboxUpdate.done_at < done_before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
