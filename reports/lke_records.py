"""What the evaluators' LKE workbook and the evidence package by question show, gathered once: the LKE,
the plan's periods and evidence (reports/records.py), which rows serve which question, the answers and
the score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from plan.lke import Lke, Question
from plan.lke_map import RowMapping, rows_of_questions
from plan.lke_score import Answer, Score
from reports.records import ExportData, PeriodRecord
from store.repo import EvidenceItem


class GivenAnswer(Protocol):
    """An answer as the answer store keeps it (its note beside it)."""

    @property
    def answer(self) -> Answer: ...

    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True)
class LkeExport:
    lke: Lke
    data: ExportData
    rows: tuple[RowMapping, ...]
    answers: Mapping[str, GivenAnswer]
    score: Score
    served: dict[str, tuple[str, ...]] = field(init=False)  # question code -> the rows serving it
    _records: dict[str, tuple[PeriodRecord, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "served", rows_of_questions(self.rows))
        records: dict[str, list[PeriodRecord]] = {}
        for record in self.data.records:
            records.setdefault(record.action.code, []).append(record)
        object.__setattr__(self, "_records", {code: tuple(rows) for code, rows in records.items()})

    def records_of(self, action_code: str) -> tuple[PeriodRecord, ...]:
        return self._records.get(action_code, ())

    def evidence_of(self, question_code: str) -> list[tuple[PeriodRecord, EvidenceItem]]:
        """The evidence of every period of every row serving the question, in plan order."""
        return [
            (record, item)
            for action_code in self.served.get(question_code, ())
            for record in self.records_of(action_code)
            for item in record.evidence
        ]

    @property
    def evidence(self) -> list[tuple[Question, PeriodRecord, EvidenceItem]]:
        """(question, record, item) for every question in LKE order."""
        return [
            (question, record, item)
            for question in self.lke.questions
            for record, item in self.evidence_of(question.code)
        ]
