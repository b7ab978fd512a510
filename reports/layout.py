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
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import PurePosixPath

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


def evidence_paths(evidence: Iterable[tuple[PeriodRecord, EvidenceItem]], tz: tzinfo) -> dict[int, str]:
    """Evidence id -> its path in the package, for every stored file (links have none)."""
    paths: dict[int, str] = {}
    taken: set[str] = set()
    for record, item in evidence:
        if item.path is None:
            continue
        received = item.created_at.astimezone(tz).date().isoformat()
        original_stem, extension = os.path.splitext(_original_name(item))
        extension = safe_name(extension, 12) if extension else ""
        # Room for " (NN)" is kept so that numbering a clash never gets cut off again.
        stem = safe_name(
            f"{record.action.code}_{record.period.key}_{received}_{original_stem}",
            _FILE_NAME_LIMIT - len(extension) - 5,
        )
        folder = period_folder(record)
        number = 1
        while True:
            numbered = stem if number == 1 else f"{stem} ({number})"
            path = str(folder / f"{numbered}{extension}")
            if path.lower() not in taken:  # case-insensitive, as Windows and macOS folders are
                break
            number += 1
        taken.add(path.lower())
        paths[item.id] = path
    return paths
