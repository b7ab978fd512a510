"""Everything an export shows, read once: one record per due period with its plan text, status, report,
review and evidence, plus the progress tallies for the summary sheet. Periods taken out of the plan by a
later import (retired) come apart, with their status, history and evidence."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from plan.model import Action, Area, Component, DuePeriod, Plan, Status, Team
from plan.progress import Progress, progress
from store import exports, repo
from store.exports import Marks
from store.plans import read_plan, version_of_year
from store.repo import EvidenceItem

logger = logging.getLogger(__name__)

_NO_MARKS = Marks()


@dataclass(frozen=True, slots=True)
class PeriodRecord:
    area: Area
    component: Component
    action: Action
    period: DuePeriod
    team: Team
    status: Status
    marks: Marks
    evidence: tuple[EvidenceItem, ...]
    retired: bool = False


@dataclass(frozen=True)
class ExportData:
    plan: Plan
    today: date
    progress: Progress
    records: tuple[PeriodRecord, ...]
    retired: tuple[PeriodRecord, ...] = ()

    @property
    def evidence(self) -> list[tuple[PeriodRecord, EvidenceItem]]:
        return [(record, item) for record in (*self.records, *self.retired) for item in record.evidence]


def load_export(session: Session, plan: Plan, today: date) -> ExportData:
    """Every due period of the plan in plan order (area, component, action, deadline), and apart the
    periods later imports took out of it."""
    live = {(action.code, period.key) for action in plan.actions for period in action.periods}
    version = version_of_year(session, plan.year)
    everything = read_plan(session, version, retired=True) if version is not None else plan
    statuses = repo.statuses(session, plan.year, retired=True)
    marks = exports.marks(session, plan.year)
    evidence = exports.all_evidence(session, plan.year) | exports.all_evidence(
        session, plan.year, retired=True
    )
    teams = {team.code: team for team in everything.teams}
    every = [
        PeriodRecord(
            area=area,
            component=component,
            action=action,
            period=period,
            team=teams[action.team_code],
            status=statuses.get((action.code, period.key), Status.BELUM),
            marks=marks.get((action.code, period.key), _NO_MARKS),
            evidence=tuple(evidence.get((action.code, period.key), ())),
            retired=(action.code, period.key) not in live,
        )
        for area in everything.areas
        for component in area.components
        for action in component.actions
        for period in action.periods
    ]
    records = tuple(record for record in every if not record.retired)
    retired = tuple(record for record in every if record.retired)
    logger.info(
        "export data on %s: %d periods, %d evidence rows",
        today,
        len(records),
        sum(map(len, evidence.values())),
    )
    return ExportData(plan, today, progress(plan, statuses, today), records, retired)
