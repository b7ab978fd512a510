"""The decree's table, whatever it came from, into the plan file's JSON shape.

Every reader (text, Word, workbook) hands over its rows as cells; this module knows the table's grammar:
the header row (repeated on every page), the column-number row under it, area rows (a roman numeral and
the area's name), component rows (a number and the komponen), continuation rows (empty NO and KOMPONEN:
another indicator of the component above), and the team written once and meant for every row below it.
A row that fits none of these is an error naming where it is, the row's code and the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from plan.errors import PlanFileError
from plan.model import LKE_CODE_PATTERN
from plan.numerals import ROMANS
from plan.sources.teambook import TeamBook
from plan.targets import TargetParseError, parse_target

NO, KOMPONEN, INDIKATOR, LANGKAH_AKSI, BUKTI_FISIK, TARGET_WAKTU, PENANGGUNG_JAWAB = COLUMNS = (
    "NO",
    "KOMPONEN",
    "INDIKATOR",
    "LANGKAH AKSI",
    "BUKTI FISIK",
    "TARGET WAKTU",
    "PENANGGUNG JAWAB",
)
LKE = "LKE"
_ALIASES = {
    "NO.": NO,
    "NOMOR": NO,
    "PENANGGUNGJAWAB": PENANGGUNG_JAWAB,
    "PJ": PENANGGUNG_JAWAB,
    "KODE LKE": LKE,
}
# The lower part of a vertically merged cell in these columns means "the same as above": the same
# component, the same team. In the other columns the merged text holds for each row it covers.
_CARRIED_DOWN = (NO, KOMPONEN, PENANGGUNG_JAWAB)
_MARKUP = re.compile(r"</?(?:i|b|u|em|strong|sup|sub|span)>", re.IGNORECASE)
_MAX_LISTED = 25


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    merged_above: bool = False  # the lower part of a vertically merged cell; `text` is the merged cell's
    ref: str = ""  # the spreadsheet's cell reference (``F12``), where there is one


@dataclass(frozen=True, slots=True)
class SourceRow:
    where: str  # "halaman tabel 2, baris 40" / "tabel 1, baris 12" / "lembar 'Rencana Aksi', baris 12"
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class DecreeInfo:
    office: str
    title: str
    number: str
    date: date
    signed_by: str
    year: int


def clean_text(text: str) -> str:
    """The words of a cell: without the tags a PDF extraction leaves, on one line, single-spaced."""
    return " ".join(_MARKUP.sub("", text).split())


def header_columns(texts: Iterable[str]) -> dict[str, int] | None:
    """Column positions when these cells are the table's header row, else None."""
    found: dict[str, int] = {}
    for index, text in enumerate(texts):
        name = " ".join(clean_text(text).upper().split())
        name = _ALIASES.get(name, name)
        if name in (*COLUMNS, LKE) and name not in found:
            found[name] = index
    return found if all(column in found for column in COLUMNS) else None


