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
from tests.fakebot import Call, ChatSpec

PHOTO = b"\xff\xd8\xff\xe0 foto rapat " + bytes(range(256)) * 4


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


async def _rekap(bot: RunningBot, chat: ChatSpec, user, text: str = "/rekap") -> tuple[str, Call]:  # type: ignore[no-untyped-def]
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
    bot = await start_bot()
    bot.bind(cast.tl_group, "TL")
    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai II.2.1 Januari")
    await bot.answers(cast.tl_group, since)

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
    assert "tenggat Juli 2022" in text and "Belum ada periode yang jatuh tempo" in text
    _assert_chart(photo)


async def test_a_team_member_sees_their_own_team_only(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    bot.bind(cast.tl_group, "TL")
    text, _ = await _rekap(bot, cast.tl_group, cast.ani)
    assert "TL (Tim Penata tata Laksana)" in text
    assert "SDM" not in text and "Per area" not in text
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/rekap SDM")
    assert "/rekap SDM" in answer and "koordinator" in answer
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


async def test_a_member_of_two_teams_is_shown_one_and_told_of_the_other(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot()
    bot.bind(cast.tl_group, "TL")
    bot.bind(cast.sdm_group, "SDM")
    for group in (cast.tl_group, cast.sdm_group):  # Ani is seen in both groups
        await bot.ask(group, cast.ani, "/tugas")
    private = bot.api.private(cast.ani)
    text, _ = await _rekap(bot, private, cast.ani)
    shown, other = ("TL", "SDM") if "TL (Tim Penata tata Laksana)" in text else ("SDM", "TL")
    assert f"{shown} (Tim" in text and f"{other} (Tim" not in text
    assert f"/rekap {other}" in text  # the other team is one command away, not silently left out
    text, _ = await _rekap(bot, private, cast.ani, "/rekap SDM")
    assert "SDM (Tim Sistem Manajemen Sumber Daya Manusia)" in text and "/rekap TL" in text
    text, _ = await _rekap(bot, cast.tl_group, cast.ani)  # in a team's group: that team, nothing more
    assert "/rekap SDM" not in text
