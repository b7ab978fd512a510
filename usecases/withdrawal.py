"""Withdrawing one evidence item (`/tarik KODE [periode] NOMOR`, the number `/bukti` shows): its sender on
the day they sent it, or a coordinator at any time. Nothing is deleted: the row is marked withdrawn with
who and when, the file stays on disk, and the workbook lists it in its history sheet; it no longer counts
for the period nor goes to the evaluators. A done period left without evidence waits for evidence again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from plan.errors import CannotWithdraw, NoSuchEvidence, Unscheduled
from plan.model import Plan, Status
from plan.periods import ReportArguments, find_period
from store import repo
from store.models import EVIDENCE_WITHDRAWN
from store.repo import EvidenceItem
from usecases.actor import Actor, change_status_by
from usecases.reporting import Choice, PeriodChoice, Target, action_or_choice, target_of

logger = logging.getLogger(__name__)

# The status history's note when a done period loses its last evidence.
LAST_EVIDENCE_NOTE = "bukti terakhir ditarik"


@dataclass(frozen=True, slots=True)
class Withdrawn:
    target: Target
    item: EvidenceItem
    status: Status  # the period's status after it (menunggu bukti when the last evidence of a report went)
    remaining: int


def withdraw(
    session: Session, plan: Plan, actor: Actor, arguments: ReportArguments, number: int, now: datetime
) -> Withdrawn | Choice | PeriodChoice:
    """Withdraw evidence item `number` of the named period, or of the one period that has such an item
    (several: the user picks the period)."""
    action = action_or_choice(plan, actor, arguments.code_text)
    if isinstance(action, Choice):
        return action
    states = repo.period_states(session, plan.year, action_codes=[action.code])
    if not states:
        raise Unscheduled(action.code)
    named = None
    if arguments.period is not None:
        named = find_period(action.code, action.periods, arguments.period).key
        states = [state for state in states if state.key == named]
    matching = [
        item for item in repo.evidence_for(session, [s.period_id for s in states]) if item.number == number
    ]
    if not matching:
        raise NoSuchEvidence(action.code, states[0].label if named else None, number)
    if len(matching) > 1:
        keys = {item.period_key for item in matching}
        return PeriodChoice(action.code, tuple((s.key, s.label) for s in states if s.key in keys), None)
    [item] = matching
    state = next(s for s in states if s.key == item.period_key)
    if not actor.is_coordinator:
        own = item.sender_id == actor.person_id
        if not own or item.created_at.astimezone(now.tzinfo).date() != now.date():
            raise CannotWithdraw(action.code, state.label, number, item.sender_name, own=own)
    repo.set_evidence_aside(
        session, state.period_id, EVIDENCE_WITHDRAWN, person_id=actor.person_id, now=now, evidence_id=item.id
    )
    remaining = len(repo.evidence_for(session, [state.period_id]))
    status = state.status
    if status.is_done and not remaining:
        status = Status.MENUNGGU_BUKTI
        change_status_by(session, actor, state.period_id, status, now, note=LAST_EVIDENCE_NOTE)
    logger.info(
        "%s %s evidence %s withdrawn by user %s", action.code, state.key, item.id, actor.telegram_user_id
    )
    return Withdrawn(target_of(action, state), item, status, remaining)
