"""Verification: coordinators approve or send back reported periods; who reported and reviewed what, when.

Only a reported period (status selesai) can be reviewed. Approval makes it disetujui; rejection makes it
ditolak with the reason in the history, which reopens the period so reminders resume; its evidence is
rejected with it (kept on record, never sent to the evaluators, not counted when it is reported again).
Every change goes through `change_status_by`, so the history keeps who, where, when and why.

A review is keyed by its command's chat and message: handled again after a crash, the command finds the
change it made and gives back the same outcome instead of changing the status a second time (the period
may have been reported again meanwhile) or refusing as "not reported".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy.orm import Session

from plan.codes import resolve_action
from plan.errors import NotReported, ReasonRequired, WhichPeriod
from plan.model import Action, Plan, Status
from plan.periods import PeriodQuery, ReportArguments, find_period
from store import repo
from store.chats import active_team_chats
from store.models import EVIDENCE_REJECTED
from usecases.actor import Actor, change_status_by
from usecases.commands import CommandName
from usecases.reporting import Target, target_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status  # disetujui or ditolak
    note: str | None  # the rejection's reason, or an approval's remark


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What a review did, with the team's active chats so the bot can tell them."""

    target: Target  # the period reviewed; its `status` is as it was read, the decision is `verdict`
    team_name: str
    verdict: Verdict
    team_chat_ids: tuple[int, ...]
    evidence_returned: int = 0  # a rejection's evidence, sent back with it: never the evaluators'


# The command of each verdict: what a non-coordinator is told they may not use.
_COMMANDS = {Status.DISETUJUI: CommandName.SETUJUI, Status.DITOLAK: CommandName.TOLAK}


def review(
    session: Session,
    plan: Plan,
    actor: Actor,
    arguments: ReportArguments | None,
    *,
    verdict: Status,
    now: datetime,
    message_id: int | None = None,
) -> ReviewOutcome | None:
    """`/setujui KODE [PERIODE] [CATATAN]` (verdict disetujui) or `/tolak KODE [PERIODE] ALASAN` (ditolak,
    the reason required and kept in the history): the reported period gets the verdict (None: nothing
    named)."""
    actor.require_coordinator(_COMMANDS[verdict])
    if arguments is None:
        return None
    action = resolve_action(plan, arguments.code_text)
    if verdict is Status.DITOLAK and not arguments.note:
        raise ReasonRequired(action.code)
    decided = Verdict(verdict, arguments.note)
    return _review(session, plan, actor, action, arguments.period, decided, now, message_id)


approve = partial(review, verdict=Status.DISETUJUI)
reject = partial(review, verdict=Status.DITOLAK)


def _review(
    session: Session,
    plan: Plan,
    actor: Actor,
    action: Action,
    query: PeriodQuery | None,
    verdict: Verdict,
    now: datetime,
    message_id: int | None,
) -> ReviewOutcome:
    states = {
        state.key: state for state in repo.period_states(session, plan.year, action_codes=[action.code])
    }
    made = None if message_id is None else repo.change_made_by(session, actor.chat_id, message_id)
    if made is not None:  # this very command, handled again after a crash: its change stands
        state = next(state for state in states.values() if state.period_id == made.period_id)
        logger.info(
            "%s %s: %s by message %s already recorded", action.code, state.key, made.to_status, message_id
        )
        return _outcome(session, plan, action, state, Verdict(made.to_status, made.note))
    state = _reported(action, states, query)
    returned = change_status_by(
        session,
        actor,
        state.period_id,
        verdict.status,
        now,
        note=verdict.note,
        message_id=message_id,
        evidence_aside=EVIDENCE_REJECTED if verdict.status is Status.DITOLAK else None,
    )
    logger.info("%s %s %s by user %s", action.code, state.key, verdict.status, actor.telegram_user_id)
    return _outcome(session, plan, action, state, verdict, returned)


def _reported(
    action: Action, states: dict[str, repo.PeriodState], query: PeriodQuery | None
) -> repo.PeriodState:
    """The reported period the review names (the only reported one when it names none)."""
    if query is None:
        reported = [state for state in states.values() if state.status is Status.SELESAI]
        if not reported:
            raise NotReported(action.code, None, None)
        if len(reported) > 1:
            raise WhichPeriod(action.code, tuple(state.label for state in reported))
        return reported[0]
    state = states[find_period(action.code, action.periods, query).key]
    if state.status is not Status.SELESAI:
        raise NotReported(action.code, state.label, state.status)
    return state


def _outcome(
    session: Session,
    plan: Plan,
    action: Action,
    state: repo.PeriodState,
    verdict: Verdict,
    returned: int = 0,
) -> ReviewOutcome:
    return ReviewOutcome(
        target=target_of(action, state),
        team_name=plan.team(action.team_code).name,
        verdict=verdict,
        team_chat_ids=tuple(chat.chat_id for chat in active_team_chats(session, action.team_code)),
        evidence_returned=returned,
    )
