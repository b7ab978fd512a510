"""Idempotent dispatch with a real database (SQLite or PostgreSQL, see tests/conftest.py).

The sender is the boundary: a recording `Sender` that can be told to fail the way Telegram does.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from plan.model import Plan, Status
from scheduler.calendar import WorkCalendar
from scheduler.dispatch import DeliveryReport, Dispatcher, RetryPolicy, reminder_key
from scheduler.policy import Audience, Digest, PolicyConfig, reminders_on
from scheduler.sender import ChatMoved, ChatUnreachable, DeliveryError, SendFailed
from store import chats, reminder_log, repo
from store.chats import BoundChat
from store.db import Database
from store.plan_import import import_plan
from tests.store.reminder_rows import log_entries

DAY = date(
    2022, 6, 30
)  # a Thursday: the June deadline, escalations, and (as the summary day) overdue periods
NOW = datetime(2022, 6, 30, 1, 0, tzinfo=UTC)  # 08:00 WIB
COORDINATOR = 999
WIB = ZoneInfo("Asia/Jakarta")
CHATS = {"MP": (-100, -101), "TL": (-200,), "SDM": (-300,), "AK": (-400,), "PW": (-500,), "PP": (-600,)}


@dataclass
class Fail:
    """Fail the digest's message number `after` + 1 (the first `after` messages arrive)."""

    error: DeliveryError
    after: int = 0


class RecordingSender:
    """Records what arrives, `per_message` items a message; `failures` is a queue for the next digests
    (an error, a `Fail`, or None = succeed). A message arrives when the dispatcher takes its count."""

    def __init__(self, per_message: int = 3) -> None:
        self.received: list[tuple[int, tuple[str, ...]]] = []
        self.notices: list[tuple[int, int]] = []
        self.failures: list[DeliveryError | Fail | None] = []
        self.per_message = per_message
        self.failures_of: dict[int, list[DeliveryError | Fail | None]] = {}  # the same, for one chat
        self.hang_after: int | None = None  # messages after which the next send never returns
        self.hung = asyncio.Event()

    async def send_digest(self, chat_id: int, digest: Digest) -> AsyncIterator[int]:
        queue = self.failures_of.get(chat_id) or self.failures
        failure = queue.pop(0) if queue else None
        if isinstance(failure, DeliveryError):
            failure = Fail(failure)
        items = [f"{i.tag}|{i.action.code}|{i.period.key}" for i in digest.items]
        for number, start in enumerate(range(0, len(items), self.per_message)):
            await asyncio.sleep(0)  # a real send yields to the event loop
            if failure is not None and number == failure.after:
                raise failure.error
            if number == self.hang_after:  # the dispatcher recorded the messages before this one
                self.hung.set()
                await asyncio.Event().wait()  # the process dies with this message in flight
            message = tuple(items[start : start + self.per_message])
            self.received.append((chat_id, message))
            yield len(message)

    async def send_chat_gone(self, chat_id: int, chat: BoundChat, reason: str) -> None:
        self.notices.append((chat_id, chat.chat_id))

    def items_to(self, chat_id: int) -> list[str]:
        return [item for chat, items in self.received if chat == chat_id for item in items]


@pytest.fixture
def bound(database: Database, plan: Plan) -> Database:
    with database.unit_of_work() as session:
        import_plan(session, plan, "0" * 64, NOW)
        for team, chat_ids in CHATS.items():
            for chat_id in chat_ids:
                chats.bind_chat(session, chat_id, team, f"Grup {team} {chat_id}", person_id=None, now=NOW)
    return database


def digests_of(database: Database, plan: Plan, day: date = DAY) -> tuple[Digest, ...]:
    with database.unit_of_work() as session:
        statuses = repo.statuses(session, 2022)
    # The overdue summary on the day under test: long digests of many items, several messages each.
    return reminders_on(plan, statuses, day, PolicyConfig(overdue_weekday=DAY.weekday()), WorkCalendar())


@dataclass
class StoppedClock:
    """Time stands still between the moments a test names."""

    moment: datetime
    tz: ZoneInfo = WIB

    def now(self) -> datetime:
        return self.moment


