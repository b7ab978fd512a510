"""Import a `Plan` as the version of its year: first what would change (`plan_changes`), then, in the
caller's unit of work, the change itself (`import_plan`).

Rows are upserted by code within the version and never deleted: a row or period that leaves the plan is
marked `in_plan = false` (retired) and keeps its statuses, history and evidence; one that comes back is
in the plan again with them. Periods are matched by key, so a period that stays keeps its status even
when its dates move.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from plan.errors import OtherOffice
from plan.model import Action, Plan, Status
from store.lke_map import codes_text
from store.models import EVIDENCE_ACTIVE, ActionRow, Evidence, PeriodRow, PlanVersionRow, TeamRow

logger = logging.getLogger(__name__)

# The columns of a row a re-import compares, by the name the summary uses: its area and component, its
# own texts (named alike in the plan and the table), its team and its LKE questions.
_ROW_TEXTS = ("indikator", "langkah_aksi", "bukti_fisik", "target_waktu")
ROW_COLUMNS = ("area", "komponen", *_ROW_TEXTS, "tim", "lke")
DECREE_FIELDS = ("office", "title", "number", "date", "signed_by")


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """A due period added, moved (`before`: its old window start and deadline) or retired (with the
    status and the number of evidence items it keeps)."""

    action_code: str
    key: str
    label: str
    window_start: date
    deadline: date
    before: tuple[date, date] | None = None
    status: Status = Status.BELUM
    evidence: int = 0

    @property
    def has_history(self) -> bool:
        return self.status is not Status.BELUM or self.evidence > 0


@dataclass(frozen=True, slots=True)
class PlanChanges:
    """What importing a plan would do to the stored version of its year."""

    year: int
    office: str
    new_version: bool
    decree: tuple[str, ...]  # DECREE_FIELDS that differ
    rows_added: tuple[str, ...]
    rows_changed: tuple[tuple[str, tuple[str, ...]], ...]  # (code, ROW_COLUMNS that differ)
    rows_retired: tuple[str, ...]
    periods_added: tuple[PeriodChange, ...]
    periods_moved: tuple[PeriodChange, ...]
    periods_retired: tuple[PeriodChange, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.new_version
            or self.decree
            or self.rows_added
            or self.rows_changed
            or self.rows_retired
            or self.periods_added
            or self.periods_moved
            or self.periods_retired
        )


def has_plan(session: Session) -> bool:
    return session.scalar(select(PlanVersionRow.id).limit(1)) is not None


def _row_values(plan: Plan, action: Action) -> tuple[str, ...]:
    """The row as the plan file has it, in ROW_COLUMNS order."""
    area, component = plan.area_of(action).name, plan.component_of(action).name
    texts = (getattr(action, name) for name in _ROW_TEXTS)
    return (area, component, *texts, action.team_code, codes_text(action.lke))


def _stored_values(row: ActionRow) -> tuple[str, ...]:
    """The row as the database has it, in ROW_COLUMNS order."""
    texts = (getattr(row, name) for name in _ROW_TEXTS)
    return (row.area_name, row.component_name, *texts, row.team.code, row.lke)


def _stored_rows(session: Session, version_id: int | None) -> dict[str, ActionRow]:
    if version_id is None:
        return {}
    rows = session.scalars(
        select(ActionRow)
        .options(selectinload(ActionRow.periods), selectinload(ActionRow.team))
        .where(ActionRow.version_id == version_id)
    )
    return {row.code: row for row in rows}


def _check_office(session: Session, plan: Plan) -> PlanVersionRow | None:
    """The stored version of the plan's year; one office per deployment, so another office is refused."""
    offices = set(session.scalars(select(PlanVersionRow.office).distinct()))
    if offices and plan.office not in offices:
        raise OtherOffice(plan.office, sorted(offices)[0])
    return session.scalar(select(PlanVersionRow).where(PlanVersionRow.year == plan.year))


def plan_changes(session: Session, plan: Plan) -> PlanChanges:
    """Rows added, changed (which columns) and retired; periods added, moved and retired, the retired
    ones with their status and evidence: against the stored version of the plan's year."""
    version = _check_office(session, plan)
    stored = _stored_rows(session, version.id if version else None)
    evidence = _evidence_counts(session, version.id) if version else {}
    rows_added, rows_changed, rows_retired = [], [], []
    added, moved, retired = [], [], []
    for action in plan.actions:
        row = stored.get(action.code)
        live = row is not None and row.in_plan
        if not live:
            rows_added.append(action.code)
        else:
            assert row is not None
            pairs = zip(ROW_COLUMNS, _stored_values(row), _row_values(plan, action), strict=True)
            differ = tuple(column for column, before, after in pairs if before != after)
            if differ:
                rows_changed.append((action.code, differ))
        old = {p.key: p for p in row.periods if p.in_plan and live} if row is not None else {}
        for period in action.periods:
            current = old.pop(period.key, None)
            change = PeriodChange(action.code, period.key, period.label, period.window_start, period.deadline)
            if current is None:
                added.append(change)
            elif (current.label, current.window_start, current.deadline) != (
                period.label,
                period.window_start,
                period.deadline,
            ):
                moved.append(_moved(change, current))
        retired += [_retired(action.code, p, evidence) for p in old.values()]
    codes = {action.code for action in plan.actions}
    for code, row in stored.items():
        if code not in codes and row.in_plan:
            rows_retired.append(code)
            retired += [_retired(code, p, evidence) for p in row.periods if p.in_plan]
    return PlanChanges(
        year=plan.year,
        office=plan.office,
        new_version=version is None,
        decree=_decree_changes(version, plan) if version else (),
        rows_added=tuple(rows_added),
        rows_changed=tuple(rows_changed),
        rows_retired=tuple(rows_retired),
        periods_added=tuple(added),
        periods_moved=tuple(moved),
        periods_retired=tuple(sorted(retired, key=lambda p: (p.action_code, p.deadline))),
    )


