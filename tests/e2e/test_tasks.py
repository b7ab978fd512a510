"""/tugas in a team group, in private and for the coordinator; /status in full."""

from __future__ import annotations

import re

from store import repo
from tests.e2e.conftest import Cast, RunningBot, StartBot, task_periods
from tests.fakebot import ChatSpec, UserSpec

PHOTO = b"\xff\xd8\xff\xe0 foto " + bytes(range(256)) * 8


def _codes(texts: list[str]) -> list[str]:
    return re.findall(r"<b>([IV]+\.\d+\.\d+)</b>", "\n".join(texts))


async def test_tugas_in_a_team_group_lists_its_open_and_overdue_periods_soonest_first(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.3 https://kpu.go.id/monev")
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "/tugas")
    await bot.settle()
    answers = [call.text or "" for call in bot.sent_since(cast.tl_group, since)]
    text = "\n".join(answers)
    codes = _codes(answers)
    assert set(codes) == {"II.1.1", "II.2.1", "II.2.2", "II.3.1", "II.3.2"}  # II.2.3 is done
    assert codes[:3] == ["II.2.1", "II.2.2", "II.3.1"]  # January first
    assert codes[-1] == "II.1.1"  # deadline 30 November
    # One entry per action, its periods under it, its words once: a phone screen, not a wall.
    assert len(codes) == len(set(codes)) == text.count("Indikator:")
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni")
    assert [label for code, label in task_periods(text) if code == "II.2.1"] == [f"{m} 2022" for m in months]
    assert "Tim Penata tata Laksana" in text and "Senin, 31 Januari 2022" in text and "terlambat" in text
    assert "tenggat Senin, 31 Januari 2022" in text  # the domain word, as reminders and rekap say it
    assert "Laporan Monev terkait keterbukaan informasi" in text  # bukti fisik
    assert "Juli 2022" not in text  # not open yet
    assert all(len(answer) <= 4096 for answer in answers)


async def test_tugas_in_private_shows_the_persons_teams_and_all_for_the_coordinator(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["SDM"])
    [answer] = await bot.ask(bot.api.private(cast.budi), cast.budi, "/tugas")
    assert "belum tercatat" in answer
    bot.api.send_text(cast.sdm_group, cast.budi, "selamat pagi")  # Budi is seen in the SDM group
    await bot.settle()
    since = bot.mark()
    bot.api.send_text(bot.api.private(cast.budi), cast.budi, "/tugas")
    await bot.settle()
    codes = set(_codes([c.text or "" for c in bot.sent_since(bot.api.private(cast.budi), since)]))
    assert codes and all(code.startswith("III.") for code in codes)
    since = bot.mark()
    private = bot.api.private(cast.coordinator)
    bot.api.send_text(private, cast.coordinator, "/tugas")
    await bot.settle()
    answers = [c.text or "" for c in bot.sent_since(private, since)]
    assert len(answers) > 1 and all(len(a) <= 4096 for a in answers)  # split between items
    areas = {code.split(".")[0] for code in _codes(answers)}
    assert areas == {"I", "II", "III", "IV", "V", "VI"}
    assert "Tugas semua tim" in answers[0] and "[PW]" in "\n".join(answers)


