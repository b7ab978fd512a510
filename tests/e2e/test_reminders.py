"""The reminder job end to end: the real Application (app.wiring) with its JobQueue, a real database and
the fake Bot API server. What a group got is read back from the buttons under each message (one per
block: ``caralapor|<code>|<period>``, an overdue action's block naming its oldest period), and every
reminder item from the reminder log, so each is counted exactly.

Thursday is the overdue summary day here (ZIBOT_OVERDUE_SUMMARY_DAY=kamis), so the day under test carries
long digests: opening, H-n and deadline items, the week's overdue summary, the coordinator's escalations.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from telegram.ext import Application

from app.commands_db import open_database
from app.settings import Settings
from app.wiring import build_application, build_feed, build_inbox, build_services
from bot.reminder_texts import digest_messages
from bot.serving import Serving
from plan.loader import load_plan
from plan.model import Status
from scheduler.calendar import WorkCalendar
from scheduler.jobs import JOB_NAME
from scheduler.policy import Audience, Digest, PolicyConfig, reminders_on
from store import chats, repo
from store.models import ReminderLog
from tests.e2e.processes import process_environment, wait_until, zibot_run
from tests.fakebot import FakeBotApi
from tests.fakebot.models import Call
from tests.store.reminder_rows import log_entries

WIB = ZoneInfo("Asia/Jakarta")
# Thursday 14 July 2022: June's periods are two weeks overdue (team digests and the coordinator's escalations).
DAY = datetime(2022, 7, 14, tzinfo=WIB).date()
TEAM_CHATS = {"MP": -1001, "TL": -1002, "SDM": -1003, "AK": -1004, "PW": -1005, "PP": -1006}
COORDINATOR_CHAT = -1009
SUMMARY_DAY = {"ZIBOT_OVERDUE_SUMMARY_DAY": "kamis"}

Items = dict[int, Counter[tuple[str, str]]]


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, second, tzinfo=WIB)


def bot_settings(settings: Settings, api: FakeBotApi, now: datetime) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(api.token),
            "telegram_api_base_url": api.base_url,
            "telegram_api_file_url": api.base_file_url,
            "now": now,
            "coordinator_chat_id": COORDINATOR_CHAT,
        }
    )


@pytest.fixture(autouse=True)
def _no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Failures the tests provoke are warnings; an ERROR means something went wrong for real."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, "\n".join(f"{r.name}: {r.getMessage()}" for r in errors)


@pytest.fixture
def bound_settings(settings: Settings) -> Settings:
    """The database migrated, the plan imported and every team's group bound, as `/daftar` would; the
    overdue summary on Thursdays, the day under test."""
    database = open_database(settings)
    with database.unit_of_work() as session:
        for team, chat_id in TEAM_CHATS.items():
            chats.bind_chat(session, chat_id, team, f"Grup {team}", person_id=None, now=at(7))
    database.dispose()
    assert DAY.weekday() == 3
    return settings.model_copy(update={"overdue_summary_weekday": DAY.weekday()})


@contextlib.asynccontextmanager
async def running(settings: Settings, *, polling: bool = False) -> AsyncIterator[Application]:
    """`zibot run` in miniature: services, the application with its jobs, started (and stopped)."""
    services = build_services(settings)
    application = build_application(settings, services)
    try:
        if polling:
            inbox = build_inbox(settings, services, application)
            serving = Serving(application, inbox, build_feed(settings, inbox, poll_timeout=1))
            await serving.start()
            try:
                yield application
            finally:
                await serving.stop()
            return
        async with application:
            await application.start()
            try:
                yield application
            finally:
                await application.stop()
    finally:
        services.database.dispose()


async def settled(application: Application, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    """Wait until the reminder job's passes are over for now: the next one is minutes or hours away."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    assert application.job_queue is not None
    while True:
        jobs = application.job_queue.get_jobs_by_name(JOB_NAME)
        now = datetime.now(WIB)
        # Retries come within seconds here; what is further away is a lease check or tomorrow.
        if jobs and all(job.next_t and job.next_t - now > timedelta(minutes=5) for job in jobs):
            return
        assert loop.time() < deadline, f"reminder passes still running: {[job.next_t for job in jobs]}"
        await asyncio.sleep(0.02)


