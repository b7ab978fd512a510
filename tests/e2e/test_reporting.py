"""The six evidence forms of /selesai, menunggu bukti, the action keyboard and the period choice."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest

from plan.model import Status
from tests.e2e.conftest import WIB, Cast, RunningBot, StartBot
from tests.fakebot import ApiError, Call
from tests.fakebot.models import METHODS

PHOTO = b"\xff\xd8\xff\xe0 foto sosialisasi SOP " + bytes(range(256)) * 20
PDF = b"%PDF-1.4 laporan monev keterbukaan informasi"


def _file_on_disk(bot: RunningBot, sha256: str, content: bytes) -> None:
    path = bot.settings.evidence_dir / sha256[:2] / sha256
    assert path.read_bytes() == content
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256


async def test_photo_captioned_selesai_is_filed_checksummed_with_a_confirmation(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1")
    assert "II.1.1" in answer and "Mei–November 2022" in answer and "selesai" in answer
    period = bot.period("II.1.1", "2022-05/2022-11")
    assert period.status == Status.SELESAI
    [evidence] = bot.evidence("II.1.1")
    assert (evidence.kind, evidence.period_key, evidence.size) == ("photo", period.key, len(PHOTO))
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()  # the big photo, not the thumbnail
    _file_on_disk(bot, evidence.sha256, PHOTO)
    assert evidence.sender_name == "Ani"
    [change] = bot.history("II.1.1")
    assert (change.from_status, change.to_status, change.person_name) == (Status.BELUM, Status.SELESAI, "Ani")


async def test_document_reply_and_private_chat(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    # Dedi posts the document; Ani reports it by replying (form 2), naming March.
    document = bot.api.send_document(cast.tl_group, cast.dedi, PDF, "monev.pdf", "application/pdf")
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 Maret", reply_to=document)
    assert "II.2.1" in answer and "Maret 2022" in answer
    assert bot.period("II.2.1", "2022-03").status == Status.SELESAI
    [evidence] = bot.evidence("II.2.1")
    assert (evidence.kind, evidence.original_name, evidence.mime_type) == (
        "document",
        "monev.pdf",
        "application/pdf",
    )
    _file_on_disk(bot, evidence.sha256 or "", PDF)
    # Ani was seen in the TL group, so she may report TL's actions from a private chat too.
    private = bot.api.private(cast.ani)
    since = bot.mark()
    bot.api.send_document(
        private, cast.ani, b"%PDF daftar hadir", "hadir.pdf", caption="/selesai II.3.2 juni"
    )
    [answer] = await bot.answers(private, since)
    assert "II.3.2" in answer and "Juni 2022" in answer
    assert bot.period("II.3.2", "2022-06").status == Status.SELESAI


async def test_command_then_files_within_the_wait(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"], evidence_wait_minutes=10)
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.3.2")
    # Menunggu bukti: the reply names the bukti fisik of the plan and the wait.
    assert "menunggu bukti" in answer and "Laporan Monev terkait keterbukaan informasi" in answer
    assert "10 menit" in answer and "09.10 WIB" in answer
    assert bot.period("II.3.2", "2022-06").status == Status.MENUNGGU_BUKTI

    # Someone else's file in the same chat is not Ani's evidence.
    bot.api.send_photo(cast.tl_group, cast.dedi, b"foto lain")
    await bot.settle()
    assert bot.evidence("II.3.2") == []

    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, PHOTO)
    bot.api.send_document(cast.tl_group, cast.ani, PDF, "monev.pdf", "application/pdf")
    first, second = await bot.answers(cast.tl_group, since, count=2)
    assert "II.3.2" in first and "selesai" in first and "Jumlah bukti: 1" in first
    assert "Jumlah bukti: 2" in second
    assert bot.period("II.3.2", "2022-06").status == Status.SELESAI
    assert sorted(e.kind for e in bot.evidence("II.3.2")) == ["document", "photo"]

    # After the wait, files are just files.
    bot.clock.jump(bot.clock.now() + timedelta(minutes=11))
    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, b"foto liburan")
    await bot.settle()
    assert bot.sent_since(cast.tl_group, since) == []
    assert len(bot.evidence("II.3.2")) == 2


async def test_an_album_with_the_caption_on_one_item_files_every_item_with_one_answer(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    since = bot.mark()
    contents = [f"album-{n} ".encode() + PHOTO for n in range(1, 5)]
    bot.api.send_photo(cast.tl_group, cast.ani, contents[0], media_group_id="album-7")
    bot.api.send_photo(
        cast.tl_group, cast.ani, contents[1], caption="/selesai II.1", media_group_id="album-7"
    )
    for content in contents[2:]:
        bot.api.send_photo(cast.tl_group, cast.ani, content, media_group_id="album-7")
    [report] = await bot.answers(cast.tl_group, since)
    assert "II.1.1" in report and "dengan 4 bukti" in report  # the whole album, held item included
    await bot.settle()
    assert len(bot.sent_since(cast.tl_group, since)) == 1
    filed = [e.sha256 for e in bot.evidence("II.1.1")]
    assert sorted(filed) == sorted(hashlib.sha256(content).hexdigest() for content in contents)
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    # An album sent after `/selesai KODE` (a wait): one answer too.
    await bot.ask(cast.tl_group, cast.dedi, "/selesai II.3.2")
    since = bot.mark()
    for n in range(3):
        bot.api.send_photo(cast.tl_group, cast.dedi, f"monev-{n} ".encode() + PHOTO, media_group_id="album-8")
    [answer] = await bot.answers(cast.tl_group, since)
    assert "II.3.2" in answer and "dengan 3 bukti" in answer
    await bot.settle()
    assert len(bot.sent_since(cast.tl_group, since)) == 1
    assert len(bot.evidence("II.3.2")) == 3 and bot.period("II.3.2", "2022-06").status == Status.SELESAI


async def test_a_link_in_the_text_is_link_evidence(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    link = "https://drive.google.com/file/d/1AbC/view"
    [answer] = await bot.ask(
        cast.tl_group, cast.ani, f"/selesai II.2.2 Juni {link}, aplikasi JDIH sudah jalan"
    )
    assert "II.2.2" in answer and "selesai" in answer and "aplikasi JDIH sudah jalan" in answer
    [evidence] = bot.evidence("II.2.2")
    assert (evidence.kind, evidence.url, evidence.path) == ("link", link, None)
    [change] = bot.history("II.2.2")
    assert change.note == "aplikasi JDIH sudah jalan"  # the note leaves the link out


async def test_commands_addressed_to_this_bot_in_groups(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.ask(
        cast.tl_group, cast.ani, "/selesai@zibot_test_bot II.2.3 https://kpu.go.id/monev"
    )
    assert "II.2.3" in answer and "April 2022" in answer
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "/selesai@other_bot II.3.1")
    bot.api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai@other_bot II.3.1")
    await bot.settle()
    assert bot.sent_since(cast.tl_group, since) == []
    assert all(p.status == Status.BELUM for p in bot.periods("II.3.1"))


async def test_a_component_with_several_actions_offers_a_keyboard(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2", photo=PHOTO)
    buttons = question.buttons
    assert [b["text"].split(" · ")[0] for b in buttons] == ["II.2.1", "II.2.2", "II.2.3"]
    assert bot.evidence("II.2.3") == []
    # Only the reporter may pick.
    alert = await bot.popup(cast.dedi, question, buttons[2]["callback_data"])
    assert "Ani" in alert.params["text"] and alert.params.get("show_alert")
    picked, answer = await bot.press(cast.tl_group, cast.ani, question, buttons[2]["callback_data"])
    assert "II.2.3" in picked
    assert "II.2.3" in answer and "April 2022" in answer and "selesai" in answer
    [evidence] = bot.evidence("II.2.3")
    assert evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    # The keyboard is used up.
    expired = await bot.popup(cast.ani, question, buttons[1]["callback_data"])
    assert "kedaluwarsa" in expired.params["text"]
    assert bot.evidence("II.2.2") == []


async def test_a_report_naming_no_period_asks_which_one_today_s_first(
    start_bot: StartBot, cast: Cast
) -> None:
    """6 June, January-June open: nothing is filed to January without a word; the user picks."""
    bot = await start_bot(teams=["TL", "SDM"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2.1 presensi", photo=PHOTO)
    assert "II.2.1" in (question.text or "")
    buttons = question.buttons
    assert [b["text"] for b in buttons] == [
        "Juni 2022",
        "Mei 2022",
        "April 2022",
        "Maret 2022",
        "Februari 2022",
        "Januari 2022",
    ]
    assert bot.evidence("II.2.1") == []
    assert all(p.status == Status.BELUM for p in bot.periods("II.2.1"))
    # Only the reporter may pick; the held photo survives the refusal.
    alert = await bot.popup(cast.dedi, question, buttons[5]["callback_data"])
    assert "Ani" in alert.params["text"]
    picked, answer = await bot.press(cast.tl_group, cast.ani, question, buttons[5]["callback_data"])
    assert "Januari 2022" in picked and "Januari 2022" in answer
    assert bot.period("II.2.1", "2022-01").status == Status.SELESAI
    [evidence] = bot.evidence("II.2.1")
    assert (evidence.period_key, evidence.sha256) == ("2022-01", hashlib.sha256(PHOTO).hexdigest())
    [change] = bot.history("II.2.1")
    assert change.note == "presensi"


async def test_bulan_ini_and_bulan_lalu_mean_what_they_say(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.2.1 presensi bulan ini")
    assert "Juni 2022" in answer
    assert bot.period("II.2.1", "2022-06").status == Status.SELESAI
    assert bot.period("II.2.1", "2022-01").status == Status.BELUM
    [answer] = await bot.ask(
        cast.tl_group, cast.ani, "/selesai II.2.1 bulan lalu https://absensi.kpu.go.id/5"
    )
    assert "Mei 2022" in answer
    assert bot.period("II.2.1", "2022-05").status == Status.SELESAI
    # A span period holds the month too.
    [answer] = await bot.ask(
        cast.tl_group, cast.ani, "/selesai II.1 sosialisasi bulan ini https://kpu.go.id/a"
    )
    assert "Mei–November 2022" in answer
    # Said alone, it names the month and is no note.
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.2.2 bulan ini")
    assert "Juni 2022" in answer and "Catatan" not in answer
    [change] = bot.history("II.2.2")
    assert change.period_key == "2022-06" and change.note is None


async def test_a_note_opening_with_a_number_is_asked_about_not_read_as_a_month(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    question = await bot.reply(
        cast.tl_group, cast.ani, "/selesai II.2.2 2 aplikasi sudah aktif https://jdih.kpu.go.id"
    )
    assert "<b>2</b>" in (question.text or "")
    buttons = question.buttons
    assert [b["text"] for b in buttons][:2] == ["Juni 2022", "Februari 2022"]
    assert bot.period("II.2.2", "2022-02").status == Status.BELUM
    _, answer = await bot.press(cast.tl_group, cast.ani, question, buttons[0]["callback_data"])
    assert "Juni 2022" in answer
    assert bot.period("II.2.2", "2022-06").status == Status.SELESAI
    assert bot.period("II.2.2", "2022-02").status == Status.BELUM
    [change] = bot.history("II.2.2")
    assert change.note == "2 aplikasi sudah aktif"
    # A bare number alone is a month.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.2 3 https://jdih.kpu.go.id/3")
    assert "Maret 2022" in answer


async def test_named_periods_and_what_is_left_open(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    for typed, key in (
        ("jan", "2022-01"),
        ("mar", "2022-03"),
        ("04", "2022-04"),
        ("2022-05", "2022-05"),
        ("Juni", "2022-06"),
    ):
        [answer] = await bot.ask(
            cast.tl_group, cast.ani, f"/selesai II.2.1 {typed} https://absensi.kpu.go.id/{key}"
        )
        assert bot.period("II.2.1", key).status == Status.SELESAI, answer
    # Only February is open and June is done: asked all the same, with its one button.
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2.1 https://absensi.kpu.go.id/februari")
    [button] = question.buttons
    assert button["text"] == "Februari 2022"
    _, answer = await bot.press(cast.tl_group, cast.ani, question, button["callback_data"])
    assert "Februari 2022" in answer
    assert bot.period("II.2.1", "2022-02").status == Status.SELESAI
    # Everything open is done now: the answer names the next period.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1")
    assert "Juli 2022" in answer and "Jumat, 1 Juli 2022" in answer
    assert bot.period("II.2.1", "2022-07").status == Status.BELUM
    # With evidence, it may be more for this month or an early report of the next: asked.
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2.1 https://absensi.kpu.go.id/juli")
    assert [button["text"] for button in question.buttons] == ["Juni 2022", "Juli 2022"]
    _, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[1]["callback_data"])
    assert "Juli 2022" in answer and bot.period("II.2.1", "2022-07").status == Status.SELESAI
    # A named period that is done already points to /bukti.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 Maret")
    assert "/bukti II.2.1 Maret 2022" in answer


async def test_an_album_on_a_component_follows_the_pick_and_a_refused_album_files_nothing(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL", "SDM"])
    since = bot.mark()
    bot.api.send_photo(
        cast.tl_group, cast.ani, b"a1" + PHOTO, caption="/selesai II.2 Mei", media_group_id="a-8"
    )
    bot.api.send_photo(cast.tl_group, cast.ani, b"a2" + PHOTO, media_group_id="a-8")
    [question] = await bot.api.wait_for("sendMessage", chat_id=cast.tl_group.id, since=since)
    await bot.settle()
    _, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[0]["callback_data"])
    assert "II.2.1" in answer and "Mei 2022" in answer and "2 bukti" in answer
    bot.api.send_photo(cast.tl_group, cast.ani, b"a3" + PHOTO, media_group_id="a-8")  # a late item follows
    await bot.settle()
    assert len(bot.evidence("II.2.1")) == 3
    # Budi (SDM) sends an album about a TL action: one refusal, and none of its items is filed anywhere.
    bot.bind(cast.sdm_group, "SDM")
    since = bot.mark()
    bot.api.send_photo(
        cast.sdm_group, cast.budi, b"b1" + PHOTO, caption="/selesai II.3.2", media_group_id="b-9"
    )
    bot.api.send_photo(cast.sdm_group, cast.budi, b"b2" + PHOTO, media_group_id="b-9")
    await bot.settle()
    [refusal] = [call.text or "" for call in bot.sent_since(cast.sdm_group, since)]
    assert "Tim Penata tata Laksana" in refusal
    assert bot.evidence("II.3.2") == []


async def test_a_period_said_the_indonesian_way_with_bulan_or_periode(
    start_bot: StartBot, cast: Cast
) -> None:
    """People write "bulan Maret" and "periode Juni"; the word must not push the month into the note."""
    bot = await start_bot(teams=["TL", "SDM"])
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 bulan Maret presensi direkap")
    assert "Maret 2022" in answer and "Catatan: presensi direkap" in answer
    assert bot.period("II.2.1", "2022-03").status == Status.MENUNGGU_BUKTI
    assert bot.period("II.2.1", "2022-01").status == Status.BELUM
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 periode Juni https://x.id/juni")
    assert "Juni 2022" in answer
    assert bot.period("II.2.1", "2022-06").status == Status.SELESAI
    # A comma after the month, as a sentence goes on: still the month.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 April, presensi sudah direkap")
    assert "April 2022" in answer and "Catatan: presensi sudah direkap" in answer
    assert bot.period("II.2.1", "2022-04").status == Status.MENUNGGU_BUKTI


async def test_a_very_long_note_with_html_characters_is_recorded_and_answered(
    start_bot: StartBot, cast: Cast
) -> None:
    """A note near Telegram's 4096 limit grows when escaped (`<` is `&lt;`): the answer must still fit."""
    bot = await start_bot(teams=["TL", "SDM"])
    note = ("rapat <monev> & evaluasi " * 160).strip()
    [answer] = await bot.ask(cast.tl_group, cast.ani, f"/selesai II.3.2 {note}")
    assert "menunggu bukti" in answer and "&lt;monev&gt; &amp; evaluasi" in answer
    assert len(answer) < 4096
    assert bot.period("II.3.2", "2022-06").status == Status.MENUNGGU_BUKTI
    [change] = bot.history("II.3.2")
    assert change.note == note  # the whole note is kept; only the answer shortens it
    answers = await bot.ask(cast.tl_group, cast.ani, "/status II.3.2")
    assert "II.3.2" in answers[0] and "&lt;monev&gt;" in answers[0]
    assert all(len(text) < 4096 for text in answers)


