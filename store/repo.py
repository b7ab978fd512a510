"""Repositories: queries and changes in one session, handing back plain values (never ORM objects)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Result, Select, bindparam, func, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload

from plan.model import Status
from store.db import run
from store.models import (
    EVIDENCE_ACTIVE,
    LAST_SEEN_RESOLUTION,
    ActionRow,
    Evidence,
    PeriodRow,
    Person,
    PlanVersionRow,
    StatusChange,
    TeamRow,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PeriodState:
    """A due period as the rest of the system sees it: plan facts plus its current status."""

    period_id: int
    action_code: str
    key: str
    label: str
    window_start: date
    deadline: date
    team_code: str
    status: Status
    status_changed_at: datetime | None


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    id: int
    action_code: str
    period_key: str
    kind: str
    original_name: str | None
    mime_type: str | None
    size: int | None
    sha256: str | None
    path: str | None
    url: str | None
    sender_name: str | None
    created_at: datetime
    number: int = 0  # its place among every item ever filed for the period: what /bukti shows, /tarik takes
    sender_id: int | None = None  # the person id
    state: str = EVIDENCE_ACTIVE
    withdrawn_at: datetime | None = None
    withdrawn_by: str | None = None  # the person's name
    withdrawn_reason: str | None = None


@dataclass(frozen=True, slots=True)
class StatusEntry:
    action_code: str
    period_key: str
    from_status: Status
    to_status: Status
    person_name: str | None
    telegram_user_id: int | None
    note: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class NewEvidence:
    """What intake knows about a piece of evidence; a file is already committed to the file store. Each
    field is the `Evidence` column of the same name."""

    kind: str  # photo, document, link
    original_name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    path: str | None = None
    url: str | None = None
    telegram_file_id: str | None = None
    telegram_file_unique_id: str | None = None


# Tables, not mapped classes, for what every update reads or writes: a statement over ORM attributes runs
# through the ORM's execution layer, twice the cost of the statement itself on SQLite.
_PEOPLE, _PERIODS, _CHANGES = Person.__table__, PeriodRow.__table__, StatusChange.__table__
_ACTIONS, _TEAMS, _VERSIONS = ActionRow.__table__, TeamRow.__table__, PlanVersionRow.__table__
_EVIDENCE = Evidence.__table__


def _state_query() -> Select[Any]:
    """A period's state as plain columns (the hot path of every report reads it)."""
    return (
        select(
            _PERIODS.c.id,
            _ACTIONS.c.code,
            _PERIODS.c.key,
            _PERIODS.c.label,
            _PERIODS.c.window_start,
            _PERIODS.c.deadline,
            _TEAMS.c.code,
            _PERIODS.c.status,
            _PERIODS.c.status_changed_at,
        )
        .join(_ACTIONS, _ACTIONS.c.id == _PERIODS.c.action_id)
        .join(_TEAMS, _TEAMS.c.id == _ACTIONS.c.team_id)
    )


def _state(row: Any) -> PeriodState:
    period_id, action_code, key, label, window_start, deadline, team_code, status, changed_at = row
    return PeriodState(
        period_id, action_code, key, label, window_start, deadline, team_code, Status(status), changed_at
    )


def in_year(year: int | BindParameter[int]) -> ColumnElement[bool]:
    """The condition on `actions` that keeps one plan version's rows (codes repeat from year to year)."""
    return _ACTIONS.c.version_id.in_(select(_VERSIONS.c.id).where(_VERSIONS.c.year == year))


def with_period_and_person(query: Select[Any], rows: type[StatusChange] | type[Evidence]) -> Select[Any]:
    """`query` over a per-period table (status history, evidence) joined to each row's period, action
    and, when known, the person who wrote it: plain columns of all four can then be selected at once."""
    return (
        query.join(PeriodRow, rows.period_id == PeriodRow.id)
        .join(ActionRow, PeriodRow.action_id == ActionRow.id)
        .outerjoin(Person, rows.person_id == Person.id)
    )


def period_states(
    session: Session,
    year: int,
    *,
    team_code: str | None = None,
    action_codes: Iterable[str] | None = None,
    retired: bool = False,
) -> list[PeriodState]:
    """Every due period of the plan of `year` still in it (or, `retired`, those taken out of it since,
    with their statuses), soonest deadline first."""
    query = _states_of_year(retired, by_team=team_code is not None, by_actions=action_codes is not None)
    values: dict[str, Any] = {"year": year}
    if team_code is not None:
        values["team_code"] = team_code
    if action_codes is not None:
        values["action_codes"] = list(action_codes)
    return [_state(row) for row in run(session, query, values)]


@functools.cache
def _states_of_year(retired: bool, *, by_team: bool, by_actions: bool) -> Select[Any]:
    # Built once per filter combination: a report reads its action's periods on every update.
    live = _PERIODS.c.in_plan.is_(True) & _ACTIONS.c.in_plan.is_(True)
    query = (
        _state_query()
        .where(in_year(bindparam("year")), ~live if retired else live)
        .order_by(_PERIODS.c.deadline, _ACTIONS.c.id, _PERIODS.c.window_start)
    )
    if by_team:
        query = query.where(_TEAMS.c.code == bindparam("team_code"))
    if by_actions:
        query = query.where(_ACTIONS.c.code.in_(bindparam("action_codes", expanding=True)))
    return query


