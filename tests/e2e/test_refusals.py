"""Refusals and bad input: a clear Indonesian answer, and nothing changed (no status, no evidence, no file)."""

from __future__ import annotations

from plan.model import Status
from tests.e2e.conftest import Cast, RunningBot, StartBot
from tests.fakebot import MAX_DOWNLOAD_SIZE, ChatSpec, UserSpec

PHOTO = b"\xff\xd8\xff\xe0 foto " + bytes(range(256)) * 8


def _nothing_changed(bot: RunningBot, *codes: str) -> None:
    for code in codes:
        assert all(p.status == Status.BELUM for p in bot.periods(code)), code
        assert bot.evidence(code) == [], code
    # The temp area may still hold the download started on arrival until the update is marked handled
    # (test_concurrency.py shows it goes then).
    stored = [p for p in bot.settings.evidence_dir.rglob("*") if p.is_file() and p.parent.name != "tmp"]
    assert stored == []


async def test_another_teams_action_names_the_owning_team(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    since = bot.mark()
    photo = bot.api.send_photo(cast.sdm_group, cast.budi, PHOTO, caption="/selesai II.1")
    [answer] = await bot.answers(cast.sdm_group, since)
    assert "II.1" in answer and "Tim Penata tata Laksana" in answer
    # Like every answer in a group, a refusal quotes the message it answers: whose report it is, is clear.
    [call] = bot.sent_since(cast.sdm_group, since)
    assert call.params["reply_parameters"]["message_id"] == photo["message_id"]
    # In private, Budi speaks for SDM only (he was seen in its group just now).
    [answer] = await bot.ask(bot.api.private(cast.budi), cast.budi, "/selesai II.2.1 https://x.id/a")
    assert "Tim Penata tata Laksana" in answer
    _nothing_changed(bot, "II.1.1", "II.2.1")
    assert bot.api.downloads == []


async def test_an_unbound_group_only_explains_binding(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    for text in ("/selesai II.1", "/tugas", "/status II.1", "/bukti II.1", "/batal II.1"):
        [answer] = await bot.ask(cast.unbound_group, cast.ani, text)
        assert "belum terhubung" in answer and "/daftar" in answer, text
    [answer] = await bot.report(cast.unbound_group, cast.ani, PHOTO, "/selesai II.1")
    assert "belum terhubung" in answer
    _nothing_changed(bot, "II.1.1")


async def test_unknown_code_answers_with_the_nearest_codes(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    # A report asks which of the nearest actions was meant (tests/e2e/test_misspelt_codes.py).
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2.7 https://x.id/a")
    assert "II.2.7" in question.text and question.buttons[0]["callback_data"].endswith("|II.2.3")
    question = await bot.reply(cast.tl_group, cast.ani, "/status II.9")
    assert "II.9" in question.text and "status|II.3" in [b["callback_data"] for b in question.buttons]
    # Nothing near: the answer still says how codes look and where to find them.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai SOP https://x.id/a")
    assert "SOP" in answer and "II.2.3" in answer and "/tugas" in answer
    # A pasted paragraph instead of a code is echoed short, so the answer still reaches the user.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/status " + "x" * 4000)
    assert "tidak ada di rencana aksi" in answer and len(answer) < 500
    _nothing_changed(bot, "II.2.3")


async def test_look_alike_characters_and_superscripts_in_codes(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    # Superscript digits are not a code: the usual answer, no crash, nothing filed.
    for text in ("/status ²", "/selesai II.² https://x.id/a"):
        [answer] = await bot.ask(cast.tl_group, cast.ani, text)
        assert "tidak ada di rencana aksi" in answer and "²" in answer, text
    _nothing_changed(bot, "II.2.1")
    # "ll" (lowercase L, like I on a phone) has one reading: II.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai ll.2.1 juni https://x.id/a")
    assert "II.2.1" in answer and "tidak ada" not in answer
    assert Status.SELESAI in {p.status for p in bot.periods("II.2.1")}


async def test_malformed_commands_get_their_usage(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    for command in ("/selesai", "/bukti", "/batal", "/status"):
        [answer] = await bot.ask(cast.tl_group, cast.ani, command)
        assert f"{command} II." in answer, command
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai")
    assert "/selesai II.1" in answer
    _nothing_changed(bot, "II.1.1")


async def test_a_period_outside_the_schedule_lists_the_periods(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.3.2 Juli")
    assert "Juli" in answer and "Juni 2022" in answer and "Desember 2022" in answer
    _nothing_changed(bot, "II.3.2")


async def test_an_unscheduled_action_cannot_be_reported(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.report(cast.sdm_group, cast.budi, PHOTO, "/selesai III.1.2")
    assert "III.1.2" in answer and "target waktu" in answer
    _nothing_changed(bot, "III.1.2")


async def test_over_20_mb_asks_for_a_smaller_file_or_a_link(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    since = bot.mark()
    bot.api.send_document(
        cast.tl_group,
        cast.ani,
        b"",
        "video-sosialisasi.zip",
        "application/zip",
        caption="/selesai II.1",
        declared_size=MAX_DOWNLOAD_SIZE + 1,
    )
    [answer] = await bot.answers(cast.tl_group, since)
    assert "terlalu besar" in answer and "20 MB" in answer and "tautan" in answer
    _nothing_changed(bot, "II.1.1")
    assert bot.api.sent("getFile") == []


async def test_stickers_and_voice_notes_are_not_evidence(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    sticker = bot.api.send_sticker(cast.tl_group, cast.dedi)
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.1", reply_to=sticker)
    assert "Stiker" in answer and "foto, dokumen" in answer
    since = bot.mark()
    bot.api.send_voice(cast.tl_group, cast.ani, caption="/selesai II.1")
    [answer] = await bot.answers(cast.tl_group, since)
    assert "Pesan suara" in answer
    _nothing_changed(bot, "II.1.1")
    # While a report waits for its evidence, a sticker is explained, not filed.
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.3.2")
    since = bot.mark()
    bot.api.send_sticker(cast.tl_group, cast.ani)
    [answer] = await bot.answers(cast.tl_group, since)
    assert "Stiker" in answer
    assert bot.evidence("II.3.2") == []
    assert bot.period("II.3.2", "2022-06").status == Status.MENUNGGU_BUKTI


async def test_an_edited_command_changes_nothing(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    original = bot.api.send_text(cast.tl_group, cast.ani, "sudah saya kirim")
    await bot.settle()
    since = bot.mark()
    bot.api.edit_text(original, "/selesai II.1 https://drive.google.com/x")
    [answer] = await bot.answers(cast.tl_group, since)
    assert "diedit" in answer and "pesan baru" in answer
    _nothing_changed(bot, "II.1.1")
    # Ordinary edits are not answered.
    since = bot.mark()
    bot.api.edit_text(original, "sudah saya kirim kemarin")
    await bot.settle()
    assert bot.sent_since(cast.tl_group, since) == []


async def test_an_edited_rekap_or_coordinator_command_is_answered_like_the_others(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    original = bot.api.send_text(cast.tl_group, cast.ani, "nanti saya cek")
    await bot.settle()
    for edit in ("/rekap", "/setujui@zibot_test_bot II.1", "/ekspor"):
        since = bot.mark()
        bot.api.edit_text(original, edit)
        [answer] = await bot.answers(cast.tl_group, since)
        assert "diedit" in answer and "pesan baru" in answer
    # Answered, not carried out: no chart, no workbook, no review.
    assert bot.api.sent("sendPhoto") == [] and bot.api.sent("sendDocument") == []
    _nothing_changed(bot, "II.1.1")


async def test_coordinator_commands_refuse_others(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.ask(cast.unbound_group, cast.ani, "/daftar TL")
    assert "koordinator" in answer
    [answer] = await bot.ask(cast.sdm_group, cast.budi, "/daftar PW")
    assert "koordinator" in answer
    [answer] = await bot.ask(cast.unbound_group, cast.ani, "/tugas")
    assert "belum terhubung" in answer  # still unbound


def _send_video(bot: RunningBot, chat: ChatSpec, user: UserSpec, media_group_id: str) -> None:
    """An album's video item (the fake API has no send_video): what phones put in mixed albums."""
    message = bot.api.builder.new_message(chat, user)
    stored = bot.api.builder.register_file(b"\x00\x00\x00 ftypmp4 video", "video", "mp4")
    message["media_group_id"] = media_group_id
    message["video"] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": 640,
        "height": 360,
        "duration": 3,
        "file_size": stored.file_size,
    }
    bot.api._push_message(bot.api.builder.store(message))


async def test_an_album_nobody_reported_with_is_not_answered(start_bot: StartBot, cast: Cast) -> None:
    """Team groups share albums of photos, videos and big files all day; the bot keeps quiet about them."""
    bot = await start_bot(teams=["TL", "SDM"])
    since = bot.mark()
    bot.api.send_photo(cast.sdm_group, cast.budi, PHOTO, media_group_id="kegiatan-1")
    _send_video(bot, cast.sdm_group, cast.budi, "kegiatan-1")
    bot.api.send_document(
        cast.sdm_group,
        cast.budi,
        b"",
        "rekaman.zip",
        media_group_id="kegiatan-1",
        declared_size=MAX_DOWNLOAD_SIZE + 1,
    )
    await bot.settle()
    assert bot.sent_since(cast.sdm_group, since) == []
    # The same mix with /selesai on a later item is refused as a whole, with the reason, and files nothing.
    since = bot.mark()
    _send_video(bot, cast.sdm_group, cast.budi, "kegiatan-2")
    bot.api.send_photo(
        cast.sdm_group, cast.budi, PHOTO, caption="/selesai III.1", media_group_id="kegiatan-2"
    )
    bot.api.send_photo(cast.sdm_group, cast.budi, b"2" + PHOTO, media_group_id="kegiatan-2")
    await bot.settle()
    [answer] = [call.text or "" for call in bot.sent_since(cast.sdm_group, since)]
    assert "Video" in answer and "Belum ada yang dicatat" in answer
    _nothing_changed(bot, "III.1.1")
