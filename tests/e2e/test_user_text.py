"""What users type is stored alike on SQLite and PostgreSQL: a NUL or an over-long name never loses a
report (PostgreSQL refuses both), the file keeps its row and its extension."""

from __future__ import annotations

from tests.e2e.conftest import Cast, StartBot
from tests.fakebot import ChatSpec

PDF = b"%PDF-1.4 daftar hadir apel pagi"
LONG_NAME = "Daftar hadir\x00 apel pagi " + "sangat panjang " * 30 + ".pdf"  # 480 characters


async def test_a_nul_and_an_over_long_file_name_still_file_the_report(
    start_bot: StartBot, cast: Cast
) -> None:
    reporter = cast.ani.__class__(id=cast.ani.id, first_name="Ani\x00" + "n" * 300, username="ani_tl")
    bot = await start_bot()
    group = bot.api.group(cast.tl_group.id, "Tim\x00 Tata Laksana " + "T" * 300)
    bot.api.builder.users[reporter.id] = reporter
    [bound] = await bot.ask(group, cast.coordinator, "/daftar TL")
    assert "terhubung" in bound
    [answer] = await bot.report_document(
        group, reporter, PDF, LONG_NAME, "/selesai II.1 apel\x00 pagi lengkap"
    )
    assert "II.1.1" in answer and "1 bukti" in answer, answer
    [item] = bot.evidence("II.1.1")
    name = item.original_name or ""
    assert len(name) <= 255 and name.endswith(".pdf") and name.startswith("Daftar hadir apel pagi")
    assert "\x00" not in name and "…" in name
    assert (
        item.sender_name is not None and item.sender_name.startswith("Ani") and "\x00" not in item.sender_name
    )
    assert len(item.sender_name) <= 255
    [change] = bot.history("II.1.1")
    assert change.note == "apel pagi lengkap"
    # The file is stored once, and named by the row.
    stored = [p for p in bot.settings.evidence_dir.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [item.sha256]


async def test_a_link_and_a_note_with_control_characters_are_kept_clean(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    chat: ChatSpec = cast.tl_group
    [answer] = await bot.ask(
        chat,
        cast.ani,
        "/selesai II.2.1 Januari https://drive.example/presensi\x00juni catatan\x07 " + "x" * 5000,
    )
    assert "II.2.1" in answer
    [item] = bot.evidence("II.2.1")
    assert item.kind == "link" and item.url is not None and "\x00" not in item.url
    [change] = bot.history("II.2.1")
    assert change.note is not None and "\x07" not in change.note and change.note.endswith("x" * 5000)
