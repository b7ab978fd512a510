"""Where each evidence file goes in the evaluators' package, and under what name.

Folders follow the plan the way evaluators read it: area / component / action / period, e.g.
``II Penataan Tata Laksana/II.2 E- Office Pemanfaatan ap…/II.2.1 Sistem pengukuran kine…/2022-05 Mei 2022/``,
and each file is named ``<code>_<period>_<date received>_<original name>``. The workbook lists the same
names, so the XLSX export alone already tells where a file will be in the package.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterable, Mapping
from datetime import tzinfo
from pathlib import PurePosixPath

from plan.lke import Lke, Question
from reports.records import PeriodRecord
from store.repo import EvidenceItem

INDEX_NAME = "00 INDEKS.xlsx"

# Windows refuses these in names (zip tools everywhere accept what Windows does): separators become
# dashes, the rest is dropped.
_SEPARATORS = re.compile(r"[/\\|]+")
_UNSAFE = re.compile(r'[<>:"?*\x00-\x1f]+')
# Windows Explorer cannot extract a path over 260 characters, and evaluators unzip into folders like
# C:\Users\evaluator\Downloads\bukti-zi-2022-06-10\ (about 50): a path in the package stays within 200.
# Three named folders of 30, the period's (its key and label, at most 34) and a file name of 72.
_FOLDER_NAME_LIMIT = 30
_PERIOD_FOLDER_LIMIT = 34
_FILE_NAME_LIMIT = 72


def safe_name(text: str, limit: int = _FOLDER_NAME_LIMIT) -> str:
    """A file-system-safe, shortened name: ``a/b`` becomes ``a-b``, ``Laporan: "x"?`` ``Laporan x``."""
    flat = " ".join(_UNSAFE.sub("", _SEPARATORS.sub("-", text)).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat.rstrip(". ") or "-"


def period_folder(record: PeriodRecord) -> PurePosixPath:
    return PurePosixPath(
        safe_name(f"{record.area.code} {record.area.name}"),
        safe_name(f"{record.component.code} {record.component.name}"),
        safe_name(f"{record.action.code} {record.action.indikator}"),
        safe_name(f"{record.period.key} {record.period.label}", _PERIOD_FOLDER_LIMIT),
    )


def _original_name(item: EvidenceItem) -> str:
    if item.original_name:
        return item.original_name
    extension = mimetypes.guess_extension(item.mime_type or "") or (".jpg" if item.kind == "photo" else "")
    stem = "foto" if item.kind == "photo" else "dokumen"
    return f"{stem}-{item.id}{extension}"


class _Places:
    """Unique paths in one package, compared case-insensitively as Windows and macOS folders are."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.taken: set[str] = set()

    def place(self, folder: PurePosixPath, record: PeriodRecord, item: EvidenceItem) -> str:
        received = item.created_at.astimezone(self.tz).date().isoformat()
        original_stem, extension = os.path.splitext(_original_name(item))
        extension = safe_name(extension, 12) if extension else ""
        # Room for " (NN)" is kept so that numbering a clash never gets cut off again.
        stem = safe_name(
            f"{record.action.code}_{record.period.key}_{received}_{original_stem}",
            _FILE_NAME_LIMIT - len(extension) - 5,
        )
        number = 1
        while True:
            numbered = stem if number == 1 else f"{stem} ({number})"
            path = str(folder / f"{numbered}{extension}")
            if path.lower() not in self.taken:
                break
            number += 1
        self.taken.add(path.lower())
        return path


def evidence_paths(evidence: Iterable[tuple[PeriodRecord, EvidenceItem]], tz: tzinfo) -> dict[int, str]:
    """Evidence id -> its path in the package, for every stored file (links have none)."""
    places = _Places(tz)
    return {
        item.id: places.place(period_folder(record), record, item)
        for record, item in evidence
        if item.path is not None
    }


def question_folder(lke: Lke, question: Question) -> PurePosixPath:
    """``PPB Penataan Tatalaksana/PPB1 Prosedur Operasional…/PPB1A``: evaluators read evidence per question."""
    area = lke.area(question.area_code)
    sub_area = next(sub for sub in area.sub_areas if sub.code == question.sub_area_code)
    return PurePosixPath(
        safe_name(f"{area.code} {area.name}"), safe_name(f"{sub_area.code} {sub_area.name}"), question.code
    )


def lke_evidence_paths(
    lke: Lke,
    served: Mapping[str, tuple[str, ...]],
    evidence: Iterable[tuple[PeriodRecord, EvidenceItem]],
    tz: tzinfo,
) -> dict[tuple[str, int], str]:
    """(question code, evidence id) -> the file's path in the package by LKE question: a file of a row that
    serves three questions is in each of their folders. `served`: question code -> the rows serving it."""
    by_row: dict[str, list[tuple[PeriodRecord, EvidenceItem]]] = {}
    for record, item in evidence:
        if item.path is not None:
            by_row.setdefault(record.action.code, []).append((record, item))
    places = _Places(tz)
    paths: dict[tuple[str, int], str] = {}
    for question in lke.questions:
        folder = question_folder(lke, question)
        for action_code in served.get(question.code, ()):
            for record, item in by_row.get(action_code, ()):
                paths[(question.code, item.id)] = places.place(folder, record, item)
    return paths
