"""A Word document (.docx) holding the decree: its paragraphs give the decree's details, every table whose
first rows carry the header (NO, KOMPONEN, ... PENANGGUNG JAWAB) is part of the plan's table.

Merged cells are read from the document's grid (python-docx's XML elements): a cell spanning columns
gives its text to its first column, the lower part of a vertically merged cell is marked as such, so the
team or komponen written once in a merged cell holds for every row it covers.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from plan.errors import PlanFileError
from plan.sources.decree import read_decree
from plan.sources.table import Cell, SourceRow, build_document, header_columns

_HEADER_SEARCH_ROWS = 3  # a title row or two may sit above the header inside the table


def read_word(data: bytes, source: str) -> dict[str, Any]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise PlanFileError(source, "berkas", f"dokumen Word tidak bisa dibuka: {exc}") from exc
    lines: list[str] = []
    rows: list[SourceRow] = []
    table_number = 0
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.extend(Paragraph(element, document).text.splitlines() or [""])
        elif element.tag == qn("w:tbl"):
            table_number += 1
            grid = _grid(Table(element, document))
            if any(header_columns(c.text for c in row) for row in grid[:_HEADER_SEARCH_ROWS]):
                rows += [
                    SourceRow(f"tabel {table_number}, baris {number}", row)
                    for number, row in enumerate(grid, start=1)
                ]
            else:  # a layout table, e.g. the signature block: its words belong to the decree's text
                lines += [cell.text for row in grid for cell in row if not cell.merged_above]
                lines.append("")
    return build_document(source, rows, read_decree(lines, source))


def _grid(table: Table) -> list[tuple[Cell, ...]]:
    """Each row's cells by grid column; a vertically merged cell's lower parts carry its text, marked."""
    above: dict[int, str] = {}
    grid = []
    for tr in table._tbl.tr_lst:
        cells: list[Cell] = []
        for tc in tr.tc_lst:
            column = len(cells)
            if tc.vMerge == "continue":
                cells.append(Cell(above.get(column, ""), merged_above=True))
            else:
                text = _Cell(tc, table).text
                above[column] = text
                cells.append(Cell(text))
            cells += [Cell("")] * (tc.grid_span - 1)
        grid.append(tuple(cells))
    return grid
