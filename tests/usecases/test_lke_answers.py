"""LKE answers through the use cases, with actors built the way the bot builds them (`identify`)."""

import pytest

from data import packaged_lke
from plan.errors import BadLkeAnswer, LkeEvaluatorOnly, LkePrivateOnly, StaleLkeButton
from plan.lke import SurveyRule, load_lke
from store import chats, lke_answers
from store.db import Database
from store.lke_answers import StoredAnswer
from store.plans import version_of_year
from tests.usecases.people import COORDINATOR, COORDINATOR_CHAT, NOW, TPI, actor
from usecases import lke_answers as answers
from usecases.actor import Actor

MEMBER, STRANGER = 201, 555
TEAM_GROUP = -1001
LKE = load_lke(packaged_lke())


@pytest.fixture
def version_id(imported: Database) -> int:
    with imported.unit_of_work() as session:
        chats.bind_chat(session, TEAM_GROUP, "TL", "Tim TL", person_id=None, now=NOW)
        version = version_of_year(session, 2022)
    assert version is not None
    return version.id


def answer(database: Database, version_id: int, who: Actor, code: str, text: str) -> StoredAnswer:
    with database.unit_of_work() as session:
        return answers.answer(session, LKE, version_id, who, code, text, None, now=NOW)


def stored(database: Database, version_id: int) -> dict[str, StoredAnswer]:
    with database.unit_of_work() as session:
        return lke_answers.current_answers(session, version_id)


def test_a_tpi_evaluator_and_a_coordinator_answer_in_private_and_in_the_coordinator_chat(
    database: Database, version_id: int
) -> None:
    answer(database, version_id, actor(database, TPI), "PPA1A", "ya")
    answer(database, version_id, actor(database, COORDINATOR, COORDINATOR_CHAT), "PPA1B", "b")
    current = stored(database, version_id)
    assert current["PPA1A"].author == f"Orang {TPI}" and current["PPA1A"].answer.option == "ya"
    assert current["PPA1B"].author == f"Orang {COORDINATOR}" and current["PPA1B"].answer.option == "B"


@pytest.mark.parametrize(
    ("user_id", "chat_id", "refusal"),
    [
        (MEMBER, TEAM_GROUP, LkeEvaluatorOnly),  # a team member in the team's group
        (MEMBER, None, LkeEvaluatorOnly),  # ... and in private
        (STRANGER, None, LkeEvaluatorOnly),
        (COORDINATOR, TEAM_GROUP, LkePrivateOnly),  # the coordinator in a team's group
        (TPI, TEAM_GROUP, LkePrivateOnly),
    ],
)
def test_everyone_else_is_refused_and_nothing_is_stored(
    database: Database, version_id: int, user_id: int, chat_id: int | None, refusal: type[Exception]
) -> None:
    actor(database, MEMBER, TEAM_GROUP)  # the member is seen in the team's group first
    who = actor(database, user_id, chat_id)
    with pytest.raises(refusal):
        answer(database, version_id, who, "PPA1A", "ya")
    with database.unit_of_work() as session, pytest.raises(refusal):
        answers.score(session, LKE, version_id, who, SurveyRule.PER_FOUR)
    with database.unit_of_work() as session, pytest.raises(refusal):
        answers.history(session, LKE, version_id, who, "PPA1A")
    assert stored(database, version_id) == {}


def test_a_button_press_is_checked_again_and_a_stale_or_forged_one_stores_nothing(
    database: Database, version_id: int
) -> None:
    tpi = actor(database, TPI)

    def press(code: str, key: str, shown: int, version: int = version_id) -> StoredAnswer:
        with database.unit_of_work() as session:
            button = answers.AnswerButton(version, code, key, shown)
            return answers.press(session, LKE, version_id, tpi, button, now=NOW)

    first = press("PPA1B", "A", 0)
    for forged in [
        ("PPA1B", "Z", first.id),  # an option it has not
        ("PPA9Z", "A", first.id),  # no such question
        ("PRA1A", "A", 0),  # a numeric question
        ("PPA1B", "C", 0),  # a keyboard made before the first answer
        ("PPA1B", "C", first.id, version_id + 1),  # another plan version
    ]:
        with pytest.raises(StaleLkeButton):
            press(*forged)
    second = press("PPA1B", "C", first.id)
    assert second.previous_id == first.id
    with database.unit_of_work() as session:
        history = lke_answers.history(session, version_id, "PPA1B")
    assert [entry.answer.option for entry in history] == ["C", "A"]


def test_a_bad_typed_answer_names_the_question(database: Database, version_id: int) -> None:
    with pytest.raises(BadLkeAnswer) as raised:
        answer(database, version_id, actor(database, TPI), "PRA1A", "dua belas")
    assert raised.value.code == "PRA1A"
    assert stored(database, version_id) == {}
