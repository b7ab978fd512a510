"""/daftar, supergroup migration, and updates sent while the bot was down."""

from __future__ import annotations

from plan.model import Status
from store import chats
from tests.e2e.conftest import Cast, RunningBot, StartBot
from tests.fakebot import FakeBotApi

PHOTO = b"\xff\xd8\xff\xe0 foto " + bytes(range(256)) * 8


def _team_of(bot: RunningBot, chat_id: int) -> str | None:
    """The team the chat is bound to (None: not bound)."""
    with bot.services.database.unit_of_work() as session:
        binding = chats.chat_binding(session, chat_id)
    return binding.team_code if binding else None


async def test_a_coordinator_binds_a_group_by_code_or_part_of_the_name(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot()
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/daftar TL")
    assert "Tim Penata tata Laksana" in answer
    assert _team_of(bot, cast.tl_group.id) == "TL"
    [answer] = await bot.ask(cast.sdm_group, cast.coordinator, "/daftar sumber daya")
    assert "Tim Sistem Manajemen Sumber Daya Manusia" in answer
    # Re-binding says what it was before.
    [answer] = await bot.ask(cast.sdm_group, cast.coordinator, "/daftar pengawasan")
    assert "Tim Pengawasan" in answer and "Sebelumnya" in answer
    assert _team_of(bot, cast.sdm_group.id) == "PW"


async def test_daftar_without_a_known_team_lists_the_teams(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/daftar")
    assert all(code in answer for code in ("MP", "TL", "SDM", "AK", "PW", "PP"))
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/daftar tim")  # part of every name
    assert "tidak dikenal" in answer and "PP (Tim Penguatan Kualitas Pelayanan Publik)" in answer
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/daftar TL")
    assert "di grup" in answer
    assert _team_of(bot, cast.tl_group.id) is None


async def test_a_group_that_becomes_a_supergroup_keeps_its_binding_and_history(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot()
    await bot.ask(cast.tl_group, cast.coordinator, "/daftar TL")
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.2 Januari https://jdih.kpu.go.id")
    since = bot.mark()
    supergroup = bot.api.migrate_group(cast.tl_group, -100_777_0001)
    [answer] = await bot.answers(supergroup, since)
    assert "supergrup" in answer and "Tim Penata tata Laksana" in answer
    assert _team_of(bot, cast.tl_group.id) is None
    assert _team_of(bot, supergroup.id) == "TL"
    [answer] = await bot.ask(supergroup, cast.ani, "/selesai II.2.3 https://kpu.go.id/monev")
    assert "II.2.3" in answer and "selesai" in answer
    assert bot.period("II.2.3", "2022-04").status == Status.SELESAI
    assert [entry.person_name for entry in bot.history("II.2.2")] == ["Ani"]


async def test_updates_sent_while_the_bot_was_down_are_handled_after_it_starts(
    start_bot: StartBot, fake_api: FakeBotApi, cast: Cast
) -> None:
    fake_api.send_text(cast.tl_group, cast.coordinator, "/daftar TL")
    fake_api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai II.1")
    bot = await start_bot()
    bound, reported = await bot.answers(cast.tl_group, 0, count=2)
    assert "Tim Penata tata Laksana" in bound
    assert "II.1.1" in reported and "selesai" in reported
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
