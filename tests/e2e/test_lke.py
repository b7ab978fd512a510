"""/lke through the fake Bot API: the coordinator and a TPI evaluator answer with buttons and by text, the
score comes from the stored answers with a chart; members, strangers and team groups learn nothing, and a
forged or stale button stores nothing."""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image

from bot.formatting import MESSAGE_LIMIT, utf16_len
from store import lke_answers
from store.lke_answers import StoredAnswer
from tests.e2e.conftest import Cast, RunningBot, StartBot
from tests.fakebot import Call, ChatSpec, UserSpec

TPI_ID = 700
COORDINATOR_CHAT = -1900


def _visible(html: str | None) -> str:
    return re.sub(r"<[^>]+>", "", html or "")


def _version_id(bot: RunningBot) -> int:
    return bot.services.served().version.id


def _history(bot: RunningBot, code: str) -> list[StoredAnswer]:
    with bot.services.database.unit_of_work() as session:
        return lke_answers.history(session, _version_id(bot), code)


def _buttons(message: Call | dict[str, Any]) -> dict[str, str]:
    markup = message.params["reply_markup"] if isinstance(message, Call) else message["reply_markup"]
    [row] = markup["inline_keyboard"]
    return {button["text"]: button["callback_data"] for button in row}


async def _press(bot: RunningBot, message: Call, user: UserSpec, data: str) -> str:
    """Press a button under the bot's message in `user`'s private chat; the answer (edit or message)."""
    [answer] = await bot.press(bot.api.private(user), user, message, data, count=1)
    return _visible(answer)


