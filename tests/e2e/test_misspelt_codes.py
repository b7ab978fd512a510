"""A report with a code the plan does not have asks which of the nearest actions was meant (buttons),
among those the sender may report; it never files to the nearest one by itself."""

from __future__ import annotations

import hashlib

from plan.model import Status
from tests.e2e.conftest import Cast, StartBot

PHOTO = b"\xff\xd8\xff\xe0 foto presensi " + bytes(range(256)) * 8


async def test_a_code_typed_without_dots_is_asked_about_then_filed_with_its_photo(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai ii21 Juni", photo=PHOTO)
    assert "ii21" in question.text and "II.2.1" in question.text
    [button] = [b["callback_data"] for b in question.buttons]
    assert button.endswith("|II.2.1")
    assert bot.evidence("II.2.1") == []  # asked, not filed
    assert {p.status for p in bot.periods("II.2.1")} == {Status.BELUM}
    picked, answer = await bot.press(cast.tl_group, cast.ani, question, button)
    assert "II.2.1" in picked
    assert "II.2.1" in answer and "Juni 2022" in answer
    [evidence] = bot.evidence("II.2.1")
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert bot.period("II.2.1", "2022-06").status == Status.SELESAI


async def test_several_near_codes_are_offered_and_a_forged_one_is_refused(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2.7 April", photo=PHOTO)
    offered = [b["callback_data"].rsplit("|", 1)[1] for b in question.buttons]
    assert offered == ["II.2.3", "II.2.2", "II.2.1"]  # the nearest number first
    token = question.buttons[0]["callback_data"].split("|")[1]
    [refused] = await bot.press(cast.tl_group, cast.ani, question, f"pilih|{token}|II.3.1", count=1)
    assert "II.3.1" not in offered and "II.2.3" in refused
    assert bot.evidence("II.3.1") == [] and bot.evidence("II.2.3") == []
    _, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[1]["callback_data"])
    assert "II.2.2" in answer and "April 2022" in answer
    assert bot.period("II.2.2", "2022-04").status == Status.SELESAI


async def test_another_teams_actions_are_not_offered(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    # II.2.1 is TL's: a member of SDM typing it without dots in SDM's group gets no button for it.
    since = bot.mark()
    bot.api.send_photo(cast.sdm_group, cast.budi, PHOTO, caption="/selesai ii21 Juni")
    [answer] = await bot.answers(cast.sdm_group, since)
    [sent] = bot.sent_since(cast.sdm_group, since)
    assert "ii21" in answer and "tidak ada di rencana aksi" in answer
    assert sent.buttons == []
    assert bot.evidence("II.2.1") == []
    # The coordinator, in private, is offered it.
    question = await bot.reply(bot.api.private(cast.coordinator), cast.coordinator, "/bukti ii21")
    assert [b["callback_data"].rsplit("|", 1)[1] for b in question.buttons] == ["II.2.1"]


async def test_status_with_a_code_the_plan_lacks_offers_the_codes_to_press(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    question = await bot.reply(cast.tl_group, cast.ani, "/status ii21")
    assert "ii21" in question.text and "/status" in question.text
    [button] = [b["callback_data"] for b in question.buttons]
    assert button == "status|II.2.1"
    picked, view = await bot.press(cast.tl_group, cast.ani, question, button)
    assert "II.2.1" in picked
    assert "<b>II.2.1</b>" in view and "Indikator" in view


async def test_a_pressed_status_code_is_checked_like_a_typed_one(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    # In SDM's group, TL's II.2.1 is neither offered nor shown when the button is forged.
    since = bot.mark()
    bot.api.send_text(cast.sdm_group, cast.budi, "/status ii21")
    [answer] = await bot.answers(cast.sdm_group, since)
    [sent] = bot.sent_since(cast.sdm_group, since)
    assert "tidak ada di rencana aksi" in answer and sent.buttons == []
    question = await bot.reply(cast.sdm_group, cast.budi, "/status iii21")
    assert [b["callback_data"] for b in question.buttons] == ["status|III.2.1"]
    since = bot.mark()
    [refused] = await bot.press(cast.sdm_group, cast.budi, question, "status|II.2.1", count=1)
    assert "hanya dapat dilihat oleh anggota" in refused and "Indikator" not in refused
    assert [c.method for c in bot.sent_since(cast.sdm_group, since)] == ["sendMessage"]  # question kept


async def test_a_stranger_in_private_is_offered_no_codes(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    stranger = bot.api.user(555, "Orang Asing", "asing")
    private = bot.api.private(stranger)
    for text in ("/status ii21", "/selesai ii21", "/bukti II.2.7"):
        since = bot.mark()
        bot.api.send_text(private, stranger, text)
        [answer] = await bot.answers(private, since)
        [sent] = bot.sent_since(private, since)
        assert "tidak ada di rencana aksi" in answer and sent.buttons == [], text
    assert bot.evidence("II.2.1") == []