class Problems:
    """Every unreadable row of a file, so the coordinator can fix them all at once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[str, str]] = []

    def add(self, where: str, problem: str) -> None:
        self.items.append((where, problem))

    def raise_if_any(self) -> None:
        if len(self.items) == 1:
            raise PlanFileError(self.source, *self.items[0])
        if self.items:
            listed = [f"- {where}: {problem}" for where, problem in self.items[:_MAX_LISTED]]
            if len(self.items) > _MAX_LISTED:
                listed.append(f"- ... dan {len(self.items) - _MAX_LISTED} lagi")
            raise PlanFileError(self.source, f"{len(self.items)} kesalahan", "\n" + "\n".join(listed))


def build_document(
    source: str,
    rows: Iterable[SourceRow],
    decree: DecreeInfo,
    teams: tuple[tuple[str, str], ...] | None = None,
    problems: Problems | None = None,
) -> dict[str, Any]:
    """The plan file's JSON from the table's rows (from the first header row on); raises `PlanFileError`
    listing every row it cannot read, after those the reader found (`problems`). `teams` (code, name) are
    the declared teams, when the file has them."""
    builder = _Builder(problems or Problems(source), decree.year, TeamBook(teams))
    builder.read(rows)
    builder.problems.raise_if_any()
    return {
        "office": decree.office,
        "decree": {
            "title": decree.title,
            "number": decree.number,
            "date": decree.date.isoformat(),
            "signed_by": decree.signed_by,
        },
        "year": decree.year,
        "teams": [{"code": code, "name": name} for code, name in builder.teams.teams],
        "areas": builder.areas,
    }


class _Builder:
    def __init__(self, problems: Problems, year: int, teams: TeamBook) -> None:
        self.problems = problems
        self.year = year
        self.teams = teams
        self.areas: list[dict[str, Any]] = []
        self.columns: dict[str, int] | None = None
        self.team: str | None = None  # the team written last in this area: it holds for the rows below
        self.team_missing = False
        self._refs: dict[str, str] = {}  # the current row's cell references, for its errors

    def read(self, rows: Iterable[SourceRow]) -> None:
        for row in rows:
            header = header_columns(cell.text for cell in row.cells)
            if header is not None:
                if self.columns is None:
                    self.columns = header
                continue  # the header repeated on every page
            if self.columns is None:
                continue  # a title above the table
            self._row(row, self.columns)
        if self.columns is None:
            self.problems.add(
                "tabel", f"judul kolom tabel rencana aksi tidak ditemukan ({', '.join(COLUMNS)})"
            )
        elif not self.areas and not self.problems.items:
            self.problems.add("tabel", "tabel tidak berisi satu area pun (baris I, II, ... dengan nama area)")

    def _row(self, row: SourceRow, columns: dict[str, int]) -> None:
        values = self._values(row, columns)
        main = [values[column] for column in COLUMNS]
        if not any(main) or all(text.isdigit() for text in main):
            return  # an empty row, or the column-number row under the header ("1 2 3 4 5 7 8")
        number = values[NO].rstrip(".")
        if number in ROMANS:
            self._area(row, number, values)
        elif number.isdigit():
            if not values[KOMPONEN]:
                self._problem(row, None, KOMPONEN, f"kosong, padahal kolom NO terisi ({number})")
            self._component(row, int(number), values)
        elif not number:
            if values[KOMPONEN]:
                self._problem(row, None, NO, f"kosong, padahal kolom KOMPONEN terisi ({values[KOMPONEN]!r})")
            self._action(row, values)
        else:
            self._problem(
                row, None, NO, f"{values[NO]!r} bukan nomor komponen (1, 2, ...) atau area (I, II, ...)"
            )

    def _values(self, row: SourceRow, columns: dict[str, int]) -> dict[str, str]:
        """The row's text by column; a row of the wrong width is reported and read on as it is, so that
        one broken row does not shift the codes of every row after it."""
        width = max(columns.values()) + 1
        extra = [cell.text for cell in row.cells[width:] if clean_text(cell.text)]
        if extra:
            self._problem(row, None, None, f"ada isi di luar {width} kolom tabel: {clean_text(extra[0])!r}")
        cells = {
            name: row.cells[index] if index < len(row.cells) else None for name, index in columns.items()
        }
        values = {
            name: ""
            if cell is None or (cell.merged_above and name in _CARRIED_DOWN)
            else clean_text(cell.text)
            for name, cell in cells.items()
        }
        values.setdefault(LKE, "")
        self._refs = {name: cell.ref for name, cell in cells.items() if cell is not None and cell.ref}
        if len(row.cells) < width and any(values[column] for column in COLUMNS[2:]):
            # Only an area row may end early: a text export that lost a tab in an action row would have
            # shifted every later cell one column to the left.
            self._problem(row, None, None, f"baris ini punya {len(row.cells)} kolom, tabel punya {width}")
        return values

    def _area(self, row: SourceRow, numeral: str, values: dict[str, str]) -> None:
        expected = ROMANS[len(self.areas)] if len(self.areas) < len(ROMANS) else "?"
        if numeral != expected:
            self._problem(row, numeral, NO, f"area {numeral} tidak berurutan: seharusnya area {expected}")
        if not values[KOMPONEN]:
            self._problem(row, numeral, KOMPONEN, "nama area kosong")
        filled = [column for column in COLUMNS[2:6] if values[column]]
        if filled:
            self._problem(row, numeral, filled[0], "baris area hanya berisi nomor romawi dan nama area")
        self.areas.append({"code": numeral, "name": values[KOMPONEN], "team": "", "components": []})
        self.team, self.team_missing = None, False
        if values[PENANGGUNG_JAWAB]:
            self.team = self._team(row, numeral, values[PENANGGUNG_JAWAB])

    def _component(self, row: SourceRow, number: int, values: dict[str, str]) -> None:
        if not self.areas:
            self._problem(row, None, NO, "komponen sebelum baris area pertama (I)")
            return
        area = self.areas[-1]
        expected = len(area["components"]) + 1
        code = f"{area['code']}.{expected}"
        if number != expected:
            self._problem(row, code, NO, f"komponen {number} tidak berurutan: seharusnya {expected}")
        area["components"].append({"code": code, "name": values[KOMPONEN], "actions": []})
        self._action(row, values)

    def _action(self, row: SourceRow, values: dict[str, str]) -> None:
        if not self.areas or not self.areas[-1]["components"]:
            self._problem(row, None, NO, "baris lanjutan (NO dan KOMPONEN kosong) tanpa komponen di atasnya")
            return
        area = self.areas[-1]
        component = area["components"][-1]
        code = f"{component['code']}.{len(component['actions']) + 1}"
        if not values[INDIKATOR]:
            self._problem(row, code, INDIKATOR, "kosong; setiap baris aksi perlu indikator")
        if values[PENANGGUNG_JAWAB]:
            self.team = self._team(row, code, values[PENANGGUNG_JAWAB])  # None when unknown, reported there
        elif self.team is None and not self.team_missing:
            self._problem(
                row, code, PENANGGUNG_JAWAB, "kosong di baris pertama area; tulis tim penanggung jawabnya"
            )
        # Reported once; the rows below that inherit the missing team are not named again.
        self.team_missing = self.team is None
        team = self.team
        area["team"] = area["team"] or team or ""
        try:
            parse_target(values[TARGET_WAKTU], self.year)
        except TargetParseError as exc:
            self._problem(row, code, TARGET_WAKTU, f"{exc.text!r} tidak terbaca ({exc.reason})")
        action: dict[str, Any] = {
            "code": code,
            "indikator": values[INDIKATOR],
            "langkah_aksi": values[LANGKAH_AKSI],
            "bukti_fisik": values[BUKTI_FISIK],
            "target_waktu": values[TARGET_WAKTU],
            "team": team or "",
        }
        lke = self._lke(row, code, values[LKE])
        if lke:
            action["lke"] = lke
        component["actions"].append(action)

    def _lke(self, row: SourceRow, code: str, text: str) -> list[str]:
        codes = [part.upper() for part in re.split(r"[,;\s]+", text) if part and part not in "-–—"]
        wrong = [part for part in codes if not re.fullmatch(LKE_CODE_PATTERN, part)]
        if wrong:
            self._problem(row, code, LKE, f"{wrong[0]!r} bukan kode LKE (mis. PPA1A); pisahkan dengan koma")
        return codes

    def _team(self, row: SourceRow, code: str, text: str) -> str | None:
        team = self.teams.resolve(text, len(self.areas) - 1)
        if team is None:
            self._problem(
                row, code, PENANGGUNG_JAWAB, f"tim {text!r} tidak ada di daftar tim ({self.teams.choices()})"
            )
        return team

    def _problem(self, row: SourceRow, code: str | None, column: str | None, problem: str) -> None:
        where = row.where + (f" ({code})" if code else "")
        if column:
            ref = self._refs.get(column, "")
            where += f", kolom {column}" + (f" (sel {ref})" if ref else "")
        self.problems.add(where, problem)
