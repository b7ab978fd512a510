"""The evaluators' package: every evidence file of the periods reported or approved, in folders by area /
component / action / period, with the workbook as its index (``00 INDEKS.xlsx``, SHA-256 of each file as
copied; the evidence set aside is only listed there, in its history sheet), to a directory or a .zip.

Files are streamed in chunks from the evidence store into the package, hashed on the way, so a package of
any size never sits in memory. A zip is written beside its target and renamed into place when complete.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import tzinfo
from pathlib import Path
from typing import IO, Protocol

from plan.errors import ExportTargetNotEmpty, PackageTooLarge
from reports.layout import INDEX_NAME, evidence_paths, lke_evidence_paths
from reports.lke_records import LkeExport
from reports.records import ExportData, PeriodRecord
from store.evidence_files import CHUNK, EvidenceFileStore
from store.repo import EvidenceItem

logger = logging.getLogger(__name__)

# Already compressed: deflating them again costs time and saves nothing.
_STORED_TYPES = ("image/", "video/", "audio/", "application/pdf", "application/zip")
# The part of a split package's size kept for its index workbook and the zip's own headers.
_INDEX_SHARE = 0.1
_STORED_SUFFIXES = (".jpg", ".jpeg", ".png", ".pdf", ".zip", ".docx", ".xlsx", ".pptx", ".mp4", ".rar", ".7z")


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What the package found when it copied a file: the SHA-256 it measured, and whether that agrees."""

    sha256: str | None
    size: int | None
    state: str  # "cocok", "berbeda" (content differs from the database), "hilang" (not on disk)


@dataclass(frozen=True, slots=True)
class PackageResult:
    target: Path
    files: int
    links: int
    missing: int
    mismatched: int
    bytes_copied: int
    areas: tuple[str, ...] = ()  # the areas whose evidence it holds, in plan order


class _Sink(Protocol):
    def open(self, relative: str, compressible: bool) -> IO[bytes]: ...


class _DirectorySink:
    def __init__(self, root: Path) -> None:
        self.root = root

    def open(self, relative: str, compressible: bool) -> IO[bytes]:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("wb")