def period_state(session: Session, period_id: int) -> PeriodState:
    row = session.execute(_state_query().where(_PERIODS.c.id == period_id)).one_or_none()
    assert row is not None, f"period {period_id} is not in the database"
    return _state(row)


def statuses(session: Session, year: int, *, retired: bool = False) -> dict[tuple[str, str], Status]:
    """(action code, period key) -> status in the plan of `year`: the input of the reminder policy and
    the rekap; with `retired`, also of the periods taken out of the plan."""
    live = PeriodRow.in_plan.is_(True) & ActionRow.in_plan.is_(True)
    rows = session.execute(
        select(ActionRow.code, PeriodRow.key, PeriodRow.status)
        .join(PeriodRow.action)
        .where(in_year(year), live | retired)
    )
    return {(code, key): Status(status) for code, key, status in rows}


# Statements every update runs, built once (with their cache keys), over the tables above: building a
# statement costs more than running it on SQLite.
_PERSON_SEEN = select(
    _PEOPLE.c.id, _PEOPLE.c.full_name, _PEOPLE.c.username, _PEOPLE.c.last_seen_at, _PEOPLE.c.role
).where(_PEOPLE.c.telegram_user_id == bindparam("telegram_user_id"))
_NEW_PERSON = insert(_PEOPLE).returning(_PEOPLE.c.id, _PEOPLE.c.role)
_PERSON_REFRESHED = update(_PEOPLE).where(_PEOPLE.c.id == bindparam("person_id"))
_PERIOD_STATUS = select(_PERIODS.c.status).where(_PERIODS.c.id == bindparam("period_id")).with_for_update()
_STATUS_SET = (
    update(_PERIODS)
    .where(_PERIODS.c.id == bindparam("period_id"))
    .values(status=bindparam("to_status"), status_changed_at=bindparam("now"))
)
_STATUS_WRITTEN = insert(_CHANGES)
_EVIDENCE_KEYS = select(func.coalesce(_EVIDENCE.c.sha256, _EVIDENCE.c.url)).where(
    _EVIDENCE.c.period_id == bindparam("period_id"), _EVIDENCE.c.state == EVIDENCE_ACTIVE
)
_EVIDENCE_FILED = insert(_EVIDENCE).returning(_EVIDENCE.c.id)


@dataclass(frozen=True, slots=True)
class SeenPerson:
    person_id: int
    role: str  # "coordinator" or "member"


def touch_person(
    session: Session, telegram_user_id: int, full_name: str, username: str | None, now: datetime
) -> SeenPerson:
    """Record (or refresh) a Telegram user; writes only what changed, and reads their role with them."""
    row = run(session, _PERSON_SEEN, {"telegram_user_id": telegram_user_id}).one_or_none()
    if row is None:
        fields = {"full_name": full_name, "username": username, "first_seen_at": now, "last_seen_at": now}
        added = run(session, _NEW_PERSON, {"telegram_user_id": telegram_user_id, **fields}).one()
        return SeenPerson(int(added.id), added.role)
    last_seen = row.last_seen_at
    if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
        last_seen = now
    if (row.full_name, row.username, row.last_seen_at) != (full_name, username, last_seen):
        refreshed = {"full_name": full_name, "username": username, "last_seen_at": last_seen}
        run(session, _PERSON_REFRESHED, {"person_id": row.id, **refreshed})
    return SeenPerson(int(row.id), row.role)


def period_status(session: Session, period_id: int) -> Status:
    """The period's status, its row locked for the rest of the unit of work (on PostgreSQL; SQLite has
    one writer at a time anyway), so two reports of one period cannot both see it open."""
    return Status(run(session, _PERIOD_STATUS, {"period_id": period_id}).scalar_one())


def change_status(
    session: Session,
    period_id: int,
    to_status: Status,
    *,
    person_id: int | None,
    chat_id: int | None,
    now: datetime,
    note: str | None = None,
    message_id: int | None = None,
    previous: Status | None = None,
) -> Status:
    """Move a period to `to_status`, writing who and when (and the command's message, when it is to be
    recognised if handled again) into the history; returns the previous status. `previous` is the status
    the caller read with `period_status` in this unit of work (its row locked then), else it is read here."""
    if previous is None:
        previous = period_status(session, period_id)
    run(session, _STATUS_SET, {"period_id": period_id, "to_status": to_status.value, "now": now})
    run(
        session,
        _STATUS_WRITTEN,
        {
            "period_id": period_id,
            "from_status": previous.value,
            "to_status": to_status.value,
            "person_id": person_id,
            "chat_id": chat_id,
            "message_id": message_id,
            "note": note,
            "at": now,
        },
    )
    logger.info("period %s: %s -> %s by person %s", period_id, previous, to_status, person_id)
    return previous


