"""The shared formatting helpers of bot/texts.py: dates in Indonesian, sizes, statuses, message splitting."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.formatting import (
    MESSAGE_LIMIT,
    esc,
    format_date,
    format_datetime,
    format_short_date,
    format_size,
    shorten,
    split_message,
    utf16_len,
)
from plan.model import Status

WIB = ZoneInfo("Asia/Jakarta")


def test_dates_are_indonesian() -> None:
    assert format_date(date(2022, 6, 6)) == "Senin, 6 Juni 2022"
    assert format_date(date(2022, 1, 2)) == "Minggu, 2 Januari 2022"
    assert format_short_date(date(2022, 8, 17)) == "17 Agu 2022"


def test_times_are_in_the_office_zone() -> None:
    # 01:00 UTC is 08:00 in Jakarta.
    assert (
        format_datetime(datetime(2022, 6, 6, 1, 0, tzinfo=UTC), WIB) == "Senin, 6 Juni 2022 pukul 08.00 WIB"
    )
    makassar = ZoneInfo("Asia/Makassar")
    assert format_datetime(datetime(2022, 6, 6, 1, 0, tzinfo=UTC), makassar).endswith("09.00 WITA")


def test_sizes_statuses_and_escaping() -> None:
    assert format_size(850) == "850 B"
    assert format_size(12 * 1024) == "12 KB"
    assert format_size(3 * 1024 * 1024 // 2) == "1,5 MB"
    assert Status.MENUNGGU_BUKTI.label == "menunggu bukti"
    assert {s.label for s in Status} == {
        "belum",
        "menunggu bukti",
        "selesai (menunggu verifikasi)",
        "disetujui",
        "ditolak",
    }
    assert esc("<b>R&D</b>") == "&lt;b&gt;R&amp;D&lt;/b&gt;"


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("satu  dua\ntiga", 50) == "satu dua tiga"
    assert shorten("Laporan monitoring efektifitas penempatan pegawai", 30) == "Laporan monitoring…"


def test_split_keeps_short_answers_whole() -> None:
    assert split_message(["a", "b"]) == ["a\n\nb"]
    assert split_message([]) == []


@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=3000), max_size=12
    )
)
def test_split_never_exceeds_the_limit_and_never_loses_an_item(items: list[str]) -> None:
    items = [item for item in items if item.strip()]
    messages = split_message(items, limit=1000)
    assert all(utf16_len(message) <= 1000 for message in messages)
    joined = "".join("".join(message.split()) for message in messages)
    assert joined == "".join("".join(item.split()) for item in items)


def test_split_cuts_between_items_when_it_can() -> None:
    items = [f"<b>item {n}</b>\n" + "x" * 900 for n in range(10)]
    messages = split_message(items)
    assert len(messages) == 3
    assert all(utf16_len(m) <= MESSAGE_LIMIT for m in messages)
    assert all(m.startswith("<b>item ") for m in messages)
