"""pytest fixtures; in a conftest: ``from tests.fakebot.fixtures import fake_api  # noqa: F401``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .server import FakeBotApi


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """A started FakeBotApi on 127.0.0.1 (function scope: fresh state and port per test)."""
    async with FakeBotApi() as api:
        yield api
