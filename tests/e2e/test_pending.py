"""Albums held and keyboards waiting for a pick live in the database: a restart between the parts of a
request neither loses the user's files nor files them twice; a keyboard left too long says it expired."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from bot.pending import PICK_TTL
from plan.model import Status
from tests.e2e.conftest import Cast, RunningBot, StartBot

PHOTO = b"\xff\xd8\xff\xe0 foto " + bytes(range(256)) * 8


async def _restart(start_bot: StartBot, bot: RunningBot) -> RunningBot:
    await bot.settle()
    await bot.stop()
    return await start_bot()


async def test_a_keyboard_answered_after_a_restart_files_the_photo(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2", photo=PHOTO)
    bot = await _restart(start_bot, bot)
    button = question.buttons[2]["callback_data"]
    picked, answer = await bot.press(cast.tl_group, cast.ani, question, button)
    assert "II.2.3" in picked
    assert "II.2.3" in answer and "April 2022" in answer and "selesai" in answer
    [evidence] = bot.evidence("II.2.3")
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert bot.period("II.2.3", "2022-04").status == Status.SELESAI
    # Used up in the database too: a second press files nothing.
    expired = await bot.popup(cast.ani, question, button)
    assert "kedaluwarsa" in expired.params["text"]
    assert len(bot.evidence("II.2.3")) == 1


async def test_an_album_split_by_a_restart_files_every_item(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    contents = [b"album-1 " + PHOTO, b"album-2 " + PHOTO, b"album-3 " + PHOTO]
    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, contents[0], media_group_id="album-r")
    bot = await _restart(start_bot, bot)
    assert bot.sent_since(cast.tl_group, since) == []  # a held item is not answered
    since = bot.mark()
    bot.api.send_photo(
        cast.tl_group, cast.ani, contents[1], caption="/selesai II.1", media_group_id="album-r"
    )
    bot.api.send_photo(cast.tl_group, cast.ani, contents[2], media_group_id="album-r")
    [report] = await bot.answers(cast.tl_group, since)
    assert "II.1.1" in report and "3 bukti" in report  # one answer, with the item held before the restart
    filed = [e.sha256 for e in bot.evidence("II.1.1")]
    assert sorted(filed) == sorted(hashlib.sha256(content).hexdigest() for content in contents)
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI


async def test_an_album_waiting_for_a_pick_across_a_restart_follows_it(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    since = bot.mark()
    bot.api.send_photo(
        cast.tl_group, cast.ani, b"p1" + PHOTO, caption="/selesai II.2 Mei", media_group_id="album-p"
    )
    [question] = await bot.api.wait_for("sendMessage", chat_id=cast.tl_group.id, since=since)
    bot = await _restart(start_bot, bot)
    bot.api.send_photo(cast.tl_group, cast.ani, b"p2" + PHOTO, media_group_id="album-p")  # joins the pick
    await bot.settle()
    _, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[0]["callback_data"])
    assert "II.2.1" in answer and "Mei 2022" in answer and "2 bukti" in answer
    assert len(bot.evidence("II.2.1")) == 2


async def test_a_keyboard_left_too_long_has_expired(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2", photo=PHOTO)
    bot.clock.jump(bot.clock.now() + PICK_TTL + timedelta(minutes=1))
    expired = await bot.popup(cast.ani, question, question.buttons[2]["callback_data"])
    assert "kedaluwarsa" in expired.params["text"] and expired.params.get("show_alert")
    assert bot.evidence("II.2.3") == []
    assert bot.period("II.2.3", "2022-04").status == Status.BELUM


async def test_a_refused_or_forged_press_keeps_the_pick_and_its_photo(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.3 https://kpu.go.id/monev")  # April is reported
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2", photo=PHOTO)
    buttons = [button["callback_data"] for button in question.buttons]
    forged = buttons[0].rsplit("|", 1)[0] + "|III.1.1"  # another team's action, never offered
    [answer] = await bot.press(cast.tl_group, cast.ani, question, forged, count=1)
    assert "II.2" in answer and "II.2.1" in answer and "III.1.1" not in answer
    assert bot.evidence("II.2.1") == [] and bot.evidence("III.1.1") == []
    # the pick and its photo are still there
    picked, which = await bot.press(cast.tl_group, cast.ani, question, buttons[0])
    assert "II.2.1" in picked and "II.2.1" in which  # several months are open: it asks which
    [period_question] = [m for m in bot.api.sent("sendMessage", chat_id=cast.tl_group.id) if m.text == which]
    first_period = period_question.buttons[0]["callback_data"]
    _, answer = await bot.press(cast.tl_group, cast.ani, period_question, first_period)
    assert "II.2.1" in answer
    [evidence] = bot.evidence("II.2.1")
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    # A photo for an action whose period someone reported already is kept as more evidence of it.
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2", photo=b"lagi" + PHOTO)
    _, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[2]["callback_data"])
    assert "II.2.3" in answer and "bukti tambahan" in answer
    assert [e.kind for e in bot.evidence("II.2.3")] == ["link", "photo"]


async def test_a_press_refused_for_a_period_not_open_yet_keeps_the_pick_and_its_photo(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["SDM"])
    question = await bot.reply(cast.sdm_group, cast.budi, "/selesai III.2", photo=PHOTO)
    buttons = [button["callback_data"] for button in question.buttons]
    # III.2.1: December, not open in June
    [refused] = await bot.press(cast.sdm_group, cast.budi, question, buttons[0], count=1)
    assert "III.2.1" in refused and "Belum ada periode" in refused
    assert bot.evidence("III.2.1") == []
    # III.2.3, monthly: the photo is still held
    _, which = await bot.press(cast.sdm_group, cast.budi, question, buttons[2])
    [period_question] = [m for m in bot.api.sent("sendMessage", chat_id=cast.sdm_group.id) if m.text == which]
    _, answer = await bot.press(
        cast.sdm_group, cast.budi, period_question, period_question.buttons[0]["callback_data"]
    )
    assert "III.2.3" in answer and "selesai" in answer
    [evidence] = bot.evidence("III.2.3")
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
