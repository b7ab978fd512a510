from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from store import pending
from store.db import Database
from store.models import PendingRequest

NOW = datetime(2022, 6, 6, 2, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


def _rows(database: Database) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(PendingRequest)) or 0


def test_an_album_has_one_row_whichever_item_comes_first(database: Database) -> None:
    with database.unit_of_work() as session:
        first = pending.open_album(session, "g-1", -1001, 201, {"held": [1]}, now=NOW, expires_at=LATER)
    with database.unit_of_work() as session:
        again = pending.open_album(session, "g-1", -1001, 201, {"held": []}, now=NOW, expires_at=LATER)
        pending.set_payload(session, again.token, {"held": [1, 2]})
    assert first.kind == pending.ALBUM and first.media_group_id == "g-1" and again.payload == {"held": [1]}
    with database.unit_of_work() as session:
        found = pending.get(session, pending.album_token("g-1"), now=NOW)
    assert found is not None and found.payload == {"held": [1, 2]} and found.expires_at == LATER
    assert _rows(database) == 1


def test_a_new_row_sweeps_the_expired_ones(database: Database) -> None:
    with database.unit_of_work() as session:
        pending.add(session, "old", pending.PICK, -1001, 201, None, {}, now=NOW, expires_at=LATER)
    with database.unit_of_work() as session:
        pending.open_album(session, "g-2", -1001, 201, {}, now=LATER, expires_at=LATER + timedelta(minutes=5))
    with database.unit_of_work() as session:
        assert session.scalars(select(PendingRequest.token)).all() == [pending.album_token("g-2")]


def test_a_claimed_pick_is_the_claiming_presss_alone_and_again_after_a_crash(database: Database) -> None:
    with database.unit_of_work() as session:
        pending.add(session, "cc", pending.PICK, -1001, 201, None, {"n": 3}, now=NOW, expires_at=LATER)
    with database.unit_of_work() as session:
        claimed = pending.claim(session, "cc", now=NOW, update_id=7)
        assert claimed is not None and claimed.payload == {"n": 3} and claimed.taken_by_update == 7
    with database.unit_of_work() as session:
        assert pending.claim(session, "cc", now=NOW, update_id=8) is None  # another press
        again = pending.claim(session, "cc", now=NOW, update_id=7)  # the same press, handled again
        assert again is not None and again.payload == {"n": 3}
        found = pending.get(session, "cc", now=NOW)
        assert found is not None and found.taken_by_update == 7
    with database.unit_of_work() as session:
        assert pending.claim(session, "cc", now=LATER, update_id=7) is None  # expired: dropped
    assert _rows(database) == 0
