"""Idempotent delivery of a day's digests: claim each reminder's key, send, record the outcome.

A reminder is one due period in one chat on one day, keyed ``{chat_id}|{day}|{tag}|{action}|{period}``
(tag: opening, h-7, h-3, h-1, due, overdue, escalation), e.g. ``-1001234|2022-06-30|due|I.4.1|2022-06``.
The policy gives a period at most one item per day, so the key is unique per reminder. A digest to a chat
is the set of its items' keys: the dispatcher claims them (store/reminder_log.py), sends only the items it
now holds as one digest, and records each message's items as sent the moment Telegram accepted that
message (a long digest goes out as several), so a crash re-sends at most the messages in flight.

Different chats are sent to concurrently (up to `concurrency` at once) and AIORateLimiter on the bot sets
the pace: about 30 messages a second overall, 20 a minute per group. One chat's messages go in order. Items that went out already, or that another
process is sending, are left out; a restart, a second tick or a second process therefore never sends a
reminder twice. What is left open is not knowing whether Telegram delivered: a crash after Telegram
accepted a message and before the database recorded it (after the lease that reminder is sent again), a
time-out after Telegram took the message, or a send held up past the lease (flood control) while a
second process takes the claim over. At least once beats never.

Failures: a network error, a server error or flood control marks the undelivered items failed with a
retry time (exponential backoff; Telegram's retry_after respected); the next pass of the day claims them
again. A chat that removed or blocked the bot is marked inactive and the coordinator is told once; its
items are given up. A group that became a supergroup follows its new id.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field, replace
from datetime import date, datetime, timedelta

from plan.clock import Clock
from scheduler.policy import Audience, Digest, ReminderItem
from scheduler.sender import ChatMoved, ChatUnreachable, DeliveryError, Sender, SendFailed
from store import chats, reminder_log
from store.chats import BoundChat
from store.db import Database

logger = logging.getLogger(__name__)

# Chats sent to at once. Far above what the rate limiter lets through at Telegram's latency (30 a second
# at 150 ms is about 5 in flight), so the limiter sets the pace; the bound only keeps a group held by its
# per-group limit, or thousands of chats, from holding as many tasks and connections.
CHATS_AT_ONCE = 50


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    first: timedelta = timedelta(seconds=2)
    longest: timedelta = timedelta(minutes=15)
    attempts: int = 13  # 2 s, 4 s ... 512 s, then every 15 min: about an hour before giving up
    # How long a claim may stay unanswered before another worker assumes its holder died.
    lease: timedelta = timedelta(minutes=10)

    def retry_at(self, now: datetime, attempt: int, retry_after: float | None = None) -> datetime | None:
        """When to try again after failed attempt number `attempt` (1-based); None: give up."""
        if attempt >= self.attempts:
            return None
        delay = min(self.first * 2 ** (attempt - 1), self.longest)
        if retry_after:
            delay = max(delay, timedelta(seconds=retry_after))
        return now + delay


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int = 0  # items delivered by this pass
    skipped: int = 0  # items sent before, or being sent by another worker
    failed: int = 0  # items to be retried
    given_up: int = 0
    gone_chats: tuple[int, ...] = ()
    next_attempt_at: datetime | None = None  # when a pass of the same day has something to retry


@dataclass
class _Tally:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    given_up: int = 0
    gone_chats: list[int] = field(default_factory=list)
    retry_now: bool = False

    def add(self, other: _Tally) -> None:
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed
        self.given_up += other.given_up
        self.gone_chats += other.gone_chats
        self.retry_now = self.retry_now or other.retry_now


def reminder_key(chat_id: int, day: date, item: ReminderItem) -> str:
    return f"{chat_id}|{day.isoformat()}|{item.tag}|{item.action.code}|{item.period.key}"


def worker_name() -> str:
    """Who holds a claim: host, process and a random suffix (two dispatchers in one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(eq=False)  # a service: compared by identity, as before
class Dispatcher:
    database: Database
    sender: Sender
    clock: Clock
    _: KW_ONLY
    coordinator_chat_id: int | None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    worker: str = field(default_factory=worker_name)
    concurrency: int = CHATS_AT_ONCE

    async def deliver(self, digests: Sequence[Digest]) -> DeliveryReport:
        """Send what is not sent yet of one day's digests. Database work runs in a thread: a claim may
        wait on another process's lock, and the bot must keep answering meanwhile."""
        if not digests:
            return DeliveryReport()
        day = digests[0].day
        started = self.clock.now()
        tally = _Tally()
        slots = asyncio.Semaphore(self.concurrency)

        async def deliver_one(chat_id: int, bound: BoundChat | None, digest: Digest) -> None:
            async with slots:
                await self._deliver(chat_id, bound, digest, tally)

        async with asyncio.TaskGroup() as group:
            for chat_id, bound, digest in await asyncio.to_thread(self._routes, digests):
                group.create_task(deliver_one(chat_id, bound, digest))
        # Retries due before this pass began were this pass's to take; what is still pending after it
        # failed during it (or belongs to another worker).
        next_at = started if tally.retry_now else await asyncio.to_thread(self._next_attempt, day, started)
        report = DeliveryReport(
            tally.sent, tally.skipped, tally.failed, tally.given_up, tuple(tally.gone_chats), next_at
        )
        logger.info("reminders of %s by %s: %s", day, self.worker, report)
        return report

    def _routes(self, digests: Sequence[Digest]) -> list[tuple[int, BoundChat | None, Digest]]:
        routes: list[tuple[int, BoundChat | None, Digest]] = []
        with self.database.unit_of_work() as session:
            for digest in digests:
                if digest.audience is Audience.COORDINATOR:
                    if self.coordinator_chat_id is None:
                        logger.warning(
                            "%s escalations not sent: ZIBOT_COORDINATOR_CHAT_ID is not set", len(digest.items)
                        )
                    else:
                        routes.append((self.coordinator_chat_id, None, digest))
                    continue
                bound = chats.active_team_chats(session, digest.team_code)
                if not bound:
                    logger.warning(
                        "team %s has no active chat: %s reminders not sent",
                        digest.team_code,
                        len(digest.items),
                    )
                routes += [(chat.chat_id, chat, digest) for chat in bound]
        return routes

    async def _deliver(self, chat_id: int, bound: BoundChat | None, digest: Digest, tally: _Tally) -> None:
        by_key = {reminder_key(chat_id, digest.day, item): item for item in digest.items}
        held = await asyncio.to_thread(self._claim, chat_id, digest.day, by_key)
        tally.skipped += len(by_key) - len(held)
        if not held:
            return
        keys = [key for key in by_key if key in held]  # digest order: each message takes the next items
        mine = replace(digest, items=tuple(by_key[key] for key in keys))
        sent = 0
        try:
            async for count in self.sender.send_digest(chat_id, mine):
                # Recorded before the next message goes: a crash now re-sends only what is in flight.
                accepted, sent = keys[sent : sent + count], sent + count
                await asyncio.to_thread(self._record_sent, accepted)
                tally.sent += len(accepted)
        except DeliveryError as error:
            failure = error
        except Exception as error:  # a bug on the sending side must not stop the other chats' digests
            logger.exception("sending reminders to chat %s failed unexpectedly", chat_id)
            failure = SendFailed(f"{type(error).__name__}: {error}")
        else:
            logger.info("chat %s got %s reminders of %s", chat_id, len(keys), digest.day)
            return
        rest = keys[sent:]
        # The thread counts on a tally of its own: other chats' threads may be recording meanwhile.
        part, newly_gone = await asyncio.to_thread(self._record_failure, chat_id, bound, rest, held, failure)
        tally.add(part)
        if newly_gone and bound is not None:
            await self._tell_coordinator(bound, failure.reason)

    def _claim(self, chat_id: int, day: date, by_key: dict[str, ReminderItem]) -> dict[str, int]:
        claims = [
            reminder_log.NewClaim(key, chat_id, day, item.tag, _payload(item)) for key, item in by_key.items()
        ]
        with self.database.unit_of_work() as session:
            return reminder_log.claim(
                session, claims, worker=self.worker, now=self.clock.now(), lease=self.retry.lease
            )

    def _record_sent(self, keys: list[str]) -> None:
        with self.database.unit_of_work() as session:
            reminder_log.mark_sent(session, keys, worker=self.worker, now=self.clock.now())

    def _record_failure(
        self,
        chat_id: int,
        bound: BoundChat | None,
        rest: list[str],
        held: dict[str, int],
        failure: DeliveryError,
    ) -> tuple[_Tally, bool]:
        """Record what did not arrive; True when a team chat has just been found gone."""
        tally = _Tally()
        now = self.clock.now()
        newly_gone = False
        with self.database.unit_of_work() as session:
            for key in rest:
                retry_at = None
                if isinstance(failure, SendFailed) and failure.retryable:
                    retry_at = self.retry.retry_at(now, held[key], failure.retry_after)
                reminder_log.mark_failed(
                    session, key, worker=self.worker, error=failure.reason, retry_at=retry_at
                )
                tally.failed += retry_at is not None
                tally.given_up += retry_at is None
            if isinstance(failure, ChatUnreachable) and bound is not None:
                newly_gone = chats.mark_chat_inactive(session, chat_id, failure.reason)
                tally.gone_chats.append(chat_id)
            elif isinstance(failure, ChatMoved):
                chats.migrate_chat(session, chat_id, failure.new_chat_id)
                tally.retry_now = True  # the new chat id has keys of its own: the next pass sends them
        logger.warning("reminders to chat %s: %s not delivered: %s", chat_id, len(rest), failure)
        return tally, newly_gone

    async def _tell_coordinator(self, chat: BoundChat, reason: str) -> None:
        if self.coordinator_chat_id is None:
            logger.warning(
                "chat %s of team %s is gone and no coordinator chat is set", chat.chat_id, chat.team_code
            )
            return
        try:
            await self.sender.send_chat_gone(self.coordinator_chat_id, chat, reason)
        except Exception:  # the chat is marked inactive either way; this notice is best effort
            logger.exception("could not tell the coordinator that chat %s is gone", chat.chat_id)

    def _next_attempt(self, day: date, after: datetime) -> datetime | None:
        with self.database.unit_of_work() as session:
            return reminder_log.next_attempt(session, day, after=after, lease=self.retry.lease)


def _payload(item: ReminderItem) -> str:
    return json.dumps(
        {
            "action": item.action.code,
            "period": item.period.key,
            "team": item.action.team_code,
            "deadline": item.period.deadline.isoformat(),
            "status": item.status.value,
        }
    )
