"""The reminder log's rows as tests read them: what was claimed, sent or given up, per day or chat."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ReminderLog


def log_entries(
    session: Session, *, day: date | None = None, chat_id: int | None = None
) -> list[ReminderLog]:
    query = select(ReminderLog).order_by(ReminderLog.day, ReminderLog.chat_id, ReminderLog.key)
    if day is not None:
        query = query.where(ReminderLog.day == day)
    if chat_id is not None:
        query = query.where(ReminderLog.chat_id == chat_id)
    return list(session.scalars(query))
