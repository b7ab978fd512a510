"""A synthetic year: the decree's plan repeated to a given number of actions, with statuses, history and
evidence rows written straight into a fresh SQLite database (bulk inserts: this is test data, not intake)."""

from __future__ import annotations

import dataclasses
import hashlib
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update

from plan.model import Component, Plan, Status
from store.db import Database
from store.migrate import upgrade
from store.models import Evidence, PeriodRow, Person, StatusChange
from store.plan_import import import_plan

IMPORTED_AT = datetime(2022, 1, 1, tzinfo=UTC)


def repeated_plan(plan: Plan, actions: int) -> Plan:
    """`plan` copied until it has `actions` actions; copy n renumbers components as n*100 + number."""
    per_copy = len(plan.actions)
    copies = -(-actions // per_copy)
    areas = []
    for area in plan.areas:
        components = []
        for copy in range(copies):
            for component in area.components:
                number = copy * 100 + component.number
                code = f"{area.code}.{number}"
                rows = tuple(
                    dataclasses.replace(action, code=f"{code}.{action.position}", component_code=code)
                    for action in component.actions
                )
                components.append(Component(code, area.code, number, component.name, rows))
        areas.append(dataclasses.replace(area, components=tuple(components)))
    big = dataclasses.replace(plan, areas=tuple(areas))
    # Trim the last copy to the exact size asked for.
    keep = {action.code for action in big.actions[:actions]}
    trimmed = []
    for area in big.areas:
        components = [
            dataclasses.replace(c, actions=tuple(a for a in c.actions if a.code in keep))
            for c in area.components
        ]
        trimmed.append(dataclasses.replace(area, components=tuple(c for c in components if c.actions)))
    return dataclasses.replace(plan, areas=tuple(trimmed))


def _status_for(rng: random.Random, deadline: date, today: date) -> Status:
    """A plausible mix: most past periods reported, many approved, a few rejected or waiting."""
    if deadline > today + timedelta(days=30):
        return Status.SELESAI if rng.random() < 0.05 else Status.BELUM
    roll = rng.random()
    for status, share in (
        (Status.DISETUJUI, 0.45),
        (Status.SELESAI, 0.25),
        (Status.DITOLAK, 0.05),
        (Status.MENUNGGU_BUKTI, 0.05),
    ):
        if roll < share:
            return status
        roll -= share
    return Status.BELUM


def build_database(path: Path, plan: Plan, today: date, seed: int = 2022) -> Database:
    """A migrated SQLite database at `path` holding `plan` and a year of work up to `today`."""
    database = Database(f"sqlite:///{path}")
    upgrade(database.engine)
    rng = random.Random(seed)
    with database.unit_of_work() as session:
        import_plan(session, plan, "0" * 64, IMPORTED_AT)
    with database.unit_of_work() as session:
        session.execute(
            insert(Person),
            [
                {
                    "telegram_user_id": 10_000 + n,
                    "full_name": f"Pegawai {n}",
                    "first_seen_at": IMPORTED_AT,
                    "last_seen_at": IMPORTED_AT,
                }
                for n in range(60)
            ],
        )
        people = list(session.scalars(select(Person.id)))
        periods = session.execute(select(PeriodRow.id, PeriodRow.deadline)).all()
        new_status, changes, evidence = [], [], []
        for period_id, deadline in periods:
            status = _status_for(rng, deadline, today)
            if status is Status.BELUM:
                continue
            at = datetime.combine(min(deadline, today), time(9), tzinfo=UTC) - timedelta(
                days=rng.randint(0, 20)
            )
            new_status.append({"id": period_id, "status": status.value, "status_changed_at": at})
            person = rng.choice(people)
            reported = Status.MENUNGGU_BUKTI if status is Status.MENUNGGU_BUKTI else Status.SELESAI
            changes.append(_change(period_id, Status.BELUM, reported, person, at))
            if status in (Status.DISETUJUI, Status.DITOLAK):
                changes.append(_change(period_id, Status.SELESAI, status, people[0], at + timedelta(days=2)))
            for n in range(0 if status is Status.MENUNGGU_BUKTI else rng.randint(1, 2)):
                evidence.append(_evidence(period_id, n, person, at))
        session.execute(update(PeriodRow), new_status)  # ORM bulk update by primary key
        session.execute(insert(StatusChange), changes)
        session.execute(insert(Evidence), evidence)
    return database


def _change(period_id: int, before: Status, after: Status, person: int, at: datetime) -> dict[str, object]:
    return {
        "period_id": period_id,
        "from_status": before.value,
        "to_status": after.value,
        "person_id": person,
        "chat_id": -1000,
        "note": "kurang tanda tangan" if after is Status.DITOLAK else None,
        "at": at,
    }


def _evidence(period_id: int, n: int, person: int, at: datetime) -> dict[str, object]:
    sha = hashlib.sha256(f"{period_id}/{n}".encode()).hexdigest()
    link = n == 1
    return {
        "period_id": period_id,
        "kind": "link" if link else "document",
        "original_name": None if link else f"laporan-{period_id}.pdf",
        "mime_type": None if link else "application/pdf",
        "size": None if link else 150_000,
        "sha256": None if link else sha,
        "path": None if link else f"{sha[:2]}/{sha}",
        "url": f"https://drive.example/{period_id}" if link else None,
        "person_id": person,
        "chat_id": -1000,
        "message_id": period_id,
        "created_at": at,
    }
