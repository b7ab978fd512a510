"""`zibot run` as a real child process against the fake Bot API, for the tests that need whole processes."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.commands_db import open_database
from app.settings import Settings
from store.db import Database
from tests.conftest import PLAN_FILE, ROOT
from tests.fakebot import FakeBotApi


def process_environment(api: FakeBotApi, tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ZIBOT_", "TELEGRAM_"))}
    return {
        **keep,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_API_FILE_URL": api.base_file_url,
        "ZIBOT_DATA_DIR": str(tmp_path / "data"),
        "ZIBOT_DATABASE_URL": database_url,
        "ZIBOT_PLAN": str(PLAN_FILE),
        "ZIBOT_NOW": "2022-06-06T09:00:00",
        "ZIBOT_ADMIN_IDS": "100",
        **extra,
    }


def prepared_database(database_url: str, tmp_path: Path, now: datetime) -> Database:
    """The database the processes will use, migrated and with the plan, for a test to set the scene in
    (bind a group, report periods) before the first `zibot run`; dispose of it after."""
    settings = Settings(database_url=database_url, plan_path=PLAN_FILE, data_dir=tmp_path / "data", now=now)
    return open_database(settings)


class RunLog(list[str]):
    """The log lines of a `zibot run` so far; `kill()` ends the process at once, as a crash would."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        super().__init__()
        self.process = process

    @property
    def log(self) -> str:
        return "".join(self)

    async def kill(self) -> None:
        """`kill -9`: no handler, no cleanup, whatever was in memory is gone."""
        self.process.kill()
        await self.process.wait()

    async def stop(self, signum: int = signal.SIGINT, timeout: float = 15) -> float:  # noqa: ASYNC109
        """Send `signum` and wait for the exit; returns how long the process took to stop."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        self.process.send_signal(signum)
        try:
            await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
        return loop.time() - started


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


async def _spawn(
    env: dict[str, str], cwd: Path, argv: tuple[str, ...], stdout: int
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        *argv,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        stdout=stdout,
        stderr=asyncio.subprocess.PIPE,
    )


async def zibot(env: dict[str, str], cwd: Path, *argv: str, timeout: float = 60.0) -> Finished:  # noqa: ASYNC109
    """Run `python -m app.cli ARGV...` to its end while this event loop (the fake Bot API) keeps serving."""
    process = await _spawn(env, cwd, argv, stdout=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        out, err = await process.communicate()
        raise AssertionError(f"zibot {' '.join(argv)} did not finish; it said:\n{err.decode()}") from None
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(errors="replace"), err.decode(errors="replace"))


@asynccontextmanager
async def zibot_run(env: dict[str, str], cwd: Path) -> AsyncIterator[RunLog]:
    """`zibot run` in a child process; yields its log lines so far, stops it with SIGINT like Ctrl-C."""
    process = await _spawn(env, cwd, ("run",), stdout=asyncio.subprocess.DEVNULL)
    lines = RunLog(process)

    async def read() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            lines.append(line.decode(errors="replace"))

    reader = asyncio.create_task(read())
    try:
        yield lines
    finally:
        if process.returncode is None:
            await lines.stop()
        await reader


async def wait_until(
    condition: Callable[[], object],
    what: str,
    lines: list[str],
    timeout: float = 30.0,  # noqa: ASYNC109
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not happen; zibot run said:\n{''.join(lines)}")
        await asyncio.sleep(0.05)
