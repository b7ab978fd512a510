"""Import a `Plan` into the database: upsert by code, never delete, so statuses and evidence survive edits."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from plan.model import DuePeriod, Plan
from store.models import ActionRow, PeriodRow, PlanMeta, TeamRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportResult:
    actions_added: int
    actions_updated: int
    actions_retired: int
    periods_added: int
    periods_updated: int
    periods_retired: int

    @property
    def changed(self) -> bool:
        return any(
            (
                self.actions_added,
                self.actions_updated,
                self.actions_retired,
                self.periods_added,
                self.periods_updated,
                self.periods_retired,
            )
        )


def has_plan(session: Session) -> bool:
    return session.scalar(select(PlanMeta.id).limit(1)) is not None


def import_plan(session: Session, plan: Plan, source_sha256: str, now: datetime) -> ImportResult:
    _upsert_meta(session, plan, source_sha256, now)
    teams = _upsert_teams(session, plan)
    existing = {row.code: row for row in session.scalars(select(ActionRow))}
    counts = dict.fromkeys(("aa", "au", "ar", "pa", "pu", "pr"), 0)
    for area in plan.areas:
        for component in area.components:
            for action in component.actions:
                values = {
                    "area_code": area.code,
                    "area_name": area.name,
                    "component_code": component.code,
                    "component_name": component.name,
                    "position": action.position,
                    "indikator": action.indikator,
                    "langkah_aksi": action.langkah_aksi,
                    "bukti_fisik": action.bukti_fisik,
                    "target_waktu": action.target_waktu,
                    "team_id": teams[action.team_code].id,
                    "in_plan": True,
                }
                row = existing.pop(action.code, None)
                if row is None:
                    row = ActionRow(code=action.code, **values)
                    session.add(row)
                    counts["aa"] += 1
                elif _assign(row, values):
                    counts["au"] += 1
                session.flush()
                _sync_periods(session, row, action.periods, counts)
    for row in existing.values():
        if row.in_plan:
            row.in_plan = False
            counts["ar"] += 1
        for period in row.periods:
            if period.in_plan:
                period.in_plan = False
                counts["pr"] += 1
    result = ImportResult(counts["aa"], counts["au"], counts["ar"], counts["pa"], counts["pu"], counts["pr"])
    logger.info("plan imported: %s", result)
    return result


def _upsert_meta(session: Session, plan: Plan, source_sha256: str, now: datetime) -> None:
    meta = session.scalar(select(PlanMeta)) or PlanMeta()
    meta.office = plan.office
    meta.decree_title = plan.decree.title
    meta.decree_number = plan.decree.number
    meta.decree_date = plan.decree.date
    meta.year = plan.year
    meta.source_sha256 = source_sha256
    meta.imported_at = now
    session.add(meta)


def _upsert_teams(session: Session, plan: Plan) -> dict[str, TeamRow]:
    teams = {row.code: row for row in session.scalars(select(TeamRow))}
    for team in plan.teams:
        row = teams.get(team.code)
        if row is None:
            row = teams[team.code] = TeamRow(code=team.code, name=team.name)
            session.add(row)
        row.name = team.name
    session.flush()
    return teams


def _sync_periods(
    session: Session, row: ActionRow, periods: tuple[DuePeriod, ...], counts: dict[str, int]
) -> None:
    existing = {period.key: period for period in row.periods}
    for period in periods:
        values = {
            "label": period.label,
            "window_start": period.window_start,
            "deadline": period.deadline,
            "in_plan": True,
        }
        current = existing.pop(period.key, None)
        if current is None:
            session.add(PeriodRow(action_id=row.id, key=period.key, status="belum", **values))
            counts["pa"] += 1
        elif _assign(current, values):
            counts["pu"] += 1
    for stale in existing.values():
        if stale.in_plan:
            stale.in_plan = False
            counts["pr"] += 1


def _assign(row: object, values: dict[str, object]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
