"""Nothing a user sends is lost: real `zibot run` processes against the fake Bot API with slowed downloads,
killed (`kill -9`), stopped (SIGTERM) and restarted; an unreadable update in a batch; the webhook killed."""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.outbox import IN_FLIGHT_PER_CHAT
from store import chats
from store.db import Database
from store.models import ActionRow, Evidence, InboxUpdate, PeriodRow, StatusChange
from tests.e2e.conftest import NOW
from tests.e2e.processes import RunLog, prepared_database, process_environment, zibot_run
from tests.e2e.test_run import free_port, post_when_listening
from tests.fakebot import ChatSpec, FakeBotApi, UserSpec

BURST = 30
DOWNLOAD_SECONDS = 0.15  # each photo's download: the handling of a burst takes seconds


@pytest.fixture
def slow_api(fake_api: FakeBotApi) -> FakeBotApi:
    fake_api.download_delay = DOWNLOAD_SECONDS
    return fake_api


def _photo(number: int) -> bytes:
    return b"\xff\xd8\xff\xe0 foto kegiatan %d " % number + bytes(range(256)) * 4


def _bind(database_url: str, tmp_path: Path, chat: ChatSpec) -> None:
    """The group bound to team TL in the database the processes will use, as `/daftar TL` would."""
    database = prepared_database(database_url, tmp_path, NOW)
    with database.unit_of_work() as session:
        chats.bind_chat(session, chat.id, "TL", chat.title or "", person_id=None, now=NOW)
    database.dispose()


def _burst(api: FakeBotApi, group: ChatSpec, ani: UserSpec) -> list[int]:
    """30 photo reports pushed at once (one `/selesai`, then `/bukti`s); their message ids."""
    return [
        api.send_photo(group, ani, _photo(number), caption="/bukti II.1" if number else "/selesai II.1")[
            "message_id"
        ]
        for number in range(BURST)
    ]


def _answered(api: FakeBotApi, group: ChatSpec) -> Counter[int]:
    """How often each message in the group was answered (the day's reminders answer nothing)."""
    return Counter(
        int(call.params["reply_parameters"]["message_id"])
        for call in api.sent("sendMessage", chat_id=group.id)
        if call.params.get("reply_parameters")
    )


async def _until_answered(api: FakeBotApi, group: ChatSpec, count: int, running: RunLog) -> None:
    try:
        await api.wait_for(lambda _call: len(_answered(api, group)) >= count, timeout=60)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nzibot run said:\n{running.log}") from None


def _evidence_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "evidence"


def _assert_all_filed_once(database_url: str, tmp_path: Path, messages: list[int]) -> None:
    database = Database(database_url)
    with database.unit_of_work() as session:
        rows = session.execute(select(Evidence.message_id, Evidence.sha256)).all()
        changes = session.scalars(select(StatusChange.to_status)).all()
        unfinished = session.scalars(select(InboxUpdate.update_id).where(InboxUpdate.state != "done")).all()
    database.dispose()
    assert sorted(message for message, _ in rows) == sorted(messages)  # each report filed, none twice
    assert len({sha for _, sha in rows}) == BURST
    assert changes == ["selesai"]  # the first report changed the status; the rest added evidence
    assert unfinished == []
    files = [path for path in _evidence_dir(tmp_path).rglob("*") if path.is_file()]
    assert sorted(path.name for path in files) == sorted(sha for _, sha in rows)  # nothing left in tmp/


@pytest.fixture
def scene(slow_api: FakeBotApi, tmp_path: Path, database_url: str) -> tuple[ChatSpec, UserSpec]:
    group = slow_api.group(-1001, "Tim Tata Laksana")
    ani = slow_api.user(201, "Ani", "ani_tl")
    _bind(database_url, tmp_path, group)
    return group, ani


