"""One chat in order, chats at once: a group held by Telegram's per-group limit does not hold up another."""

from __future__ import annotations

from tests.e2e.conftest import Cast, StartBot

# Telegram lets a bot send 20 messages a minute to one group; AIORateLimiter holds the rest.
GROUP_LIMIT = 20


async def test_a_group_flooding_its_limit_does_not_delay_another_groups_answer(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot()
    since = bot.mark()
    flood = [bot.api.send_text(cast.tl_group, cast.ani, "/bantuan")["message_id"] for _ in range(24)]
    bot.api.send_text(cast.sdm_group, cast.budi, "/bantuan")  # after the whole flood
    [answer] = await bot.answers(cast.sdm_group, since, timeout=10)
    assert "/selesai" in answer
    answered_in_flood = bot.sent_since(cast.tl_group, since)
    # Handled one at a time, the other group's answer would come after all 24; here it comes while the
    # flooding group's answers beyond its limit are still held.
    assert len(answered_in_flood) <= GROUP_LIMIT < len(flood)
    # ... and each of the flooding group's answers quotes a message of the flood, one answer each (in a
    # group, answers of different updates may overtake each other: bot/outbox.py).
    replied_to = [int(call.params["reply_parameters"]["message_id"]) for call in answered_in_flood]
    assert len(set(replied_to)) == len(replied_to) and set(replied_to) <= set(flood)


async def test_one_chats_updates_are_handled_in_the_order_sent(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "/selesai II.1")  # waits for its evidence
    bot.api.send_photo(cast.tl_group, cast.ani, b"\xff\xd8\xff\xe0 foto" + bytes(range(256)))
    answers = await bot.answers(cast.tl_group, since, count=2)
    assert "II.1.1" in answers[0] and "II.1.1" in answers[1]
    assert bot.period("II.1.1", "2022-05/2022-11").status.value == "selesai"


async def test_a_report_downloads_while_waiting_for_its_turn_and_a_refused_ones_download_is_deleted(
    start_bot: StartBot,
    cast: Cast,
) -> None:
    bot = await start_bot(teams=["TL"])
    bot.api.download_delay = 0.5
    since = bot.mark()
    for number in range(3):  # one chat: handled one after another, downloaded all at once
        photo = b"\xff\xd8\xff\xe0 foto %d " % number + bytes(range(256))
        bot.api.send_photo(cast.tl_group, cast.ani, photo, caption="/bukti II.1")
    bot.api.send_photo(cast.unbound_group, cast.ani, b"\xff\xd8 lain", caption="/selesai II.1")  # refused
    answers = await bot.answers(cast.tl_group, since, count=3, timeout=10)
    assert all("II.1.1" in answer for answer in answers)
    calls = bot.api.calls[since:]
    first_answer = next(
        i
        for i, call in enumerate(calls)
        if call.method == "sendMessage" and str(call.chat_id) == str(cast.tl_group.id)
    )
    assert len([call for call in calls[:first_answer] if call.method == "getFile"]) >= 3
    await bot.settle()
    assert len(bot.evidence("II.1.1")) == 3
    # The refused report's download, started on arrival, is gone (cut short or deleted) once handled.
    assert list((bot.settings.evidence_dir / "tmp").iterdir()) == []
