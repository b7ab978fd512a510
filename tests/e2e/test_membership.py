"""Membership ends: leaving a team's group (a service message or a chat_member update) and rebinding
the group to another team."""

from __future__ import annotations

from tests.e2e.conftest import Cast, RunningBot, StartBot
from tests.fakebot import ChatSpec, UserSpec


async def _seen(bot: RunningBot, chat: ChatSpec, user: UserSpec) -> None:
    bot.api.send_text(chat, user, "selamat pagi")
    await bot.settle()


async def test_leaving_the_group_ends_reporting_in_private(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _seen(bot, cast.tl_group, cast.ani)
    await _seen(bot, cast.tl_group, cast.dedi)
    [answer] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/selesai II.2.3 https://kpu.go.id/monev")
    assert "selesai" in answer and "adalah tugas" not in answer
    bot.api.leave_group(cast.tl_group, cast.ani)
    bot.api.change_member(cast.tl_group, cast.dedi, "kicked", by=cast.coordinator)
    await bot.settle()
    for person in (cast.ani, cast.dedi):
        private = bot.api.private(person)
        [answer] = await bot.ask(private, person, "/selesai II.2.2 https://kpu.go.id/jdih")
        assert "adalah tugas <b>Tim Penata tata Laksana</b>" in answer
        [answer] = await bot.ask(private, person, "/status II.2.3")
        assert "hanya dapat dilihat oleh anggota" in answer
    assert bot.period("II.2.2", "2022-01").status.value == "belum"  # the refusal changed nothing


async def test_a_refused_first_command_in_the_group_still_makes_its_sender_a_member(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai IX.9 sudah")
    assert "IX.9" in answer
    [answer] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/status II.2.3")
    assert "II.2.3" in answer and "hanya dapat dilihat" not in answer
    [answer] = await bot.ask(bot.api.private(cast.dedi), cast.dedi, "/status II.2.3")
    assert "hanya dapat dilihat oleh anggota" in answer  # never seen in the group: no member


async def test_a_member_update_that_is_no_leave_keeps_the_membership(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _seen(bot, cast.tl_group, cast.ani)
    bot.api.change_member(cast.tl_group, cast.ani, "member", by=cast.coordinator, old="left")  # a rejoin
    bot.api.leave_group(cast.sdm_group, cast.ani)  # an unbound group: nothing to end
    await bot.settle()
    [answer] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/status II.2.3")
    assert "II.2.3" in answer and "hanya dapat dilihat" not in answer


async def test_rebinding_a_group_ends_the_old_teams_memberships_from_it(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await _seen(bot, cast.tl_group, cast.ani)
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/daftar SDM")
    assert "SDM" in answer or "Sumber Daya" in answer
    private = bot.api.private(cast.ani)
    [answer] = await bot.ask(private, cast.ani, "/selesai II.2.2 https://kpu.go.id/jdih")
    assert "adalah tugas <b>Tim Penata tata Laksana</b>" in answer
    [answer] = await bot.ask(private, cast.ani, "/tugas")
    assert "belum tercatat" in answer  # not a member of SDM until she speaks in the rebound group
