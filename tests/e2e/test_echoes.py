"""Answers that repeat what the user typed stay within Telegram's 4096 characters, however much was typed."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cast, StartBot

# Telegram takes messages up to 4096 characters; escaped, `&` grows fivefold (`&amp;`), so an answer that
# repeats such an argument whole would be far over the limit.
LONG = "&" * 2_000 + " x" * 1_000


@pytest.mark.parametrize(
    ("who", "command", "meaning"),
    [
        ("ani", "/rekap " + LONG, "bukan tim, area, atau bulan"),
        ("coordinator", "/daftar " + LONG, "tidak dikenal"),
        ("ani", "/selesai II.9" + "&" * 4_000, "tidak ada di rencana aksi"),
        ("ani", "/status " + "&" * 4_000, "tidak ada di rencana aksi"),
    ],
    ids=["rekap", "daftar", "selesai-code", "status-code"],
)
async def test_an_echo_of_a_long_argument_is_shortened(
    start_bot: StartBot, cast: Cast, who: str, command: str, meaning: str
) -> None:
    assert len(command) <= 4_096
    bot = await start_bot(teams=["TL"])
    [answer] = await bot.ask(cast.tl_group, getattr(cast, who), command)
    assert meaning in answer
    assert "…" in answer and len(answer) < 1_000
    [call] = bot.sent_since(cast.tl_group, bot.mark() - 1)
    assert not call.failed


async def test_a_long_note_in_a_period_reply_is_shortened(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/selesai II.2.1 Juny " + LONG)
    assert "II.2.1" in answer and len(answer) < 4_096
