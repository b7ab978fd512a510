"""`zibot run` as a real process against the fake Bot API: polling, webhook, a missing token, no token in logs."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx
import pytest

from app.cli import main
from tests.e2e.processes import Finished, process_environment, wait_until, zibot, zibot_run
from tests.fakebot import FakeBotApi


async def test_run_polls_answers_and_never_logs_the_token(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    ani = fake_api.user(201, "Ani")
    fake_api.send_text(fake_api.private(ani), ani, "/bantuan")  # sent while the bot is down
    env = process_environment(fake_api, tmp_path, database_url)
    async with zibot_run(env, tmp_path) as lines:
        await fake_api.wait_for("sendMessage", timeout=60)
        await wait_until(lambda: any("serving @" in line for line in lines), "the serving line", lines)
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def post_when_listening(
    client: httpx.AsyncClient, url: str, update: dict, headers: dict[str, str] | None = None
) -> httpx.Response:
    """The webhook server may start listening a moment after the process starts; give it a few seconds."""
    for _ in range(100):
        try:
            return await client.post(url, json=update, headers=headers)
        except httpx.ConnectError:
            await asyncio.sleep(0.1)
    raise AssertionError(f"nothing listens at {url}")


@pytest.mark.parametrize("configured_secret", ["rahasia-123", None], ids=["configured", "random"])
async def test_run_serves_a_webhook_only_to_its_secret(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str, configured_secret: str | None
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/zibot-hook"
    secret_setting = {"ZIBOT_WEBHOOK_SECRET": configured_secret} if configured_secret else {}
    env = process_environment(
        fake_api,
        tmp_path,
        database_url,
        ZIBOT_WEBHOOK_URL=url,
        ZIBOT_WEBHOOK_LISTEN="127.0.0.1",
        ZIBOT_WEBHOOK_PORT=str(port),
        **secret_setting,
    )
    ani = fake_api.user(201, "Ani")
    message = fake_api.builder.text_message(fake_api.private(ani), ani, "/bantuan")
    async with zibot_run(env, tmp_path) as lines:
        # PTB logs the serving line, then sets the webhook, then starts listening.
        [hook] = await fake_api.wait_for("setWebhook", timeout=30)
        secret = hook.params["secret_token"]
        assert hook.params["url"] == url
        assert secret == configured_secret if configured_secret else len(secret) >= 32
        async with httpx.AsyncClient() as client:
            refused = await post_when_listening(client, url, {"update_id": 1, "message": message})
            assert refused.status_code == 403
            accepted = await client.post(
                url,
                json={"update_id": 2, "message": message},
                headers={"X-Telegram-Bot-Api-Secret-Token": secret},
            )
            assert accepted.status_code == 200
        [answer] = await fake_api.wait_for("sendMessage", timeout=30)
        assert "/selesai" in (answer.text or "")
    log = "".join(lines)
    assert f"webhook {url}" in log
    assert secret not in log and fake_api.token not in log


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


def _assert_one_line_without_token(finished: Finished, api: FakeBotApi, *words: str) -> None:
    """Besides the start-up's own warnings (ZIBOT_NOW), the failure is one line, no log record at all."""
    assert finished.returncode != 0
    said = [line for line in finished.stderr.splitlines() if " WARNING app.commands_run: " not in line]
    assert len(said) == 1, finished.stderr
    assert "Traceback" not in finished.stderr and "ERROR" not in finished.stderr
    assert api.token not in finished.stderr and api.token.split(":")[1] not in finished.stderr
    assert all(word in finished.stderr for word in words), finished.stderr


async def test_run_with_a_rejected_token_says_so_in_one_line(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    fake_api.fail_next("getMe", times=10, mode="unauthorized")
    env = process_environment(fake_api, tmp_path, database_url)
    finished = await zibot(env, tmp_path, "run")
    _assert_one_line_without_token(finished, fake_api, "TELEGRAM_BOT_TOKEN", "@BotFather", "menolak")
    assert finished.returncode == 2
    assert [call.method for call in fake_api.calls] == ["getMe"]


async def test_run_with_the_api_unreachable_says_so_in_one_line(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    unreachable = f"http://127.0.0.1:{free_port()}/bot"
    env = process_environment(fake_api, tmp_path, database_url, TELEGRAM_API_BASE_URL=unreachable)
    finished = await zibot(env, tmp_path, "run")
    _assert_one_line_without_token(finished, fake_api, unreachable, "tidak dapat dihubungi")
    assert finished.returncode == 1


async def test_verbose_logs_of_the_libraries_never_show_the_token(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    """httpx logs every request URL and PTB the rejected token; with --verbose they are all printed."""
    fake_api.fail_next("getMe", times=10, mode="unauthorized")
    env = process_environment(fake_api, tmp_path, database_url)
    finished = await zibot(env, tmp_path, "run", "--verbose")
    assert finished.returncode == 2
    log = finished.stderr
    assert "httpx: HTTP Request: POST" in log and "/getMe" in log and "401 Unauthorized" in log
    assert "[token disembunyikan]" in log
    assert fake_api.token not in log and fake_api.token.split(":")[1] not in log
