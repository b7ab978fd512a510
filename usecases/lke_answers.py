"""LKE answers and the score computed from them: only coordinators and TPI evaluators (ZIBOT_TPI_IDS) may
answer or read them, in a private chat or the coordinator's chat; the operator at the command line
(`who=None`) may too, and is recorded as `COMMAND_LINE`.

Answers belong to a plan version's evaluation (one office, one year). Every answer is checked against its
question before anything is stored; a set of answers (an import) is stored whole or not at all."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from plan.errors import LkeEvaluatorOnly, LkePrivateOnly, StaleLkeButton
from plan.lke import Kind, Lke, Question, SurveyRule
from plan.lke_map import rows_of_questions
from plan.lke_score import (
    Score,
    Suggestion,
    answer_value,
    compute_score,
    find_question,
    parse_answer,
    suggest,
)
from plan.model import Action, Status
from store import lke_answers, repo
from store.lke_answers import NewAnswer, StoredAnswer
from store.plans import PlanCatalog, PlanVersion
from usecases.actor import Actor
from usecases.commands import CommandName
from usecases.lke_map import mapping

logger = logging.getLogger(__name__)

TELEGRAM = "telegram"
COMMAND_LINE = "baris perintah"

Who = Actor | None  # None: the operator at the command line, who holds the database anyway


def require_evaluator(who: Who) -> None:
    """Coordinators and TPI evaluators, away from team groups; everyone else learns nothing of the LKE."""
    if who is None:
        return
    if not (who.is_coordinator or who.is_evaluator):
        raise LkeEvaluatorOnly(CommandName.LKE)
    if who.in_group:
        raise LkePrivateOnly(CommandName.LKE)


def _person_and_source(who: Who, source: str | None) -> tuple[int | None, str]:
    if who is None:
        return None, source or COMMAND_LINE
    return who.person_id, source or TELEGRAM


def answer(
    session: Session,
    lke: Lke,
    version_id: int,
    who: Who,
    code: str,
    text: object,
    note: str | None,
    *,
    now: datetime,
) -> StoredAnswer:
    """`zibot lke jawab KODE JAWABAN` and `/lke KODE JAWABAN`: one answer, checked, then stored unless
    the question holds it already."""
    require_evaluator(who)
    question = find_question(lke, code)
    new = NewAnswer(parse_answer(question, text), note)
    current = lke_answers.current_answers(session, version_id).get(question.code)
    if current is not None and current.holds(new):
        # Sent again (no reply came fast enough, or the message handled again after a crash): kept once.
        return current
    return store_answers(session, version_id, who, {question.code: new}, now=now)[question.code]


def store_answers(
    session: Session,
    version_id: int,
    who: Who,
    answers: Mapping[str, NewAnswer],
    *,
    now: datetime,
    source: str | None = None,
) -> dict[str, StoredAnswer]:
    """Store answers already checked against their questions (`plan.lke_score.parse_answers`, or a
    workbook reader): every one or, if this unit of work fails, none."""
    require_evaluator(who)
    person_id, source = _person_and_source(who, source)
    stored = lke_answers.record(session, version_id, answers, person_id=person_id, source=source, now=now)
    logger.info("%d LKE answers of version %s stored (%s)", len(stored), version_id, source)
    return stored


def changed_answers(
    session: Session, version_id: int, answers: Mapping[str, NewAnswer]
) -> dict[str, NewAnswer]:
    """The answers read from a file that differ from the stored ones (answer or note): a workbook holds
    every stored answer, and a file imported again unchanged is no new answer."""
    current = lke_answers.current_answers(session, version_id)
    return {code: new for code, new in answers.items() if code not in current or not current[code].holds(new)}


@dataclass(frozen=True, slots=True)
class AnswerButton:
    """An answer button under `/lke KODE`: the version and the answer it was shown with, and its option."""

    version_id: int
    code: str
    option_key: str
    shown_answer_id: int  # the question's answer when the buttons were made; 0: none yet


def press(
    session: Session, lke: Lke, version_id: int, who: Who, button: AnswerButton, *, now: datetime
) -> StoredAnswer:
    """An answer button, checked again as if typed (who may answer, the question, the option), and
    refused when the plan version or the question's answer changed after the buttons were shown, unless
    the answer it changed to is this button's (nothing to overwrite: the current answer is returned)."""
    require_evaluator(who)
    question = lke.question(button.code)
    if (
        button.version_id != version_id
        or question is None
        or question.kind is not Kind.OPTION
        or question.option(button.option_key) is None
    ):
        raise StaleLkeButton(question.code if question is not None else "")
    current = lke_answers.current_answers(session, version_id).get(question.code)
    if (current.id if current is not None else 0) != button.shown_answer_id:
        if current is not None and current.answer.option == button.option_key:
            # A second tap, or this press handled again after a crash: the answer already is this one.
            return current
        raise StaleLkeButton(question.code)
    return answer(session, lke, version_id, who, question.code, button.option_key, None, now=now)


