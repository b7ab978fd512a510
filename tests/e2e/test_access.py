"""Who may see what: an action's details (/status, /bukti) are for its team's members and coordinators."""

from __future__ import annotations

from tests.e2e.conftest import Cast, RunningBot, StartBot

PHOTO = b"\xff\xd8\xff\xe0 foto " + bytes(range(256)) * 8
TL_NAME = "Tim Penata tata Laksana"


async def _reported(start_bot: StartBot, cast: Cast) -> RunningBot:
    bot = await start_bot(teams=["TL", "SDM"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.3.2 Juni daftar hadir rahasia")
    return bot


async def test_a_stranger_in_private_sees_no_details_a_member_and_the_coordinator_do(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await _reported(start_bot, cast)
    stranger = bot.api.user(999, "Orang Asing", "asing")
    private = bot.api.private(stranger)
    for command in ("/status II.3.2", "/bukti II.3.2", "/status II.3", "/bukti II.3.2 Juni"):
        [answer] = await bot.ask(private, stranger, command)
        assert "hanya dapat dilihat oleh anggota" in answer and TL_NAME in answer, command
        assert "Ani" not in answer and "rahasia" not in answer and "foto" not in answer, command
    for person in (cast.ani, cast.coordinator):  # Ani was seen in the TL group
        [status] = await bot.ask(bot.api.private(person), person, "/status II.3.2")
        assert "dilaporkan Ani" in status and "daftar hadir rahasia" in status
        [listing] = await bot.ask(bot.api.private(person), person, "/bukti II.3.2")
        assert "foto" in listing and "hanya dapat dilihat" not in listing


async def test_another_teams_group_cannot_read_the_details(start_bot: StartBot, cast: Cast) -> None:
    bot = await _reported(start_bot, cast)
    for command in ("/status II.3.2", "/bukti II.3.2"):
        [answer] = await bot.ask(cast.sdm_group, cast.budi, command)
        assert "hanya dapat dilihat oleh anggota" in answer and TL_NAME in answer, command
        assert "Ani" not in answer and "rahasia" not in answer, command
    # The coordinator in the SDM group is a coordinator still; Dedi in the TL group is a member.
    [answer] = await bot.ask(cast.sdm_group, cast.coordinator, "/status II.3.2")
    assert "daftar hadir rahasia" in answer
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/status II.3.2")
    assert "daftar hadir rahasia" in answer
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/status III.1")  # SDM's area from the TL group
    assert "hanya dapat dilihat oleh anggota" in answer and "Tim" in answer
