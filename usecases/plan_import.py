"""`/rencana`: the coordinator sends a plan file in a private chat, sees what it would change, and a button
applies it. The plan document waits in `pending_requests` (kind ``plan``) with the revision it was compared
with, so the button applies exactly what was shown, or nothing when the stored plan moved on meanwhile."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from plan.errors import ProposalApplied, ProposalGone
from plan.loader import parse_plan
from store import pending
from store.plan_import import PlanChanges, import_plan, plan_changes
from store.plans import version_of_year
from usecases.actor import Actor
from usecases.commands import CommandName

logger = logging.getLogger(__name__)

KIND = "plan"
# How long the summary's button stays good.
PROPOSAL_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Proposal:
    token: str
    source: str
    changes: PlanChanges


def _revision(session: Session, year: int) -> int:
    version = version_of_year(session, year)
    return version.revision if version is not None else 0


def propose(
    session: Session, actor: Actor, document: Any, source: str, sha256: str, *, now: datetime
) -> Proposal:
    """What the plan `document` (the JSON a plan file holds) would change; kept for the button when it
    changes anything. Coordinators only; a malformed document is refused before anything is kept."""
    actor.require_coordinator(CommandName.RENCANA)
    plan = parse_plan(document, source)
    changes = plan_changes(session, plan)
    token = f"{KIND}:{secrets.token_urlsafe(9)}"
    if not changes.empty:
        payload = {
            "document": document,
            "source": source,
            "sha256": sha256,
            "year": plan.year,
            "revision": _revision(session, plan.year),
        }
        pending.add(
            session,
            token,
            KIND,
            actor.chat_id,
            actor.telegram_user_id,
            None,
            payload,
            now=now,
            expires_at=now + PROPOSAL_LIFETIME,
        )
    return Proposal(token, source, changes)


def apply(session: Session, actor: Actor, token: str, *, now: datetime, update_id: int) -> Proposal:
    """The button (the press `update_id`): import the kept plan in this unit of work, if the stored version
    is still the one the summary was made against. The proposal is kept, marked with the press, until it
    expires: a second press, or this one handled again after a crash, learns that it is applied."""
    actor.require_coordinator(CommandName.RENCANA)
    kept = pending.get(session, token, now=now)
    if kept is None or kept.kind != KIND:
        raise ProposalGone(None)
    payload = kept.payload
    # Marked in the transaction of the import: a marked proposal is an applied one.
    if kept.taken_by_update is not None or not pending.claim(session, token, now=now, update_id=update_id):
        raise ProposalApplied(payload["year"])
    if _revision(session, payload["year"]) != payload["revision"]:
        raise ProposalGone(payload["year"])
    plan = parse_plan(payload["document"], payload["source"])
    changes = import_plan(session, plan, payload["sha256"], now)
    logger.info("plan %s imported from %s by user %s", plan.year, payload["source"], actor.telegram_user_id)
    return Proposal(token, payload["source"], changes)