@pytest.mark.parametrize("answers_before_the_kill", [0, 10])
async def test_kill_9_mid_burst_then_restart_loses_nothing_and_files_nothing_twice(
    slow_api: FakeBotApi,
    tmp_path: Path,
    database_url: str,
    scene: tuple[ChatSpec, UserSpec],
    answers_before_the_kill: int,
) -> None:
    group, ani = scene
    env = process_environment(slow_api, tmp_path, database_url)
    messages = _burst(slow_api, group, ani)
    last_update = slow_api.updates[-1]["update_id"]
    async with zibot_run(env, tmp_path) as first:
        if answers_before_the_kill:
            await _until_answered(slow_api, group, answers_before_the_kill, first)
        else:
            # The next getUpdates confirms the burst: it is committed, and nothing is answered yet.
            await slow_api.wait_for(
                lambda call: call.method == "getUpdates" and int(call.params.get("offset", 0)) > last_update,
                timeout=60,
            )
        await first.kill()
    handled_before = len(_answered(slow_api, group))
    assert handled_before < BURST
    async with zibot_run(env, tmp_path) as second:
        await _until_answered(slow_api, group, BURST, second)
    answered = _answered(slow_api, group)
    assert set(answered) == set(messages)
    # Only answers in flight at the kill can be answered twice (accepted by Telegram in the instant
    # before the outbox marked them sent: the kill comes right as an answer is seen), at most the
    # outbox's bound per chat; no filing is repeated.
    assert sum(answered.values()) - BURST <= IN_FLIGHT_PER_CHAT
    _assert_all_filed_once(database_url, tmp_path, messages)
    assert "Traceback" not in second.log


async def test_sigterm_mid_burst_stops_within_5_seconds_and_loses_nothing(
    slow_api: FakeBotApi, tmp_path: Path, database_url: str, scene: tuple[ChatSpec, UserSpec]
) -> None:
    group, ani = scene
    env = process_environment(slow_api, tmp_path, database_url)
    messages = _burst(slow_api, group, ani)
    async with zibot_run(env, tmp_path) as first:
        await _until_answered(slow_api, group, 10, first)
        took = await first.stop(signal.SIGTERM)
    assert took < 5, first.log
    assert first.process.returncode == 0 and "Traceback" not in first.log
    async with zibot_run(env, tmp_path) as second:
        await _until_answered(slow_api, group, BURST, second)
    answered = _answered(slow_api, group)
    assert set(answered) == set(messages) and set(answered.values()) == {1}  # a clean stop answers once
    _assert_all_filed_once(database_url, tmp_path, messages)


