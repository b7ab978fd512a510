"""An update's answers, counted in its inbox row, so an update handled again after a crash does not send
again what Telegram already accepted.

Handling an update again is safe for the data (filings and reviews are idempotent), but its answers would
go out a second time: the update in flight at a `kill -9` had answered and was not yet marked done. Each
answer an update's handling sends is numbered; once Telegram accepted number n, the inbox row records n
(`store/inbox.py`). Handling it again, the first n answers are skipped and the rest are sent: a review's
team notice that never arrived still goes out. What is left is the moment between Telegram's acceptance
and that record. The handling runs in a task of its own (python-telegram-bot makes one per update), so the
count of the update being handled is a context variable the update processor sets before the handlers run.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class Answers:
    update_id: int
    already: int  # accepted in an earlier handling of this update
    record: Callable[[int, int], None]  # (update id, answers accepted so far): into the inbox row
    sent: int = 0


_handling: ContextVar[Answers | None] = ContextVar("zibot_answers", default=None)


def handling(answers: Answers) -> None:
    """The update processor's hook: the answers of the update this task now handles."""
    _handling.set(answers)


async def answer(send: Callable[[], Awaitable[object]]) -> None:
    """Send one answer of the update being handled, unless an earlier handling of it had it accepted.
    Outside an update's handling (the daily passes) it is just sent."""
    answers = _handling.get()
    if answers is None:
        await send()
        return
    answers.sent += 1
    if answers.sent <= answers.already:
        logger.info(
            "update %s: answer %s went out before the restart; not again", answers.update_id, answers.sent
        )
        return
    await send()
    answers.record(answers.update_id, answers.sent)
