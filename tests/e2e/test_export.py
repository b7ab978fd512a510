"""/ekspor and /ekspor bukti through the fake Bot API: the XLSX and the ZIP the coordinator receives are
opened and checked against the database and the evidence files."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from plan.model import Status
from reports.layout import INDEX_NAME
from reports.lke_workbook import read_lke_answers
from tests.e2e.conftest import Cast, RunningBot, StartBot
from tests.fakebot import Call
from tests.workbooks import rows_of

PHOTO = b"\xff\xd8\xff\xe0 foto sosialisasi SOP " + bytes(range(256)) * 16
PDF = b"%PDF-1.4 laporan monev keterbukaan informasi"


async def _reported(start_bot: StartBot, cast: Cast) -> RunningBot:
    """Two reports through the real path, one of them approved."""
    bot = await start_bot(teams=["TL"])
    await bot.report(cast.tl_group, cast.ani, PHOTO, "/selesai II.1")
    await bot.report_document(cast.tl_group, cast.ani, PDF, "monev: Mei/2022.pdf", "/selesai II.3.2 juni")
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/setujui II.1")
    assert "disetujui" in answer
    return bot


async def _document(bot: RunningBot, cast: Cast, text: str) -> Call:
    chat = bot.api.private(cast.coordinator)
    since = bot.mark()
    bot.api.send_text(chat, cast.coordinator, text)
    [call] = await bot.api.wait_for("sendDocument", chat_id=chat.id, since=since, timeout=10)
    assert call.file is not None
    return call


async def test_ekspor_sends_the_workbook_matching_the_database(start_bot: StartBot, cast: Cast) -> None:
    bot = await _reported(start_bot, cast)
    call = await _document(bot, cast, "/ekspor")
    assert call.file is not None and call.file.filename == "rencana-aksi-zi-2022-06-06.xlsx"
    assert "219 periode, 2 bukti" in (call.text or "")
    book = load_workbook(io.BytesIO(call.file.content))
    detail = {(row["Kode"], row["Periode"]): row for row in rows_of(book["Rincian"])}
    assert len(detail) == 219
    for code in ("II.1.1", "II.3.2", "II.2.3"):
        for period in bot.periods(code):
            row = detail[(code, period.label)]
            overdue = period.deadline < bot.clock.now().date() and not period.status.is_done
            expected = {
                Status.BELUM: "Belum",
                Status.SELESAI: "Selesai (menunggu verifikasi)",
                Status.DISETUJUI: "Disetujui",
            }[period.status]
            assert row["Status"] == ("Terlambat" if overdue else expected), (code, period.label)
    approved = detail[("II.1.1", "Mei–November 2022")]
    assert (approved["Dilaporkan oleh"], approved["Diperiksa oleh"]) == ("Ani", "Kordinator")
    assert approved["Dilaporkan pada"].date() == bot.clock.now().date()
    reported = detail[("II.3.2", "Juni 2022")]
    assert "monev Mei-2022.pdf" in reported["Bukti (berkas dan tautan)"]
    evidence = {row["SHA-256"]: row for row in rows_of(book["Bukti"])}
    stored = bot.evidence("II.1.1") + bot.evidence("II.3.2")
    assert set(evidence) == {item.sha256 for item in stored}


async def test_ekspor_bukti_sends_the_zip_with_every_file_and_its_checksum(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await _reported(start_bot, cast)
    call = await _document(bot, cast, "/ekspor bukti")
    assert call.file is not None and call.file.filename == "bukti-zi-2022-06-06.zip"
    assert "2 berkas" in (call.text or "")
    with zipfile.ZipFile(io.BytesIO(call.file.content)) as archive:
        index = load_workbook(io.BytesIO(archive.read(INDEX_NAME)))
        rows = rows_of(index["Bukti"])
        assert len(archive.namelist()) == len(rows) + 1 == 3
        for row in rows:
            content = archive.read(row["Berkas dalam paket"])
            assert (
                hashlib.sha256(content).hexdigest() == row["SHA-256"] and row["Pemeriksaan berkas"] == "cocok"
            )
    by_code = {row["Kode"]: row for row in rows}
    [photo] = bot.evidence("II.1.1")
    assert by_code["II.1.1"]["SHA-256"] == photo.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert by_code["II.1.1"]["Berkas dalam paket"].startswith("II Penataan Tata Laksana/II.1 ")
    assert (
        "/2022-06 Juni 2022/II.3.2_2022-06_2022-06-06_monev Mei-2022.pdf"
        in by_code["II.3.2"]["Berkas dalam paket"]
    )


async def test_a_package_over_the_upload_limit_comes_in_valid_parts_under_it(
    start_bot: StartBot, cast: Cast
) -> None:
    limit = 300 * 1024  # Telegram's 50 MB, scaled down: each scan is a third of it
    bot = await start_bot(upload_limit_bytes=limit)
    chat = bot.api.private(cast.coordinator)
    scans = {}
    for number, report in enumerate(
        ("I.4.1 Januari", "II.2.1 Januari", "II.2.1 Februari", "II.2.2 Januari", "III.1.1 Januari"), start=1
    ):
        scan = b"%PDF-1.4 " + random.Random(number).randbytes(100 * 1024)  # incompressible, like a scan
        scans[hashlib.sha256(scan).hexdigest()] = scan
        await bot.report_document(
            chat, cast.coordinator, scan, f"scan{number}.pdf", f"/selesai {report}", timeout=10
        )
    since = bot.mark()
    bot.api.send_text(chat, cast.coordinator, "/ekspor bukti")
    calls = await bot.api.wait_for("sendDocument", 3, timeout=20, chat_id=chat.id, since=since)
    await bot.settle()
    assert len(bot.api.sent("sendDocument", chat_id=chat.id)) == 3
    found: dict[str, bytes] = {}
    for number, call in enumerate(calls, start=1):
        assert (
            call.file is not None and call.file.filename == f"bukti-zi-2022-06-06-bagian-{number}-dari-3.zip"
        )
        assert len(call.file.content) <= limit
        assert f"Bagian {number} dari 3" in (call.text or "")
        with zipfile.ZipFile(io.BytesIO(call.file.content)) as archive:
            assert archive.testzip() is None
            rows = rows_of(load_workbook(io.BytesIO(archive.read(INDEX_NAME)))["Bukti"])
            assert sorted(archive.namelist()) == sorted(
                [INDEX_NAME, *(row["Berkas dalam paket"] for row in rows)]
            )
            for row in rows:
                content = archive.read(row["Berkas dalam paket"])
                assert (
                    hashlib.sha256(content).hexdigest() == row["SHA-256"]
                    and row["Pemeriksaan berkas"] == "cocok"
                )
                found[row["SHA-256"]] = content
    assert found == scans  # together, every file once
    # By area first: area I alone would leave room, so II starts in part 1; area III gets a part of its own.
    assert [
        "area I, II" in (calls[0].text or ""),
        "area II" in (calls[1].text or ""),
        "area III" in (calls[2].text or ""),
    ] == [True] * 3


async def test_a_single_file_over_the_upload_limit_is_explained_not_sent(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(upload_limit_bytes=100 * 1024)
    chat = bot.api.private(cast.coordinator)
    await bot.report_document(
        chat, cast.coordinator, bytes(150 * 1024), "besar.pdf", "/selesai II.2.1 Januari", timeout=10
    )
    [answer] = await bot.ask(chat, cast.coordinator, "/ekspor bukti")
    assert "zibot ekspor bukti" in answer and "100 KB" in answer
    await bot.settle()
    assert bot.api.sent("sendDocument", chat_id=chat.id) == []


async def test_ekspor_lke_sends_the_evaluators_workbook_that_reads_back(
    start_bot: StartBot, cast: Cast, tmp_path: Path
) -> None:
    bot = await _reported(start_bot, cast)
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/lke PPA1A ya")
    assert "PPA1A" in answer
    call = await _document(bot, cast, "/ekspor lke")
    assert call.file is not None and call.file.filename == "lke-zi-2022-06-06.xlsx"
    assert "1 terjawab" in (call.text or "")
    book = load_workbook(io.BytesIO(call.file.content))
    assert {"LKE", "Nilai", "Predikat", "Bukti LKE"} <= set(book.sheetnames)
    saved = tmp_path / call.file.filename
    saved.write_bytes(call.file.content)
    answers = read_lke_answers(saved)
    assert set(answers) == {"PPA1A"} and str(answers["PPA1A"][0]).lower() == "ya"
    # II.1.1's approved photo serves the SOP questions it is mapped to (PPB1A..C).
    rows = rows_of(book["Bukti LKE"])
    assert {row["Kode LKE"] for row in rows if row["Baris"] == "II.1.1"} >= {"PPB1A"}


async def test_ekspor_is_for_coordinators(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/ekspor")
    assert "koordinator" in answer
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/ekspor lke")
    assert "koordinator" in answer
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/ekspor semuanya")
    assert "/ekspor bukti" in answer and "/ekspor lke" in answer
    await bot.settle()
    assert bot.api.sent("sendDocument") == []
