"""Binding a group to a team (`/daftar`), and a group that became a supergroup keeping its binding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from plan.model import Plan
from plan.teams import find_team
from store import chats, evidence_waits
from store.chats import BoundChat
from usecases.actor import Actor
from usecases.commands import CommandName


@dataclass(frozen=True, slots=True)
class GroupOnly:
    """`/daftar` outside a group: nothing to bind."""


@dataclass(frozen=True, slots=True)
class BindUsage:
    """`/daftar` without a team: the teams there are, (code, name)."""

    teams: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Bound:
    team_name: str
    previous_team_name: str | None


def bind(
    session: Session, plan: Plan, actor: Actor, wanted: str, title: str, now: datetime
) -> GroupOnly | BindUsage | Bound:
    """A coordinator binds the group they write in to the team `wanted` names (code or part of its name)."""
    actor.require_coordinator(CommandName.DAFTAR)
    if not actor.in_group:
        return GroupOnly()
    if not wanted:
        return BindUsage(tuple((team.code, team.name) for team in plan.teams))
    team = find_team(plan, wanted)
    previous = chats.bind_chat(session, actor.chat_id, team.code, title, person_id=actor.person_id, now=now)
    if previous is not None and previous.team_code != team.code:
        chats.end_chat_memberships(session, actor.chat_id, previous.team_code)
    return Bound(team.name, previous.team_name if previous else None)


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> BoundChat | None:
    """A group became a supergroup: binding, history and open evidence waits follow the new id."""
    chats.migrate_chat(session, old_chat_id, new_chat_id)
    evidence_waits.move_chat(session, old_chat_id, new_chat_id)
    return chats.chat_binding(session, new_chat_id)


def left(session: Session, telegram_user_id: int, chat_id: int) -> bool:
    """Someone left (or was removed from) a group: if it is a team's, they no longer speak for that team."""
    bound = chats.chat_binding(session, chat_id)
    if bound is None:
        return False
    return chats.end_membership(session, telegram_user_id, chat_id, bound.team_code)