class _ZipSink:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def open(self, relative: str, compressible: bool) -> IO[bytes]:
        info = zipfile.ZipInfo(relative, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compressible else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        return self.archive.open(info, "w", force_zip64=True)


def estimated_size(data: ExportData) -> int:
    """Bytes of evidence a package would hold (before compression, without the index)."""
    return sum(item.size or 0 for _, item in data.evidence if item.path is not None)


def write_package(
    data: ExportData, files: EvidenceFileStore, target: Path, tz: tzinfo, *, max_bytes: int | None = None
) -> PackageResult:
    """Write the package to `target`: a .zip file, or else a directory that is absent or empty.

    With `max_bytes` (a zip for Telegram), `PackageTooLarge` is raised before any copying when the files
    alone are over it, or once the finished zip turns out to be; then no zip is left behind.
    """
    if max_bytes is not None and estimated_size(data) > max_bytes:
        raise PackageTooLarge(estimated_size(data), max_bytes)
    paths = evidence_paths(data.evidence, tz)

    def index(out: IO[bytes], checks: Mapping[int, FileCheck]) -> None:
        # openpyxl is loaded only when a workbook is written: the bot's idle memory stays small.
        from reports.workbook import write_workbook

        write_workbook(out, data, tz, paths, checks)

    contents = _Contents(
        copies=[(item, paths[item.id]) for _, item in data.evidence if item.path is not None],
        links=sum(1 for _, item in data.evidence if item.path is None),
        areas=tuple(dict.fromkeys(record.area.code for record, _ in data.evidence)),
        index=index,
    )
    return _write(contents, files, target, max_bytes)


def write_lke_package(export: LkeExport, files: EvidenceFileStore, target: Path, tz: tzinfo) -> PackageResult:
    """The package by LKE question: area / sub-area / question code, each question's folder holding the
    evidence of every row serving it, with the LKE workbook as the index."""
    paths = lke_evidence_paths(export.lke, export.served, export.data.evidence, tz)

    def index(out: IO[bytes], checks: Mapping[int, FileCheck]) -> None:
        from reports.lke_workbook import write_lke_workbook

        write_lke_workbook(out, export, tz, paths, checks)

    contents = _Contents(
        copies=[(item, paths[(q.code, item.id)]) for q, _, item in export.evidence if item.path is not None],
        links=sum(1 for _, _, item in export.evidence if item.path is None),
        areas=tuple(dict.fromkeys(question.area_code for question, _, _ in export.evidence)),
        index=index,
    )
    return _write(contents, files, target, None)


@dataclass(frozen=True)
class _Contents:
    """What a package holds: the files to copy (each to its path; one file may go to several), how many
    links its index lists, the areas it covers, and how to write its index given what copying found."""

    copies: list[tuple[EvidenceItem, str]]
    links: int
    areas: tuple[str, ...]
    index: Callable[[IO[bytes], Mapping[int, FileCheck]], None]


def _write(
    contents: _Contents, files: EvidenceFileStore, target: Path, max_bytes: int | None
) -> PackageResult:
    if target.suffix.lower() == ".zip":
        return _write_zip(contents, files, target, max_bytes)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ExportTargetNotEmpty(str(target))
    target.mkdir(parents=True, exist_ok=True)
    return _fill(_DirectorySink(target), contents, files, target)


def write_package_parts(
    data: ExportData, files: EvidenceFileStore, folder: Path, name: str, tz: tzinfo, *, max_bytes: int
) -> list[PackageResult]:
    """The package as zips of at most `max_bytes` in `folder`: `name` when one is enough, else
    `<name> bagian-N-dari-M.zip`, each a whole package (folders and its own index) of some areas."""
    parts = split_package(data, max_bytes)
    if len(parts) == 1:
        return [write_package(data, files, folder / name, tz, max_bytes=max_bytes)]
    stem = name.removesuffix(".zip")
    return [
        write_package(
            part, files, folder / f"{stem}-bagian-{number}-dari-{len(parts)}.zip", tz, max_bytes=max_bytes
        )
        for number, part in enumerate(parts, start=1)
    ]


def split_package(data: ExportData, max_bytes: int) -> list[ExportData]:
    """The export in parts whose files fit `max_bytes` with room for each part's index: whole areas while
    they fit (small areas share a part), an area too big for one part cut between its files in plan order.
    One file over the limit cannot be sent at all: `PackageTooLarge`."""
    budget = int(max_bytes * (1 - _INDEX_SHARE))
    parts: list[list[tuple[PeriodRecord, EvidenceItem]]] = [[]]
    used = 0
    for area in data.plan.areas:
        items = [(record, item) for record, item in data.evidence if record.area.code == area.code]
        area_size = sum(_stored_size(item) for _, item in items)
        if parts[-1] and used + area_size > budget >= area_size:
            parts.append([])  # the area fits a part of its own: keep it whole
            used = 0
        for record, item in items:
            size = _stored_size(item)
            if size > budget:
                raise PackageTooLarge(size, max_bytes)
            if parts[-1] and used + size > budget:
                parts.append([])
                used = 0
            parts[-1].append((record, item))
            used += size
    if len(parts) == 1:
        return [data]
    # Areas with no file for the evaluators still have their history listed: in the first part's index.
    packaged = {record.area.code for record, _ in data.evidence}
    history_only = {record.area.code for record, _ in data.set_aside} - packaged
    return [_part_of(data, part, history_only if number == 0 else set()) for number, part in enumerate(parts)]


def _stored_size(item: EvidenceItem) -> int:
    return item.size or 0 if item.path is not None else 0


def _part_of(
    data: ExportData, evidence: list[tuple[PeriodRecord, EvidenceItem]], more_areas: set[str]
) -> ExportData:
    """The records of the part's areas (and `more_areas`), each with only the evidence the part holds:
    the periods taken out of the plan too, or their files would be in every part."""
    ids = {item.id for _, item in evidence}
    areas = {record.area.code for record, _ in evidence} | more_areas

    def of_part(records: tuple[PeriodRecord, ...]) -> tuple[PeriodRecord, ...]:
        return tuple(
            replace(record, evidence=tuple(item for item in record.evidence if item.id in ids))
            for record in records
            if record.area.code in areas
        )

    return replace(data, records=of_part(data.records), retired=of_part(data.retired))


def _write_zip(
    contents: _Contents, files: EvidenceFileStore, target: Path, max_bytes: int | None
) -> PackageResult:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    partial = Path(name)
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            result = _fill(_ZipSink(archive), contents, files, target)
        size = partial.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise PackageTooLarge(size, max_bytes)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return result


def _fill(sink: _Sink, contents: _Contents, files: EvidenceFileStore, target: Path) -> PackageResult:
    checks: dict[int, FileCheck] = {}
    copied = 0
    for item, path in contents.copies:
        assert item.path is not None
        checks[item.id] = check = _copy(sink, files.path_of(item.path), path, item.sha256, item.mime_type)
        copied += check.size or 0
        if check.state != "cocok":
            logger.warning("evidence %s (%s): %s", item.id, item.path, check.state)
    # openpyxl needs a seekable file; a temp file keeps a large index out of memory.
    with tempfile.TemporaryFile() as index:
        contents.index(index, checks)
        index.seek(0)
        with sink.open(INDEX_NAME, compressible=False) as out:
            shutil.copyfileobj(index, out, CHUNK)
    result = PackageResult(
        target=target,
        files=len(checks),
        links=contents.links,
        missing=sum(1 for check in checks.values() if check.state == "hilang"),
        mismatched=sum(1 for check in checks.values() if check.state == "berbeda"),
        bytes_copied=copied,
        areas=contents.areas,
    )
    logger.info("evidence package %s: %s", target, result)
    return result


def _copy(sink: _Sink, source: Path, relative: str, expected: str | None, mime_type: str | None) -> FileCheck:
    """Stream one file into the package, hashing it on the way."""
    try:
        reader = source.open("rb")
    except FileNotFoundError:
        return FileCheck(None, None, "hilang")
    digest = hashlib.sha256()
    size = 0
    with reader, sink.open(relative, _compressible(relative, mime_type)) as out:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    sha256 = digest.hexdigest()
    return FileCheck(sha256, size, "cocok" if expected in (None, sha256) else "berbeda")


def _compressible(name: str, mime_type: str | None) -> bool:
    if mime_type and mime_type.startswith(_STORED_TYPES):
        return False
    return not name.lower().endswith(_STORED_SUFFIXES)
