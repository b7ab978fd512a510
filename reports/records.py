"""Everything an export shows, read once: one record per due period with its plan text, status, report,
review and evidence, plus the progress tallies for the summary sheet."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from plan.model import Action, Area, Component, DuePeriod, Plan, Status, Team
from plan.progress import Progress, progress
from store import exports, repo
from store.exports import Marks
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


@dataclass(frozen=True)
class ExportData:
    plan: Plan
    today: date
    progress: Progress
    records: tuple[PeriodRecord, ...]

    @property
    def evidence(self) -> list[tuple[PeriodRecord, EvidenceItem]]:
        return [(record, item) for record in self.records for item in record.evidence]


def load_export(session: Session, plan: Plan, today: date) -> ExportData:
    """Every due period of the plan in plan order (area, component, action, deadline)."""
    statuses = repo.statuses(session, plan.year)
    marks = exports.marks(session, plan.year)
    evidence = exports.all_evidence(session, plan.year)
    teams = {team.code: team for team in plan.teams}
    records = tuple(
        PeriodRecord(
            area=area,
            component=component,
            action=action,
            period=period,
            team=teams[action.team_code],
            status=statuses.get((action.code, period.key), Status.BELUM),
            marks=marks.get((action.code, period.key), _NO_MARKS),
            evidence=tuple(evidence.get((action.code, period.key), ())),
        )
        for area in plan.areas
        for component in area.components
        for action in component.actions
        for period in action.periods
    )
    logger.info(
        "export data on %s: %d periods, %d evidence rows",
        today,
        len(records),
        sum(map(len, evidence.values())),
    )
    return ExportData(plan, today, progress(plan, statuses, today), records)
