"""/bukti (list and add), /batal (the reporter the same day, or a coordinator), and the error handler."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from bot.intake import DOWNLOAD_ATTEMPTS
from plan.model import Status
from tests.e2e.conftest import Cast, StartBot

PHOTO = b"\xff\xd8\xff\xe0 foto " + bytes(range(256)) * 8
PDF = b"%PDF-1.4 notulen sosialisasi"


def _numbers(text: str) -> list[int]:
    """The whole numbers an answer names (counts, minutes, days and years; not the digits of a code)."""
    return [int(number) for number in re.findall(r"(?<![\d.])\d+(?!\.?\d)", text)]


async def test_bukti_lists_the_evidence_and_adds_more(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1")
    # A document captioned /bukti adds to the reported period without changing its status.
    [answer] = await bot.report_document(cast.tl_group, cast.dedi, PDF, "notulen.pdf", "/bukti II.1")
    assert "II.1.1" in answer and 2 in _numbers(answer)  # the period now holds two pieces
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    # The same file twice is kept once.
    [answer] = await bot.report_document(cast.tl_group, cast.dedi, PDF, "notulen-lagi.pdf", "/bukti II.1")
    assert "II.1.1" in answer and 2 not in _numbers(answer) and "tercatat" in answer  # nothing added
    assert len(bot.evidence("II.1.1")) == 2
    # Listing shows each piece and opens a wait for more.
    [listing] = await bot.ask(cast.tl_group, cast.ani, "/bukti II.1")
    assert "foto" in listing and "notulen.pdf" in listing and "Ani" in listing and "Dedi" in listing
    assert 10 in _numbers(listing)  # ZIBOT_EVIDENCE_WAIT_MINUTES: how long files count as evidence
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "ini tautan videonya https://youtu.be/sosialisasi")
    [added] = await bot.answers(cast.tl_group, since)
    assert "II.1.1" in added and 3 in _numbers(added)
    assert {e.kind for e in bot.evidence("II.1.1")} == {"photo", "document", "link"}


async def test_bukti_adds_to_a_named_period_and_completes_one_waiting_for_evidence(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 Februari")  # menunggu bukti
    assert bot.period("II.2.1", "2022-02").status == Status.MENUNGGU_BUKTI
    document = bot.api.send_document(cast.tl_group, cast.dedi, PDF, "rekap.pdf", "application/pdf")
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/bukti II.2.1", reply_to=document)
    assert "Februari 2022" in answer
    assert bot.period("II.2.1", "2022-02").status == Status.SELESAI
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/bukti II.2.1 Mei https://x.id/mei")
    assert "Mei 2022" in answer and "/selesai II.2.1 2022-05" in answer  # evidence alone is not a report
    assert bot.period("II.2.1", "2022-05").status == Status.BELUM
    [listing] = await bot.ask(cast.tl_group, cast.dedi, "/bukti II.2.1 mei")
    assert "https://x.id/mei" in listing and "rekap.pdf" not in listing


async def test_batal_by_the_reporter_the_same_day_detaches_the_evidence(
    start_bot: StartBot, cast: Cast
) -> None:
    """The report's files leave the period (not counted, not packaged) and stay on disk and on record."""
    bot = await start_bot(teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1")
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/batal II.1")
    assert "Ani" in answer and "koordinator" in answer
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.1")
    assert "dibatalkan" in answer and "1 buktinya ikut ditarik" in answer
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.BELUM
    assert bot.evidence("II.1.1") == []
    [withdrawn] = bot.evidence("II.1.1", every=True)
    assert (withdrawn.state, withdrawn.withdrawn_by, withdrawn.withdrawn_reason) == (
        "withdrawn",
        "Ani",
        "dibatalkan",
    )
    assert withdrawn.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert withdrawn.path is not None and bot.services.files.path_of(withdrawn.path).read_bytes() == PHOTO
    assert [(e.to_status, e.person_name) for e in bot.history("II.1.1")] == [
        (Status.SELESAI, "Ani"),
        (Status.BELUM, "Ani"),
    ]
    [listing] = await bot.ask(cast.tl_group, cast.ani, "/bukti II.1")
    assert "Belum ada bukti" in listing
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.1")
    assert "Belum ada laporan" in answer
    # Reported again, the withdrawn file is not counted again: only what comes with the new report.
    [again] = await bot.report(cast.tl_group, cast.ani, b"foto baru " + PHOTO, "/selesai II.1")
    assert "selesai" in again and "dengan 1 bukti" in again
    assert len(bot.evidence("II.1.1")) == 1 and len(bot.evidence("II.1.1", every=True)) == 2


async def test_batal_the_next_day_is_for_the_coordinator(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.2 Januari https://jdih.kpu.go.id")
    bot.clock.jump(bot.clock.now() + timedelta(days=1))
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.2.2")
    assert "hari yang sama" in answer
    assert bot.period("II.2.2", "2022-01").status == Status.SELESAI
    [answer] = await bot.ask(cast.tl_group, cast.coordinator, "/batal II.2.2 Januari")
    assert "dibatalkan" in answer and "1 buktinya ikut ditarik" in answer
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.3.2")  # menunggu bukti: nothing filed
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.3.2")
    assert "dibatalkan" in answer and "bukti" not in answer
    assert bot.period("II.2.2", "2022-01").status == Status.BELUM
    [link] = bot.evidence("II.2.2", every=True)
    assert (link.state, link.withdrawn_by) == ("withdrawn", "Kordinator")


async def test_an_unexpected_error_gets_an_apology_and_the_bot_keeps_running(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    bot.expect_errors()
    # Telegram stays unreachable: for the download started on arrival and each of the handler's attempts.
    bot.api.fail_next("getFile", times=1 + DOWNLOAD_ATTEMPTS, mode="500")
    since = bot.mark()
    update = bot.api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai II.1")
    [answer] = await bot.answers(cast.tl_group, since)
    assert "Maaf" in answer
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.BELUM
    assert [r.getMessage() for r in bot._errors] == [f"update {bot.api.updates[-1]['update_id']} failed"]
    assert update["message_id"]
    # Still running: the same report goes through now.
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1")
    assert "II.1.1" in answer and "selesai" in answer


async def test_a_transient_getfile_failure_is_tried_again_before_bothering_the_user(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    bot.api.fail_next("getFile", mode="500")
    bot.api.fail_next("getFile", mode="500")
    [answer] = await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1", timeout=15)
    assert "II.1.1" in answer and "selesai" in answer
    assert len(bot.api.sent("getFile", include_failed=True)) == 3
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    assert len(bot.evidence("II.1.1")) == 1


async def test_a_reply_to_the_bots_own_message_takes_nothing_from_it(start_bot: StartBot, cast: Cast) -> None:
    """Replying to the bot's /bukti listing is just a way to answer it: its links are not new evidence."""
    bot = await start_bot(teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.2 Januari https://jdih.kpu.go.id")
    listing = await bot.reply(cast.tl_group, cast.ani, "/bukti II.2.2")
    assert "https://jdih.kpu.go.id" in (listing.text or "")
    [answer] = await bot.ask(cast.tl_group, cast.dedi, "/selesai II.2.1 Juni", reply_to=listing)
    assert "menunggu bukti" in answer and "Juni 2022" in answer
    assert bot.evidence("II.2.1") == []
    assert bot.period("II.2.1", "2022-06").status == Status.MENUNGGU_BUKTI


async def test_batal_after_the_coordinators_verdict_says_why_not_and_what_next(
    start_bot: StartBot, cast: Cast
) -> None:
    """The reporter the same day may take a report back, but not once the coordinator has decided on it."""
    bot = await start_bot(teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1")
    await bot.ask(cast.tl_group, cast.coordinator, "/setujui II.1")
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.1")
    assert "disetujui" in answer and "koordinator" in answer
    assert "hari yang sama" not in answer  # Ani is the reporter, today: that rule is not why
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.DISETUJUI
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.2 Januari https://jdih.kpu.go.id")
    await bot.ask(cast.tl_group, cast.coordinator, "/tolak II.2.2 tautannya salah")
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.2.2")
    assert "ditolak" in answer and "/selesai II.2.2" in answer
    assert bot.period("II.2.2", "2022-01").status == Status.DITOLAK


async def test_a_second_reporters_photo_is_kept_as_more_evidence_of_the_reported_period(
    start_bot: StartBot, cast: Cast
) -> None:
    """Two people report the same period at once: the second one's photo is not thrown away."""
    bot = await start_bot(teams=["TL"])
    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, PHOTO, caption="/selesai II.1")
    bot.api.send_photo(cast.tl_group, cast.dedi, b"dedi" + PHOTO, caption="/selesai II.1")
    first, second = await bot.answers(cast.tl_group, since, count=2)
    assert "selesai" in first and "II.1.1" in first
    assert "sudah dilaporkan" in second and "bukti tambahan" in second and "Jumlah bukti: 2" in second
    assert {e.sender_name for e in bot.evidence("II.1.1")} == {"Ani", "Dedi"}
    assert [(e.to_status, e.person_name) for e in bot.history("II.1.1")] == [(Status.SELESAI, "Ani")]
    # Naming the period works the same; the same file again is still kept once.
    [again] = await bot.report(cast.tl_group, cast.dedi, b"dedi" + PHOTO, "/selesai II.1 Mei-November")
    assert "sudah tercatat" in again and len(bot.evidence("II.1.1")) == 2
    # Without a file there is nothing to keep: the answer still points to /bukti and nothing changes.
    [refused] = await bot.ask(cast.tl_group, cast.dedi, "/selesai II.1")
    assert "sudah dilaporkan" in refused and "/bukti II.1.1" in refused
    assert len(bot.evidence("II.1.1")) == 2
