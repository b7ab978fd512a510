"""Reading back the workbooks the bot and the command line write."""

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet


def rows_of(sheet: Worksheet, header_row: int = 1) -> list[dict[str, Any]]:
    """The rows under the header row, each keyed by the header's column names."""
    header = [cell.value for cell in sheet[header_row]]
    return [
        dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)
    ]
