"""Shared fixtures: the plan, a migrated database (SQLite, or PostgreSQL when ZIBOT_TEST_ENGINE=postgresql),
the same database with the plan imported, and settings pointing at all of them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.settings import Settings
from plan.loader import load_plan
from plan.model import Action, Plan
from store.db import Database
from store.migrate import upgrade
from store.plan_import import import_plan

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "data" / "plan_2022.json"


def action_of(plan: Plan, code: str) -> Action:
    """The action of this exact code (`Plan.get` finds components and areas too, or nothing)."""
    found = plan.get(code)
    assert isinstance(found, Action), code
    return found


def _engine_under_test() -> str:
    return os.environ.get("ZIBOT_TEST_ENGINE", "sqlite")


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(PLAN_FILE)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema of its own (dropped afterwards)."""
    if _engine_under_test() != "postgresql":
        yield f"sqlite:///{tmp_path / 'zibot.db'}"
        return
    server_url = os.environ["ZIBOT_TEST_DATABASE_URL"]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in server_url else "?"
    try:
        yield f"{server_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    upgrade(db.engine)
    yield db
    db.dispose()


@pytest.fixture
def imported(database: Database, plan: Plan) -> Database:
    """The database with the plan imported as the version of 2022 (the import time is only recorded)."""
    with database.unit_of_work() as session:
        import_plan(session, plan, "0" * 64, datetime(2022, 1, 1, tzinfo=UTC))
    return database


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        database_url=database_url,
        plan_path=PLAN_FILE,
    )
