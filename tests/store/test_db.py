from pathlib import Path

import pytest
from sqlalchemy import text

from store.db import Database, sqlite_url
from store.migrate import upgrade


def test_sqlite_default_lives_in_the_data_dir_in_wal_mode(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path / "var"))
    upgrade(database.engine)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "var" / "zibot.db").exists()
    database.dispose()


def test_unit_of_work_rolls_back_as_a_whole(database: Database) -> None:
    def failing_request() -> None:
        with database.unit_of_work() as session:
            session.execute(text("INSERT INTO teams (code, name) VALUES ('ZZ', 'Tim Uji')"))
            raise RuntimeError("handler failed halfway")

    with pytest.raises(RuntimeError):
        failing_request()
    with database.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM teams WHERE code = 'ZZ'")).scalar() == 0


def test_plain_postgresql_urls_use_psycopg3() -> None:
    database = Database("postgresql://someone@127.0.0.1:1/nowhere")
    assert database.engine.dialect.driver == "psycopg"
    database.dispose()
