"""Stopping background tasks: what `zibot run` does to its loops, handlers and senders at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection
from typing import Any


async def cancel(task: asyncio.Task[Any] | None) -> None:
    """Cancel a loop and wait until it has ended."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def cut_short(tasks: Collection[asyncio.Task[Any]], grace: float) -> int:
    """Give `tasks` `grace` seconds to finish, then cancel the rest and wait for them (another `grace`
    at most); how many were cut short."""
    if not tasks:
        return 0
    _, late = await asyncio.wait(tasks, timeout=grace)
    for task in late:
        task.cancel()
    if late:
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait(late, timeout=grace)
    return len(late)