def todays_digests(settings: Settings) -> tuple[Digest, ...]:
    database = open_database(settings)
    with database.unit_of_work() as session:
        statuses = repo.statuses(session, 2022)
    database.dispose()
    return reminders_on(
        load_plan(settings.plan_path), statuses, DAY, PolicyConfig.from_settings(settings), WorkCalendar()
    )


def expected_items(settings: Settings, *, skip: frozenset[int] = frozenset()) -> Items:
    """The buttons each chat should get today (one per block), from the policy and the database's
    statuses."""
    items: Items = {}
    for digest in todays_digests(settings):
        chat_id = (
            COORDINATOR_CHAT
            if digest.audience is Audience.COORDINATOR
            else TEAM_CHATS[digest.team_code or ""]
        )
        if chat_id not in skip:
            blocks = [item for message in digest_messages(digest) for item in message.buttons]
            items[chat_id] = Counter((item.action.code, item.period.key) for item in blocks)
    return items


def every_item_logged_once(settings: Settings) -> None:
    """Each of today's reminder items (every overdue period too, not only its block's button) was sent
    once to its chat."""
    want = Counter(
        (
            COORDINATOR_CHAT if d.audience is Audience.COORDINATOR else TEAM_CHATS[d.team_code or ""],
            i.tag,
            i.action.code,
            i.period.key,
        )
        for d in todays_digests(settings)
        for i in d.items
    )
    log = log_of_today(settings)
    got = Counter((e.chat_id, *e.key.split("|")[2:]) for e in log if e.state == "sent")
    assert got == want


