"""The XLSX workbook (openpyxl, write-only so a year of a large plan streams to disk):

- *Ringkasan*: the progress tallies per area and per team;
- *Rincian*: one row per due period with the plan's words, deadline, status, who reported and reviewed
  it and when, and its evidence (file names and links);
- *Dihapus dari rencana*: the same for the periods a later import took out of the plan (retired), with
  the status, report, review and evidence they keep;
- *Bukti*: one row per evidence item the evaluators get (retired periods' too) with its place in the
  evidence package and its SHA-256;
- *Riwayat bukti*: the evidence set aside, never packaged: withdrawn (by whom, when, why), rejected with
  its report (the reason), or filed for a period that is not reported (again).

Every sheet has a frozen header and filters; dates are real dates, times are in the office's timezone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from plan.model import Action, Status, days_late
from plan.progress import Tally
from reports.layout import evidence_paths
from reports.records import ExportData, PeriodRecord
from store.models import EVIDENCE_REJECTED, EVIDENCE_WITHDRAWN
from store.repo import EvidenceItem

if TYPE_CHECKING:
    from reports.package import FileCheck

logger = logging.getLogger(__name__)

OVERDUE_LABEL = "Terlambat"
RETIRED_SHEET = "Dihapus dari rencana"
HISTORY_SHEET = "Riwayat bukti"
SET_ASIDE_LABELS = {EVIDENCE_WITHDRAWN: "Ditarik", EVIDENCE_REJECTED: "Ditolak"}
NOT_REPORTED_LABEL = "Periode belum dilaporkan"
KIND_LABELS = {"photo": "Foto", "document": "Dokumen", "link": "Tautan"}

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
# Excel refuses longer cell texts.
_CELL_LIMIT = 32_767

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_WRAPPED = Alignment(wrap_text=True, vertical="top")
TITLE_FONT = Font(bold=True, size=14)


Column = tuple[str, float]  # header, width in characters

_SUMMARY_COLUMNS: Sequence[Column] = (
    ("Kelompok", 10),
    ("Kode", 8),
    ("Nama", 44),
    ("Periode", 10),
    ("Jatuh tempo s.d. hari ini", 13),
    ("Selesai", 10),
    ("Disetujui", 10),
    ("Perlu verifikasi", 11),
    ("Menunggu bukti", 11),
    ("Ditolak", 10),
    ("Terlambat", 11),
    ("Tenggat bulan ini", 11),
    ("Persen selesai", 10),
)
_DETAIL_COLUMNS: Sequence[Column] = (
    ("Area", 28),
    ("Komponen", 30),
    ("Kode", 9),
    ("Indikator", 45),
    ("Langkah aksi", 45),
    ("Bukti fisik", 40),
    ("Target waktu", 22),
    ("Tim", 8),
    ("Periode", 22),
    ("Mulai", 12),
    ("Tenggat", 12),
    ("Status", 16),
    ("Terlambat (hari)", 10),
    ("Dilaporkan oleh", 22),
    ("Dilaporkan pada", 17),
    ("Diperiksa oleh", 22),
    ("Diperiksa pada", 17),
    ("Hasil pemeriksaan", 14),
    ("Catatan pemeriksa", 35),
    ("Jumlah bukti", 9),
    ("Bukti (berkas dan tautan)", 60),
)
EVIDENCE_COLUMNS: Sequence[Column] = (
    ("Kode", 9),
    ("Periode", 22),
    ("Jenis", 10),
    ("Nama asli", 30),
    ("Berkas dalam paket", 70),
    ("Tautan", 40),
    ("Ukuran (byte)", 12),
    ("SHA-256", 66),
    ("Pemeriksaan berkas", 14),
    ("Dikirim oleh", 22),
    ("Dikirim pada", 17),
)
_HISTORY_COLUMNS: Sequence[Column] = (
    ("Kode", 9),
    ("Periode", 22),
    ("No.", 5),
    ("Jenis", 10),
    ("Nama asli", 30),
    ("Tautan", 40),
    ("Ukuran (byte)", 12),
    ("SHA-256", 66),
    ("Dikirim oleh", 22),
    ("Dikirim pada", 17),
    ("Keadaan", 14),
    ("Status periode", 16),
    ("Oleh", 22),
    ("Pada", 17),
    ("Alasan", 40),
)


def write_workbook(
    target: Path | IO[bytes],
    data: ExportData,
    tz: tzinfo,
    paths: Mapping[int, str] | None = None,
    checks: Mapping[int, FileCheck] | None = None,
) -> None:
    """Write the workbook; `paths` are the evidence files' places in the package (computed when not
    given), `checks` what the package found when copying them (None for a workbook on its own)."""
    if paths is None:
        paths = evidence_paths(data.evidence, tz)
    book = Workbook(write_only=True)
    writer = SheetWriter(tz)
    writer.summary(book.create_sheet("Ringkasan"), data)
    writer.detail(book.create_sheet("Rincian"), data.records, data.today, paths)
    writer.detail(book.create_sheet(RETIRED_SHEET), data.retired, data.today, paths)
    writer.evidence(book.create_sheet("Bukti"), data, paths, checks)
    writer.history(book.create_sheet(HISTORY_SHEET), data)
    book.save(target)
    logger.info("workbook written: %d periods, %d evidence rows", len(data.records), len(data.evidence))


class SheetWriter:
    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._texts: dict[str, list[Any]] = {}

    # ---- cells -----------------------------------------------------------------------------
    def text(self, sheet: WriteOnlyWorksheet, value: str | None) -> Any:
        """User and plan text, never read as a formula and free of characters XLSX cannot hold."""
        if not value:
            return None
        clean = ILLEGAL_CHARACTERS_RE.sub("", value)[:_CELL_LIMIT]
        # Most cells are plain strings, the cheap kind for write-only mode; a cell object only when needed.
        return _plain(sheet, clean) if clean.startswith("=") else clean

    def lines(self, sheet: WriteOnlyWorksheet, values: Sequence[str]) -> Any:
        """One value per line; spreadsheets show the line breaks only in a cell that wraps its text."""
        if len(values) < 2:
            return self.text(sheet, values[0] if values else None)
        cell = _plain(sheet, "\n".join(values))
        cell.alignment = _WRAPPED
        return cell

    @staticmethod
    def day(sheet: WriteOnlyWorksheet, value: date) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell

    def moment(self, sheet: WriteOnlyWorksheet, value: datetime | None) -> WriteOnlyCell | None:
        if value is None:
            return None
        # Excel has no timezones: write the office's wall-clock time.
        cell = WriteOnlyCell(sheet, value.astimezone(self.tz).replace(tzinfo=None))
        cell.number_format = DATETIME_FORMAT
        return cell

    @staticmethod
    def link(sheet: WriteOnlyWorksheet, value: str | None) -> Any:
        """A clickable cell for a path inside the package (which the package's own layout names)."""
        if not value:
            return None
        cell = _plain(sheet, value)
        cell.hyperlink = value
        cell.style = "Hyperlink"
        return cell

    def url(self, sheet: WriteOnlyWorksheet, value: str | None) -> Any:
        """A link a user sent: clickable only when it is http(s); anything else (`javascript:`, `file:`,
        `=HYPERLINK(...)`) is shown as the text it is."""
        if not value or not _is_web_link(value):
            return self.text(sheet, value)
        return self.link(sheet, value)

    # ---- sheets ----------------------------------------------------------------------------
    @staticmethod
    def start(sheet: WriteOnlyWorksheet, columns: Sequence[Column], freeze: str) -> None:
        """Widths and frozen panes must be set before the first row is streamed."""
        for index, (_, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = freeze

    @staticmethod
    def header(sheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
        cells = []
        for name, _ in columns:
            cell = WriteOnlyCell(sheet, name)
            cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAPPED
            cells.append(cell)
        sheet.append(cells)

    @staticmethod
    def finish(sheet: WriteOnlyWorksheet, columns: Sequence[Column], header_row: int, last_row: int) -> None:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{max(last_row, header_row)}"

    def summary(self, sheet: WriteOnlyWorksheet, data: ExportData) -> None:
        self.start(sheet, _SUMMARY_COLUMNS, "D5")
        title = WriteOnlyCell(sheet, f"Rekap Rencana Aksi Zona Integritas — {data.plan.office}")
        title.font = TITLE_FONT
        sheet.append([title])
        sheet.append([f"Keputusan Nomor {data.plan.decree.number}, tahun {data.plan.year}"])
        sheet.append(["Per tanggal", self.day(sheet, data.today)])
        self.header(sheet, _SUMMARY_COLUMNS)
        progress = data.progress
        groups: list[tuple[str, Iterable[Tally]]] = [
            ("Semua", [progress.total]),
            ("Area", progress.areas),
            ("Tim", progress.teams),
        ]
        rows = 0
        for kind, tallies in groups:
            for tally in tallies:
                sheet.append(self._tally_row(sheet, kind, tally))
                rows += 1
        self.finish(sheet, _SUMMARY_COLUMNS, 4, 4 + rows)

    def _tally_row(self, sheet: WriteOnlyWorksheet, kind: str, tally: Tally) -> list[Any]:
        percent = None
        if tally.percent is not None:
            percent = WriteOnlyCell(sheet, tally.done / tally.due)
            percent.number_format = "0%"
        counts = (tally.due, tally.done, tally.approved, tally.awaiting_review, tally.waiting, tally.rejected)
        return [
            kind,
            tally.code or None,
            self.text(sheet, tally.name),
            tally.total,
            *counts,
            tally.overdue,
            tally.coming,
            percent,
        ]

    def detail(
        self,
        sheet: WriteOnlyWorksheet,
        records: Sequence[PeriodRecord],
        today: date,
        paths: Mapping[int, str],
    ) -> None:
        self.start(sheet, _DETAIL_COLUMNS, "D2")
        self.header(sheet, _DETAIL_COLUMNS)
        for record in records:
            sheet.append(self._detail_row(sheet, record, today, paths))
        self.finish(sheet, _DETAIL_COLUMNS, 1, 1 + len(records))

    def _plan_texts(self, sheet: WriteOnlyWorksheet, record: PeriodRecord) -> list[Any]:
        """The plan's words of an action, cleaned once per action rather than once per period."""
        action: Action = record.action
        cached = self._texts.get(action.code)
        if cached is None:
            cached = [
                self.text(sheet, f"{record.area.code} {record.area.name}"),
                self.text(sheet, f"{record.component.code} {record.component.name}"),
                action.code,
                self.text(sheet, action.indikator),
                self.text(sheet, action.langkah_aksi),
                self.text(sheet, action.bukti_fisik),
                self.text(sheet, action.target_waktu),
                action.team_code,
            ]
            self._texts[action.code] = cached
        return cached

    def _detail_row(
        self, sheet: WriteOnlyWorksheet, record: PeriodRecord, today: date, paths: Mapping[int, str]
    ) -> list[Any]:
        marks = record.marks
        # A retired period is asked of nobody any more: never late.
        late = 0 if record.retired else days_late(record.period.deadline, today, record.status)
        status = record.status.label.capitalize()
        if late:  # the derived terlambat, with what the team did so far when it did something
            status = (
                OVERDUE_LABEL if record.status is Status.BELUM else f"{OVERDUE_LABEL} ({record.status.label})"
            )
        review = marks.review_status.label.capitalize() if marks.review_status else None
        evidence = self.lines(sheet, [_evidence_line(item, paths) for item in record.evidence])
        return [
            *self._plan_texts(sheet, record),
            record.period.label,
            self.day(sheet, record.period.window_start),
            self.day(sheet, record.period.deadline),
            status,
            late or None,
            self.text(sheet, marks.reported_by),
            self.moment(sheet, marks.reported_at),
            self.text(sheet, marks.reviewed_by),
            self.moment(sheet, marks.reviewed_at),
            review,
            self.text(sheet, marks.review_note),
            len(record.evidence),
            evidence,
        ]

    def evidence(
        self,
        sheet: WriteOnlyWorksheet,
        data: ExportData,
        paths: Mapping[int, str],
        checks: Mapping[int, FileCheck] | None,
    ) -> None:
        self.start(sheet, EVIDENCE_COLUMNS, "C2")
        self.header(sheet, EVIDENCE_COLUMNS)
        rows = 0
        for record, item in data.evidence:
            check = checks.get(item.id) if checks is not None else None
            sheet.append(
                [record.action.code, *self.evidence_cells(sheet, record, item, paths.get(item.id), check)]
            )
            rows += 1
        self.finish(sheet, EVIDENCE_COLUMNS, 1, 1 + rows)

    def evidence_cells(
        self,
        sheet: WriteOnlyWorksheet,
        record: PeriodRecord,
        item: EvidenceItem,
        path: str | None,
        check: FileCheck | None,
    ) -> list[Any]:
        """An evidence item's cells after its code (EVIDENCE_COLUMNS[1:]): the path in the package is a
        link only when the package holds the file (`check`: what copying it found)."""
        return [
            record.period.label,
            KIND_LABELS.get(item.kind, item.kind),
            self.text(sheet, item.original_name),
            self.link(sheet, path) if check is not None and check.state != "hilang" else path,
            self.url(sheet, item.url),
            check.size if check is not None else item.size,
            check.sha256 if check is not None else item.sha256,
            check.state if check is not None else None,
            self.text(sheet, item.sender_name),
            self.moment(sheet, item.created_at),
        ]

    def history(self, sheet: WriteOnlyWorksheet, data: ExportData) -> None:
        self.start(sheet, _HISTORY_COLUMNS, "C2")
        self.header(sheet, _HISTORY_COLUMNS)
        rows = 0
        for record, item in data.set_aside:
            sheet.append(
                [
                    record.action.code,
                    record.period.label,
                    item.number,
                    KIND_LABELS.get(item.kind, item.kind),
                    self.text(sheet, item.original_name),
                    self.url(sheet, item.url),
                    item.size,
                    item.sha256,
                    self.text(sheet, item.sender_name),
                    self.moment(sheet, item.created_at),
                    SET_ASIDE_LABELS.get(item.state, NOT_REPORTED_LABEL),
                    record.status.label.capitalize(),
                    self.text(sheet, item.withdrawn_by),
                    self.moment(sheet, item.withdrawn_at),
                    self.text(sheet, item.withdrawn_reason),
                ]
            )
            rows += 1
        self.finish(sheet, _HISTORY_COLUMNS, 1, 1 + rows)


def _plain(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """A string cell, whatever it starts with: openpyxl would take a leading `=` for a formula."""
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value)[:_CELL_LIMIT])
    cell.data_type = "s"
    return cell


def _is_web_link(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and value == value.strip()


def _evidence_line(item: EvidenceItem, paths: Mapping[int, str]) -> str:
    if item.url:
        return item.url
    path = paths.get(item.id)
    return path.rsplit("/", 1)[-1] if path else (item.original_name or KIND_LABELS.get(item.kind, item.kind))
