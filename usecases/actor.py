"""Who is asking, where, and what they may speak for.

Coordinators are the ZIBOT_ADMIN_IDS plus people given the coordinator role in the database; TPI
evaluators (ZIBOT_TPI_IDS) answer and read the LKE and nothing else. Team
members are the people seen in a team's bound group: in that group they speak for its team, and in a
private chat for every team they were seen in.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from plan.errors import CoordinatorOnly, HiddenTeam, UnboundChat
from plan.model import Status
from store import chats, repo

COORDINATOR_ROLE = "coordinator"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking, where, and what they may speak for (built once per update)."""

    person_id: int
    telegram_user_id: int
    name: str
    chat_id: int
    in_group: bool
    is_coordinator: bool
    chat_team: str | None  # the team bound to this group
    teams: tuple[str, ...]  # in a group: its team; in private: the teams they were seen in
    is_evaluator: bool = False  # a TPI evaluator (ZIBOT_TPI_IDS): answers and reads the LKE

    def require_bound(self) -> None:
        """In a group no coordinator has bound, the bot only explains binding."""
        if self.in_group and self.chat_team is None:
            raise UnboundChat(self.chat_id)

    def require_coordinator(self, command: str) -> None:
        if not self.is_coordinator:
            raise CoordinatorOnly(command)

    def may_report(self, team_code: str) -> bool:
        """Reporting and seeing a team's details follow one rule: its members (here) and coordinators."""
        return self.is_coordinator or team_code in self.teams

    def require_team(self, code: str, team_code: str, team_name: str) -> None:
        """Reporters' names, notes and evidence are for the team's members and the coordinators only."""
        if not self.may_report(team_code):
            raise HiddenTeam(code, team_code, team_name)


@dataclass(frozen=True, slots=True)
class Speaker:
    """The person and chat of an update, as plain values (bot/ reads them off the Telegram update)."""

    telegram_user_id: int
    full_name: str
    username: str | None
    chat_id: int
    group_chat: bool  # a group or supergroup, as opposed to a private chat


def identify(
    session: Session,
    speaker: Speaker,
    *,
    admin_ids: Collection[int],
    coordinator_chat_id: int | None,
    now: datetime,
    evaluator_ids: Collection[int] = frozenset(),
) -> Actor:
    """Record the person (and, in a bound group, their team membership) and say what they may do."""
    person = repo.touch_person(session, speaker.telegram_user_id, speaker.full_name, speaker.username, now)
    # The coordinator's own chat is no team's group: it works like a private chat.
    in_group = speaker.group_chat and speaker.chat_id != coordinator_chat_id
    binding = chats.binding_seen_by(session, speaker.chat_id, person.person_id, now) if in_group else None
    if binding is not None:
        teams: tuple[str, ...] = (binding.team_code,)
    elif in_group:
        teams = ()
    else:
        teams = tuple(chats.teams_of_person(session, speaker.telegram_user_id))
    coordinator = speaker.telegram_user_id in admin_ids or person.role == COORDINATOR_ROLE
    return Actor(
        person_id=person.person_id,
        telegram_user_id=speaker.telegram_user_id,
        name=speaker.full_name,
        chat_id=speaker.chat_id,
        in_group=in_group,
        is_coordinator=coordinator,
        chat_team=binding.team_code if binding is not None else None,
        teams=teams,
        is_evaluator=speaker.telegram_user_id in evaluator_ids,
    )


def change_status_by(
    session: Session,
    actor: Actor,
    period_id: int,
    status: Status,
    now: datetime,
    *,
    note: str | None = None,
    message_id: int | None = None,
    previous: Status | None = None,
    evidence_aside: str | None = None,
) -> int:
    """Move a period to `status` in the actor's name: the history keeps who, in which chat, when and why.

    With `evidence_aside` (withdrawn after /batal, rejected after /tolak) its evidence leaves it for the
    same reason: on record, no longer counted or packaged. Returns how many items left."""
    repo.change_status(
        session,
        period_id,
        status,
        person_id=actor.person_id,
        chat_id=actor.chat_id,
        now=now,
        note=note,
        message_id=message_id,
        previous=previous,
    )
    if evidence_aside is None:
        return 0
    return repo.set_evidence_aside(
        session, period_id, evidence_aside, person_id=actor.person_id, now=now, reason=note
    )