def dispatcher(database: Database, sender: RecordingSender, worker: str = "w1", **options: Any) -> Dispatcher:
    options.setdefault("coordinator_chat_id", COORDINATOR)
    return Dispatcher(database, sender, StoppedClock(NOW), worker=worker, **options)


async def deliver_at(send: Dispatcher, digests: tuple[Digest, ...], moment: datetime) -> DeliveryReport:
    assert isinstance(send.clock, StoppedClock)
    send.clock.moment = moment
    return await send.deliver(digests)


def expected(digests: tuple[Digest, ...]) -> dict[int, list[str]]:
    """Chat -> the items it should get, straight from the policy's digests."""
    out: dict[int, list[str]] = {}
    for digest in digests:
        targets = (COORDINATOR,) if digest.audience is Audience.COORDINATOR else CHATS[digest.team_code or ""]
        for chat_id in targets:
            out[chat_id] = [f"{i.tag}|{i.action.code}|{i.period.key}" for i in digest.items]
    return out


async def test_each_reminder_once_across_passes(bound: Database, plan: Plan) -> None:
    digests = digests_of(bound, plan)
    sender = RecordingSender()
    first = await deliver_at(dispatcher(bound, sender), digests, NOW)
    want = expected(digests)
    assert {chat: sender.items_to(chat) for chat in want} == want
    assert first.sent == sum(len(items) for items in want.values()) and first.skipped == 0
    assert first.next_attempt_at is None
    # A second tick, a restart (another worker name), later the same day: nothing goes out again.
    again = await deliver_at(dispatcher(bound, sender, "after-restart"), digests, NOW + timedelta(hours=3))
    assert again.sent == 0 and again.skipped == first.sent
    assert {chat: sender.items_to(chat) for chat in want} == want
    with bound.unit_of_work() as session:
        log = log_entries(session, day=DAY)
    assert len(log) == first.sent
    assert {entry.state for entry in log} == {"sent"} and {entry.attempts for entry in log} == {1}
    entry = next(e for e in log if e.chat_id == -101 and e.kind == "due")
    assert entry.key.startswith("-101|2022-06-30|due|") and entry.sent_at == NOW


async def test_a_changed_status_the_same_day_does_not_resend(bound: Database, plan: Plan) -> None:
    sender = RecordingSender()
    await deliver_at(dispatcher(bound, sender), digests_of(bound, plan), NOW)
    sent = list(sender.received)
    with bound.unit_of_work() as session:
        (period,) = repo.period_states(session, 2022, action_codes=["I.4.1"])[5:6]
        repo.change_status(
            session, period.period_id, Status.MENUNGGU_BUKTI, person_id=None, chat_id=-100, now=NOW
        )
    await deliver_at(dispatcher(bound, sender, "w2"), digests_of(bound, plan), NOW + timedelta(hours=1))
    assert sender.received == sent


async def test_two_dispatchers_at_once_send_each_reminder_once(
    database_url: str, bound: Database, plan: Plan
) -> None:
    digests = digests_of(bound, plan)
    senders = [RecordingSender(), RecordingSender()]
    # Two engines: two connection pools on one database, as two processes would have.
    databases = [Database(database_url), Database(database_url)]
    try:
        reports = await asyncio.gather(
            *(
                deliver_at(dispatcher(db, sender, f"process-{n}"), digests, NOW)
                for n, (db, sender) in enumerate(zip(databases, senders, strict=True))
            )
        )
    finally:
        for db in databases:
            db.dispose()
    want = expected(digests)
    for chat_id, items in want.items():
        got = senders[0].items_to(chat_id) + senders[1].items_to(chat_id)
        assert sorted(got) == sorted(items), chat_id
    total = sum(len(items) for items in want.values())
    assert sum(r.sent for r in reports) == total
    assert sum(r.skipped for r in reports) == total


