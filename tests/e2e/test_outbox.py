"""The outbox on the real path: an answer refused for good is recorded and the chat goes on; a transient
failure is tried again and the answer arrives once; a private chat's answers keep their order, a group's
do not wait for each other."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from store.models import OutboxMessage
from tests.e2e.conftest import Cast, RunningBot, StartBot


def _rows(bot: RunningBot) -> list[tuple[int, str | None, str | None]]:
    with bot.services.database.unit_of_work() as session:
        return [
            (row.chat_id, row.failure, row.sent_at and "sent")
            for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]


async def test_an_answer_refused_for_good_is_recorded_and_the_next_goes_out(
    start_bot: StartBot, cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot()
    chat = cast.tl_group
    bot.api.fail_next("sendMessage", mode="400", description="Bad Request: message thread not found")
    since = bot.mark()
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        bot.api.send_text(chat, cast.ani, "/bantuan")
        bot.api.send_text(chat, cast.ani, "/bantuan")
        [answer] = await bot.answers(chat, since)
        await bot.settle()
    assert "/selesai" in answer
    refused, sent = _rows(bot)
    assert refused == (chat.id, "BadRequest: Message thread not found", None)
    assert sent == (chat.id, None, "sent")
    [warning] = [r.getMessage() for r in caplog.records if "not sent" in r.getMessage()]
    assert str(chat.id) in warning and "/selesai" not in warning  # the reason, not the message


async def test_a_transient_failure_is_tried_again_and_answered_once(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    chat = cast.tl_group
    bot.api.fail_next("sendMessage", times=2, mode="500", description="Bad Gateway")
    since = bot.mark()
    bot.api.send_text(chat, cast.ani, "/bantuan")
    [answer] = await bot.answers(chat, since, timeout=10)
    await bot.settle()
    assert "/selesai" in answer
    attempts = [call for call in bot.api.calls[since:] if call.method == "sendMessage"]
    assert [call.failed for call in attempts] == [True, True, False]
    assert _rows(bot) == [(chat.id, None, "sent")]


async def test_a_private_chats_answers_keep_their_order_when_the_first_is_held_up(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot()
    private = bot.api.private(cast.ani)
    # The first answer fails once and waits half a second to be tried again: the others wait behind it.
    bot.api.fail_next("sendMessage", mode="500", chat_id=private.id)
    since = bot.mark()
    commands = ["/bantuan", "/tugas", "/bantuan", "/tugas"]
    for command in commands:
        bot.api.send_text(private, cast.ani, command)
    answers = await bot.answers(private, since, count=len(commands), timeout=10)
    kinds = ["/selesai" if "/selesai" in answer else "tugas" for answer in answers]
    assert kinds == ["/selesai", "tugas", "/selesai", "tugas"], answers


async def test_a_groups_answers_do_not_wait_behind_one_held_up(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    chat = cast.tl_group
    bot.api.fail_next("sendMessage", mode="500", chat_id=chat.id)  # held up half a second, then sent
    since = bot.mark()
    asked = [bot.api.send_text(chat, cast.ani, "/bantuan")["message_id"] for _ in range(3)]
    await bot.answers(chat, since, count=3, timeout=10)
    delivered = [c for c in bot.api.calls[since:] if c.method == "sendMessage" and not c.failed]
    quoted = [int(call.params["reply_parameters"]["message_id"]) for call in delivered]
    assert sorted(quoted) == asked and quoted[-1] == asked[0]  # each answered once; the first came last
