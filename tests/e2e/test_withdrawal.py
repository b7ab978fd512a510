"""Taking evidence back: /tarik (one item: its sender the same day, the coordinator any time), /batal (the
report and its files), /tolak (the files go back with the report). Nothing leaves the disk or the record;
the evaluators' package and the workbook hold only what still stands for a reported or approved period,
and list the rest apart."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta

from openpyxl import load_workbook

from plan.model import Status
from reports.layout import INDEX_NAME
from tests.e2e.conftest import Cast, RunningBot, StartBot
from tests.workbooks import rows_of

PHOTO = b"\xff\xd8\xff\xe0 foto kegiatan " + bytes(range(256)) * 8
WRONG = b"\xff\xd8\xff\xe0 foto salah kirim " + bytes(range(256)) * 8
PDF = b"%PDF-1.4 notulen sosialisasi"
SOP = "2022-05/2022-11"


async def _photo(bot: RunningBot, cast: Cast, content: bytes, caption: str, user: str = "ani") -> str:
    [answer] = await bot.report(cast.tl_group, getattr(cast, user), content, caption)
    return answer


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


async def test_tarik_takes_back_ones_own_evidence_the_same_day_and_refuses_the_rest(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await _photo(bot, cast, PHOTO, "/selesai II.1")
    await _photo(bot, cast, WRONG, "/bukti II.1")
    await bot.report_document(cast.tl_group, cast.dedi, PDF, "notulen.pdf", "/bukti II.1")
    [listing] = await bot.ask(cast.tl_group, cast.ani, "/bukti II.1")
    assert "1. 📷" in listing and "2. 📷" in listing and "3. 📄 notulen.pdf" in listing
    assert "/tarik II.1.1 2022-05/2022-11 3" in listing

    # Someone else's evidence: refused with the reason, nothing changed.
    [refused] = await bot.ask(cast.tl_group, cast.ani, "/tarik II.1 3")
    assert "Dedi" in refused and "Tidak ada yang berubah" in refused
    [unknown] = await bot.ask(cast.tl_group, cast.ani, "/tarik II.1 9")
    assert "nomor 9" in unknown and "/bukti II.1.1" in unknown
    [usage] = await bot.ask(cast.tl_group, cast.ani, "/tarik II.1")
    assert "/tarik II.1 2" in usage
    assert len(bot.evidence("II.1.1")) == 3

    # Her own, today: withdrawn, kept on disk and on record, and the numbers others see do not shift.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/tarik II.1 2")
    assert "nomor 2" in answer and "ditarik" in answer and "Sisa bukti: 2" in answer
    assert {e.sha256 for e in bot.evidence("II.1.1")} == {_sha(PHOTO), _sha(PDF)}
    wrong = next(e for e in bot.evidence("II.1.1", every=True) if e.sha256 == _sha(WRONG))
    assert (wrong.state, wrong.withdrawn_by, wrong.number) == ("withdrawn", "Ani", 2)
    assert wrong.path is not None and bot.services.files.path_of(wrong.path).read_bytes() == WRONG
    [listing] = await bot.ask(cast.tl_group, cast.ani, "/bukti II.1")
    assert "1. 📷" in listing and "2. " not in listing and "3. 📄 notulen.pdf" in listing
    assert bot.period("II.1.1", SOP).status == Status.SELESAI

    # The next day her own evidence is the coordinator's to withdraw.
    bot.clock.jump(bot.clock.now() + timedelta(days=1))
    [refused] = await bot.ask(cast.tl_group, cast.ani, "/tarik II.1 1")
    assert "hari yang sama" in refused and "koordinator" in refused
    assert len(bot.evidence("II.1.1")) == 2
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/tarik II.1 1")
    assert "ditarik" in answer and "Sisa bukti: 1" in answer
    # The last item of a report gone: the report waits for evidence again.
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/tarik II.1 3")
    assert "Sisa bukti: 0" in answer and "menunggu bukti" in answer
    assert bot.period("II.1.1", SOP).status == Status.MENUNGGU_BUKTI
    assert bot.evidence("II.1.1") == [] and len(bot.evidence("II.1.1", every=True)) == 3
    assert bot.history("II.1.1")[-1].note == "bukti terakhir ditarik"

    # Another team's member cannot touch it.
    bot.bind(cast.sdm_group, "SDM")
    await _photo(bot, cast, PHOTO, "/bukti II.1")
    [refused] = await bot.ask(cast.sdm_group, cast.budi, "/tarik II.1 4")
    assert "Tim Penata tata Laksana" in refused
    assert len(bot.evidence("II.1.1")) == 1
    # Nor can a stranger in a private chat, who learns nothing of it either.
    stranger = bot.api.user(555, "Orang Asing")
    [refused] = await bot.ask(bot.api.private(stranger), stranger, "/tarik II.1 4")
    assert "Ani" not in refused and "📷" not in refused and "ditarik" not in refused
    assert len(bot.evidence("II.1.1")) == 1


async def test_tarik_asks_which_period_when_the_number_is_in_several(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _photo(bot, cast, PHOTO, "/selesai II.2.1 Januari")
    await _photo(bot, cast, WRONG, "/selesai II.2.1 Februari")
    question = await bot.reply(cast.tl_group, cast.ani, "/tarik II.2.1 1")
    buttons = question.buttons
    assert [button["text"] for button in buttons] == ["Januari 2022", "Februari 2022"]
    # Only the asker may press; then the pressed period's item goes.
    since = bot.mark()
    bot.api.press_button(question, cast.dedi, buttons[1]["callback_data"])
    await bot.settle()
    assert len(bot.evidence("II.2.1")) == 2
    bot.api.press_button(question, cast.ani, buttons[1]["callback_data"])
    _, answer = await bot.answers(cast.tl_group, since, count=2)
    assert "Februari 2022" in answer and "ditarik" in answer
    assert [e.sha256 for e in bot.evidence("II.2.1")] == [_sha(PHOTO)]
    # Naming the period needs no question.
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/tarik II.2.1 Januari 1")
    assert "Januari 2022" in answer and bot.evidence("II.2.1") == []
    # An edited /tarik is answered like every command, and changes nothing.
    original = bot.api.send_text(cast.tl_group, cast.ani, "nanti")
    await bot.settle()
    since = bot.mark()
    bot.api.edit_text(original, "/tarik II.2.1 Januari 1")
    [answer] = await bot.answers(cast.tl_group, since)
    assert "diedit" in answer


async def _package(bot: RunningBot, cast: Cast) -> zipfile.ZipFile:
    chat = bot.api.private(cast.coordinator)
    since = bot.mark()
    bot.api.send_text(chat, cast.coordinator, "/ekspor bukti")
    [call] = await bot.api.wait_for("sendDocument", chat_id=chat.id, since=since, timeout=10)
    assert call.file is not None
    return zipfile.ZipFile(io.BytesIO(call.file.content))


async def test_the_evaluators_get_only_what_stands_and_the_rest_is_listed_apart(
    start_bot: StartBot, cast: Cast
) -> None:
    """Withdrawn (/tarik, /batal) and rejected (/tolak) files stay out of the package and the workbook's
    evidence columns; the index's history sheet lists them with who, when and why."""
    bot = await start_bot(teams=["TL"])
    await _photo(bot, cast, PHOTO, "/selesai II.1")  # approved below
    await _photo(bot, cast, WRONG, "/bukti II.1")  # withdrawn with /tarik
    await _photo(bot, cast, b"blur" + PHOTO, "/selesai II.2.1 Januari")  # rejected
    await _photo(bot, cast, b"batal" + PHOTO, "/selesai II.2.1 Februari")  # cancelled
    await bot.ask(cast.tl_group, cast.ani, "/tarik II.1 2")
    await bot.ask(cast.tl_group, cast.ani, "/batal II.2.1 Februari")
    await bot.ask(cast.tl_group, cast.coordinator, "/setujui II.1")
    [rejected] = await bot.ask(cast.tl_group, cast.coordinator, "/tolak II.2.1 Januari Foto kurang jelas")
    assert "1 buktinya ikut dikembalikan" in rejected
    assert bot.period("II.2.1", "2022-01").status == Status.DITOLAK and bot.evidence("II.2.1") == []
    # Sent again after the rejection: only the new file counts and goes to the evaluators.
    answer = await _photo(bot, cast, b"jelas" + PHOTO, "/selesai II.2.1 Januari")
    assert "dengan 1 bukti" in answer

    package = await _package(bot, cast)
    files = [name for name in package.namelist() if name != INDEX_NAME]
    contents = {_sha(package.read(name)) for name in files}
    assert contents == {_sha(PHOTO), _sha(b"jelas" + PHOTO)}
    index = load_workbook(io.BytesIO(package.read(INDEX_NAME)))
    assert {row["SHA-256"] for row in rows_of(index["Bukti"])} == contents
    history = {row["SHA-256"]: row for row in rows_of(index["Riwayat bukti"])}
    assert set(history) == {_sha(WRONG), _sha(b"blur" + PHOTO), _sha(b"batal" + PHOTO)}
    assert (history[_sha(WRONG)]["Keadaan"], history[_sha(WRONG)]["Oleh"]) == ("Ditarik", "Ani")
    blurred = history[_sha(b"blur" + PHOTO)]
    assert (blurred["Keadaan"], blurred["Oleh"], blurred["Alasan"]) == (
        "Ditolak",
        "Kordinator",
        "Foto kurang jelas",
    )
    cancelled = history[_sha(b"batal" + PHOTO)]
    assert (cancelled["Keadaan"], cancelled["Periode"], cancelled["Alasan"]) == (
        "Ditarik",
        "Februari 2022",
        "dibatalkan",
    )
    detail = {(row["Kode"], row["Periode"]): row for row in rows_of(index["Rincian"])}
    assert detail[("II.1.1", "Mei–November 2022")]["Jumlah bukti"] == 1
    assert detail[("II.2.1", "Januari 2022")]["Jumlah bukti"] == 1
    assert detail[("II.2.1", "Februari 2022")]["Jumlah bukti"] == 0
    # Nothing left the disk.
    for item in bot.evidence("II.1.1", every=True) + bot.evidence("II.2.1", every=True):
        assert item.path is not None and bot.services.files.path_of(item.path).exists()