async def test_status_shows_an_action_in_full(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.3.2 Juni daftar hadir terlampir")
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/status II.3.2")
    assert "II.3.2" in answer and "Tim Penata tata Laksana" in answer
    assert "Laporan Monev terkait keterbukaan informasi" in answer  # bukti fisik, the decree's words
    assert "Juni dan Desember 2022" in answer  # target waktu
    assert "Juni 2022" in answer and "Desember 2022" in answer and "selesai" in answer
    assert "dilaporkan Ani, Senin, 6 Juni 2022 pukul 09.00 WIB" in answer
    assert "tenggat Kamis, 30 Juni 2022" in answer
    assert "daftar hadir terlampir" in answer and "📷 foto" in answer


async def test_status_of_a_component_and_an_area(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    bot.api.send_text(cast.sdm_group, cast.budi, "selamat pagi")  # Budi is seen in the SDM group
    await bot.settle()
    since = bot.mark()
    bot.api.send_text(bot.api.private(cast.budi), cast.budi, "/status III.1")  # his team, in private
    await bot.settle()
    text = "\n".join(c.text or "" for c in bot.sent_since(bot.api.private(cast.budi), since))
    assert all(code in text for code in ("III.1.1", "III.1.2"))
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/status II")
    assert "II.1" in answer and "II.3" in answer and "/status II.1" in answer
    [answer] = await bot.ask(cast.sdm_group, cast.budi, "/status III.1.2")
    assert "Tanpa jadwal" in answer


async def test_the_coordinators_chat_is_not_a_team_group(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(coordinator_chat_id=cast.unbound_group.id)
    since = bot.mark()
    bot.api.send_text(cast.unbound_group, cast.coordinator, "/tugas")
    await bot.settle()
    answers = [call.text or "" for call in bot.sent_since(cast.unbound_group, since)]
    assert "Tugas semua tim" in answers[0]
    [answer] = await bot.ask(cast.unbound_group, cast.coordinator, "/selesai II.2.2 https://jdih.kpu.go.id")
    assert "II.2.2" in answer and "selesai" in answer


async def _task_periods(
    bot: RunningBot, chat: ChatSpec, user: UserSpec, text: str
) -> tuple[list[tuple[str, str]], str]:
    since = bot.mark()
    bot.api.send_text(chat, user, text)
    await bot.settle()
    answers = "\n".join(call.text or "" for call in bot.sent_since(chat, since))
    return task_periods(answers), answers


def _open_in_db(bot: RunningBot, team: str, month: int | None = None) -> list[tuple[str, str]]:
    """What /tugas should list for `team`: open periods, or with a month every undone period due in it."""
    today = bot.clock.now().date()
    with bot.services.database.unit_of_work() as session:
        states = repo.period_states(session, 2022, team_code=team)
    return [
        (s.action_code, s.label)
        for s in states
        if not s.status.is_done
        and (
            s.window_start <= today if month is None else (s.deadline.year, s.deadline.month) == (2022, month)
        )
    ]


async def test_tugas_takes_a_team_area_and_month_in_any_order(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    private = bot.api.private(cast.coordinator)
    periods, text = await _task_periods(bot, private, cast.coordinator, "/tugas SDM")
    assert periods and {code.split(".")[0] for code, _ in periods} == {"III"}
    assert sorted(periods) == sorted(_open_in_db(bot, "SDM")) and "Tugas Tim Sistem Manajemen" in text
    june_sdm = _open_in_db(bot, "SDM", month=6)
    for asked in ("/tugas juni SDM", "/tugas SDM juni", "/tugas III juni", "/tugas juni 3"):
        periods, text = await _task_periods(bot, private, cast.coordinator, asked)
        assert sorted(periods) == sorted(june_sdm), asked
        assert "tenggat Juni 2022" in text
    periods, text = await _task_periods(bot, private, cast.coordinator, "/tugas juli tata laksana")
    assert sorted(periods) == sorted(_open_in_db(bot, "TL", month=7))  # ahead of time
    assert periods and "Juli 2022" in text
    # A word that is no team, area or month, or two months: the accepted words, no tasks.
    for typo, echoed in (
        ("/tugas SMD", "SMD"),
        ("/tugas juni juli", "juli"),
        ("/tugas SDM kemarin", "kemarin"),
    ):
        periods, text = await _task_periods(bot, private, cast.coordinator, typo)
        assert not periods and echoed in text and "SDM" in text and "bulan" in text, typo
    periods, text = await _task_periods(bot, private, cast.coordinator, "/tugas Juny SDM")
    assert not periods and "Maksud Anda <b>Juni</b>?" in text


async def test_a_member_sees_only_their_teams_tasks_whatever_they_ask(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    periods, text = await _task_periods(bot, cast.tl_group, cast.ani, "/tugas juni")
    assert sorted(periods) == sorted(_open_in_db(bot, "TL", month=6))
    assert periods and all(code.startswith("II.") for code, _ in periods)
    for other in ("/tugas SDM", "/tugas III", "/tugas juni pengawasan"):
        periods, text = await _task_periods(bot, cast.tl_group, cast.ani, other)
        assert not periods and "koordinator" in text and "📋" not in text, other
    periods, _ = await _task_periods(bot, bot.api.private(cast.ani), cast.ani, "/tugas SDM")
    assert not periods  # in private too
    # The coordinator in the TL group: TL by default, another team when asked.
    periods, _ = await _task_periods(bot, cast.tl_group, cast.coordinator, "/tugas")
    assert {code.split(".")[0] for code, _ in periods} == {"II"}
    periods, _ = await _task_periods(bot, cast.tl_group, cast.coordinator, "/tugas PW")
    assert periods and {code.split(".")[0] for code, _ in periods} == {"V"}