def _moved(change: PeriodChange, current: PeriodRow) -> PeriodChange:
    return PeriodChange(
        change.action_code,
        change.key,
        change.label,
        change.window_start,
        change.deadline,
        before=(current.window_start, current.deadline),
        status=Status(current.status),
    )


def _retired(code: str, period: PeriodRow, evidence: dict[int, int]) -> PeriodChange:
    return PeriodChange(
        code,
        period.key,
        period.label,
        period.window_start,
        period.deadline,
        status=Status(period.status),
        evidence=evidence.get(period.id, 0),
    )


def _evidence_counts(session: Session, version_id: int) -> dict[int, int]:
    rows = session.execute(
        select(Evidence.period_id, func.count(Evidence.id))
        .join(PeriodRow, Evidence.period_id == PeriodRow.id)
        .join(ActionRow, PeriodRow.action_id == ActionRow.id)
        .where(ActionRow.version_id == version_id, Evidence.state == EVIDENCE_ACTIVE)
        .group_by(Evidence.period_id)
    )
    return {period_id: count for period_id, count in rows}


def _decree_changes(version: PlanVersionRow, plan: Plan) -> tuple[str, ...]:
    before = (
        version.office,
        version.decree_title,
        version.decree_number,
        version.decree_date,
        version.decree_signed_by,
    )
    after = (plan.office, plan.decree.title, plan.decree.number, plan.decree.date, plan.decree.signed_by)
    return tuple(name for name, old, new in zip(DECREE_FIELDS, before, after, strict=True) if old != new)


def import_plan(session: Session, plan: Plan, source_sha256: str, now: datetime) -> PlanChanges:
    """Make `plan` the stored version of its year; returns what changed. The caller's unit of work is
    the transaction: all of it or nothing."""
    changes = plan_changes(session, plan)
    version = _upsert_version(session, plan, source_sha256, now)
    teams = _upsert_teams(session, plan)
    existing = _stored_rows(session, version.id)
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
                    "lke": codes_text(action.lke),
                    "in_plan": True,
                }
                row = existing.pop(action.code, None)
                if row is None:
                    row = ActionRow(version_id=version.id, code=action.code, **values)
                    session.add(row)
                    session.flush()
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                _sync_periods(session, row, action)
    for row in existing.values():
        row.in_plan = False
        for period in row.periods:
            period.in_plan = False
    session.flush()
    logger.info(
        "plan %s imported (revision %s): %d rows added, %d changed, %d retired; %d periods added, "
        "%d moved, %d retired",
        plan.year,
        version.revision,
        len(changes.rows_added),
        len(changes.rows_changed),
        len(changes.rows_retired),
        len(changes.periods_added),
        len(changes.periods_moved),
        len(changes.periods_retired),
    )
    return changes


def _upsert_version(session: Session, plan: Plan, source_sha256: str, now: datetime) -> PlanVersionRow:
    version = session.scalar(select(PlanVersionRow).where(PlanVersionRow.year == plan.year))
    if version is None:
        version = PlanVersionRow(year=plan.year, revision=0)
        session.add(version)
    version.office = plan.office
    version.decree_title = plan.decree.title
    version.decree_number = plan.decree.number
    version.decree_date = plan.decree.date
    version.decree_signed_by = plan.decree.signed_by
    version.source_sha256 = source_sha256
    version.imported_at = now
    # Every process's cached plan of this version is stale from now on (store/plans.py).
    version.revision += 1
    session.flush()
    return version


def _upsert_teams(session: Session, plan: Plan) -> dict[str, TeamRow]:
    """Teams are the office's, shared by every year: a group bound to TL stays bound in the next plan."""
    teams = {row.code: row for row in session.scalars(select(TeamRow))}
    for team in plan.teams:
        row = teams.get(team.code)
        if row is None:
            row = teams[team.code] = TeamRow(code=team.code, name=team.name)
            session.add(row)
        row.name = team.name
    session.flush()
    return teams


def _sync_periods(session: Session, row: ActionRow, action: Action) -> None:
    existing = {period.key: period for period in row.periods}
    for period in action.periods:
        current = existing.pop(period.key, None)
        if current is None:
            current = PeriodRow(action_id=row.id, key=period.key, status=Status.BELUM.value)
            session.add(current)
        current.label = period.label
        current.window_start = period.window_start
        current.deadline = period.deadline
        current.in_plan = True
    for stale in existing.values():
        stale.in_plan = False
