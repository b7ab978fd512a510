"""The decree as text, the way a PDF-to-text export gives it: the table's rows are tab-separated lines.

Every line with a tab is a table row; the header row opens the table and repeats at the top of every page
(which is how pages are counted); lines without a tab before the table and after it are the decree's own
words (its number, date, signatory). A line without a tab between two table rows is an error: it is a
cell the export broke over two lines or something else it mixed in, and a guess would misplace it.
"""

from __future__ import annotations

from typing import Any

from plan.errors import PlanFileError
from plan.sources.decree import read_decree
from plan.sources.table import COLUMNS, Cell, Problems, SourceRow, build_document, header_columns


def read_text(text: str, source: str) -> dict[str, Any]:
    lines = [line.replace("\f", "") for line in text.splitlines()]
    table_lines = [number for number, line in enumerate(lines, start=1) if "\t" in line]
    if not table_lines:
        raise PlanFileError(
            source,
            "tabel",
            f"tidak ada baris tabel: kolom {', '.join(COLUMNS)} dipisah tab, satu baris per baris",
        )
    first, last = table_lines[0], table_lines[-1]
    problems = Problems(source)
    rows: list[SourceRow] = []
    page = 0
    for number in range(first, last + 1):
        line = lines[number - 1]
        if "\t" not in line:
            if line.strip():
                problems.add(
                    f"halaman tabel {page}, baris {number}",
                    f"baris tanpa tab di tengah tabel: {line.strip()[:60]!r}; gabungkan ke sel baris di atasnya",
                )
            continue
        cells = line.split("\t")
        if header_columns(cells) is not None:
            page += 1
        elif page == 0:
            problems.add(f"baris {number}", "baris tabel sebelum judul kolom (NO, KOMPONEN, ...)")
        rows.append(SourceRow(f"halaman tabel {page}, baris {number}", tuple(Cell(cell) for cell in cells)))
    decree = read_decree(lines[: first - 1] + lines[last:], source)
    return build_document(source, rows, decree, problems=problems)
