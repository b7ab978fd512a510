"""Evidence waits: after `/selesai KODE` without files, the reporter's next files in that chat within a
few minutes are its evidence. One row per (chat, person); the rule of when to open one is above store/."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from store.models import EvidenceWait

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredWait:
    period_id: int
    command: str
    note: str | None
    expires_at: datetime


def put(
    session: Session,
    chat_id: int,
    telegram_user_id: int,
    period_id: int,
    command: str,
    note: str | None,
    expires_at: datetime,
) -> None:
    """Open (or replace) the wait of this person in this chat."""
    row = _wait_of(session, chat_id, telegram_user_id)
    if row is None:
        row = EvidenceWait(chat_id=chat_id, telegram_user_id=telegram_user_id)
        session.add(row)
    row.period_id = period_id
    row.command = command
    row.note = note
    row.expires_at = expires_at
    session.flush()
    logger.info(
        "waiting for evidence of period %s from user %s in chat %s", period_id, telegram_user_id, chat_id
    )


def current(session: Session, chat_id: int, telegram_user_id: int, now: datetime) -> StoredWait | None:
    """The wait of this person in this chat, unless it expired (an expired one is dropped)."""
    row = _wait_of(session, chat_id, telegram_user_id)
    if row is None:
        return None
    if row.expires_at <= now:
        session.delete(row)
        return None
    return StoredWait(row.period_id, row.command, row.note, row.expires_at)


def _wait_of(session: Session, chat_id: int, telegram_user_id: int) -> EvidenceWait | None:
    return session.scalar(
        select(EvidenceWait).where(
            EvidenceWait.chat_id == chat_id, EvidenceWait.telegram_user_id == telegram_user_id
        )
    )


def drop_for_period(session: Session, period_id: int) -> None:
    session.execute(delete(EvidenceWait).where(EvidenceWait.period_id == period_id))


def move_chat(session: Session, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: its open waits follow the new chat id."""
    session.execute(
        update(EvidenceWait).where(EvidenceWait.chat_id == old_chat_id).values(chat_id=new_chat_id)
    )
