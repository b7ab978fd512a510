"""Codes as people type them (``ii.1``, ``2.1``, ``II-2-3``) resolved to the plan's canonical codes."""

from __future__ import annotations

import difflib
import re

from plan.errors import UnknownCode
from plan.model import Action, Area, Component, Plan

_ROMAN_BY_NUMBER = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX"}
_NUMBER_BY_ROMAN = {roman: number for number, roman in _ROMAN_BY_NUMBER.items()}


def canonical_code(text: str) -> str:
    """``' 2-1 '`` -> ``'II.1'``; returns the upper-cased input when it is not code-shaped."""
    parts = [part for part in re.split(r"[.\-\s_/,]+", text.strip().upper()) if part]
    if not parts:
        return ""
    head = parts[0]
    if head.isdigit() and int(head) in _ROMAN_BY_NUMBER:
        head = _ROMAN_BY_NUMBER[int(head)]
    if head not in _NUMBER_BY_ROMAN or not all(part.isdigit() for part in parts[1:]):
        return text.strip().upper()
    return ".".join([head, *(str(int(part)) for part in parts[1:])])


def area_number(code: str) -> int:
    """``'IV'`` -> 4: an area's place in the plan."""
    return _NUMBER_BY_ROMAN[code]


def resolve(plan: Plan, text: str) -> Action | Component | Area:
    """The plan item a user means, or `UnknownCode` with up to three nearest codes."""
    code = canonical_code(text)
    found = plan.get(code)
    if found is not None:
        return found
    raise UnknownCode(text.strip(), nearest_codes(plan, code))


def resolve_actions(plan: Plan, text: str) -> tuple[Action, ...]:
    """Every action a code covers: itself, a component's rows, or an area's rows."""
    found = resolve(plan, text)
    if isinstance(found, Action):
        return (found,)
    return found.actions


def nearest_codes(plan: Plan, code: str, limit: int = 3) -> tuple[str, ...]:
    """Siblings first (``II.2.7`` -> ``II.2.3``, ``II.2.2``...), then codes that look alike."""
    candidates = [c for c in plan.codes if c.count(".") == code.count(".")] or list(plan.codes)
    parent, _, last = code.rpartition(".")
    siblings = [c for c in candidates if parent and c.rpartition(".")[0] == parent]
    if last.isdigit():
        siblings.sort(key=lambda c: abs(int(c.rpartition(".")[2]) - int(last)))
    alike = difflib.get_close_matches(code, candidates, n=limit, cutoff=0.5)
    return tuple(dict.fromkeys([*siblings, *alike]))[:limit]
