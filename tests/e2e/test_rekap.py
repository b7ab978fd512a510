"""/rekap through the fake Bot API: the coordinator's overview, one team or area, one month, a team
member's own team, and the chart as a real PNG."""

from __future__ import annotations

import io
import re
from datetime import datetime

from PIL import Image

from bot.formatting import MESSAGE_LIMIT, utf16_len
from store import repo
from tests.e2e.conftest import NOW, WIB, Cast, RunningBot, StartBot
from tests.fakebot import Call, ChatSpec, UserSpec

PHOTO = b"\xff\xd8\xff\xe0 foto rapat " + bytes(range(256)) * 4


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


async def _rekap(bot: RunningBot, chat: ChatSpec, user: UserSpec, text: str = "/rekap") -> tuple[str, Call]:
    """Send /rekap; return its text (all its messages) and the chart's sendPhoto call."""
    since = bot.mark()
    bot.api.send_text(chat, user, text)
    [photo] = await bot.api.wait_for("sendPhoto", chat_id=chat.id, since=since)
    messages = [call.text or "" for call in bot.sent_since(chat, since)]
    assert all(utf16_len(message) <= MESSAGE_LIMIT for message in messages)
    return _visible("\n".join(messages)), photo


def _overdue_in_db(bot: RunningBot, team: str | None = None) -> set[tuple[str, str]]:
    today = bot.clock.now().date()
    with bot.services.database.unit_of_work() as session:
        states = repo.period_states(session, 2022, team_code=team)
    return {(s.action_code, s.label) for s in states if s.deadline < today and not s.status.is_done}


def _assert_chart(photo: Call) -> None:
    assert photo.file is not None
    image = Image.open(io.BytesIO(photo.file.content))
    assert image.format == "PNG" and image.size == (1200, 900)


