"""The 2022 decree's text split into what a Word document or a workbook of it would hold: the decree's
own lines, and the table's pages of rows (each page opening with the header and the column numbers)."""

from dataclasses import dataclass

from .conftest import DECREE_TEXT

NO, KOMPONEN, PJ = 0, 1, 6


@dataclass
class Seed:
    opening: list[str]  # the decree's lines before the table
    closing: list[str]  # and after it
    pages: list[list[list[str]]]  # rows of cells, page by page


def read_seed() -> Seed:
    lines = DECREE_TEXT.read_text(encoding="utf-8").splitlines()
    table = [index for index, line in enumerate(lines) if "\t" in line]
    pages: list[list[list[str]]] = []
    for line in lines[table[0] : table[-1] + 1]:
        if not line.strip():
            continue
        cells = [cell.replace("<i>", "").replace("</i>", "") for cell in line.split("\t")]
        if cells[0] == "NO":
            pages.append([])
        pages[-1].append(cells)
    return Seed(lines[: table[0]], lines[table[-1] + 1 :], pages)


def is_area(cells: list[str]) -> bool:
    return cells[NO] in ("I", "II", "III", "IV", "V", "VI")


def spans(page: list[list[str]], column: int) -> list[tuple[int, int]]:
    """(first, last) rows a merged cell would cover in this column: a written cell and the empty ones under
    it, up to the next written cell or area row (from the third row: under the header and the numbers)."""
    result: list[tuple[int, int]] = []
    for index in range(2, len(page)):
        cells = page[index]
        if is_area(cells) or cells[column]:
            result.append((index, index))
        elif result and not is_area(page[result[-1][0]]):
            result[-1] = (result[-1][0], index)
    return [(first, last) for first, last in result if last > first and not is_area(page[first])]
