"""Which LKE questions each plan row serves (pure): a suggestion from the texts, the plan file's own `lke`
codes, and the coordinator's choice, in that order of strength; and the questions no row serves (the gaps).

The decree's components follow the LKE's Pemenuhan sub-areas (I.1 Tim Kerja ~ PPA1 Penyusunan Tim Kerja)
and its indicators often copy the questions (II.2.1 is PPB2B word for word), so the suggestion matches:
1. each component's name to the sub-area names of its own area (both parts), accepted from
   `SUB_AREA_THRESHOLD` (token-set ratio, which forgives the words a component leaves out);
2. each indicator to the questions of its component's sub-area (of the whole area when the component
   matched none), the best one accepted from `QUESTION_THRESHOLD`; the score is the mean of the
   token-sort ratio (the same words, whatever their order) and the token-set ratio (a shorter indicator
   that leaves words of the question out), so a paraphrase scores high and a question that merely shares
   a few common words stays low;
3. a component that matched a sub-area and has one indicator row stands for the whole sub-area: the row
   serves every question of it (II.1 "SOP ... dipahami ... telah dievaluasi" is PPB1A, PPB1B and PPB1C).
The thresholds were tuned on the Surakarta plan (data/plan_2022.json); README "The LKE" gives the figures.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from plan.errors import ZibotError
from plan.lke import Lke, LkeArea, LkePart, Question, SubArea
from plan.model import Action, Component, Plan

# Matched components score 100 (Penilaian Kepuasan Pelayanan ~ Penilaian Kepuasan terhadap Pelayanan);
# the best unmatched one 52 (Dokumen Rencana Aksi ~ Rencana Pembangunan Zona Integritas).
SUB_AREA_THRESHOLD = 90.0
# The best questions that are right score 60.7 (III.2.3 ~ PPC2C) to 100; rows with no right question
# (III.2.1 and III.2.2, the rotation policy) reach 40 at most.
QUESTION_THRESHOLD = 55.0
# The decree's abbreviations, written out so they match the LKE's words.
_ABBREVIATIONS = {"zi": "zona integritas", "ti": "teknologi informasi", "it": "teknologi informasi"}


class UnknownLkeQuestion(ZibotError):
    """Question codes the LKE does not have; nothing is changed."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        super().__init__(f"not LKE question codes: {', '.join(codes)}")
        self.codes = codes


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


def _words(text: str) -> str:
    return " ".join(_ABBREVIATIONS.get(word, word) for word in utils.default_process(text).split())


def _areas_of(lke: Lke, plan_area: str) -> tuple[LkeArea, ...]:
    return tuple(area for area in lke.areas if area.plan_area == plan_area)


def _sub_area_of(component: Component, sub_areas: tuple[SubArea, ...]) -> SubArea | None:
    """The sub-area the component's name names; a tie (Kinerja Individu in both parts) goes to the closer
    word order."""
    if not sub_areas:
        return None
    name = _words(component.name)
    score, _order, best = max(
        (
            (
                fuzz.token_set_ratio(name, _words(sub.name)),
                fuzz.token_sort_ratio(name, _words(sub.name)),
                index,
            )
            for index, sub in enumerate(sub_areas)
        ),
    )
    return sub_areas[best] if score >= SUB_AREA_THRESHOLD else None


def _closeness(indikator: str, question: str) -> float:
    return (fuzz.token_sort_ratio(indikator, question) + fuzz.token_set_ratio(indikator, question)) / 2


def _best_question(action: Action, questions: tuple[Question, ...]) -> tuple[Question, float] | None:
    """The question closest to the indicator (the first of equals), if close enough."""
    if not questions:
        return None
    indikator = _words(action.indikator)
    scores = [_closeness(indikator, _words(q.text)) for q in questions]
    best = max(range(len(questions)), key=lambda index: (scores[index], -index))
    return (questions[best], scores[best]) if scores[best] >= QUESTION_THRESHOLD else None


def suggest(plan: Plan, lke: Lke) -> dict[str, RowMapping]:
    """The suggested questions of every row that matches any, by row code."""
    suggested: dict[str, RowMapping] = {}
    for area in plan.areas:
        sub_areas = tuple(sub for lke_area in _areas_of(lke, area.code) for sub in lke_area.sub_areas)
        for component in area.components:
            sub_area = _sub_area_of(component, sub_areas)
            if sub_area is not None and len(component.actions) == 1:
                action = component.actions[0]
                codes = tuple(q.code for q in sub_area.questions)
                suggested[action.code] = RowMapping(action.code, codes, Source.SUGGESTED, 100.0)
                continue
            questions = (
                sub_area.questions
                if sub_area is not None
                else tuple(q for sub in sub_areas for q in sub.questions)
            )
            for action in component.actions:
                best = _best_question(action, questions)
                if best is not None:
                    question, score = best
                    suggested[action.code] = RowMapping(
                        action.code, (question.code,), Source.SUGGESTED, score
                    )
    return suggested


def resolve(plan: Plan, lke: Lke, manual: Mapping[str, tuple[str, ...]]) -> tuple[RowMapping, ...]:
    """Every row's questions in plan order: the coordinator's choice, else the plan file's codes, else the
    suggestion (a row none of them maps serves no question)."""
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
