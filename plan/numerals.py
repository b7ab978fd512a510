"""Roman numerals as the decree uses them: area codes (I..IX), quarters and semesters (``Triwulan II``)."""

from __future__ import annotations

# Nine is the most areas a plan file may have; quarters and semesters use the first four.
ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
_VALUES = {roman: number for number, roman in enumerate(ROMANS, start=1)}


def roman(number: int) -> str:
    """``2`` -> ``'II'``, for 1..9 (the numbers a plan uses)."""
    if not 1 <= number <= len(ROMANS):
        raise ValueError(f"no roman numeral for {number} in I..IX")
    return ROMANS[number - 1]


def roman_value(text: str) -> int | None:
    """``'ii'`` or ``'II'`` -> 2; None when the text is not one of the numerals I..IX."""
    return _VALUES.get(text.upper())


def numeral_pattern(count: int) -> str:
    """A regex alternation for 1..count as people type it, a lowercase roman numeral or a digit:
    ``iii|ii|iv|i|[1-4]`` for 4 (longer numerals first: a match takes the whole numeral)."""
    romans = sorted((numeral.lower() for numeral in ROMANS[:count]), key=len, reverse=True)
    return "|".join([*romans, f"[1-{count}]"])
