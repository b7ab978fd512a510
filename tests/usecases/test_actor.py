"""Who is asking: the coordinator role from the database, team membership recorded in bound groups only."""

from datetime import UTC, datetime

from sqlalchemy import update

from store import chats
from store.db import Database
from store.models import Person
from usecases.actor import COORDINATOR_ROLE, Actor, Speaker, identify

NOW = datetime(2022, 3, 1, 9, 0, tzinfo=UTC)
ADMIN = 100


def seen(database: Database, user_id: int, chat_id: int) -> Actor:
    with database.unit_of_work() as session:
        return identify(
            session,
            Speaker(user_id, f"Orang {user_id}", None, chat_id, group_chat=chat_id < 0),
            admin_ids={ADMIN},
            coordinator_chat_id=None,
            now=NOW,
        )


def test_the_role_in_the_database_makes_a_coordinator_and_only_that_person(imported: Database) -> None:
    assert not seen(imported, 7, 7).is_coordinator  # first seen: a member
    with imported.unit_of_work() as session:
        session.execute(update(Person).where(Person.telegram_user_id == 7).values(role=COORDINATOR_ROLE))
    assert seen(imported, 7, 7).is_coordinator
    assert not seen(imported, 8, 8).is_coordinator
    assert seen(imported, ADMIN, ADMIN).is_coordinator  # ZIBOT_ADMIN_IDS whatever the database says


def test_speaking_in_a_bound_group_makes_a_member_and_an_unbound_one_does_not(imported: Database) -> None:
    with imported.unit_of_work() as session:
        chats.bind_chat(session, -50, "TL", "Tim TL", person_id=None, now=NOW)
    unbound = seen(imported, 9, -60)
    assert (unbound.chat_team, unbound.teams) == (None, ())
    in_group = seen(imported, 9, -50)
    assert (in_group.chat_team, in_group.teams) == ("TL", ("TL",))
    assert seen(imported, 9, 9).teams == ("TL",)  # in private: the teams they were seen in
    assert seen(imported, 10, 10).teams == ()
