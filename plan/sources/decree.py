"""The decree's own details from its opening and closing lines: office, number, title, date, signatory.

The lines are the decree as written ("KEPUTUSAN KOMISI PEMILIHAN UMUM KOTA SURAKARTA", "NOMOR 14 TAHUN
2022", "TENTANG", the title, "pada tanggal 18 Mei 2022", the signatory's office, "Ttd.", the name); the
plan's year is the one the decree gives the plan ("Rencana Aksi ... Tahun 2022"). A detail it cannot find
is an error saying which, never a default.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from plan.sources.table import DecreeInfo, Problems
from plan.targets import MONTH_ALIASES

_SMALL_WORDS = {"di", "dan", "ke", "dari", "pada", "untuk", "yang", "atas", "dalam", "serta", "oleh", "bagi"}
_ACRONYMS = {"KPU", "RI", "ZI", "WBK", "WBBM", "SDM", "SOP", "DPRD", "BPS", "KPP", "UPT", "RSUD"}
# Offices a decree spells out and everybody (and the 2022 plan file) abbreviates in the signatory's title.
_ABBREVIATIONS = {"Komisi Pemilihan Umum": "KPU", "Badan Pengawas Pemilihan Umum": "Bawaslu"}
_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b")
_DECORATION = re.compile(r"^[\s*\-•]+|[\s*]+$")


def title_case(text: str) -> str:
    """``RENCANA AKSI ... DI LINGKUNGAN KPU`` -> ``Rencana Aksi ... di Lingkungan KPU``."""
    words = text.split()
    out = []
    for index, word in enumerate(words):
        bare = word.strip(",.;:()")
        if bare.upper() in _ACRONYMS:
            out.append(word.upper())
        elif index and bare.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:].lower())
    return " ".join(out)


def parse_date(text: str) -> date | None:
    """``18 Mei 2022``, ``2022-05-18``, ``18-05-2022`` or ``18/05/2022``; None when it is none of them."""
    text = text.strip()
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if (match := _DATE.fullmatch(text)) and match[2].lower() in MONTH_ALIASES:
            return date(int(match[3]), MONTH_ALIASES[match[2].lower()], int(match[1]))
    except ValueError:
        return None
    return None


def read_decree(lines: Sequence[str], source: str) -> DecreeInfo:
    """The decree's details from its lines outside the table; raises `PlanFileError` naming what is missing."""
    lines = [_DECORATION.sub("", line) for line in lines]
    problems = Problems(source)
    office = number = title = signed_by = None
    signed_on: date | None = None
    for index, line in enumerate(lines):
        match = re.fullmatch(r"KEPUTUSAN\s+(?:KETUA\s+|KEPALA\s+)?(.+)", line)
        following = _next_filled(lines, index + 1)
        if office is None and match and following is not None:
            nomor = re.fullmatch(r"NOMOR\s*:?\s*(.+)", lines[following], re.IGNORECASE)
            if nomor:
                office = title_case(match[1].strip(" ,"))
                number = re.sub(r"\bTAHUN\b", "Tahun", nomor[1].strip())
                title = _title_after(lines, following + 1)
        dated = re.match(r"pada\s+tanggal\s+(.+)", line, re.IGNORECASE)
        if signed_on is None and dated:
            signed_on = parse_date(dated[1])
            signed_by = _signatory(lines, index + 1)
    year = _plan_year(" ".join(lines))
    for value, what in (
        (office, 'baris "KEPUTUSAN ..." diikuti "NOMOR ..." (kantor dan nomor keputusan)'),
        (title, 'judul keputusan sesudah "TENTANG"'),
        (signed_on, 'tanggal penetapan ("pada tanggal 18 Mei 2022")'),
        (signed_by, "penandatangan (jabatan dan nama sesudah tanggal penetapan)"),
        (year, 'tahun rencana aksi ("Rencana Aksi ... Tahun 2022")'),
    ):
        if not value:
            problems.add("baris pembuka keputusan", f"tidak ditemukan: {what}")
    problems.raise_if_any()
    assert office and number and title and signed_on and signed_by and year
    return DecreeInfo(office, title, number, signed_on, signed_by, year)


def _next_filled(lines: Sequence[str], start: int) -> int | None:
    return next((index for index in range(start, len(lines)) if lines[index].strip()), None)


def _block(lines: Sequence[str], start: int) -> list[str]:
    """The lines from the next filled one up to the blank line after them."""
    first = _next_filled(lines, start)
    block: list[str] = []
    for line in lines[first:] if first is not None else ():
        if not line.strip():
            break
        block.append(line.strip())
    return block


def _title_after(lines: Sequence[str], start: int) -> str | None:
    first = _next_filled(lines, start)
    if first is None:
        return None
    match = re.fullmatch(r"TENTANG\s*:?\s*(.*)", lines[first].strip(), re.IGNORECASE)
    if match is None:
        return None
    # "TENTANG" on its own line is followed by the title's block; "TENTANG RENCANA ..." starts it.
    words = [match[1], *_block(lines, first)[1:]] if match[1] else _block(lines, first + 1)
    return title_case(" ".join(words)) or None


def _signatory(lines: Sequence[str], start: int) -> str | None:
    block = _block(lines, start)
    signed = next((index for index, line in enumerate(block) if re.fullmatch(r"ttd\.?", line, re.I)), None)
    if signed is not None:
        position, name = block[:signed], block[signed + 1 : signed + 2]
    else:
        position, name = block[:-1], block[-1:]
    if not position or not name:
        return None
    title = title_case(" ".join(position).rstrip(" ,"))
    for spelled, short in _ABBREVIATIONS.items():
        title = title.replace(spelled, short)
    return f"{title_case(name[0])}, {title}"


def _plan_year(text: str) -> int | None:
    match = re.search(r"\bRENCANA\s+AKSI\b[^.;]{0,200}?\bTAHUN\s+((?:19|20)\d\d)\b", text, re.IGNORECASE)
    return int(match[1]) if match else None
