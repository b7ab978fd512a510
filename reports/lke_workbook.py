"""The evaluators' LKE workbook (openpyxl, write-only), built on the rekap workbook's cells and sheets:

- *LKE*: one row per LKE question in LKE order: its part, area, sub-area, code, text, options and weight;
  the answer, its value, score and note (empty while unanswered); the plan rows serving it with their
  periods' progress, and their evidence (paths in the package by question, links);
- *Nilai*: the sums per part, area and sub-area against their weights, the total first;
- *Predikat*: the WBK and WBBM criteria, each with what is missing;
- *Bukti LKE*: one row per question and evidence item, with its place in the package by question and
  its SHA-256 (a file serving three questions is listed, and filed, three times).

The *LKE* sheet reads back: its Kode, Jawaban and Catatan columns are what `zibot lke impor` takes.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from plan.errors import BadAnswersFile, BadLkeAnswer
from plan.lke import Kind, Question, SubArea
from plan.model import Action, Plan, Status
from reports.layout import lke_evidence_paths
from reports.lke_records import LkeExport
from reports.lke_text import answer_text, criterion_line, shorten
from reports.workbook import EVIDENCE_COLUMNS, TITLE_FONT, Column, SheetWriter

if TYPE_CHECKING:
    from reports.package import FileCheck

logger = logging.getLogger(__name__)

LKE_SHEET = "LKE"
CODE_HEADER = "Kode"
ANSWER_HEADER = "Jawaban"
NOTE_HEADER = "Catatan"
_WEIGHT_FORMAT = "0.00##"

LKE_COLUMNS: Sequence[Column] = (
    ("Bagian", 8),
    ("Area", 26),
    ("Sub-area", 28),
    (CODE_HEADER, 8),
    ("Pertanyaan", 60),
    ("Pilihan jawaban", 34),
    ("Bobot", 8),
    (ANSWER_HEADER, 10),
    ("Nilai", 8),
    ("Skor", 8),
    (NOTE_HEADER, 35),
    ("Baris rencana", 45),
    ("Kemajuan baris", 30),
    ("Jumlah bukti", 9),
    ("Bukti dalam paket", 70),
    ("Tautan", 40),
)
_SUM_COLUMNS: Sequence[Column] = (
    ("Kelompok", 10),
    (CODE_HEADER, 8),
    ("Nama", 50),
    ("Bobot", 9),
    ("Nilai", 9),
    ("Persen", 9),
)
_VERDICT_COLUMNS: Sequence[Column] = (
    ("Predikat", 9),
    ("Kriteria", 50),
    ("Nilai", 9),
    ("Maksimum", 10),
    ("Minimal", 9),
    ("Terpenuhi", 10),
    ("Keterangan", 80),
)
_EVIDENCE_COLUMNS: Sequence[Column] = (("Kode LKE", 9), ("Baris", 9), *EVIDENCE_COLUMNS[1:])


def write_lke_workbook(
    target: Path | IO[bytes],
    export: LkeExport,
    tz: tzinfo,
    paths: Mapping[tuple[str, int], str] | None = None,
    checks: Mapping[int, FileCheck] | None = None,
) -> None:
    """Write the workbook; `paths` are the files' places in the package by question (computed when not
    given), `checks` what the package found when copying them (None for a workbook on its own)."""
    if paths is None:
        paths = lke_evidence_paths(export.lke, export.served, export.data.evidence, tz)
    book = Workbook(write_only=True)
    writer = _LkeSheets(tz, export, paths)
    writer.questions(book.create_sheet(LKE_SHEET))
    writer.sums(book.create_sheet("Nilai"))
    writer.verdicts(book.create_sheet("Predikat"))
    writer.evidence_by_question(book.create_sheet("Bukti LKE"), checks)
    book.save(target)
    logger.info(
        "LKE workbook written: %d questions, %d answers", len(export.lke.questions), len(export.answers)
    )


class _LkeSheets(SheetWriter):
    def __init__(self, tz: tzinfo, export: LkeExport, paths: Mapping[tuple[str, int], str]) -> None:
        super().__init__(tz)
        self.export = export
        self.paths = paths

    def number(
        self, sheet: WriteOnlyWorksheet, value: float | None, number_format: str = _WEIGHT_FORMAT
    ) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = number_format
        return cell

    @staticmethod
    def answer(sheet: WriteOnlyWorksheet, value: str | None) -> WriteOnlyCell:
        """A text cell, empty or not: what an evaluator types there stays as typed (Excel would turn
        12/10 into a date)."""
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "@"
        return cell

    def questions(self, sheet: WriteOnlyWorksheet) -> None:
        self.start(sheet, LKE_COLUMNS, "E2")
        self.header(sheet, LKE_COLUMNS)
        lke = self.export.lke
        count = 0
        for part in lke.parts:
            for area in part.areas:
                for sub in area.sub_areas:
                    for question in sub.questions:
                        sheet.append(
                            [
                                part.code,
                                self.text(sheet, f"{area.code} {area.name}"),
                                self.text(sheet, f"{sub.code} {sub.name}"),
                                *self._question_cells(sheet, sub, question),
                            ]
                        )
                        count += 1
        self.finish(sheet, LKE_COLUMNS, 1, 1 + count)

    def _question_cells(self, sheet: WriteOnlyWorksheet, sub: SubArea, question: Question) -> list[Any]:
        export = self.export
        given = export.answers.get(question.code)
        answered = given is not None
        rows = export.served.get(question.code, ())
        plan = export.data.plan
        evidence = export.evidence_of(question.code)
        return [
            question.code,
            self.text(sheet, question.text),
            self.lines(sheet, _options(question)),
            self.number(sheet, sub.question_weight),
            self.answer(sheet, answer_text(question, given.answer) if given is not None else None),
            self.number(sheet, export.score.values.get(question.code) if answered else None),
            self.number(sheet, export.score.questions[question.code] if answered else None),
            self.text(sheet, given.note if given is not None else None),
            self.lines(sheet, [f"{code} {_indikator(plan, code)}" for code in rows]),
            self.lines(sheet, [self._progress(code) for code in rows]),
            len(evidence),
            self.lines(
                sheet,
                [path for _, item in evidence if (path := self.paths.get((question.code, item.id)))],
            ),
            self.lines(sheet, [item.url for _, item in evidence if item.url]),
        ]

    def _progress(self, action_code: str) -> str:
        records = self.export.records_of(action_code)
        done = sum(1 for record in records if record.status.is_done)
        approved = sum(1 for record in records if record.status is Status.DISETUJUI)
        return f"{action_code}: {done} dari {len(records)} periode selesai, {approved} disetujui"

    def sums(self, sheet: WriteOnlyWorksheet) -> None:
        export = self.export
        score = export.score
        self.start(sheet, _SUM_COLUMNS, "A6")
        title = WriteOnlyCell(sheet, f"Lembar Kerja Evaluasi — {export.data.plan.office}")
        title.font = TITLE_FONT
        sheet.append([title])
        sheet.append([self.text(sheet, export.lke.source)])
        sheet.append([f"Rencana aksi tahun {export.data.plan.year}"])
        sheet.append(["Per tanggal", self.day(sheet, export.data.today)])
        self.header(sheet, _SUM_COLUMNS)
        pengungkit_weight = sum(part.weight for part in export.lke.parts if part.code != "H")
        rows: list[tuple[str, str, str, float, float]] = [
            ("Total", "", "Nilai LKE", 100.0, score.total),
            ("Pengungkit", "PP+PR", "Pemenuhan dan Reform", pengungkit_weight, score.pengungkit),
        ]
        for part in export.lke.parts:
            rows.append(("Bagian", part.code, part.name, part.weight, score.parts[part.code]))
            for area in part.areas:
                rows.append(("Area", area.code, area.name, area.weight, score.areas[area.code]))
                if part.code != "H":
                    rows += [
                        ("Sub-area", sub.code, sub.name, sub.weight, score.sub_areas[sub.code])
                        for sub in area.sub_areas
                    ]
        for kind, code, name, weight, value in rows:
            sheet.append(
                [
                    kind,
                    code or None,
                    self.text(sheet, name),
                    self.number(sheet, weight),
                    self.number(sheet, value),
                    self.number(sheet, value / weight, "0%"),
                ]
            )
        self.finish(sheet, _SUM_COLUMNS, 5, 5 + len(rows))

    def verdicts(self, sheet: WriteOnlyWorksheet) -> None:
        self.start(sheet, _VERDICT_COLUMNS, "C2")
        self.header(sheet, _VERDICT_COLUMNS)
        count = 0
        for verdict in (self.export.score.wbk, self.export.score.wbbm):
            for criterion in verdict.criteria:
                sheet.append(
                    [
                        verdict.predicate,
                        self.text(sheet, criterion.name),
                        self.number(sheet, criterion.score),
                        self.number(sheet, criterion.maximum),
                        self.number(sheet, criterion.minimum),
                        "Ya" if criterion.met else "Tidak",
                        self.text(sheet, criterion_line(criterion, verdict.predicate)),
                    ]
                )
                count += 1
        self.finish(sheet, _VERDICT_COLUMNS, 1, 1 + count)

    def evidence_by_question(self, sheet: WriteOnlyWorksheet, checks: Mapping[int, FileCheck] | None) -> None:
        self.start(sheet, _EVIDENCE_COLUMNS, "C2")
        self.header(sheet, _EVIDENCE_COLUMNS)
        count = 0
        for question, record, item in self.export.evidence:
            check = checks.get(item.id) if checks is not None else None
            path = self.paths.get((question.code, item.id))
            sheet.append(
                [question.code, record.action.code, *self.evidence_cells(sheet, record, item, path, check)]
            )
            count += 1
        self.finish(sheet, _EVIDENCE_COLUMNS, 1, 1 + count)


def _options(question: Question) -> list[str]:
    if question.kind is Kind.NUMERIC:
        return [f"angka: {label}" for label in question.input_labels] + ["jawab n/d, mis. 12/10"]
    if question.kind is Kind.SURVEY:
        return ["indeks survei 0 sampai 4, mis. 3,6"]
    return [option.label for option in question.options]


def _indikator(plan: Plan, code: str) -> str:
    action = plan.get(code)
    return shorten(action.indikator, 70) if isinstance(action, Action) else ""


def read_lke_answers(path: Path) -> dict[str, tuple[object, str | None]]:
    """The answers typed into the *LKE* sheet of this workbook: question code -> (answer as typed, note).
    Rows with an empty answer cell are left out (an import never removes an answer). `BadAnswersFile`
    when the file is no such workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise BadAnswersFile(str(path), f"bukan buku kerja XLSX yang terbaca ({exc})") from exc
    try:
        if LKE_SHEET not in book.sheetnames:
            raise BadAnswersFile(str(path), f"tidak ada lembar '{LKE_SHEET}' (buat dengan zibot ekspor lke)")
        rows = book[LKE_SHEET].iter_rows(values_only=True)
        header = [str(name).strip() if name is not None else "" for name in next(rows, ())]
        missing = [name for name in (CODE_HEADER, ANSWER_HEADER, NOTE_HEADER) if name not in header]
        if missing:
            raise BadAnswersFile(str(path), f"lembar '{LKE_SHEET}' tanpa kolom {', '.join(missing)}")
        code_at, answer_at, note_at = (header.index(n) for n in (CODE_HEADER, ANSWER_HEADER, NOTE_HEADER))
        answers: dict[str, tuple[object, str | None]] = {}
        for row in rows:
            cells = list(row) + [None] * (len(header) - len(row))
            code, typed, note = cells[code_at], cells[answer_at], cells[note_at]
            if code is None or typed is None or (isinstance(typed, str) and not typed.strip()):
                continue
            if isinstance(typed, datetime | date):
                # Excel turned n/d into a date (a cell not formatted as text): which day is which is a guess.
                raise BadLkeAnswer(
                    str(code),
                    f"{typed:%d-%m-%Y}",
                    "n/d sebagai teks (Excel membacanya sebagai tanggal), mis. '12/10",
                )
            answers[str(code).strip()] = (typed, str(note).strip() if note not in (None, "") else None)
        return answers
    finally:
        book.close()
