"""The coordinator's mapping of plan rows to LKE questions (`lke_mappings`), per plan version through the
rows it names; and the one way question codes are written in a column (comma-separated)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import ActionRow, LkeMappingRow


def codes_text(codes: tuple[str, ...]) -> str:
    """Question codes as a column holds them: "PPA1A,PPA1B", "" for none."""
    return ",".join(codes)


def codes_of(text: str) -> tuple[str, ...]:
    return tuple(code for code in text.split(",") if code)


def manual_mappings(session: Session, version_id: int) -> dict[str, tuple[str, ...]]:
    """Row code -> the questions the coordinator chose for it, for the rows of one plan version."""
    rows = session.execute(
        select(ActionRow.code, LkeMappingRow.questions)
        .join(LkeMappingRow, LkeMappingRow.action_id == ActionRow.id)
        .where(ActionRow.version_id == version_id)
    )
    return {code: codes_of(questions) for code, questions in rows}


def _action_id(session: Session, version_id: int, action_code: str) -> int:
    action_id = session.scalar(
        select(ActionRow.id).where(ActionRow.version_id == version_id, ActionRow.code == action_code)
    )
    assert action_id is not None, f"{action_code} is not a row of version {version_id}"
    return action_id


def set_manual(
    session: Session,
    version_id: int,
    action_code: str,
    questions: tuple[str, ...],
    *,
    person_id: int | None,
    now: datetime,
) -> None:
    """The row serves exactly `questions` (none when empty), whatever the plan file or the suggestion say."""
    action_id = _action_id(session, version_id, action_code)
    row = session.scalar(select(LkeMappingRow).where(LkeMappingRow.action_id == action_id))
    if row is None:
        row = LkeMappingRow(action_id=action_id)
        session.add(row)
    row.questions = codes_text(questions)
    row.person_id = person_id
    row.set_at = now
    session.flush()


def drop_manual(session: Session, version_id: int, action_code: str) -> bool:
    """Forget the coordinator's choice for the row (the plan file's codes or the suggestion hold again);
    False when there was none."""
    action_id = _action_id(session, version_id, action_code)
    row = session.scalar(select(LkeMappingRow).where(LkeMappingRow.action_id == action_id))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
