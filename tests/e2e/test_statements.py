"""The SQL a `/selesai` photo costs, counted on the real path (inbox, handler, filing, answer, done)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from plan.model import Status
from tests.e2e.conftest import Cast, RunningBot, StartBot

PHOTO = b"\xff\xd8\xff\xe0 foto sosialisasi SOP " + bytes(range(256)) * 20
# The statements of one `/selesai` with a photo from someone seen a moment ago, on either engine: the
# inbox (2 to store it, 1 to mark it done), who is asking (2: the person with their role, the group's
# binding with their membership of its team), the plan (1), the period (1), the filing (5: the period's
# status under the change's lock, its evidence read once for duplicates and the count, the evidence, the
# status and its history) and the answer queued in the outbox (1). The confirmation is built from the
# filing, not read back.
BUDGET = 13
# Its transactions: the inbox's, who is asking with the plan and the period, the filing, and the answer
# committed with the done mark.
TRANSACTIONS = 4
COMMIT = "COMMIT"


@contextmanager
def counted(bot: RunningBot) -> Iterator[list[str]]:
    """The SQL statements the bot runs meanwhile, in order, with a `COMMIT` where a transaction ends."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.split()))

    def commit(_conn: Any) -> None:
        statements.append(COMMIT)

    engine = bot.services.database.engine
    event.listen(engine, "before_cursor_execute", count)
    event.listen(engine, "commit", commit)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
        event.remove(engine, "commit", commit)


def until_done(statements: list[str]) -> list[str] | None:
    """The statements up to the commit of the done mark, once it is committed."""
    done = next((n for n, s in enumerate(statements) if s.startswith("UPDATE inbox SET state")), None)
    if done is None or COMMIT not in statements[done:]:
        return None
    return statements[: statements.index(COMMIT, done) + 1]


async def test_a_selesai_photo_costs_few_statements(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    # Ani was just seen (her membership recorded): what follows is the cost of any later report.
    await bot.report(cast.tl_group, cast.ani, PHOTO + b"maret", "/selesai II.2.1 Maret")
    await bot.settle()
    since = bot.mark()
    with counted(bot) as statements:
        bot.api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai II.1")
        [answer] = await bot.answers(cast.tl_group, since)
        for _ in range(500):  # until the update is marked done: the last of its handling
            handling = until_done(statements)
            if handling is not None:
                break
            await asyncio.sleep(0.01)
    assert handling is not None, statements
    assert "II.1.1" in answer and "1" in answer
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    sql = [statement for statement in handling if statement != COMMIT]
    print(f"/selesai with a photo: {len(sql)} statements:", *(s[:150] for s in handling), sep="\n")
    assert len(sql) <= BUDGET, handling
    assert handling.count(COMMIT) <= TRANSACTIONS, handling
    # The answer and the done mark commit together: an update is done with its answers queued, or not.
    queued = next(n for n, statement in enumerate(handling) if statement.startswith("INSERT INTO outbox"))
    assert COMMIT not in handling[queued:-1], handling


async def test_the_plan_is_read_at_start_not_by_the_first_update(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    since = bot.mark()
    with counted(bot) as statements:
        bot.api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai II.1")
        [answer] = await bot.answers(cast.tl_group, since)
    assert "II.1.1" in answer
    # The plan's rows are read with their langkah aksi; nothing the handling needs reads that column.
    assert statements and not [s for s in statements if "actions.langkah_aksi" in s]