async def test_answers_through_telegram_buttons_are_stored_with_their_history(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot()
    shown = await bot.reply(bot.api.private(cast.coordinator), cast.coordinator, "/lke ppa1b")
    text = _visible(shown.text)
    assert "PPA1B" in text and "belum dijawab" in text and "Saran" in text
    buttons = _buttons(shown)
    assert list(buttons) == ["A", "B", "C"]

    edited = await _press(bot, shown, cast.coordinator, buttons["B"])
    assert "Jawaban PPA1B disimpan: B" in edited and "Kordinator" in edited
    [first] = _history(bot, "PPA1B")
    assert (first.answer.option, first.author, first.source) == ("B", "Kordinator", "telegram")

    # B tapped twice on a slow phone (the keyboard under the first tap): B it is, stored once.
    again = await bot.popup(cast.coordinator, shown, buttons["B"])
    assert "PPA1B B" in again.params["text"]  # the message already shows it
    assert len(_history(bot, "PPA1B")) == 1
    # The first keyboard's other answer: the answer changed since it was made, so it no longer holds.
    assert "tidak berlaku" in await _press(bot, shown, cast.coordinator, buttons["A"])
    assert len(_history(bot, "PPA1B")) == 1

    # The edited message has fresh buttons: pressing one replaces the answer and keeps the old one.
    fresh = _buttons(bot.api.builder.current(shown))
    edited = await _press(bot, shown, cast.coordinator, fresh["A"])
    assert "Sebelumnya: B" in edited
    latest, earlier = _history(bot, "PPA1B")
    assert (latest.answer.option, latest.previous_id) == ("A", earlier.id)
    assert earlier.answer.option == "B"


async def test_forged_buttons_store_nothing(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    shown = await bot.reply(bot.api.private(cast.coordinator), cast.coordinator, "/lke PPA1A")
    version = _version_id(bot)
    for forged in (
        f"lke|{version}|PPA1A|Z|0",  # no such option
        f"lke|{version}|PPA9Z|ya|0",  # no such question
        f"lke|{version}|PRA1A|ya|0",  # a numeric question has no buttons
        f"lke|{version + 1}|PPA1A|ya|0",  # another plan version
        "lke|PPA1A|ya",  # not what the bot writes
    ):
        assert "tidak berlaku" in await _press(bot, shown, cast.coordinator, forged)
    # A member who makes the bot's button data himself is refused like his typed /lke.
    refusal = await bot.reply(bot.api.private(cast.ani), cast.ani, "/lke PPA1A")
    assert "koordinator ZI dan evaluator TPI" in await _press(bot, refusal, cast.ani, _buttons(shown)["Ya"])
    assert _history(bot, "PPA1A") == []


async def test_the_score_comes_from_the_stored_answers_with_a_chart(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(tpi_ids=frozenset({TPI_ID}))
    tpi = bot.api.user(TPI_ID, "Evaluator TPI", "tpi_zi")
    private = bot.api.private(tpi)
    typed = await bot.reply(private, tpi, "/lke PRA1A 12/10 realisasi 12 dari target 10")
    assert "Jawaban PRA1A disimpan: 12/10" in _visible(typed.text)
    assert "reply_markup" not in typed.params  # a numeric question is answered by text
    await bot.reply(private, tpi, "/lke PPA1A ya")
    await bot.reply(private, tpi, "/lke HBA 3,6")
    [numeric] = _history(bot, "PRA1A")
    assert numeric.answer.numbers == (12, 10) and numeric.note == "realisasi 12 dari target 10"
    assert numeric.author == "Evaluator TPI"
    # Sent again when no reply came fast enough: answered the same, stored once; a new note is a new entry.
    again = await bot.reply(private, tpi, "/lke PRA1A 12/10 realisasi 12 dari target 10")
    assert "Jawaban PRA1A disimpan: 12/10" in _visible(again.text)
    assert len(_history(bot, "PRA1A")) == 1
    await bot.reply(private, tpi, "/lke PRA1A 12/10 sudah diverifikasi")
    assert [entry.note for entry in _history(bot, "PRA1A")] == ["sudah diverifikasi", numeric.note]

    since = bot.mark()
    bot.api.send_text(private, tpi, "/lke")
    # The first chart of a process imports matplotlib: slow on a busy machine.
    [photo] = await bot.api.wait_for("sendPhoto", timeout=30, chat_id=private.id, since=since)
    messages = [call.text or "" for call in bot.sent_since(private, since)]
    assert all(utf16_len(message) <= MESSAGE_LIMIT for message in messages)
    text = _visible("\n".join(messages))
    # PPA1A 1 x 0.25 + PRA1A min(12/10, 1) x 1 = 1.25; HBA 3.6 / 4 x 17.5 = 15.75
    assert "Nilai LKE 17 dari 100" in text and "Pengungkit 1,25 dari 60" in text and "Hasil 15,75" in text
    assert "Penguatan Pengawasan (Pemenuhan) 0 dari 7,5: perlu 4,5 untuk WBK" in text
    assert "IPAK 15,75 dari 17,5: memenuhi WBK" in text
    assert photo.file is not None
    image = Image.open(io.BytesIO(photo.file.content))
    assert image.format == "PNG" and image.size == (1200, 900)


async def test_members_strangers_and_team_groups_learn_nothing(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(coordinator_chat_id=COORDINATOR_CHAT, teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/tugas")  # Ani is seen in her team's group
    await bot.settle()
    stranger = bot.api.user(555, "Orang Asing")
    for chat, user in (
        (cast.tl_group, cast.ani),
        (bot.api.private(cast.ani), cast.ani),
        (bot.api.private(stranger), stranger),
    ):
        for command in ("/lke", "/lke PPA1A", "/lke PPA1A ya", "/lke celah"):
            [refusal] = await bot.ask(chat, user, command)
            assert "koordinator ZI dan evaluator TPI" in refusal
            assert "Nilai" not in refusal and "Manajemen" not in refusal
    [in_group] = await bot.ask(cast.tl_group, cast.coordinator, "/lke PPA1A ya")
    assert "obrolan pribadi" in in_group and "Manajemen" not in in_group
    assert _history(bot, "PPA1A") == []

    coordinator_chat = bot.api.group(COORDINATOR_CHAT, "Koordinator ZI")
    stored = await bot.reply(coordinator_chat, cast.coordinator, "/lke PPA1A ya")
    assert "Jawaban PPA1A disimpan: Ya" in _visible(stored.text)
    assert len(_history(bot, "PPA1A")) == 1


async def _approved(
    bot: RunningBot, cast: Cast, group: ChatSpec, user: UserSpec, code: str, period: str
) -> None:
    [reported] = await bot.report(
        group, user, b"\xff\xd8\xff\xe0 foto " + period.encode(), f"/selesai {code} {period}"
    )
    assert "selesai" in reported, reported
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, f"/setujui {code} {period}")
    assert "disetujui" in answer, answer
    await bot.settle()  # the team's group is told too


async def test_a_question_shows_its_mapped_rows_and_a_suggestion_from_their_evidence(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    private = bot.api.private(cast.coordinator)
    # PPB2B is served by II.2.1 (the suggested mapping), twelve monthly periods of team TL.
    await _approved(bot, cast, cast.tl_group, cast.ani, "II.2.1", "Januari")
    await _approved(bot, cast, cast.tl_group, cast.ani, "II.2.1", "Februari")
    text = _visible((await bot.reply(private, cast.coordinator, "/lke PPB2B")).text)
    assert "II.2.1" in text and "2/12 disetujui" in text and "2 bukti" in text
    assert "Saran dari bukti: C (2 dari 12 periode" in text  # some approved: the option worth no more
    # I.1.1 (PPA1A) has one period: approved, the evidence suggests Ya.
    await _approved(bot, cast, private, cast.coordinator, "I.1.1", "April")
    text = _visible((await bot.reply(private, cast.coordinator, "/lke PPA1A")).text)
    assert "I.1.1" in text and "Saran dari bukti: Ya (1 dari 1 periode" in text and "belum dijawab" in text
    # A suggestion is never an answer.
    assert _history(bot, "PPA1A") == [] and _history(bot, "PPB2B") == []


async def test_the_gap_list_fits_a_phone(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    private = bot.api.private(cast.coordinator)
    since = bot.mark()
    bot.api.send_text(private, cast.coordinator, "/lke celah")
    await bot.answers(private, since)
    await bot.settle()
    messages = [call.text or "" for call in bot.sent_since(private, since)]
    assert all(utf16_len(message) <= MESSAGE_LIMIT for message in messages)
    text = _visible("\n".join(messages))
    reform = {q.code for q in bot.services.lke.questions if q.part_code == "PR"}
    assert len(reform) == 21 and reform <= set(re.findall(r"• (\w+) ", text))
    assert "• PPA1A " not in text  # served by I.1.1
    assert "celah lke rencana 2022" in text.lower()
