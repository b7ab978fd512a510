"""The rekap's values, from the store: what `/rekap` and `zibot rekap` both show, and who sees what."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from plan.model import Plan, Status
from plan.progress import EVERYTHING, Progress, Scope, progress
from store import repo
from store.plans import PlanCatalog, plan_of_year
from store.repo import PeriodState
from usecases.actor import Actor
from usecases.scope import visible_scope

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rekap:
    progress: Progress
    other_teams: tuple[str, ...]  # the asker's teams left out of the scope they asked for, one command away
    retired: tuple[PeriodState, ...] = ()  # periods in scope a later import took out of the plan


def retired_in_scope(session: Session, plan: Plan, scope: Scope) -> tuple[PeriodState, ...]:
    """The periods of `scope` that an import took out of the plan and that keep a status: listed apart,
    never counted or reminded."""
    return tuple(
        state
        for state in repo.period_states(session, plan.year, retired=True)
        if state.status is not Status.BELUM
        and scope.holds_team(state.team_code)
        and scope.area_code in (None, state.action_code.split(".")[0])
        and (scope.month is None or scope.month.holds(state.deadline))
    )


def plan_asked(session: Session, catalog: PlanCatalog, served: Plan, text: str) -> tuple[Plan, str]:
    """`/rekap 2022 [tim|area|bulan]`: a leading year picks that year's stored plan (read-only, with every
    status and evidence); without one, the plan served now. Returns the plan and the rest of the text."""
    first, _, rest = text.strip().partition(" ")
    if not re.fullmatch(r"(19|20|21)\d\d", first):
        return served, text
    year = int(first)
    return (served if year == served.year else plan_of_year(session, catalog, year)), rest


def build_rekap(session: Session, plan: Plan, today: date, scope: Scope = EVERYTHING) -> Progress:
    """Progress of `scope` on `today`, from the statuses in the database."""
    result = progress(plan, repo.statuses(session, plan.year), today, scope)
    logger.debug("rekap %s on %s: %d periods", scope, today, result.total.total)
    return result


def rekap_for(session: Session, plan: Plan, actor: Actor, text: str, today: date) -> Rekap | None:
    """`/rekap [semua|tim|area|bulan]` as `actor` may see it; None for someone in no team at all."""
    scope = visible_scope(plan, actor, text)
    if scope is None:
        return None
    shown = build_rekap(session, plan, today, scope)
    # In private a member asking for one of their teams is told of the others.
    others = (
        ()
        if actor.is_coordinator or actor.in_group
        else tuple(t for t in actor.teams if t not in scope.team_codes)
    )
    return Rekap(shown, others, retired_in_scope(session, plan, scope))
