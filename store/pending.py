"""Requests that wait between updates, kept in the database so that a restart, or a second process on
the same database, finds them: an album's items held until its captioned item says where the album goes
(kind `album`, one row per media group), and a command waiting for an action to be picked from an inline
keyboard (kind `pick`, one row per keyboard, found by the token in its buttons).

The payload is JSON that the bot side writes and reads (Telegram file ids, parsed arguments, the target);
this module keeps it and hands it back. A button press takes its row by marking it with the press's update
(`claim`), so the same press handled again after a crash takes it again. A row whose time has passed is
dropped when it is touched, and every new row sweeps the expired ones, so nothing needs a cleaning job.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from store.db import upsert_insert
from store.models import PendingRequest as Row

logger = logging.getLogger(__name__)

ALBUM = "album"
PICK = "pick"


@dataclass(frozen=True, slots=True)
class Pending:
    token: str
    kind: str
    chat_id: int
    user_id: int
    media_group_id: str | None
    payload: dict[str, Any]
    created_at: datetime
    expires_at: datetime
    taken_by_update: int | None = None  # see `claim`


def _columns(new: Pending) -> dict[str, Any]:
    """The row of a new request: its fields, the payload as JSON."""
    columns = asdict(new)
    columns["telegram_user_id"] = columns.pop("user_id")
    columns["payload"] = json.dumps(new.payload)
    return columns


def album_token(media_group_id: str) -> str:
    return f"{ALBUM}:{media_group_id}"


def open_album(
    session: Session,
    media_group_id: str,
    chat_id: int,
    user_id: int,
    payload: dict[str, Any],
    *,
    now: datetime,
    expires_at: datetime,
) -> Pending:
    """The album's row, created by whichever of its items comes first (`payload` is its initial state).

    An INSERT that does nothing when the row exists: two processes seeing two items of one album at once
    end up with one row."""
    token = album_token(media_group_id)
    found = get(session, token, now=now, lock=True)
    if found is not None:
        return found
    _sweep(session, now)
    new = Pending(token, ALBUM, chat_id, user_id, media_group_id, payload, now, expires_at)
    session.execute(
        upsert_insert(session)(Row).values(**_columns(new)).on_conflict_do_nothing(index_elements=[Row.token])
    )
    found = get(session, token, now=now, lock=True)
    assert found is not None
    return found


def add(
    session: Session,
    token: str,
    kind: str,
    chat_id: int,
    user_id: int,
    media_group_id: str | None,
    payload: dict[str, Any],
    *,
    now: datetime,
    expires_at: datetime,
) -> Pending:
    _sweep(session, now)
    row = Row(**_columns(Pending(token, kind, chat_id, user_id, media_group_id, payload, now, expires_at)))
    session.add(row)
    session.flush()
    logger.info("%s %s waits in chat %s until %s", kind, token, chat_id, expires_at.isoformat())
    return _value(row)


def get(session: Session, token: str, *, now: datetime, lock: bool = False) -> Pending | None:
    """The row, unless it expired (then it is dropped). `lock`: held until commit, for a read-modify-write
    (PostgreSQL; SQLite's write lock serialises writers anyway)."""
    query = select(Row).where(Row.token == token)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        return None
    if row.expires_at <= now:
        logger.info("%s %s expired at %s", row.kind, token, row.expires_at.isoformat())
        session.delete(row)
        session.flush()
        return None
    return _value(row)


def set_payload(session: Session, token: str, payload: dict[str, Any]) -> None:
    session.execute(
        update(Row)
        .where(Row.token == token)
        .values(payload=json.dumps(payload))
        .execution_options(synchronize_session=False)
    )


def claim(session: Session, token: str, *, now: datetime, update_id: int) -> Pending | None:
    """Mark the row taken by the update `update_id` and return it: of two presses, one gets it, and the
    same press handled again after a crash gets it again. The row stays until it expires, so a later
    press can tell "taken" from "gone"."""
    found = get(session, token, now=now)
    if found is None:
        return None
    marked = session.execute(
        update(Row)
        .where(Row.token == token, or_(Row.taken_by_update.is_(None), Row.taken_by_update == update_id))
        .values(taken_by_update=update_id)
        .execution_options(synchronize_session=False)
    )
    return replace(found, taken_by_update=update_id) if marked.rowcount == 1 else None  # type: ignore[attr-defined]


def _sweep(session: Session, now: datetime) -> None:
    session.execute(delete(Row).where(Row.expires_at <= now).execution_options(synchronize_session=False))


def _value(row: Row) -> Pending:
    return Pending(
        token=row.token,
        kind=row.kind,
        chat_id=row.chat_id,
        user_id=row.telegram_user_id,
        media_group_id=row.media_group_id,
        payload=json.loads(row.payload),
        created_at=row.created_at,
        expires_at=row.expires_at,
        taken_by_update=row.taken_by_update,
    )
