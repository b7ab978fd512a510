"""The suggested mapping of plan rows to LKE questions (pure), from the texts, with rapidfuzz.

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

from rapidfuzz import fuzz, utils

from plan.lke import Lke, LkeArea, Question, SubArea
from plan.lke_map import RowMapping, Source
from plan.model import Action, Component, Plan

# Matched components score 100 (Penilaian Kepuasan Pelayanan ~ Penilaian Kepuasan terhadap Pelayanan);
# the best unmatched one 52 (Dokumen Rencana Aksi ~ Rencana Pembangunan Zona Integritas).
SUB_AREA_THRESHOLD = 90.0
# The best questions that are right score 60.7 (III.2.3 ~ PPC2C) to 100; rows with no right question
# (III.2.1 and III.2.2, the rotation policy) reach 40 at most.
QUESTION_THRESHOLD = 55.0
# The decree's abbreviations, written out so they match the LKE's words.
_ABBREVIATIONS = {"zi": "zona integritas", "ti": "teknologi informasi", "it": "teknologi informasi"}


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
