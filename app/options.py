"""Command-line options that several commands share, read one way: a month, a bad value's message."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from plan.model import Plan
from plan.progress import Month, parse_month

MONTH_HELP = "hanya tenggat bulan ini, mis. juni, Juni 2022 atau 2022-06"
YEAR_HELP = "rencana tahun ini, mis. 2022 (bawaan: tahun berjalan)"


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


def year_argument(text: str) -> int:
    """`--tahun 2022`."""
    if not re.fullmatch(r"\s*(19|20|21)\d\d\s*", text):
        raise argparse.ArgumentTypeError(f"tahun harus empat angka, mis. 2022 (diterima {text!r})")
    return int(text)


def year_option(parser: argparse.ArgumentParser) -> None:
    """`--tahun`: the stored plan of that year rather than the one served today."""
    parser.add_argument("--tahun", type=year_argument, help=YEAR_HELP)
