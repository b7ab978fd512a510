"""Who is asking: the coordinator role from the database, team membership recorded in bound groups only."""

from sqlalchemy import update

from store import chats
from store.db import Database
from store.models import Person
from tests.usecases.people import COORDINATOR, NOW, actor
from usecases.actor import COORDINATOR_ROLE


def test_the_role_in_the_database_makes_a_coordinator_and_only_that_person(imported: Database) -> None:
    assert not actor(imported, 7).is_coordinator  # first seen: a member
    with imported.unit_of_work() as session:
        session.execute(update(Person).where(Person.telegram_user_id == 7).values(role=COORDINATOR_ROLE))
    assert actor(imported, 7).is_coordinator
    assert not actor(imported, 8).is_coordinator
    assert actor(imported, COORDINATOR).is_coordinator  # ZIBOT_ADMIN_IDS whatever the database says


def test_speaking_in_a_bound_group_makes_a_member_and_an_unbound_one_does_not(imported: Database) -> None:
    with imported.unit_of_work() as session:
        chats.bind_chat(session, -50, "TL", "Tim TL", person_id=None, now=NOW)
    unbound = actor(imported, 9, -60)
    assert (unbound.chat_team, unbound.teams) == (None, ())
    in_group = actor(imported, 9, -50)
    assert (in_group.chat_team, in_group.teams) == ("TL", ("TL",))
    assert actor(imported, 9).teams == ("TL",)  # in private: the teams they were seen in
    assert actor(imported, 10).teams == ()