async def test_a_file_sent_alone_in_private_says_how_to_file_it(start_bot: StartBot, cast: Cast) -> None:
    """In a private chat nobody else is talking: a file without a command gets told what to do next."""
    bot = await start_bot(teams=["TL", "SDM"])
    await bot.ask(cast.tl_group, cast.ani, "/tugas")  # Ani is seen in her team's group
    private = bot.api.private(cast.ani)
    since = bot.mark()
    photo = bot.api.send_photo(private, cast.ani, PHOTO)
    [hint] = await bot.answers(private, since)
    assert "/selesai" in hint and "balas" in hint.lower()
    assert bot.evidence("II.1.1") == []
    [answer] = await bot.ask(private, cast.ani, "/selesai II.1", reply_to=photo)
    assert "II.1.1" in answer and "selesai" in answer
    assert len(bot.evidence("II.1.1")) == 1
    # In a group the same photo is just chat: no answer.
    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, b"grup" + PHOTO)
    await bot.settle()
    assert bot.sent_since(cast.tl_group, since) == []


def _answer_each_query_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Telegram takes one answer per callback query and refuses a second; the fake says ok to any."""
    answered: set[str] = set()

    def answer(api: object, call: Call) -> bool:
        query_id = str(call.params["callback_query_id"])
        if query_id in answered:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        answered.add(query_id)
        return True

    monkeypatch.setitem(METHODS, "answercallbackquery", ("answerCallbackQuery", answer))


async def test_a_pick_refused_after_the_button_was_answered_still_says_why(
    start_bot: StartBot, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_each_query_once(monkeypatch)
    bot = await start_bot(teams=["TL", "SDM"])
    question = await bot.reply(cast.tl_group, cast.ani, "/selesai II.2 Maret")
    # Meanwhile Dedi reports March of II.2.1; Ani then picks II.2.1.
    await bot.ask(cast.tl_group, cast.dedi, "/selesai II.2.1 Maret https://x.id/maret")
    picked, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[0]["callback_data"])
    assert "II.2.1" in picked
    assert "II.2.1" in answer and "Maret 2022" in answer and "sudah berstatus" in answer


async def test_a_misspelt_month_is_asked_about_nearest_first_never_filed_as_a_note(
    start_bot: StartBot, cast: Cast
) -> None:
    """22 June: `Juny`, `Jnui`, `Agustu` are asked about ("Maksud Anda Juni?"), the month they nearly
    spell first; nothing is filed before the answer, and the typo is not kept as the note."""
    bot = await start_bot(teams=["TL", "SDM"], now=datetime(2022, 6, 22, 9, 0, tzinfo=WIB))
    for code, caption, guess, typed in (
        ("II.2.1", "/selesai II.2.1 Juny", "Juni", "Juny"),
        ("II.2.2", "/selesai II.2.2 Jnui", "Juni", "Jnui"),
        ("II.3.1", "/selesai II.3.1 Agustu 2022 rapat monev", "Agustus", "Agustu"),
    ):
        question = await bot.reply(cast.tl_group, cast.ani, caption, photo=PHOTO)
        assert f"Maksud Anda <b>{guess}</b>?" in (question.text or "") and typed in (question.text or "")
        labels = [b["text"] for b in question.buttons]
        assert labels[0] == f"{guess} 2022" and "Juni 2022" in labels and "Januari 2022" in labels
        assert bot.evidence(code) == [] and all(p.status == Status.BELUM for p in bot.periods(code))
    # Yes: the month it nearly spelt.
    _, answer = await bot.press(cast.tl_group, cast.ani, question, question.buttons[0]["callback_data"])
    assert "Agustus 2022" in answer and bot.period("II.3.1", "2022-08").status == Status.SELESAI
    [change] = bot.history("II.3.1")
    assert change.note == "rapat monev"  # the typo was the period, not the note
    # Another choice: the June question of II.2.1 answered with May.
    [first] = [c for c in bot.api.sent("sendMessage", chat_id=cast.tl_group.id) if "Juny" in (c.text or "")]
    may = next(b for b in first.buttons if b["text"] == "Mei 2022")
    await bot.press(cast.tl_group, cast.ani, first, may["callback_data"])
    assert bot.period("II.2.1", "2022-05").status == Status.SELESAI
    assert bot.period("II.2.1", "2022-06").status == Status.BELUM
    # Ordinary words stay the note: a named month files at once, with "Agus" (a name) in the note.
    [answer] = await bot.ask(
        cast.tl_group, cast.ani, "/selesai II.2.2 Juni Agus sudah kirim https://jdih.kpu.go.id/6"
    )
    assert "Juni 2022" in answer and "Maksud Anda" not in answer
    assert bot.period("II.2.2", "2022-06").status == Status.SELESAI
    assert [c.note for c in bot.history("II.2.2")] == ["Agus sudah kirim"]