def test_concurrent_claims_have_one_winner_per_key(database_url: str, bound: Database) -> None:
    keys = [reminder_log.NewClaim(f"-100|2022-06-30|due|X.{n}|2022-06", -100, DAY, "due") for n in range(30)]
    workers = 6
    barrier = threading.Barrier(workers)
    won: dict[str, list[str]] = {}

    def claim(worker: str) -> None:
        database = Database(database_url)
        try:
            barrier.wait()
            with database.unit_of_work() as session:
                held = reminder_log.claim(session, keys, worker=worker, now=NOW, lease=timedelta(minutes=10))
            won[worker] = list(held)
        finally:
            database.dispose()

    threads = [threading.Thread(target=claim, args=(f"w{n}",)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == workers
    claimed = [key for keys_won in won.values() for key in keys_won]
    assert sorted(claimed) == sorted(k.key for k in keys)


async def test_failed_send_is_retried_with_backoff(bound: Database, plan: Plan) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "TL")
    sender = RecordingSender()
    sender.failures = [SendFailed("NetworkError: Internal Server Error")]
    retry = RetryPolicy(first=timedelta(seconds=2))
    send = dispatcher(bound, sender, retry=retry)
    report = await deliver_at(send, digests, NOW)
    assert report.sent == 0 and report.failed == len(digests[0].items)
    assert report.next_attempt_at == NOW + timedelta(seconds=2)
    assert sender.items_to(-200) == []
    # Not yet due: nothing is taken.
    early = await deliver_at(send, digests, NOW + timedelta(seconds=1))
    assert early.sent == 0 and early.skipped == len(digests[0].items)
    # Due: sent once, as the second attempt; another pass finds nothing left.
    late = await deliver_at(send, digests, NOW + timedelta(seconds=3))
    assert late.sent == len(digests[0].items) and late.next_attempt_at is None
    assert sender.items_to(-200) == expected(digests)[-200]
    assert (await deliver_at(send, digests, NOW + timedelta(seconds=9))).sent == 0
    with bound.unit_of_work() as session:
        log = log_entries(session, chat_id=-200)
    assert {(e.state, e.attempts) for e in log} == {("sent", 2)}


async def test_backoff_grows_honours_retry_after_and_gives_up(bound: Database, plan: Plan) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "SDM")
    sender = RecordingSender()
    retry = RetryPolicy(first=timedelta(seconds=2), longest=timedelta(seconds=10), attempts=4)
    send = dispatcher(bound, sender, retry=retry)
    now = NOW
    delays = []
    for failure in (
        SendFailed("500"),
        SendFailed("429", retry_after=30),
        SendFailed("timeout"),
        SendFailed("500"),
    ):
        sender.failures = [failure]
        report = await deliver_at(send, digests, now)
        if report.next_attempt_at is None:
            assert report.given_up == len(digests[0].items)
            break
        delays.append(report.next_attempt_at - now)
        now = report.next_attempt_at
    assert delays == [timedelta(seconds=2), timedelta(seconds=30), timedelta(seconds=8)]
    assert (await deliver_at(send, digests, now + timedelta(hours=1))).sent == 0  # given up for good
    with bound.unit_of_work() as session:
        log = log_entries(session, chat_id=-300)
    assert {(e.state, e.attempts, e.next_attempt_at) for e in log} == {("failed", 4, None)}
    assert sender.items_to(-300) == []


async def test_partial_delivery_resends_only_the_rest(bound: Database, plan: Plan) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "PP")
    items = expected(digests)[-600]
    assert len(items) > 3
    sender = RecordingSender(per_message=3)
    sender.failures = [Fail(SendFailed("TimedOut"), after=1)]  # the first message arrives, the second not
    send = dispatcher(bound, sender)
    report = await deliver_at(send, digests, NOW)
    assert (report.sent, report.failed) == (3, len(items) - 3)
    assert report.next_attempt_at is not None
    await deliver_at(send, digests, report.next_attempt_at)
    assert sender.items_to(-600) == items  # the first three once, then the rest once


async def test_a_crash_after_a_digests_first_message_resends_at_most_that_message(
    bound: Database, plan: Plan
) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "PP")
    items = expected(digests)[-600]
    assert len(items) > 6  # three messages or more
    sender = RecordingSender(per_message=3)
    sender.hang_after = 1  # Telegram accepted message 1; the process dies while message 2 is on its way
    crashed = asyncio.create_task(deliver_at(dispatcher(bound, sender, "dead"), digests, NOW))
    await asyncio.wait_for(sender.hung.wait(), 10)
    crashed.cancel()  # nothing of the dead process runs any more
    with bound.unit_of_work() as session:
        log = {e.key.split("|", 2)[2]: e.state for e in log_entries(session, chat_id=-600)}
    assert sorted(state for state in log.values()) == ["claimed"] * (len(items) - 3) + ["sent"] * 3
    # Another process after the dead one's lease: sends what was not recorded, message 1 not again.
    restarted = RecordingSender(per_message=3)
    lease = RetryPolicy().lease
    await deliver_at(dispatcher(bound, restarted, "restarted"), digests, NOW + lease)
    assert restarted.items_to(-600) == items[3:]
    resent = [message for chat, message in restarted.received if set(message) & set(items[:3])]
    assert len(resent) <= 1


