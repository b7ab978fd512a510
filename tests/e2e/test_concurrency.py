"""One chat in order, chats at once: a group held by Telegram's per-group limit does not hold up another."""

from __future__ import annotations

from tests.e2e.conftest import Cast

# Telegram lets a bot send 20 messages a minute to one group; AIORateLimiter holds the rest.
GROUP_LIMIT = 20


async def test_a_group_flooding_its_limit_does_not_delay_another_groups_answer(start_bot, cast: Cast) -> None:  # type: ignore[no-untyped-def]
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
    # ... and the flooding group's answers keep its order.
    replied_to = [int(call.params["reply_parameters"]["message_id"]) for call in answered_in_flood]
    assert replied_to == flood[: len(replied_to)]


async def test_one_chats_updates_are_handled_in_the_order_sent(start_bot, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    bot = await start_bot()
    bot.bind(cast.tl_group, "TL")
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "/selesai II.1")  # waits for its evidence
    bot.api.send_photo(cast.tl_group, cast.ani, b"\xff\xd8\xff\xe0 foto" + bytes(range(256)))
    answers = await bot.answers(cast.tl_group, since, count=2)
    assert "II.1.1" in answers[0] and "II.1.1" in answers[1]
    assert bot.period("II.1.1", "2022-05/2022-11").status.value == "selesai"