def score(session: Session, lke: Lke, version_id: int, who: Who, rule: SurveyRule) -> Score:
    """The score and verdicts of the stored answers."""
    require_evaluator(who)
    current = lke_answers.current_answers(session, version_id)
    return compute_score(lke, {code: stored.answer for code, stored in current.items()}, rule)


def history(
    session: Session, lke: Lke, version_id: int, who: Who, code: str
) -> tuple[Question, list[StoredAnswer]]:
    """Every answer a question had, the current one first."""
    require_evaluator(who)
    question = find_question(lke, code)
    return question, lke_answers.history(session, version_id, question.code)


@dataclass(frozen=True, slots=True)
class MappedRow:
    """A plan row mapped to the question, with the state of its due periods."""

    action: Action
    team_name: str
    statuses: tuple[Status, ...]  # one per due period, in deadline order
    evidence: int  # evidence items filed for its periods

    @property
    def approved(self) -> int:
        return sum(status is Status.DISETUJUI for status in self.statuses)


@dataclass(frozen=True, slots=True)
class QuestionView:
    question: Question
    current: StoredAnswer | None
    previous: StoredAnswer | None  # the answer the current one replaced
    value: float | None  # the current answer's value 0..1
    weight: float  # sub-area weight / questions in the sub-area
    suggestion: Suggestion | None
    rows: tuple[MappedRow, ...]

    @property
    def score(self) -> float:
        return (self.value or 0.0) * self.weight


def question_view(
    session: Session,
    lke: Lke,
    catalog: PlanCatalog,
    version: PlanVersion,
    who: Who,
    code: str,
    rule: SurveyRule,
) -> QuestionView:
    """`/lke KODE`: the question, its answer (and the one before), the plan rows mapped to it
    (usecases/lke_map.py) and what their evidence suggests."""
    require_evaluator(who)
    question = find_question(lke, code)
    entries = lke_answers.history(session, version.id, question.code)
    current = entries[0] if entries else None
    view = mapping(session, catalog, lke, version)
    plan = view.plan
    action_codes = rows_of_questions(view.rows).get(question.code, ())
    actions = [action for action in plan.actions if action.code in action_codes]
    states = repo.period_states(session, plan.year, action_codes=[a.code for a in actions]) if actions else []
    evidence = repo.evidence_for(session, [state.period_id for state in states]) if states else []
    rows = tuple(
        MappedRow(
            action,
            plan.team(action.team_code).name,
            tuple(state.status for state in states if state.action_code == action.code),
            sum(item.action_code == action.code for item in evidence),
        )
        for action in actions
    )
    sub_area = next(sub for sub in lke.sub_areas if sub.code == question.sub_area_code)
    return QuestionView(
        question=question,
        current=current,
        previous=entries[1] if len(entries) > 1 else None,
        value=answer_value(question, current.answer, rule) if current is not None else None,
        weight=sub_area.question_weight,
        suggestion=suggest(question, sum(row.approved for row in rows), len(states)),
        rows=rows,
    )
