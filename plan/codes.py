"""Codes as people type them (``ii.1``, ``2.1``, ``II-2-3``, ``ll.2.1``) resolved to the plan's codes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from plan.errors import NotAnAction, UnknownCode
from plan.model import Action, Area, Component, Plan
from plan.numerals import ROMANS, roman, roman_value

_SEPARATORS = re.compile(r"[.\-\s_/,]+")
# On a phone l, I and 1 look alike, and so do O and 0: a number reads them as digits, an area numeral as
# I. Each text keeps one reading, never a guess between two codes: numbers have no numeral reading, and a
# numeral read as digits could only be the single digit 1, which is I again.
_AS_DIGITS = str.maketrans("ILO", "110")
_AS_NUMERAL = str.maketrans("1L", "II")
# A code typed without its dots: the area (a numeral or its one digit), then the other numbers' digits.
_UNDOTTED = re.compile(r"([IVX]+|\d)(\d+)")


def canonical_code(text: str) -> str:
    """``' 2-1 '`` -> ``'II.1'``, ``'ll.2.1'`` -> ``'II.2.1'``; the upper-cased input when not code-shaped."""
    parts = [part for part in _SEPARATORS.split(text.strip().upper()) if part]
    if not parts:
        return ""
    head = _area_numeral(parts[0]) or _area_numeral(parts[0].translate(_AS_NUMERAL))
    numbers = [part.translate(_AS_DIGITS) for part in parts[1:]]
    # isdecimal, not isdigit: superscripts (``²``) are digits that int() refuses.
    if head is None or not all(number.isdecimal() for number in numbers):
        return text.strip().upper()
    return ".".join([head, *(str(int(number)) for number in numbers)])


def _area_numeral(part: str) -> str | None:
    if part in ROMANS:
        return part
    if part.isdecimal() and 1 <= int(part) <= len(ROMANS):
        return roman(int(part))
    return None


def area_number(code: str) -> int:
    """``'IV'`` -> 4: an area's place in the plan."""
    number = roman_value(code)
    if number is None:
        raise ValueError(f"{code!r} is not an area code")
    return number


def resolve(plan: Plan, text: str) -> Action | Component | Area:
    """The plan item a user means, or `UnknownCode` with up to three nearest codes."""
    code = canonical_code(text)
    found = plan.get(code)
    if found is not None:
        return found
    raise UnknownCode(text.strip(), nearest_codes(plan, code))


def resolve_action(plan: Plan, text: str) -> Action:
    """The one action a code names: a component or area with a single indicator stands for it;
    `NotAnAction` lists the actions of one that has several."""
    found = resolve(plan, text)
    if isinstance(found, Action):
        return found
    if len(found.actions) == 1:
        return found.actions[0]
    raise NotAnAction(found.code, tuple(action.code for action in found.actions))


def nearest_codes(plan: Plan, code: str, limit: int = 3) -> tuple[str, ...]:
    """The codes with the same digits (``II21``, ``221`` -> ``II.2.1``) if any: a code typed without its
    dots means one of those. Otherwise siblings first (``II.2.7`` -> ``II.2.3``, ``II.2.2``...), then
    codes that look alike."""
    digits = _digits_of(code)
    undotted = [c for c in plan.codes if digits is not None and _digits_of(c) == digits]
    if undotted:
        return tuple(undotted[:limit])
    candidates = [c for c in plan.codes if c.count(".") == code.count(".")] or list(plan.codes)
    parent, _, last = code.rpartition(".")
    siblings = [c for c in candidates if parent and c.rpartition(".")[0] == parent]
    if last.isdecimal():
        siblings.sort(key=lambda c: abs(int(c.rpartition(".")[2]) - int(last)))
    alike = difflib.get_close_matches(code, candidates, n=limit, cutoff=0.5)
    return tuple(dict.fromkeys([*siblings, *alike]))[:limit]


def nearest_items(
    plan: Plan, unknown: UnknownCode, team_allowed: Callable[[str], bool]
) -> list[Action | Component | Area]:
    """The plan items of an unknown code's nearest codes whose team passes `team_allowed` (whom they may
    be offered to), nearest first."""
    found = [plan.get(code) for code in unknown.nearest]
    return [item for item in found if item is not None and team_allowed(team_of(item))]


def team_of(item: Action | Component | Area) -> str:
    """The item's team: every row of a component and of an area has the area's team."""
    return item.team_code if isinstance(item, Action) else item.actions[0].team_code


def _digits_of(code: str) -> str | None:
    """``II.2.1``, ``II21``, ``II.21`` and ``221`` -> ``'221'``; None for what is no code at all."""
    match = _UNDOTTED.fullmatch(code.replace(".", ""))
    if match is None:
        return None
    head, rest = match.groups()
    area = head if head.isdecimal() else roman_value(head)
    return f"{area}{rest}" if area is not None else None