def buttons(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [button["callback_data"] for row in markup.get("inline_keyboard", []) for button in row]


def received_items(api: FakeBotApi) -> Items:
    items: Items = {}
    for call in api.sent("sendMessage"):
        for data in buttons(call):
            _prefix, code, period = data.split("|")
            items.setdefault(int(call.chat_id), Counter())[(code, period)] += 1
    return items


def log_of_today(settings: Settings) -> list[ReminderLog]:
    database = open_database(settings)
    with database.unit_of_work() as session:
        entries = log_entries(session, day=DAY)
    database.dispose()
    return entries


async def test_the_0800_tick_follows_the_clock_and_sends_each_group_its_digest(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    settings = bot_settings(bound_settings, fake_api, at(7, 59, 58))
    want = expected_items(settings)
    assert COORDINATOR_CHAT in want and len(want) >= 5  # AK has nothing that day
    async with running(settings) as application:
        await settled(application)
    assert received_items(fake_api) == want
    every_item_logged_once(settings)
    # Sent by the 08:00 pass (by the application's clock, two seconds after start), not at start-up.
    log = log_of_today(settings)
    assert log and all(entry.sent_at is not None and entry.sent_at >= at(8) for entry in log)
    assert all(entry.state == "sent" and entry.attempts == 1 for entry in log)
    team_text = "\n".join(fake_api.texts(TEAM_CHATS["MP"]))
    assert "Kamis, 14 Juli 2022" in team_text and "Tim Manajemen Perubahan" in team_text
    assert "/selesai I.4.1 Juni 2022" not in team_text  # June is in the summary, with January first
    assert "Ringkasan mingguan" in team_text and "Juni 2022 — <i>terlambat 14–" in team_text
    assert "/selesai I.4.1 Januari 2022" in team_text and "2022-06" not in team_text
    escalation = "\n".join(fake_api.texts(COORDINATOR_CHAT))
    assert "Eskalasi" in escalation and "Tim Pengawasan" in escalation


async def test_zibot_run_twice_at_once_sends_the_0800_digests_once(
    bound_settings: Settings, fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    """The real thing: two `zibot run` processes on one database, started just before 08:00."""
    env = process_environment(
        fake_api,
        tmp_path,
        database_url,
        ZIBOT_NOW=at(7, 59, 57).replace(tzinfo=None).isoformat(),
        ZIBOT_COORDINATOR_CHAT_ID=str(COORDINATOR_CHAT),
        **SUMMARY_DAY,
    )
    want = expected_items(bound_settings)
    async with zibot_run(env, tmp_path) as first, zibot_run(env, tmp_path) as second:

        def both_passed() -> bool:  # each process logs its pass once it is over
            return all(any(f"reminders of {DAY} by" in line for line in log) for log in (first, second))

        await wait_until(both_passed, "a reminder pass in each process", first, 60)
    assert received_items(fake_api) == want
    assert all(entry.sent_at is not None and entry.sent_at >= at(8) for entry in log_of_today(bound_settings))


async def test_zibot_run_killed_mid_digest_resends_at_most_the_message_in_flight(
    bound_settings: Settings, tmp_path: Path, database_url: str
) -> None:
    """kill -9 while the coordinator's second message is on its way; a restart after the lease."""
    async with FakeBotApi(timeout_delay=60.0) as api:  # the second message hangs until the process dies
        api.fail_next("sendMessage", 1, "timeout", chat_id=COORDINATOR_CHAT, skip=1)
        env = process_environment(
            api,
            tmp_path,
            database_url,
            ZIBOT_NOW=at(8, 30).replace(tzinfo=None).isoformat(),
            ZIBOT_COORDINATOR_CHAT_ID=str(COORDINATOR_CHAT),
            **SUMMARY_DAY,
        )
        want = expected_items(bound_settings)
        async with zibot_run(env, tmp_path) as crashed:

            def second_part_on_its_way() -> bool:
                return len(api.sent("sendMessage", chat_id=COORDINATOR_CHAT, include_failed=True)) == 2

            await wait_until(second_part_on_its_way, "the coordinator's second message", crashed, 60)
            await crashed.kill()
        [first_part] = api.sent("sendMessage", chat_id=COORDINATOR_CHAT)
        # The first message's items were recorded the moment Telegram took it, the second's were not.
        states = Counter(e.state for e in log_of_today(bound_settings) if e.chat_id == COORDINATOR_CHAT)
        assert states["sent"] == len(buttons(first_part)) and states["claimed"] > 0
        env["ZIBOT_NOW"] = at(8, 41).replace(tzinfo=None).isoformat()  # the dead process's lease is over
        async with zibot_run(env, tmp_path) as restarted:
            await wait_until(
                lambda: any(f"reminders of {DAY} by" in line for line in restarted), "the pass", restarted, 60
            )
        got = received_items(api)
        assert {chat: set(items) for chat, items in got.items()} == {c: set(i) for c, i in want.items()}
        for chat_id, items in got.items():  # a chat gets again at most the one message in flight
            twice = {item for item, count in items.items() if count > 1}
            messages = [
                {tuple(data.split("|")[1:]) for data in buttons(m)}
                for m in api.sent("sendMessage", chat_id=chat_id)
            ]
            assert not twice or any(twice <= message for message in messages), chat_id
        assert got[COORDINATOR_CHAT] == want[COORDINATOR_CHAT]  # nothing of the coordinator's twice


async def test_restarting_twice_in_a_day_sends_each_reminder_once(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    want = expected_items(bound_settings)
    for moment in (at(8, 30), at(9, 15), at(13, 0)):  # down at 08:00: the start-up pass catches up once
        async with running(bot_settings(bound_settings, fake_api, moment)) as application:
            await settled(application)
        assert received_items(fake_api) == want, moment
    every_item_logged_once(bound_settings)


async def test_two_processes_on_one_database_send_each_reminder_once(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    settings = bot_settings(bound_settings, fake_api, at(8, 30))
    want = expected_items(settings)
    # Two applications, each with its own services and database engine, starting together.
    async with running(settings) as first, running(settings) as second:
        await asyncio.gather(settled(first), settled(second))
    assert received_items(fake_api) == want


async def test_flood_control_server_errors_and_time_outs_end_with_each_reminder_once(
    bound_settings: Settings,
) -> None:
    # The fake stalls past python-telegram-bot's 5 s read time-out, so the bot really times out.
    async with FakeBotApi(timeout_delay=6.0) as api:
        settings = bot_settings(bound_settings, api, at(8, 30))
        want = expected_items(settings)
        api.fail_next("sendMessage", 1, "429", retry_after=1)  # AIORateLimiter waits and retries
        api.fail_next("sendMessage", 1, "500")  # -> retried by the next pass, after the backoff
        api.fail_next("sendMessage", 1, "timeout")
        async with running(settings) as application:
            await settled(application, timeout=30)
        assert received_items(api) == want
        failed = [call for call in api.sent("sendMessage", include_failed=True) if call.failed]
        assert [call.error for call in failed] == ["429", "500", "timeout"]
        attempts = Counter(entry.attempts for entry in log_of_today(settings))
        assert set(attempts) == {1, 2} and all(entry.state == "sent" for entry in log_of_today(settings))
        retried_chats = {int(call.chat_id) for call in failed[1:]}
        assert {e.chat_id for e in log_of_today(settings) if e.attempts == 2} == retried_chats


async def test_a_group_that_removed_the_bot_is_marked_inactive_and_reported(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    settings = bot_settings(bound_settings, fake_api, at(8, 30))
    kicked = TEAM_CHATS["MP"]
    want = expected_items(settings, skip=frozenset({kicked}))
    fake_api.fail_next("sendMessage", 1, "forbidden", chat_id=kicked)
    async with running(settings) as application:
        await settled(application)
    assert received_items(fake_api) == want
    notice = [text for text in fake_api.texts(COORDINATOR_CHAT) if "Grup MP" in text]
    assert len(notice) == 1 and "/daftar MP" in notice[0]
    database = open_database(settings)
    with database.unit_of_work() as session:
        binding = chats.chat_binding(session, kicked)
    database.dispose()
    assert binding is not None and not binding.active
    # Later that day and the next: no more tries at the gone group, no second notice.
    calls_before = len(fake_api.sent("sendMessage", include_failed=True))
    async with running(bot_settings(bound_settings, fake_api, at(15))) as application:
        await settled(application)
    assert len(fake_api.sent("sendMessage", include_failed=True)) == calls_before
    async with running(bot_settings(bound_settings, fake_api, at(8, 5) + timedelta(days=1))) as application:
        await settled(application)
    assert not fake_api.sent("sendMessage", chat_id=kicked, include_failed=True)[1:]
    assert len([t for t in fake_api.texts(COORDINATOR_CHAT) if "Grup MP" in t]) == 1


def most_in_flight(calls: list[Call]) -> int:
    """The most requests the server held at once (each from its arrival to its answer)."""
    events = sorted([(call.arrived, 1) for call in calls] + [(call.answered, -1) for call in calls])
    held = most = 0
    for _tick, change in events:
        held += change
        most = max(most, held)
    return most


async def test_the_days_digests_go_to_the_groups_concurrently_each_in_order(bound_settings: Settings) -> None:
    async with FakeBotApi(latency=0.15) as api:  # as far away as the real Telegram
        settings = bot_settings(bound_settings, api, at(8, 30))
        want = expected_items(settings)
        async with running(settings) as application:
            await settled(application)
        assert received_items(api) == want
        sends = api.sent("sendMessage")
        # Serial sending would hold one request at a time; here several groups' digests are in flight.
        assert most_in_flight(sends) >= 3, [(c.chat_id, c.arrived, c.answered) for c in sends]
        for chat_id in want:  # one chat's messages (a long digest's parts) still go one after another
            parts = [call for call in sends if int(call.chat_id) == chat_id]
            assert all(later.arrived > earlier.answered for earlier, later in itertools.pairwise(parts))
        assert len(api.sent("sendMessage", chat_id=COORDINATOR_CHAT)) >= 2  # the parts are checked


async def test_the_button_under_a_reminder_explains_how_to_report(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    settings = bot_settings(bound_settings, fake_api, at(8, 30))
    member = fake_api.user(4242, "Sri")
    async with running(settings, polling=True) as application:
        await settled(application)
        message = fake_api.sent("sendMessage", chat_id=TEAM_CHATS["MP"])[0]
        data = next(d for d in buttons(message) if "|I.4.1|" in d)
        mark = fake_api.mark()
        fake_api.press_button(message, member, data)
        (answer,) = await fake_api.wait_for("answerCallbackQuery", since=mark)
        mark = fake_api.mark()
        fake_api.press_button(message, member, "caralapor|IX.9.9|2022-06")  # a code the plan lost
        (gone,) = await fake_api.wait_for("answerCallbackQuery", since=mark)
    assert answer.params["show_alert"] is True
    assert "/selesai I.4.1 Januari 2022" in answer.params["text"] and len(answer.params["text"]) <= 200
    assert "tidak ada lagi" in gone.params["text"]


async def test_each_part_of_a_long_digest_says_what_it_continues(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    # On 14 July the coordinator's escalations (every June period) need two messages.
    settings = bot_settings(bound_settings, fake_api, at(8, 30))
    async with running(settings) as application:
        await settled(application)
    parts = fake_api.sent("sendMessage", chat_id=COORDINATOR_CHAT)
    assert len(parts) >= 2
    for part in parts[1:]:
        first_line, second_line = (part.text or "").split("\n")[:2]
        # Read on its own in the chat list, a later part names the day and the deadline of its items.
        assert "lanjutan" in first_line and "Kamis, 14 Juli 2022" in first_line
        assert "Tenggat Kamis, 30 Juni 2022" in second_line


async def digests_after(settings: Settings, api: FakeBotApi, code: str, key: str, *statuses: Status) -> None:
    """Move one period through `statuses` at 07:00, then let the 08:30 start-up pass send the day."""
    database = open_database(settings)
    with database.unit_of_work() as session:
        [state] = [s for s in repo.period_states(session, 2022, action_codes=[code]) if s.key == key]
        for status in statuses:
            repo.change_status(session, state.period_id, status, person_id=None, chat_id=None, now=at(7))
    database.dispose()
    async with running(bot_settings(settings, api, at(8, 30))) as application:
        await settled(application)


async def test_an_escalated_period_reported_without_evidence_is_not_called_unreported(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    await digests_after(bound_settings, fake_api, "V.3.1", "2022-06", Status.MENUNGGU_BUKTI)
    escalation = "\n".join(fake_api.texts(COORDINATOR_CHAT))
    assert "V.3.1" in escalation and "belum dilaporkan" not in escalation
    item = escalation[escalation.index("<b>V.3.1</b>") :].split("\n\n")[0]
    assert "buktinya belum ada" in item and "/bukti V.3.1 Juni 2022" in item


async def test_a_rejected_period_is_reminded_as_sent_back(
    bound_settings: Settings, fake_api: FakeBotApi
) -> None:
    await digests_after(bound_settings, fake_api, "I.4.1", "2022-06", Status.SELESAI, Status.DITOLAK)
    digest = "\n".join(fake_api.texts(TEAM_CHATS["MP"]))
    item = digest[digest.index("<b>I.4.1</b> · ") :].split("\n\n")[0]
    assert "Juni 2022 (dikembalikan)" in item and "/selesai I.4.1 Januari 2022" in item