@dataclass(frozen=True, slots=True)
class MadeChange:
    """A status change a command's message made already."""

    period_id: int
    to_status: Status
    note: str | None


def change_made_by(session: Session, chat_id: int, message_id: int) -> MadeChange | None:
    """The status change the message `message_id` of chat `chat_id` made, if it made one."""
    row = session.execute(
        select(StatusChange.period_id, StatusChange.to_status, StatusChange.note)
        .where(StatusChange.chat_id == chat_id, StatusChange.message_id == message_id)
        .order_by(StatusChange.id.desc())
        .limit(1)
    ).first()
    return MadeChange(row.period_id, Status(row.to_status), row.note) if row else None


def _with_period_codes(
    session: Session,
    model: type[StatusChange] | type[Evidence],
    order: InstrumentedAttribute[datetime],
    period_ids: Iterable[int],
) -> Result[tuple[Any, str, str]]:
    """Rows of a per-period table with their action code and period key, oldest first, sender loaded."""
    return session.execute(
        select(model, ActionRow.code, PeriodRow.key)
        .join(PeriodRow, model.period_id == PeriodRow.id)
        .join(PeriodRow.action)
        .options(joinedload(model.person))
        .where(model.period_id.in_(list(period_ids)))
        .order_by(order, model.id)
    )


def history(session: Session, period_ids: Iterable[int]) -> list[StatusEntry]:
    rows = _with_period_codes(session, StatusChange, StatusChange.at, period_ids)
    return [
        StatusEntry(
            action_code=code,
            period_key=key,
            from_status=Status(change.from_status),
            to_status=Status(change.to_status),
            person_name=change.person.full_name if change.person else None,
            telegram_user_id=change.person.telegram_user_id if change.person else None,
            note=change.note,
            at=change.at,
        )
        for change, code, key in rows
    ]


def add_evidence(
    session: Session,
    period_id: int,
    evidence: NewEvidence,
    *,
    person_id: int | None,
    chat_id: int | None,
    message_id: int | None,
    now: datetime,
) -> int:
    row = {
        **asdict(evidence),
        "period_id": period_id,
        "person_id": person_id,
        "chat_id": chat_id,
        "message_id": message_id,
        "created_at": now,
    }
    evidence_id = int(run(session, _EVIDENCE_FILED, row).scalar_one())
    logger.info(
        "evidence %s (%s, sha256 %s) filed for period %s",
        evidence_id,
        evidence.kind,
        evidence.sha256,
        period_id,
    )
    return evidence_id


def evidence_keys(session: Session, period_id: int) -> list[str | None]:
    """What each piece of the period's evidence is, by content: its file's SHA-256 or its link (None for
    neither); in one read, what a filing needs to keep duplicates out and to count what the period holds.
    Withdrawn and rejected items are not the period's any more: the same file may be filed again."""
    return list(run(session, _EVIDENCE_KEYS, {"period_id": period_id}).scalars())


def evidence_for(session: Session, period_ids: Iterable[int], *, every: bool = False) -> list[EvidenceItem]:
    """The periods' evidence, oldest first, numbered within each period; withdrawn and rejected items
    only with `every` (they keep their numbers, so the numbers people see never shift)."""
    numbers: dict[int, int] = {}
    found = []
    for evidence, code, key in _with_period_codes(session, Evidence, Evidence.created_at, period_ids):
        numbers[evidence.period_id] = number = numbers.get(evidence.period_id, 0) + 1
        if not every and evidence.state != EVIDENCE_ACTIVE:
            continue
        found.append(
            EvidenceItem(
                id=evidence.id,
                action_code=code,
                period_key=key,
                kind=evidence.kind,
                original_name=evidence.original_name,
                mime_type=evidence.mime_type,
                size=evidence.size,
                sha256=evidence.sha256,
                path=evidence.path,
                url=evidence.url,
                sender_name=evidence.person.full_name if evidence.person else None,
                created_at=evidence.created_at,
                number=number,
                sender_id=evidence.person_id,
                state=evidence.state,
                withdrawn_at=evidence.withdrawn_at,
                withdrawn_by=evidence.withdrawer.full_name if evidence.withdrawer else None,
                withdrawn_reason=evidence.withdrawn_reason,
            )
        )
    return found


def set_evidence_aside(
    session: Session,
    period_id: int,
    state: str,
    *,
    person_id: int | None,
    now: datetime,
    reason: str | None = None,
    evidence_id: int | None = None,
) -> int:
    """Take the period's evidence (or one item of it) out of it as `state` (withdrawn or rejected), keeping
    the row and the file; returns how many items it took."""
    query = select(Evidence).where(Evidence.period_id == period_id, Evidence.state == EVIDENCE_ACTIVE)
    if evidence_id is not None:
        query = query.where(Evidence.id == evidence_id)
    rows = list(session.scalars(query.with_for_update()))
    for row in rows:
        row.state, row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = state, now, person_id, reason
    if rows:
        logger.info("period %s: %s evidence %s by person %s", period_id, len(rows), state, person_id)
    return len(rows)
