"""Who is asking, and what they may speak for.

Coordinators are the ZIBOT_ADMIN_IDS plus people given the coordinator role in the database. Team
members are the people seen in a team's bound group: in that group they speak for its team, and in a
private chat for every team they were seen in. The rules themselves are methods of `store.reporting.Actor`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session
from telegram import Chat, Update

from bot.services import Services
from store import chats, repo
from store.reporting import Actor

GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)


def actor_of(session: Session, update: Update, services: Services, now: datetime) -> Actor:
    """Record the person (and, in a bound group, their team membership) and say what they may do."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None, "handlers only run on updates with a user and a chat"
    person_id = repo.touch_person(session, user.id, user.full_name, user.username, now)
    # The coordinator's own chat (ZIBOT_COORDINATOR_CHAT_ID) is no team's group: it works like a private chat.
    in_group = chat.type in GROUP_TYPES and chat.id != services.config.coordinator_chat_id
    binding = chats.chat_binding(session, chat.id) if in_group else None
    if binding is not None:
        chats.record_membership(session, person_id, binding.team_code, now)
        teams: tuple[str, ...] = (binding.team_code,)
    elif in_group:
        teams = ()
    else:
        teams = tuple(chats.teams_of_person(session, user.id))
    return Actor(
        person_id=person_id,
        telegram_user_id=user.id,
        name=user.full_name,
        chat_id=chat.id,
        in_group=in_group,
        is_coordinator=is_coordinator(session, services, user.id),
        chat_team=binding.team_code if binding is not None else None,
        teams=teams,
    )


def is_coordinator(session: Session, services: Services, telegram_user_id: int) -> bool:
    return telegram_user_id in services.config.admin_ids or chats.has_coordinator_role(
        session, telegram_user_id
    )
