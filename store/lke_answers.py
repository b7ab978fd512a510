"""LKE answers of a plan version's evaluation, append-only: each new answer is a row of its own that points
at the one it replaces, so the current answer of a question is its latest row and nothing is lost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from plan.lke_score import Answer
from store.models import LkeAnswerRow


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    id: int
    code: str
    answer: Answer
    note: str | None
    author: str | None  # the person's name; None when given at the command line
    source: str  # telegram, baris perintah, impor FILE
    previous_id: int | None
    answered_at: datetime

    def holds(self, new: NewAnswer) -> bool:
        """`new` says nothing this answer does not: the same answer and note (storing it adds nothing)."""
        return (self.answer, self.note) == (new.answer, new.note or None)


@dataclass(frozen=True, slots=True)
class NewAnswer:
    answer: Answer
    note: str | None = None


def _stored(row: LkeAnswerRow) -> StoredAnswer:
    numbers = (row.numerator, row.denominator)
    answer = Answer(
        option=row.option,
        numbers=numbers if row.numerator is not None and row.denominator is not None else None,  # type: ignore[arg-type]
        index=row.survey_index,
    )
    return StoredAnswer(
        id=row.id,
        code=row.code,
        answer=answer,
        note=row.note,
        author=row.person.full_name if row.person is not None else None,
        source=row.source,
        previous_id=row.previous_id,
        answered_at=row.answered_at,
    )


def current_answers(session: Session, version_id: int) -> dict[str, StoredAnswer]:
    """Each answered question's latest answer."""
    latest = (
        select(func.max(LkeAnswerRow.id))
        .where(LkeAnswerRow.version_id == version_id)
        .group_by(LkeAnswerRow.code)
    )
    rows = session.scalars(
        select(LkeAnswerRow).options(joinedload(LkeAnswerRow.person)).where(LkeAnswerRow.id.in_(latest))
    )
    return {row.code: _stored(row) for row in rows}


def history(session: Session, version_id: int, code: str) -> list[StoredAnswer]:
    """Every answer the question had, the current one first."""
    rows = session.scalars(
        select(LkeAnswerRow)
        .options(joinedload(LkeAnswerRow.person))
        .where(LkeAnswerRow.version_id == version_id, LkeAnswerRow.code == code)
        .order_by(LkeAnswerRow.id.desc())
    )
    return [_stored(row) for row in rows]


def record(
    session: Session,
    version_id: int,
    answers: Mapping[str, NewAnswer],
    *,
    person_id: int | None,
    source: str,
    now: datetime,
) -> dict[str, StoredAnswer]:
    """Store the answers (question code -> answer), each pointing at the answer it replaces."""
    current = current_answers(session, version_id)
    rows = []
    for code, new in answers.items():
        answer = new.answer
        previous = current.get(code)
        row = LkeAnswerRow(
            version_id=version_id,
            code=code,
            option=answer.option,
            numerator=answer.numbers[0] if answer.numbers else None,
            denominator=answer.numbers[1] if answer.numbers else None,
            survey_index=answer.index,
            note=new.note or None,
            person_id=person_id,
            source=source,
            previous_id=previous.id if previous is not None else None,
            answered_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return {row.code: _stored(row) for row in rows}
