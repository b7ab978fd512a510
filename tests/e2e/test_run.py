"""`zibot run` as a real process against the fake Bot API: polling, webhook, a missing token, no token in logs."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from app.cli import main
from tests.conftest import PLAN_FILE, ROOT
from tests.fakebot import FakeBotApi


def _environment(api: FakeBotApi, tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
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


@asynccontextmanager
async def _zibot_run(env: dict[str, str], cwd: Path) -> AsyncIterator[list[str]]:
    """`zibot run` in a child process; yields its log lines so far, stops it with SIGINT like Ctrl-C."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        "run",
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    lines: list[str] = []

    async def read() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            lines.append(line.decode(errors="replace"))

    reader = asyncio.create_task(read())
    try:
        yield lines
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
        await reader


async def _until(condition, what: str, lines: list[str], timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what} did not happen; zibot run said:\n{''.join(lines)}")
        await asyncio.sleep(0.05)


async def test_run_polls_answers_and_never_logs_the_token(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    ani = fake_api.user(201, "Ani")
    fake_api.send_text(fake_api.private(ani), ani, "/bantuan")  # sent while the bot is down
    env = _environment(fake_api, tmp_path, database_url)
    async with _zibot_run(env, tmp_path) as lines:
        await fake_api.wait_for("sendMessage", timeout=60)
        await _until(lambda: any("serving @" in line for line in lines), "the serving line", lines)
        assert fake_api.sent("setMyCommands")
    log = "".join(lines)
    assert "serving @zibot_test_bot" in log and "long polling" in log and "70 actions" in log
    assert "WARNING" in log and "ZIBOT_NOW" in log
    assert fake_api.token not in log and fake_api.token.split(":")[1] not in log
    assert "Traceback" not in log
    [answer] = fake_api.texts()
    assert "/selesai" in answer
    polls = fake_api.sent("getUpdates")
    assert polls and set(polls[0].params.get("allowed_updates") or []) >= {"message", "callback_query"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_run_serves_a_webhook_with_its_secret(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/zibot-hook"
    env = _environment(
        fake_api,
        tmp_path,
        database_url,
        ZIBOT_WEBHOOK_URL=url,
        ZIBOT_WEBHOOK_LISTEN="127.0.0.1",
        ZIBOT_WEBHOOK_PORT=str(port),
        ZIBOT_WEBHOOK_SECRET="rahasia-123",
    )
    ani = fake_api.user(201, "Ani")
    message = fake_api.builder.text_message(fake_api.private(ani), ani, "/bantuan")
    async with _zibot_run(env, tmp_path) as lines:
        await _until(lambda: any("serving @" in line for line in lines), "the serving line", lines)
        [hook] = fake_api.sent("setWebhook")
        assert hook.params["url"] == url and hook.params["secret_token"] == "rahasia-123"
        async with httpx.AsyncClient() as client:
            refused = await client.post(url, json={"update_id": 1, "message": message})
            assert refused.status_code == 403
            accepted = await client.post(
                url,
                json={"update_id": 2, "message": message},
                headers={"X-Telegram-Bot-Api-Secret-Token": "rahasia-123"},
            )
            assert accepted.status_code == 200
        [answer] = await fake_api.wait_for("sendMessage", timeout=30)
        assert "/selesai" in (answer.text or "")
    log = "".join(lines)
    assert f"webhook {url}" in log
    assert "rahasia-123" not in log and fake_api.token not in log


def test_run_without_a_token_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("ZIBOT_DATA_DIR", str(tmp_path / "data"))
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "@BotFather" in err and "TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err