async def test_a_refused_message_is_not_retried(bound: Database, plan: Plan) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "TL")
    sender = RecordingSender()
    sender.failures = [SendFailed("BadRequest: can't parse entities", retryable=False)]
    report = await deliver_at(dispatcher(bound, sender), digests, NOW)
    assert report.given_up == len(digests[0].items) and report.next_attempt_at is None


async def test_a_kicked_chat_is_marked_inactive_and_reported_once(bound: Database, plan: Plan) -> None:
    digests = digests_of(bound, plan)
    sender = RecordingSender()
    sender.failures_of[-101] = [ChatUnreachable("Forbidden: bot was kicked from the group chat")]
    report = await deliver_at(dispatcher(bound, sender), digests, NOW)
    assert report.gone_chats == (-101,)
    assert sender.notices == [(COORDINATOR, -101)]
    assert sender.items_to(-100) == expected(digests)[-100]  # the team's other chat still got it
    with bound.unit_of_work() as session:
        gone = chats.chat_binding(session, -101)
        assert gone is not None and gone.active is False
        assert {e.state for e in log_entries(session, chat_id=-101)} == {"failed"}
    # The next day the gone chat is not tried, and nobody is told again.
    tomorrow = date(2022, 7, 1)
    later = await deliver_at(
        dispatcher(bound, sender, "w2"), digests_of(bound, plan, tomorrow), NOW + timedelta(days=1)
    )
    assert later.gone_chats == ()
    assert sender.items_to(-101) == [] and sender.notices == [(COORDINATOR, -101)]


async def test_a_group_that_became_a_supergroup_gets_its_reminders_at_the_new_id(
    bound: Database, plan: Plan
) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "TL")
    sender = RecordingSender()
    sender.failures = [ChatMoved("ChatMigrated", new_chat_id=-100200)]
    send = dispatcher(bound, sender)
    report = await deliver_at(send, digests, NOW)
    assert report.next_attempt_at == NOW  # go again right away
    await deliver_at(send, digests, NOW + timedelta(seconds=1))
    assert sender.items_to(-100200) == expected(digests)[-200]
    with bound.unit_of_work() as session:
        assert [c.chat_id for c in chats.active_team_chats(session, "TL")] == [-100200]


async def test_a_silent_claim_is_taken_over_after_its_lease(bound: Database, plan: Plan) -> None:
    digests = tuple(d for d in digests_of(bound, plan) if d.team_code == "TL")
    item = digests[0].items[0]
    key = reminder_key(-200, DAY, item)
    with bound.unit_of_work() as session:  # a process that claimed and died before sending
        reminder_log.claim(
            session,
            [reminder_log.NewClaim(key, -200, DAY, item.tag)],
            worker="dead",
            now=NOW,
            lease=timedelta(minutes=10),
        )
    sender = RecordingSender()
    send = dispatcher(bound, sender)
    report = await deliver_at(send, digests, NOW + timedelta(minutes=1))
    assert report.skipped == 1 and report.next_attempt_at == NOW + timedelta(minutes=10)
    assert f"{item.tag}|{item.action.code}|{item.period.key}" not in sender.items_to(-200)
    await deliver_at(send, digests, NOW + timedelta(minutes=10))
    assert sender.items_to(-200) == expected(digests)[-200][1:] + expected(digests)[-200][:1]


async def test_without_a_coordinator_chat_escalations_are_skipped(bound: Database, plan: Plan) -> None:
    digests = digests_of(bound, plan, date(2022, 7, 14))
    assert any(d.audience is Audience.COORDINATOR for d in digests)
    sender = RecordingSender()
    await deliver_at(dispatcher(bound, sender, coordinator_chat_id=None), digests, NOW)
    assert COORDINATOR not in {chat for chat, _items in sender.received}
