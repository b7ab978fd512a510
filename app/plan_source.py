"""Plan files as something to import: read one, see what it would change, apply it; and the lines the
bot logs at start when the file or the calendar disagrees with the stored plans."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.error_texts import describe_error
from bot.formatting import as_plain_text
from bot.plan_texts import no_current_plan, plan_file_differs
from plan.clock import Clock
from plan.errors import NoPlanForYear, ZibotError
from plan.loader import load_plan
from plan.model import Plan
from store.db import Database
from store.plan_import import PlanChanges, import_plan, plan_changes
from store.plans import PlanCatalog, plan_of_year, serving_version, version_of_year, versions


def read_plan_file(path: Path) -> tuple[Plan, str]:
    """The plan a file holds and the file's SHA-256 (recorded on the version it becomes)."""
    plan = load_plan(path)
    return plan, hashlib.sha256(path.read_bytes()).hexdigest()


def preview(database: Database, plan: Plan) -> PlanChanges:
    """What importing `plan` would change; nothing is written."""
    with database.unit_of_work() as session:
        changes = plan_changes(session, plan)
        session.rollback()
    return changes


def import_plan_file(database: Database, path: Path, clock: Clock) -> PlanChanges:
    plan, digest = read_plan_file(path)
    with database.unit_of_work() as session:
        return import_plan(session, plan, digest, clock.now())


def startup_notices(database: Database, plan_path: Path, clock: Clock) -> list[str]:
    """What `zibot run` says before serving: a plan file that differs from its stored version (never
    applied at start), and a year no stored plan covers."""
    notices = []
    try:
        plan, digest = read_plan_file(plan_path)
        with database.unit_of_work() as session:
            version = version_of_year(session, plan.year)
        if version is None or version.source_sha256 != digest:
            changes = preview(database, plan)
            if not changes.empty:
                notices.append(plan_file_differs(str(plan_path), changes))
    except ZibotError as exc:
        problem = as_plain_text(describe_error(exc))
        notices.append(f"{problem} Bot tetap memakai rencana di basis data.")
    with database.unit_of_work() as session:
        chosen = serving_version(versions(session), clock.now().date())
    if chosen is not None and chosen[1]:
        notices.append(no_current_plan(clock.now().date().year, chosen[0].year))
    return notices


def stored_plan(database: Database, year: int | None, clock: Clock) -> Plan:
    """The plan a command works on: the stored plan of `year`, or the one served today."""
    catalog = PlanCatalog()
    with database.unit_of_work() as session:
        if year is not None:
            return plan_of_year(session, catalog, year)
        served = catalog.serving(session, clock.now().date())
    if served is None:
        raise NoPlanForYear(clock.now().date().year, ())
    return served.plan
