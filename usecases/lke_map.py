"""The LKE mapping and its gaps as use cases: which questions each row of a stored plan serves (the
coordinator's choice, the plan file's codes, the suggestion), changing it, and the questions no row serves.
Reading is open to whoever may see the plan; changing it is the coordinator's (the command line is the
operator's, `actor=None`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from plan.codes import resolve_action
from plan.errors import NoPlanForYear
from plan.lke import Lke
from plan.lke_map import Gaps, RowMapping, gaps, parse_questions
from plan.lke_map import resolve as resolve_mapping
from plan.model import Plan
from store import lke_map
from store.plans import PlanCatalog, PlanVersion, serving_version, version_of_year, versions
from usecases.actor import Actor
from usecases.commands import CommandName

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MappingView:
    version: PlanVersion
    plan: Plan
    rows: tuple[RowMapping, ...]  # every row in plan order

    def row(self, action_code: str) -> RowMapping:
        return next(row for row in self.rows if row.action_code == action_code)


def chosen_version(session: Session, year: int | None, today: date) -> PlanVersion:
    """The stored version of `year`, else the one served today (this year's, else the last one)."""
    stored = versions(session)
    if year is not None:
        version = version_of_year(session, year)
    else:
        served = serving_version(stored, today)
        version = served[0] if served is not None else None
    if version is None:
        raise NoPlanForYear(year or today.year, tuple(v.year for v in stored))
    return version


def mapping(session: Session, catalog: PlanCatalog, lke: Lke, version: PlanVersion) -> MappingView:
    plan = catalog.plan(session, version)
    rows = resolve_mapping(plan, lke, lke_map.manual_mappings(session, version.id))
    return MappingView(version, plan, rows)


def lke_gaps(session: Session, catalog: PlanCatalog, lke: Lke, version: PlanVersion) -> Gaps:
    """The LKE questions no row of the version serves, with the points at stake."""
    return gaps(lke, mapping(session, catalog, lke, version).rows)


def set_mapping(
    session: Session,
    catalog: PlanCatalog,
    lke: Lke,
    version: PlanVersion,
    row_text: str,
    questions_text: str,
    *,
    actor: Actor | None,
    now: datetime,
) -> RowMapping:
    """The row serves exactly these questions from now on (a re-import keeps the choice). Every code is
    checked before anything is written."""
    if actor is not None:
        actor.require_coordinator(CommandName.LKE)
    view = mapping(session, catalog, lke, version)
    action = resolve_action(view.plan, row_text)
    questions = parse_questions(lke, questions_text)
    lke_map.set_manual(
        session, version.id, action.code, questions, person_id=actor.person_id if actor else None, now=now
    )
    logger.info("LKE mapping of %s (%s) set to %s", action.code, version.year, ",".join(questions))
    return mapping(session, catalog, lke, version).row(action.code)


def clear_mapping(
    session: Session,
    catalog: PlanCatalog,
    lke: Lke,
    version: PlanVersion,
    row_text: str,
    *,
    back_to_suggestion: bool,
    actor: Actor | None,
    now: datetime,
) -> RowMapping:
    """The row serves no question (`back_to_suggestion`: forget the coordinator's choice, so the plan
    file's codes or the suggestion hold again)."""
    if actor is not None:
        actor.require_coordinator(CommandName.LKE)
    view = mapping(session, catalog, lke, version)
    action = resolve_action(view.plan, row_text)
    if back_to_suggestion:
        lke_map.drop_manual(session, version.id, action.code)
    else:
        lke_map.set_manual(
            session, version.id, action.code, (), person_id=actor.person_id if actor else None, now=now
        )
    logger.info("LKE mapping of %s (%s) cleared", action.code, version.year)
    return mapping(session, catalog, lke, version).row(action.code)
