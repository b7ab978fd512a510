"""Every command-line test runs in its own directory with the real plan, a fresh data dir and database."""

from pathlib import Path

import pytest

from ..conftest import PLAN_FILE


@pytest.fixture(autouse=True)
def cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZIBOT_PLAN", str(PLAN_FILE))
    monkeypatch.setenv("ZIBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZIBOT_DATABASE_URL", database_url)
