"""Nothing a user sends is lost: updates go through the database inbox (store/inbox.py) on their way in.

Polling fetches with getUpdates through PTB's raw request, commits the batch to the inbox and only then
confirms it with the next offset; the webhook (bot/webhook.py) answers 200 only after the commit. Each
stored update is parsed on its own, so one that this python-telegram-bot cannot read is set aside (logged
once, by id and kind) and the rest of its batch is handled. Handling goes through the Application's
update processor (bot/update_processor.py), which marks each update done once its handlers finished; at
start, updates left unfinished by a stop or a crash are handled first, in order.

An update may therefore be handled twice after a crash; the filings it makes are idempotent (evidence is
kept once per period by content, a review is keyed by its message), and the answers it queued the first
time are not queued again (bot/answers.py). Its answers do not hold it up: they are committed to the
outbox with its done mark and sent from there (bot/outbox.py), so an update is done as soon as its
handlers return.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot import answers
from bot.outbox import Outbox
from bot.tasks import cancel
from plan.clock import Clock
from store import inbox
from store.db import Database

logger = logging.getLogger(__name__)

# A failed getUpdates is tried again after this long, doubling up to the maximum.
RETRY_FIRST, RETRY_MAX = 0.5, 30.0


class Inbox:
    """The way in: store, parse, hand over to the Application; mark done; prune."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        database: Database,
        clock: Clock,
        retention: timedelta,
        outbox: Outbox,
    ) -> None:
        self.application = application
        self.database = database
        self.clock = clock
        self.retention = retention
        self.outbox = outbox

    def replay(self) -> int:
        """Hand over what an earlier run stored and did not finish, oldest first; returns how many."""
        with self.database.unit_of_work() as session:
            left = inbox.unfinished(session)
        if left:
            logger.info(
                "handling %s updates left unfinished by the last run, from %s", len(left), left[0].update_id
            )
        self._hand_over(left)
        return len(left)

    def accept(self, payloads: Sequence[Mapping[str, Any]]) -> None:
        """Commit updates to the inbox, then hand the new ones over (a redelivered one is not handled twice)."""
        with self.database.unit_of_work() as session:
            added = inbox.store(session, payloads, self.clock.now())
        self._hand_over(added)

    def next_offset(self) -> int:
        """What getUpdates confirms: everything stored so far."""
        with self.database.unit_of_work() as session:
            last = inbox.last_update_id(session)
        return last + 1 if last is not None else 0

    def starting(self, update: object) -> None:
        """The update processor's callback as an update's handlers start (in the update's own task)."""
        if isinstance(update, Update):
            answers.handling(answers.Handling(update.update_id, self.outbox))

    def handled(self, update: object) -> None:
        """The update processor's callback once an update's handlers finished (in the update's own task):
        its answers and its done mark are committed together."""
        if not isinstance(update, Update):
            return
        current = answers.current_handling()
        with self.database.unit_of_work() as session:
            written = self.outbox.write(session, current) if current is not None else []
            inbox.finish(session, [update.update_id], self.clock.now())
        if current is not None:
            current.finished = True
        self.outbox.send(written)

    def prune(self) -> int:
        with self.database.unit_of_work() as session:
            pruned = inbox.prune(session, self.clock.now() - self.retention)
        sent = self.outbox.prune(self.retention)
        if pruned or sent:
            logger.info(
                "pruned %s handled updates and %s sent answers older than %s", pruned, sent, self.retention
            )
        return pruned

    def _hand_over(self, stored: Sequence[inbox.Stored]) -> None:
        unreadable: list[int] = []
        for item in stored:
            try:
                update = Update.de_json(dict(item.payload), self.application.bot)
            except Exception as exc:  # whatever a newer Bot API sends that this library cannot parse
                # The id and the kind only: the payload is someone's message.
                logger.error(
                    "update %s (%s) cannot be read by this version (%s); set aside",
                    item.update_id,
                    inbox.kind_of(item.payload),
                    type(exc).__name__,
                )
                unreadable.append(item.update_id)
                continue
            self.application.update_queue.put_nowait(update)
        if unreadable:
            with self.database.unit_of_work() as session:
                inbox.finish(session, unreadable, self.clock.now(), state=inbox.UNREADABLE)

    def drop_queued(self) -> int:
        """Forget updates handed over but not started (they stay `new` in the inbox for the next start)."""
        queue, dropped = self.application.update_queue, 0
        while not queue.empty():
            queue.get_nowait()
            queue.task_done()
            dropped += 1
        return dropped


class Polling:
    """getUpdates in a loop: each batch committed to the inbox before the next call confirms it."""

    def __init__(
        self,
        inbox_: Inbox,
        allowed_updates: Sequence[str],
        poll_timeout: int = 10,
        poll_interval: float = 0.0,
    ) -> None:
        self.inbox = inbox_
        self.allowed_updates = list(allowed_updates)
        self.poll_timeout = poll_timeout
        self.poll_interval = poll_interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        bot = self.inbox.application.bot
        # PTB suggests Bot.get_updates, which parses the whole batch and fails it for one bad update.
        warnings.filterwarnings("ignore", "Please use 'Bot.getUpdates'", PTBUserWarning)
        await bot.delete_webhook(drop_pending_updates=False)  # getUpdates is refused while one is set
        self._task = asyncio.create_task(self._loop(), name="zibot:getUpdates")

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None

    async def _loop(self) -> None:
        bot = self.inbox.application.bot
        offset = self.inbox.next_offset()
        delay = RETRY_FIRST
        while True:
            try:
                batch = await bot.do_api_request(
                    "getUpdates",
                    api_kwargs={
                        "offset": offset,
                        "timeout": self.poll_timeout,
                        "allowed_updates": self.allowed_updates,
                    },
                    read_timeout=self.poll_timeout + 10,
                )
            except (InvalidToken, Conflict) as exc:
                logger.error("getUpdates refused (%s); trying again in %s s", exc, RETRY_MAX)
                await asyncio.sleep(RETRY_MAX)
                continue
            except (NetworkError, TelegramError) as exc:
                logger.warning("getUpdates failed (%s); trying again in %.1f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)
                continue
            delay = RETRY_FIRST
            payloads = [item for item in batch or () if isinstance(item, dict) and "update_id" in item]
            if payloads:
                self.inbox.accept(payloads)  # committed: the next call's offset may confirm them
                offset = max(int(item["update_id"]) for item in payloads) + 1
            if self.poll_interval:
                await asyncio.sleep(self.poll_interval)
