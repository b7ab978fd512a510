"""Team chats, memberships and roles as recorded; what they allow is decided in usecases/actor.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from store.db import run
from store.models import LAST_SEEN_RESOLUTION, Evidence, Membership, Person, StatusChange, TeamChat, TeamRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BoundChat:
    chat_id: int
    team_code: str
    team_name: str
    title: str
    active: bool


def bind_chat(
    session: Session, chat_id: int, team_code: str, title: str, *, person_id: int | None, now: datetime
) -> BoundChat | None:
    """Bind (or re-bind) a group to a team; returns the previous binding, if any."""
    team = session.scalar(select(TeamRow).where(TeamRow.code == team_code))
    if team is None:
        raise LookupError(f"team {team_code} is not in the database")
    previous = chat_binding(session, chat_id)
    row = session.scalar(select(TeamChat).where(TeamChat.chat_id == chat_id))
    if row is None:
        row = TeamChat(chat_id=chat_id)
        session.add(row)
    row.team_id = team.id
    row.title = title
    row.bound_by = person_id
    row.bound_at = now
    row.active = True
    row.inactive_reason = None
    session.flush()
    logger.info("chat %s bound to team %s by person %s", chat_id, team_code, person_id)
    return previous


# Over the tables, not the mapped classes (store/repo.py says why): every update reads a binding.
_CHATS, _TEAMS, _PEOPLE = TeamChat.__table__, TeamRow.__table__, Person.__table__
_BINDINGS = select(_CHATS.c.chat_id, _TEAMS.c.code, _TEAMS.c.name, _CHATS.c.title, _CHATS.c.active).join(
    _TEAMS, _TEAMS.c.id == _CHATS.c.team_id
)
_BINDING = _BINDINGS.where(_CHATS.c.chat_id == bindparam("chat_id"))  # built once: read on every update


def chat_binding(session: Session, chat_id: int) -> BoundChat | None:
    row = run(session, _BINDING, {"chat_id": chat_id}).one_or_none()
    return BoundChat(*row) if row is not None else None


def active_team_chats(session: Session, team_code: str | None = None) -> list[BoundChat]:
    """Chats that get reminders: bound and not known to have removed the bot."""
    query = _BINDINGS.where(_CHATS.c.active.is_(True)).order_by(_TEAMS.c.code, _CHATS.c.chat_id)
    if team_code is not None:
        query = query.where(_TEAMS.c.code == team_code)
    return [BoundChat(*row) for row in session.execute(query)]


def mark_chat_inactive(session: Session, chat_id: int, reason: str) -> bool:
    """True if the chat was active until now (so the coordinator is told once)."""
    result = session.execute(
        update(TeamChat)
        .where(TeamChat.chat_id == chat_id, TeamChat.active.is_(True))
        .values(active=False, inactive_reason=reason)
    )
    if result.rowcount:
        logger.warning("chat %s marked inactive: %s", chat_id, reason)
    return bool(result.rowcount)


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> bool:
    """A group became a supergroup: its binding and history follow the new chat id."""
    row = session.scalar(select(TeamChat).where(TeamChat.chat_id == old_chat_id))
    if row is None:
        return False
    if session.scalar(select(TeamChat.id).where(TeamChat.chat_id == new_chat_id)) is None:
        row.chat_id = new_chat_id
    else:
        session.delete(row)
    for model in (StatusChange, Evidence, Membership):
        session.execute(update(model).where(model.chat_id == old_chat_id).values(chat_id=new_chat_id))
    logger.info("chat %s migrated to %s", old_chat_id, new_chat_id)
    return True


# Built once, like the binding's read: every update in a group runs them.
_MEMBERSHIPS = Membership.__table__
_BINDING_SEEN = (
    _BINDINGS.add_columns(_TEAMS.c.id, _MEMBERSHIPS.c.id, _MEMBERSHIPS.c.chat_id, _MEMBERSHIPS.c.last_seen_at)
    .outerjoin(
        _MEMBERSHIPS,
        (_MEMBERSHIPS.c.team_id == _TEAMS.c.id) & (_MEMBERSHIPS.c.person_id == bindparam("person_id")),
    )
    .where(_CHATS.c.chat_id == bindparam("chat_id"))
)
_MEMBERSHIP_BEGUN = insert(_MEMBERSHIPS).values(
    person_id=bindparam("person_id"),
    team_id=bindparam("team_id"),
    last_seen_at=bindparam("now"),
    chat_id=bindparam("chat_id"),
)
_MEMBERSHIP_SEEN = (
    update(_MEMBERSHIPS)
    .where(_MEMBERSHIPS.c.id == bindparam("membership_id"))
    .values(last_seen_at=bindparam("now"), chat_id=bindparam("chat_id"))
)


def binding_seen_by(session: Session, chat_id: int, person_id: int, now: datetime) -> BoundChat | None:
    """The chat's binding, with the person who spoke in it recorded as a member of its team (so `/tugas`
    in private shows it): binding and membership in one read, and most updates then write nothing."""
    values = {"person_id": person_id, "chat_id": chat_id, "now": now}
    row = run(session, _BINDING_SEEN, values).one_or_none()
    if row is None:
        return None
    *bound, team_id, membership_id, last_chat_id, last_seen_at = row
    if membership_id is None:
        run(session, _MEMBERSHIP_BEGUN, {**values, "team_id": team_id})
    elif last_chat_id != chat_id or now - last_seen_at >= LAST_SEEN_RESOLUTION:
        run(session, _MEMBERSHIP_SEEN, {**values, "membership_id": membership_id})
    return BoundChat(*bound)


def end_membership(session: Session, telegram_user_id: int, chat_id: int, team_code: str) -> bool:
    """Someone left a team's group: their membership of its team ends, unless it was last seen in another
    group of the team (a membership recorded before groups were remembered counts as this group's)."""
    team_id = select(TeamRow.id).where(TeamRow.code == team_code).scalar_subquery()
    person_id = select(Person.id).where(Person.telegram_user_id == telegram_user_id).scalar_subquery()
    result = session.execute(
        delete(Membership).where(
            Membership.person_id == person_id,
            Membership.team_id == team_id,
            or_(Membership.chat_id == chat_id, Membership.chat_id.is_(None)),
        )
    )
    if result.rowcount:
        logger.info("user %s left chat %s: membership of team %s ended", telegram_user_id, chat_id, team_code)
    return bool(result.rowcount)


def end_chat_memberships(session: Session, chat_id: int, team_code: str) -> int:
    """A group was rebound away from `team_code`: the memberships it gave that team end."""
    team_id = select(TeamRow.id).where(TeamRow.code == team_code).scalar_subquery()
    result = session.execute(
        delete(Membership).where(Membership.team_id == team_id, Membership.chat_id == chat_id)
    )
    logger.info("chat %s left team %s: %s memberships ended", chat_id, team_code, result.rowcount)
    return int(result.rowcount)


def teams_of_person(session: Session, telegram_user_id: int) -> list[str]:
    return list(
        session.scalars(
            select(TeamRow.code)
            .join(Membership, Membership.team_id == TeamRow.id)
            .join(Person, Person.id == Membership.person_id)
            .where(Person.telegram_user_id == telegram_user_id)
            .order_by(TeamRow.code)
        )
    )
