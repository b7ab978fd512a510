"""Sends what the outbox holds (store/outbox.py) at the pace the application's AIORateLimiter sets, chats
at once; each row marked sent the moment Telegram accepts it, so a crash sends again at most the messages
in flight.

Order: an update's answers go out in the order they were queued, and so do all answers of a private
chat. In a group, where an answer quotes the message it answers (bot/answers.py), the answers of
different updates may overtake each other, as a bot handling updates concurrently sends them: reports
in one group are answered at once, not one round trip after another. At most `IN_FLIGHT_PER_CHAT` go at a
time, which is also how many a crash can send twice.

A refusal for good (a Bad Request, a bot removed from the group) is recorded and logged, and the chat's
next answers go on; a network failure is tried again, with growing pauses, before it is given up the same
way. At stop, what is not out within the grace stays queued for the next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from datetime import timedelta

from sqlalchemy.orm import Session
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter, TelegramError
from telegram.ext import CallbackContext

from bot.answers import Answer, Handling, current_handling
from bot.sender import retry_seconds
from bot.tasks import cut_short
from plan.clock import Clock
from store import outbox
from store.db import Database

logger = logging.getLogger(__name__)

OUTBOX_KEY = "zibot.outbox"
# A network failure is tried again after 0.5, 1, 2, ... seconds, this many times.
NETWORK_RETRIES = 6
IN_FLIGHT_PER_CHAT = 4


Lane = tuple[int, int | None]  # the chat, and in a group the update


def lane_of(queued: outbox.Queued) -> Lane:
    """Answers in one lane keep their order; lanes go at once. Group and channel ids are negative."""
    return (queued.chat_id, queued.update_id if queued.chat_id < 0 else None)


class Outbox:
    def __init__(self, bot: Bot, database: Database, clock: Clock) -> None:
        self.bot = bot
        self.database = database
        self.clock = clock
        self._queues: dict[Lane, deque[outbox.Queued]] = {}
        self._senders: dict[Lane, asyncio.Task[None]] = {}
        self._in_flight: dict[int, asyncio.Semaphore] = {}

    def write(self, session: Session, handling: Handling) -> list[outbox.Queued]:
        """Add the answers `handling` holds to the outbox in `session`; `send` them once it is committed."""
        written = []
        for number, answer in handling.take():
            queued = outbox.queue(
                session, handling.update_id, number, answer.chat_id, answer.as_json(), self.clock.now()
            )
            if queued is None:
                logger.info(
                    "update %s: answer %s was queued before the restart; not again",
                    handling.update_id,
                    number,
                )
                continue
            written.append(queued)
        return written

    def send(self, written: list[outbox.Queued]) -> None:
        """Hand committed answers to their chats' senders."""
        for queued in written:
            self._put(queued)

    def commit(self, handling: Handling) -> None:
        """Commit what `handling` holds in a unit of work of its own and send it."""
        with self.database.unit_of_work() as session:
            written = self.write(session, handling)
        self.send(written)

    def resume(self) -> int:
        """Send what an earlier run queued and did not get out; before any new answer of its chat."""
        with self.database.unit_of_work() as session:
            left = outbox.unsent(session)
        if left:
            logger.info("sending %s answers queued before the restart", len(left))
        for queued in left:
            self._put(queued)
        return len(left)

    async def drained(self, chat_id: int) -> None:
        """Until the chat's queued answers are out: what a handler sends itself (a chart, a workbook)
        comes after them."""
        senders = [task for (chat, _), task in self._senders.items() if chat == chat_id]
        if senders:
            await asyncio.shield(asyncio.wait(senders))

    async def stop(self, grace: float) -> None:
        """Give the senders `grace` seconds; what is still queued then is sent at the next start."""
        late = await cut_short(list(self._senders.values()), grace)
        if late:
            logger.info("stopping: answers of %s senders left for the next start", late)

    def prune(self, retention: timedelta) -> int:
        with self.database.unit_of_work() as session:
            return outbox.prune(session, self.clock.now() - retention)

    def _put(self, queued: outbox.Queued) -> None:
        lane = lane_of(queued)
        self._queues.setdefault(lane, deque()).append(queued)
        self._in_flight.setdefault(queued.chat_id, asyncio.Semaphore(IN_FLIGHT_PER_CHAT))
        if lane not in self._senders:
            self._senders[lane] = asyncio.create_task(self._send_all(lane), name=f"zibot:outbox:{lane}")

    async def _send_all(self, lane: Lane) -> None:
        queue, slots = self._queues[lane], self._in_flight[lane[0]]
        try:
            while queue:
                async with slots:
                    await self._deliver(queue[0])
                queue.popleft()
        finally:
            del self._senders[lane]
            if not queue:
                del self._queues[lane]
            if not any(chat == lane[0] for chat, _ in self._senders):
                del self._in_flight[lane[0]]

    async def _deliver(self, queued: outbox.Queued) -> None:
        answer = Answer.from_json(queued.chat_id, queued.message)
        chat_id, pause = queued.chat_id, 0.5
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                await answer.send(self.bot, chat_id)
            except ChatMigrated as error:  # the group became a supergroup: the answer follows it
                chat_id = error.new_chat_id
                continue
            except RetryAfter as error:  # still over the limit after the rate limiter's own retries
                await asyncio.sleep(retry_seconds(error))
                continue
            except BadRequest as error:
                return self._refused(queued, error)
            except NetworkError as error:
                if attempt == NETWORK_RETRIES:
                    return self._refused(queued, error)
                logger.warning("answer %s to chat %s: %s; again in %.1f s", queued.id, chat_id, error, pause)
                await asyncio.sleep(pause)
                pause *= 2
                continue
            except TelegramError as error:  # Forbidden: the bot is no longer in the chat
                return self._refused(queued, error)
            with self.database.unit_of_work() as session:
                outbox.sent(session, queued.id, self.clock.now())
            return None
        return self._refused(queued, TelegramError("too many moves or floods"))

    def _refused(self, queued: outbox.Queued, error: TelegramError) -> None:
        reason = f"{type(error).__name__}: {error.message}"
        logger.warning("answer %s to chat %s not sent: %s", queued.id, queued.chat_id, reason)
        with self.database.unit_of_work() as session:
            outbox.refused(session, queued.id, reason)


def outbox_of(context: CallbackContext) -> Outbox | None:  # type: ignore[type-arg]
    return context.application.bot_data.get(OUTBOX_KEY)


def release_answers(context: CallbackContext) -> None:  # type: ignore[type-arg]
    """Commit the answers the handler gave so far, not when the update is handled: they go out while it
    goes on to something slow (drawing a chart, building a workbook)."""
    box, current = outbox_of(context), current_handling()
    if box is not None and current is not None and current.held:
        box.commit(current)


async def after_answers(context: CallbackContext, chat_id: int) -> None:  # type: ignore[type-arg]
    """What a handler sends itself (a chart, a workbook) goes out after the answers it gave before: those
    are committed now and sent first."""
    release_answers(context)
    box = outbox_of(context)
    if box is not None:
        await box.drained(chat_id)
