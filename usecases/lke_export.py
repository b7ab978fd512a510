"""The evaluators' LKE workbook and the evidence package by LKE question, as use cases: what they hold
(every question with its answer, score, rows and evidence), and who may make them (the coordinator; the
command line is the operator's, `actor=None`)."""

from __future__ import annotations

import io
from datetime import date, tzinfo

from sqlalchemy.orm import Session

from plan.lke import Lke, SurveyRule
from plan.lke_score import compute_score
from reports.lke_records import LkeExport
from reports.records import load_export
from store import lke_answers
from store.plans import PlanCatalog, PlanVersion
from usecases.actor import Actor
from usecases.exports import require_exporter
from usecases.lke_map import mapping


def lke_export(
    session: Session,
    catalog: PlanCatalog,
    lke: Lke,
    version: PlanVersion,
    today: date,
    survey_rule: SurveyRule,
    *,
    actor: Actor | None,
) -> LkeExport:
    """Everything the LKE workbook shows, the stored answers included, read in the caller's unit of work."""
    if actor is not None:
        require_exporter(actor)
    view = mapping(session, catalog, lke, version)
    answers = lke_answers.current_answers(session, version.id)
    score = compute_score(lke, {code: given.answer for code, given in answers.items()}, survey_rule)
    return LkeExport(lke, load_export(session, view.plan, today), view.rows, answers, score)


def lke_workbook_bytes(export: LkeExport, tz: tzinfo) -> bytes:
    """The workbook as bytes, for a chat upload (`/ekspor lke`); openpyxl is loaded only here."""
    from reports.lke_workbook import write_lke_workbook

    buffer = io.BytesIO()
    write_lke_workbook(buffer, export, tz)
    return buffer.getvalue()
