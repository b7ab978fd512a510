"""Plan files in the formats coordinators have: the plan JSON, the decree as text, Word, Excel.

`read_document` (a path) and `read_bytes` (a file's bytes and name) tell them apart by extension and
content and return the plan file's JSON shape, which
`plan.loader.parse_plan` validates and builds. PDF files are refused with the way round it: the table
saved as Word or Excel, or its text pasted into a .txt file.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from plan.errors import PlanFileError, PlanFileMissing
from plan.sources.text import read_text

_PDF_ADVICE = (
    "berkas PDF tidak bisa dibaca langsung. Simpan tabel rencana aksi sebagai Word (.docx) atau Excel "
    "(.xlsx), atau salin teksnya ke berkas .txt, lalu gunakan berkas itu"
)
_OLD_OFFICE = "format Word/Excel lama (.doc/.xls); simpan ulang sebagai .docx atau .xlsx"


def read_document(path: str | Path) -> dict[str, Any]:
    """The plan file's JSON shape from a file in any accepted format; raises `PlanFileError` naming the row."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise PlanFileMissing(str(path)) from exc
    except OSError as exc:
        raise PlanFileError(str(path), "file", f"cannot read: {exc.strerror or exc}") from exc
    return read_bytes(data, str(path))


def read_bytes(data: bytes, source: str) -> dict[str, Any]:
    """The same from a file's bytes (e.g. one sent to the bot); `source` is its name, whose extension
    counts where the content does not tell (.pdf, .json)."""
    suffix = Path(source).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        raise PlanFileError(source, "berkas", _PDF_ADVICE)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanFileError(source, "berkas", _OLD_OFFICE)
    if data.startswith(b"PK\x03\x04"):
        return _read_office(data, source)
    if suffix == ".json" or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return read_json(data, source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            source, f"byte {exc.start}", "bukan teks UTF-8; simpan ulang sebagai teks UTF-8, Word atau Excel"
        ) from exc
    return read_text(text, source)


def read_json(data: bytes, source: str) -> Any:
    """A plan file's JSON document (what `parse_plan` takes), or `PlanFileError` naming the line."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PlanFileError(source, "file", "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise PlanFileError(source, f"line {exc.lineno} column {exc.colno}", f"not JSON: {exc.msg}") from exc


def _read_office(data: bytes, source: str) -> dict[str, Any]:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise PlanFileError(source, "berkas", f"berkas ZIP rusak: {exc}") from exc
    # python-docx and openpyxl load only for their files: the bot loads its plan at every start and its
    # idle memory stays small.
    if "word/document.xml" in names:
        from plan.sources.word import read_word

        return read_word(data, source)
    if "xl/workbook.xml" in names:
        from plan.sources.workbook import read_workbook

        return read_workbook(data, source)
    raise PlanFileError(
        source, "berkas", "berkas ZIP ini bukan dokumen Word (.docx) atau buku kerja Excel (.xlsx)"
    )