async def test_coordinator_sees_areas_teams_and_every_overdue_period(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.2.1 Januari")

    text, photo = await _rekap(bot, bot.api.private(cast.coordinator), cast.coordinator)
    assert "Senin, 6 Juni 2022" in text
    assert "Per area" in text and "Per tim" in text
    assert "TL Tim Penata tata Laksana" in text and "PP Tim Penguatan Kualitas Pelayanan Publik" in text
    overdue = _overdue_in_db(bot)
    listed = set(re.findall(r"• (\S+) (.+?) — \d+ hari", text))
    assert listed == overdue
    assert ("II.2.1", "Januari 2022") not in listed  # reported: no longer overdue
    assert f"Terlambat: {len(overdue)}" in text
    _assert_chart(photo)
    assert "Grafik" in (photo.text or "")


async def test_one_team_one_area_and_one_month(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    private = bot.api.private(cast.coordinator)
    text, _ = await _rekap(bot, private, cast.coordinator, "/rekap SDM")
    assert "SDM (Tim Sistem Manajemen Sumber Daya Manusia)" in text and "Per komponen" in text
    assert set(re.findall(r"• (\S+) (.+?) — \d+ hari", text)) == _overdue_in_db(bot, "SDM")
    text, _ = await _rekap(bot, private, cast.coordinator, "/rekap 2")
    assert "Area II Penataan Tata Laksana" in text and "II.2 " in text
    text, photo = await _rekap(bot, private, cast.coordinator, "/rekap juli")
    assert "tenggat Juli 2022" in text and "0% periode bertenggat Juli 2022 sudah selesai" in text
    assert re.search(r"\(0 dari (\d+)\)\. \1 belum jatuh tempo", text)
    _assert_chart(photo)


async def test_a_team_member_sees_their_own_team_only(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    text, _ = await _rekap(bot, cast.tl_group, cast.ani)
    assert "TL (Tim Penata tata Laksana)" in text
    assert "SDM" not in text and "Per area" not in text
    for other in ("/rekap SDM", "/rekap III juni", "/rekap juni sdm"):  # another team, in any words
        [answer] = await bot.ask(cast.tl_group, cast.ani, other)
        assert "Tim Sistem Manajemen Sumber Daya Manusia" in answer and "koordinator" in answer
        assert "III." not in answer and "Terlambat" not in answer  # nothing of SDM's is shown
    [answer] = await bot.ask(cast.unbound_group, cast.ani, "/rekap")
    assert "belum terhubung" in answer
    [answer] = await bot.ask(bot.api.private(cast.budi), cast.budi, "/rekap")  # seen in no team yet
    assert "tim" in answer
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/rekap kemarin")
    assert "kemarin" in answer and "SDM" in answer


async def test_a_long_rekap_comes_in_several_messages_cut_between_rows(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(now=datetime(2022, 12, 31, 9, 0, tzinfo=WIB))
    assert bot.clock.now().date() != NOW.date()
    chat = bot.api.private(cast.coordinator)
    since = bot.mark()
    text, _ = await _rekap(bot, chat, cast.coordinator)
    messages = [call.text or "" for call in bot.sent_since(chat, since)]
    assert len(messages) >= 2
    assert all(message.count("<b>") == message.count("</b>") for message in messages)
    assert set(re.findall(r"• (\S+) (.+?) — \d+ hari", text)) == _overdue_in_db(bot)


async def test_a_member_of_two_teams_sees_both_in_private_and_one_in_each_group(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    for group in (cast.tl_group, cast.sdm_group):  # Ani is seen in both groups
        await bot.ask(group, cast.ani, "/tugas")
    private = bot.api.private(cast.ani)
    text, _ = await _rekap(bot, private, cast.ani)
    assert "TL (Tim Penata tata Laksana)" in text and "SDM (Tim Sistem Manajemen" in text
    overdue = _overdue_in_db(bot, "TL") | _overdue_in_db(bot, "SDM")
    assert set(re.findall(r"• (\S+) (.+?) — \d+ hari", text)) == overdue
    text, _ = await _rekap(bot, private, cast.ani, "/rekap SDM")
    assert "SDM (Tim Sistem Manajemen Sumber Daya Manusia)" in text and "/rekap TL" in text
    assert "TL (Tim" not in text
    text, _ = await _rekap(bot, cast.tl_group, cast.ani)  # in a team's group: that team, nothing more
    assert "/rekap SDM" not in text and "SDM (Tim" not in text
    assert set(re.findall(r"• (\S+) (.+?) — \d+ hari", text)) == _overdue_in_db(bot, "TL")


async def test_the_coordinators_rekap_in_a_team_group_is_that_teams_unless_asked(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    text, _ = await _rekap(bot, cast.tl_group, cast.coordinator)
    assert "TL (Tim Penata tata Laksana)" in text and "Per area" not in text
    assert set(re.findall(r"• (\S+) (.+?) — \d+ hari", text)) == _overdue_in_db(bot, "TL")
    text, _ = await _rekap(bot, cast.tl_group, cast.coordinator, "/rekap semua")
    assert "Per area" in text and "semua area dan tim" in text
    assert set(re.findall(r"• (\S+) (.+?) — \d+ hari", text)) == _overdue_in_db(bot)
    text, _ = await _rekap(bot, cast.tl_group, cast.coordinator, "/rekap juni SDM")
    assert "SDM (Tim Sistem Manajemen Sumber Daya Manusia), tenggat Juni 2022" in text
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/rekap SDM kemarin")
    assert "kemarin" in answer and "SDM" in answer and "Terlambat" not in answer


async def test_a_months_rekap_counts_what_is_not_yet_due_as_still_to_do(
    start_bot: StartBot, cast: Cast
) -> None:
    """22 June: June's periods mostly fall due on the 30th. One of them done is a small share of June,
    not "100% of what is due"."""
    june_22 = datetime(2022, 6, 22, 9, 0, tzinfo=WIB)
    bot = await start_bot(now=june_22, teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.2.1 Juni")
    with bot.services.database.unit_of_work() as session:
        june = [
            s for s in repo.period_states(session, 2022) if (s.deadline.year, s.deadline.month) == (2022, 6)
        ]
    done = [s for s in june if s.status.is_done]
    not_yet_due = [s for s in june if s.deadline > june_22.date() and not s.status.is_done]
    assert [s.action_code for s in done] == ["II.2.1"] and len(not_yet_due) > len(june) // 2
    text, photo = await _rekap(bot, bot.api.private(cast.coordinator), cast.coordinator, "/rekap juni")
    share = len(done) * 100 // len(june)
    assert f"{share}% periode bertenggat Juni 2022 sudah selesai (1 dari {len(june)})" in text
    assert f"{len(not_yet_due)} belum jatuh tempo" in text
    assert "100%" not in text
    _assert_chart(photo)
