"""Everything an export shows, read once: one record per due period with its plan text, status, report,
review and evidence, plus the progress tallies for the summary sheet. Periods taken out of the plan by a
later import (retired) come apart, with their status, history and evidence.

The evaluators see a period's evidence only while the period is reported or approved, and only the items
still standing: what was withdrawn (`/tarik`, `/batal`), rejected with its report (`/tolak`), or filed for
a period not reported (again) is set aside, listed in the workbook's history sheet and never packaged."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from plan.model import Action, Area, Component, DuePeriod, Plan, Status, Team
from plan.progress import Progress, progress
from store import exports, repo
from store.exports import Marks
from store.models import EVIDENCE_ACTIVE
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
    evidence: tuple[EvidenceItem, ...]  # what the evaluators get
    retired: bool = False
    set_aside: tuple[EvidenceItem, ...] = ()  # withdrawn, rejected, or of a period not reported


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

    @property
    def set_aside(self) -> list[tuple[PeriodRecord, EvidenceItem]]:
        return [(record, item) for record in (*self.records, *self.retired) for item in record.set_aside]


def _for_evaluators(status: Status, item: EvidenceItem) -> bool:
    return status.is_done and item.state == EVIDENCE_ACTIVE


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
    every = []
    for area in everything.areas:
        for component in area.components:
            for action in component.actions:
                for period in action.periods:
                    key = (action.code, period.key)
                    status = statuses.get(key, Status.BELUM)
                    items = evidence.get(key, ())
                    every.append(
                        PeriodRecord(
                            area=area,
                            component=component,
                            action=action,
                            period=period,
                            team=teams[action.team_code],
                            status=status,
                            marks=marks.get(key, _NO_MARKS),
                            evidence=tuple(item for item in items if _for_evaluators(status, item)),
                            retired=key not in live,
                            set_aside=tuple(item for item in items if not _for_evaluators(status, item)),
                        )
                    )
    records = tuple(record for record in every if not record.retired)
    retired = tuple(record for record in every if record.retired)
    logger.info(
        "export data on %s: %d periods, %d evidence rows",
        today,
        len(records),
        sum(map(len, evidence.values())),
    )
    return ExportData(plan, today, progress(plan, statuses, today), records, retired)
