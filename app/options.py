"""Command-line options that several commands share, read one way: a month, a bad value's message."""

from __future__ import annotations

import sys
from typing import NoReturn

from plan.model import Plan
from plan.progress import Month, parse_month

MONTH_HELP = "hanya tenggat bulan ini, mis. juni, Juni 2022 atau 2022-06"


class BadOption(Exception):
    """An option value the command cannot use; already explained on stderr."""


def month_option(plan: Plan, text: str | None) -> Month | None:
    """`--bulan`: `juni`, `Juni 2022`, `2022-06` (the plan's year unless written); None when not given."""
    if not text:
        return None
    month = parse_month(text, plan.year)
    if month is None:
        bad_option("--bulan", text, "satu bulan, mis. juni, Juni 2022 atau 2022-06")
    return month


def bad_option(option: str, value: str, wanted: str) -> NoReturn:
    print(f"Gagal: {option} “{value}” tidak dikenal; yang diterima: {wanted}.", file=sys.stderr)
    raise BadOption(option)
