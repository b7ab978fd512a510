"""The plan at run time: each stored version read back from its rows into the pure `plan.model.Plan`.

A version is one office's decree for one year. Reading a version's 70 rows and 200-odd periods on every
update would be wasted work, so `PlanCatalog` keeps each version's plan until that version's `revision`
moves (every import bumps it, whichever process imports), which costs one small query per look.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session, joinedload

from plan.codes import area_number
from plan.errors import NoPlanForYear
from plan.model import Action, Area, Component, Decree, DuePeriod, Plan, Team
from store.db import run
from store.lke_map import codes_of
from store.models import ActionRow, PeriodRow, PlanVersionRow, TeamRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PlanVersion:
    id: int
    office: str
    year: int
    decree: Decree
    source_sha256: str
    revision: int
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class Served:
    """The plan the bot works with today: the current year's (active), else the last one, read-only."""

    version: PlanVersion
    plan: Plan
    read_only: bool


# Plain columns, not ORM objects: every update looks the versions up.
_VERSIONS = PlanVersionRow.__table__
_VERSION_COLUMNS = select(
    *(
        _VERSIONS.c[name]
        for name in (
            "id",
            "office",
            "year",
            "decree_title",
            "decree_number",
            "decree_date",
            "decree_signed_by",
            "source_sha256",
            "revision",
            "imported_at",
        )
    )
)
_EVERY_VERSION = _VERSION_COLUMNS.order_by(_VERSIONS.c.year)
_VERSION_OF_YEAR = _VERSION_COLUMNS.where(_VERSIONS.c.year == bindparam("year"))


def _version(row: Row[Any]) -> PlanVersion:
    version_id, office, year, title, number, decreed, signed_by, sha256, revision, imported_at = row
    decree = Decree(title, number, decreed, signed_by)
    return PlanVersion(version_id, office, year, decree, sha256, revision, imported_at)


def versions(session: Session) -> list[PlanVersion]:
    """Every stored version, oldest year first."""
    return [_version(row) for row in run(session, _EVERY_VERSION)]


def version_of_year(session: Session, year: int) -> PlanVersion | None:
    row = run(session, _VERSION_OF_YEAR, {"year": year}).one_or_none()
    return _version(row) if row is not None else None


def serving_version(stored: list[PlanVersion], today: date) -> tuple[PlanVersion, bool] | None:
    """The version for `today`'s year, active; else the latest earlier one (or the earliest, when every
    stored plan lies ahead), read-only. None when nothing was imported."""
    if not stored:
        return None
    current = next((v for v in stored if v.year == today.year), None)
    if current is not None:
        return current, False
    earlier = [v for v in stored if v.year < today.year]
    return (earlier[-1] if earlier else stored[0]), True


def read_plan(session: Session, version: PlanVersion, *, retired: bool = False) -> Plan:
    """The version's rows and periods still in the plan, as the pure domain plan; with `retired`, also
    those taken out of it since (what an export lists apart, with their history)."""
    rows_kept = ActionRow.in_plan.is_(True) | retired
    periods_kept = PeriodRow.in_plan.is_(True) | retired
    rows = session.scalars(
        select(ActionRow)
        .options(joinedload(ActionRow.team))
        .where(ActionRow.version_id == version.id, rows_kept)
        .order_by(ActionRow.area_code, ActionRow.component_code, ActionRow.position)
    ).all()
    periods: defaultdict[int, list[DuePeriod]] = defaultdict(list)
    for period in session.scalars(
        select(PeriodRow)
        .join(PeriodRow.action)
        .where(ActionRow.version_id == version.id, periods_kept)
        .order_by(PeriodRow.deadline, PeriodRow.window_start)
    ):
        periods[period.action_id].append(
            DuePeriod(period.key, period.label, period.window_start, period.deadline)
        )
    teams: dict[str, Team] = {}
    areas: dict[str, tuple[str, str, dict[str, tuple[str, list[Action]]]]] = {}
    for row in rows:
        teams.setdefault(row.team.code, Team(row.team.code, row.team.name))
        _name, _team, components = areas.setdefault(row.area_code, (row.area_name, row.team.code, {}))
        components.setdefault(row.component_code, (row.component_name, []))[1].append(
            Action(
                code=row.code,
                area_code=row.area_code,
                component_code=row.component_code,
                position=row.position,
                indikator=row.indikator,
                langkah_aksi=row.langkah_aksi,
                bukti_fisik=row.bukti_fisik,
                target_waktu=row.target_waktu,
                lke=codes_of(row.lke),
                team_code=row.team.code,
                periods=tuple(periods[row.id]),
            )
        )
    built = tuple(
        Area(
            code,
            area_number(code),
            name,
            team,
            tuple(
                Component(
                    component_code, code, int(component_code.split(".")[1]), component_name, tuple(actions)
                )
                for component_code, (component_name, actions) in sorted(
                    components.items(), key=lambda item: int(item[0].split(".")[1])
                )
            ),
        )
        for code, (name, team, components) in sorted(areas.items(), key=lambda item: area_number(item[0]))
    )
    every_team = {row.code: Team(row.code, row.name) for row in session.scalars(select(TeamRow))}
    # Teams without rows in this version are still the office's teams (a group can be bound to them).
    ordered = tuple(teams.values()) + tuple(t for code, t in every_team.items() if code not in teams)
    return Plan(version.office, version.decree, version.year, ordered, built)


class PlanCatalog:
    """Each stored version's plan, read once per revision; safe to share between threads."""

    def __init__(self) -> None:
        self._plans: dict[int, tuple[int, Plan]] = {}
        self._lock = threading.Lock()

    def plan(self, session: Session, version: PlanVersion) -> Plan:
        with self._lock:
            cached = self._plans.get(version.id)
        if cached is not None and cached[0] == version.revision:
            return cached[1]
        plan = read_plan(session, version)
        logger.info("plan %s revision %s read from the database", version.year, version.revision)
        with self._lock:
            self._plans[version.id] = (version.revision, plan)
        return plan

    def of_year(self, session: Session, year: int) -> Plan | None:
        version = version_of_year(session, year)
        return self.plan(session, version) if version is not None else None

    def serving(self, session: Session, today: date) -> Served | None:
        chosen = serving_version(versions(session), today)
        if chosen is None:
            return None
        version, read_only = chosen
        return Served(version, self.plan(session, version), read_only)


def plan_of_year(session: Session, catalog: PlanCatalog, year: int) -> Plan:
    """The stored plan of `year`, or `NoPlanForYear` naming the years there are."""
    plan = catalog.of_year(session, year)
    if plan is None:
        raise NoPlanForYear(year, tuple(v.year for v in versions(session)))
    return plan
