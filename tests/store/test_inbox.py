from datetime import UTC, datetime, timedelta

from store import inbox
from store.db import Database

T0 = datetime(2022, 6, 6, 2, 0, tzinfo=UTC)


def _message(update_id: int, text: str = "/bantuan") -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "text": text}}


def test_an_update_is_stored_once_however_often_telegram_sends_it(database: Database) -> None:
    with database.unit_of_work() as session:
        first = inbox.store(session, [_message(7), _message(5)], T0)
    with database.unit_of_work() as session:
        again = inbox.store(session, [_message(7), _message(8)], T0)
    assert [item.update_id for item in first] == [5, 7]  # in update order, whatever the batch order
    assert [item.update_id for item in again] == [8]
    with database.unit_of_work() as session:
        assert [item.update_id for item in inbox.unfinished(session)] == [5, 7, 8]
        assert inbox.last_update_id(session) == 8
        assert inbox.unfinished(session)[0].payload == _message(5)


def test_done_and_unreadable_updates_are_not_unfinished_and_only_done_ones_are_pruned(
    database: Database,
) -> None:
    with database.unit_of_work() as session:
        inbox.store(session, [_message(1), _message(2), {"update_id": 3, "poll": {"id": "x"}}], T0)
        inbox.finish(session, [1], T0)
        inbox.finish(session, [3], T0, state=inbox.UNREADABLE)
    with database.unit_of_work() as session:
        assert [item.update_id for item in inbox.unfinished(session)] == [2]
        assert inbox.prune(session, T0) == 0  # handled just now: within the retention
        assert inbox.prune(session, T0 + timedelta(seconds=1)) == 1
        inbox.finish(session, [2], T0)
    with database.unit_of_work() as session:
        assert inbox.unfinished(session) == []
        assert inbox.last_update_id(session) == 3  # the unreadable one is kept
    assert inbox.kind_of({"update_id": 3, "poll": {}}) == "poll"
