"""The rekap's values, from the store: what `/rekap` and `zibot rekap` both show, and who sees what."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy.orm import Session

from plan.errors import CoordinatorOnly
from plan.model import Plan
from plan.progress import EVERYTHING, Progress, Scope, parse_scope, progress
from store import repo
from store.reporting import Actor

logger = logging.getLogger(__name__)


def build_rekap(session: Session, plan: Plan, today: date, scope: Scope = EVERYTHING) -> Progress:
    """Progress of `scope` on `today`, from the statuses in the database."""
    result = progress(plan, repo.statuses(session), today, scope)
    logger.debug("rekap %s on %s: %d periods", scope, today, result.total.total)
    return result


def scope_for(plan: Plan, actor: Actor, text: str) -> Scope | None:
    """What `/rekap [tim|area|bulan]` may show `actor`: coordinators anything; a team member their own
    team (in a month, if they name one). None for someone in no team at all."""
    actor.require_bound()
    asked = parse_scope(plan, text)
    if actor.is_coordinator:
        return asked
    if not actor.teams:
        return None
    if asked.area_code is not None or asked.team_code not in (None, *actor.teams):
        raise CoordinatorOnly(f"rekap {text.strip()}")
    return Scope(team_code=asked.team_code or actor.teams[0], month=asked.month)
