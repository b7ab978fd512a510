"""What the workbook and the evidence package read: every period's report and review, every evidence row.

Both are single queries over plain columns, keyed by (action code, period key), because exports read the
whole year at once (a six-figure number of rows in the benchmark) and an IN list of ids would not scale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from plan.model import Status
from store.models import ActionRow, Evidence, PeriodRow, Person, StatusChange
from store.repo import EvidenceItem, in_year, with_period_and_person

PeriodKey = tuple[str, str]  # (action code, period key)


@dataclass(frozen=True, slots=True)
class Marks:
    """The standing report of a period and, when it came after that report, its review."""

    reported_by: str | None = None
    reported_at: datetime | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_status: Status | None = None
    review_note: str | None = None


def marks(session: Session, year: int) -> dict[PeriodKey, Marks]:
    """The latest report of every reported period of the plan of `year` and its review, if it was
    reviewed since."""
    columns = select(
        ActionRow.code,
        PeriodRow.key,
        StatusChange.to_status,
        StatusChange.at,
        StatusChange.note,
        Person.full_name,
    )
    rows = session.execute(
        with_period_and_person(columns, StatusChange)
        .where(in_year(year))
        .order_by(StatusChange.at, StatusChange.id)
    )
    found: dict[PeriodKey, Marks] = {}
    for code, key, to_status, at, note, name in rows:
        status = Status(to_status)
        if status is Status.SELESAI:
            # A new report hides the review of the previous one: that review was about other evidence.
            found[(code, key)] = Marks(reported_by=name, reported_at=at)
        elif status in (Status.DISETUJUI, Status.DITOLAK):
            previous = found.get((code, key), Marks())
            found[(code, key)] = Marks(previous.reported_by, previous.reported_at, name, at, status, note)
        else:
            found.pop((code, key), None)  # the report was taken back
    return found


def all_evidence(
    session: Session, year: int, *, retired: bool = False
) -> dict[PeriodKey, list[EvidenceItem]]:
    """Every evidence row of the periods still in the plan of `year` (or, `retired`, of those taken out
    of it), whatever its state, numbered and oldest first within a period."""
    live = PeriodRow.in_plan.is_(True) & ActionRow.in_plan.is_(True)
    withdrawer = aliased(Person)
    rows = session.execute(
        select(
            Evidence.id,
            ActionRow.code,
            PeriodRow.key,
            Evidence.kind,
            Evidence.original_name,
            Evidence.mime_type,
            Evidence.size,
            Evidence.sha256,
            Evidence.path,
            Evidence.url,
            Person.full_name,
            Evidence.created_at,
            Evidence.person_id,
            Evidence.state,
            Evidence.withdrawn_at,
            withdrawer.full_name,
            Evidence.withdrawn_reason,
        )
        .join(PeriodRow, Evidence.period_id == PeriodRow.id)
        .join(ActionRow, PeriodRow.action_id == ActionRow.id)
        .outerjoin(Person, Evidence.person_id == Person.id)
        .outerjoin(withdrawer, Evidence.withdrawn_by == withdrawer.id)
        .where(in_year(year), ~live if retired else live)
        .order_by(Evidence.created_at, Evidence.id)
    )
    found: defaultdict[PeriodKey, list[EvidenceItem]] = defaultdict(list)
    for *head, sender_id, state, withdrawn_at, withdrawn_by, reason in rows:
        items = found[(head[1], head[2])]
        item = EvidenceItem(*head, len(items) + 1, sender_id, state, withdrawn_at, withdrawn_by, reason)
        items.append(item)
    return dict(found)
