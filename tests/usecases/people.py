"""Actors built the way the bot builds them (`identify`), for the use-case tests."""

from datetime import UTC, datetime

from store.db import Database
from usecases.actor import Actor, Speaker, identify

NOW = datetime(2022, 6, 10, 3, 0, tzinfo=UTC)
COORDINATOR, TPI = 100, 700  # ZIBOT_ADMIN_IDS, ZIBOT_TPI_IDS
COORDINATOR_CHAT = -900


def actor(database: Database, user_id: int, chat_id: int | None = None) -> Actor:
    """Who `user_id` is in `chat_id` (their private chat when None); records them as the bot would."""
    chat = chat_id if chat_id is not None else user_id
    with database.unit_of_work() as session:
        return identify(
            session,
            Speaker(user_id, f"Orang {user_id}", None, chat, group_chat=chat < 0),
            admin_ids={COORDINATOR},
            coordinator_chat_id=COORDINATOR_CHAT,
            now=NOW,
            evaluator_ids={TPI},
        )
