"""Which LKE questions each plan row serves (pure): the matcher's suggestion (plan/lke_match.py), the plan
file's own `lke` codes, and the coordinator's choice, in that order of strength; and the questions no row
serves (the gaps), each with the points it is worth."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from plan.errors import UnknownLkeQuestion
from plan.lke import Lke, LkeArea, LkePart, Question
from plan.model import Plan


def parse_questions(lke: Lke, text: str) -> tuple[str, ...]:
    """ "PPA1A,ppa1b" or "PPA1A PPA1B" -> the codes in LKE order; `UnknownLkeQuestion` names every code the
    LKE does not have."""
    typed = [code for code in re.split(r"[,;\s]+", text.strip().upper()) if code]
    unknown = tuple(code for code in typed if lke.question(code) is None)
    if unknown or not typed:
        raise UnknownLkeQuestion(unknown or (text.strip(),))
    return _ordered(tuple(typed), {q.code: index for index, q in enumerate(lke.questions)})


class Source(enum.StrEnum):
    """Where a row's questions come from; stronger sources override weaker ones."""

    SUGGESTED = "saran"  # the matcher's suggestion
    PLAN = "rencana"  # the plan file's `lke` column
    MANUAL = "manual"  # the coordinator (`zibot lke peta`)


@dataclass(frozen=True, slots=True)
class RowMapping:
    action_code: str
    questions: tuple[str, ...]  # question codes, LKE order
    source: Source
    score: float | None = None  # the match score of a suggestion


def resolve(plan: Plan, lke: Lke, manual: Mapping[str, tuple[str, ...]]) -> tuple[RowMapping, ...]:
    """Every row's questions in plan order: the coordinator's choice, else the plan file's codes, else the
    suggestion (a row none of them maps serves no question)."""
    # rapidfuzz is loaded only when a mapping is asked for: the bot's idle memory stays small.
    from plan.lke_match import suggest

    suggested = suggest(plan, lke)
    order = {q.code: index for index, q in enumerate(lke.questions)}
    rows = []
    for action in plan.actions:
        if action.code in manual:
            rows.append(RowMapping(action.code, _ordered(manual[action.code], order), Source.MANUAL))
        elif action.lke:
            rows.append(RowMapping(action.code, _ordered(action.lke, order), Source.PLAN))
        else:
            rows.append(suggested.get(action.code, RowMapping(action.code, (), Source.SUGGESTED)))
    return tuple(rows)


def _ordered(codes: tuple[str, ...], order: Mapping[str, int]) -> tuple[str, ...]:
    """Known codes in LKE order, then any the LKE does not know (a plan file's typo stays visible)."""
    unique = dict.fromkeys(code.upper() for code in codes)
    return tuple(sorted(unique, key=lambda code: (order.get(code, len(order)), code)))


def rows_of_questions(mapping: tuple[RowMapping, ...]) -> dict[str, tuple[str, ...]]:
    """Question code -> the plan rows serving it, in plan order."""
    served: dict[str, list[str]] = {}
    for row in mapping:
        for code in row.questions:
            served.setdefault(code, []).append(row.action_code)
    return {code: tuple(rows) for code, rows in served.items()}


@dataclass(frozen=True, slots=True)
class Gap:
    question: Question
    weight: float  # sub-area weight / questions in the sub-area: the points the question is worth


@dataclass(frozen=True, slots=True)
class AreaGaps:
    area: LkeArea
    gaps: tuple[Gap, ...]

    @property
    def points(self) -> float:
        return sum(gap.weight for gap in self.gaps)


@dataclass(frozen=True, slots=True)
class PartGaps:
    part: LkePart
    areas: tuple[AreaGaps, ...]  # only areas with a gap

    @property
    def points(self) -> float:
        return sum(area.points for area in self.areas)

    @property
    def count(self) -> int:
        return sum(len(area.gaps) for area in self.areas)


@dataclass(frozen=True, slots=True)
class Gaps:
    parts: tuple[PartGaps, ...]  # PP, PR and H, in LKE order

    @property
    def pengungkit(self) -> float:
        return sum(part.points for part in self.parts if part.part.code != "H")

    @property
    def total(self) -> float:
        return sum(part.points for part in self.parts)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(gap.question.code for part in self.parts for area in part.areas for gap in area.gaps)


def gaps(lke: Lke, mapping: tuple[RowMapping, ...]) -> Gaps:
    """The questions no plan row serves, by part and area, each with the points it is worth. The hasil
    (the IPAK and IPKP surveys, the performance comparison) are no plan row's work unless one is mapped."""
    served = rows_of_questions(mapping)
    parts = []
    for part in lke.parts:
        areas = []
        for area in part.areas:
            found = tuple(
                Gap(question, sub.question_weight)
                for sub in area.sub_areas
                for question in sub.questions
                if question.code not in served
            )
            if found:
                areas.append(AreaGaps(area, found))
        parts.append(PartGaps(part, tuple(areas)))
    return Gaps(tuple(parts))