async def test_an_unreadable_update_is_set_aside_and_the_rest_of_its_batch_is_handled(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    ani, budi = fake_api.user(201, "Ani"), fake_api.user(301, "Budi")
    fake_api.send_text(fake_api.private(ani), ani, "/bantuan")
    # A poll in a shape this python-telegram-bot cannot parse (the Bot API moved on): in the same batch.
    bad = fake_api.push_update({"poll": {"id": "77", "question": "rahasia-isi-pesan"}})
    fake_api.send_text(fake_api.private(budi), budi, "/bantuan")
    env = process_environment(fake_api, tmp_path, database_url)
    async with zibot_run(env, tmp_path) as running:
        await fake_api.wait_for("sendMessage", count=2, timeout=60)
        # Confirmed, not fetched again and again.
        await fake_api.wait_for(
            lambda call: call.method == "getUpdates" and int(call.params.get("offset", 0)) > bad["update_id"],
            timeout=30,
        )
    assert {call.params["chat_id"] for call in fake_api.sent("sendMessage")} == {ani.id, budi.id}
    said = [line for line in running if "cannot be read" in line]
    assert len(said) == 1 and f"update {bad['update_id']} (poll)" in said[0]
    assert "rahasia-isi-pesan" not in running.log and "Traceback" not in running.log
    database = Database(database_url)
    with database.unit_of_work() as session:
        kept = session.get(InboxUpdate, bad["update_id"])
        assert kept is not None and kept.state == "unreadable" and "rahasia-isi-pesan" in kept.payload
    database.dispose()


async def test_the_webhook_killed_mid_burst_loses_nothing(
    slow_api: FakeBotApi, tmp_path: Path, database_url: str, scene: tuple[ChatSpec, UserSpec]
) -> None:
    group, ani = scene
    port = free_port()
    url = f"http://127.0.0.1:{port}/zibot-hook"
    env = process_environment(
        slow_api,
        tmp_path,
        database_url,
        ZIBOT_WEBHOOK_URL=url,
        ZIBOT_WEBHOOK_LISTEN="127.0.0.1",
        ZIBOT_WEBHOOK_PORT=str(port),
        ZIBOT_WEBHOOK_SECRET="rahasia-123",
    )
    messages = _burst(slow_api, group, ani)  # the updates Telegram will post
    updates = slow_api.updates[-BURST:]
    headers = {"X-Telegram-Bot-Api-Secret-Token": "rahasia-123"}
    acknowledged: set[int] = set()

    async def post_all(client: httpx.AsyncClient) -> None:
        for update in updates:
            response = await post_when_listening(client, url, update, headers)
            assert response.status_code == 200
            acknowledged.add(update["update_id"])

    async with zibot_run(env, tmp_path) as first, httpx.AsyncClient() as client:
        await slow_api.wait_for("setWebhook", timeout=30)
        # Every post is acknowledged (200 only after its commit) before the kill: Telegram would re-post one
        # it never heard 200 for, so only acknowledged updates are the bot's to keep.
        await post_all(client)
        await _until_answered(slow_api, group, 10, first)
        await first.kill()
    assert len(acknowledged) == BURST  # Telegram heard 200 for each, most of them not handled yet
    async with zibot_run(env, tmp_path) as second:
        await _until_answered(slow_api, group, BURST, second)
    answered = _answered(slow_api, group)
    assert set(answered) == set(messages) and sum(answered.values()) - BURST <= IN_FLIGHT_PER_CHAT
    _assert_all_filed_once(database_url, tmp_path, messages)


async def test_kill_9_after_a_button_press_files_the_held_photo_on_restart(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str, scene: tuple[ChatSpec, UserSpec]
) -> None:
    """The press is the reporter's last word on a held photo: killed while it downloads, the restarted bot
    files it, once, to the action pressed, and never calls the press used up."""
    group, ani = scene
    env = process_environment(fake_api, tmp_path, database_url)
    photo = fake_api.send_photo(group, ani, _photo(1), caption="/selesai II.2")  # II.2 has three actions
    fake_api.download_delay = 5.0  # the download the press starts is under way at the kill
    async with zibot_run(env, tmp_path) as first:
        [question] = await fake_api.wait_for(
            lambda call: call.method == "sendMessage" and "Pilih aksi" in call.params["text"], timeout=60
        )
        [pressed] = [
            button["callback_data"]
            for [button] in question.params["reply_markup"]["inline_keyboard"]
            if button["callback_data"].endswith("|II.2.3")  # one period (April): filed at the press
        ]
        fake_api.press_button(question, ani, pressed)
        await fake_api.wait_for("editMessageText", timeout=30)  # the press is taken: "II.2.3 dipilih"
        await first.kill()
    database = Database(database_url)
    with database.unit_of_work() as session:
        assert session.scalars(select(Evidence.id)).all() == []  # nothing filed before the kill
    fake_api.download_delay = 0.0
    since = len(fake_api.calls)
    async with zibot_run(env, tmp_path) as second:
        try:
            await fake_api.wait_for(
                lambda call: (
                    "II.2.3" in str(call.params.get("text", "")) and "dipilih" not in call.params["text"]
                ),
                timeout=60,
                since=since,
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{fake_api.calls[since:]}\nzibot run said:\n{second.log}") from None
    with database.unit_of_work() as session:
        filed = session.execute(
            select(Evidence.message_id, ActionRow.code)
            .join(PeriodRow, Evidence.period_id == PeriodRow.id)
            .join(ActionRow, PeriodRow.action_id == ActionRow.id)
        ).all()
    database.dispose()
    assert filed == [(photo["message_id"], "II.2.3")]
    later = fake_api.calls[since:]
    assert not [call for call in later if "kedaluwarsa" in str(call.params.get("text", ""))], second.log
    assert "Traceback" not in second.log
