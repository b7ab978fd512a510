"""The rekap's values, from the store: what `/rekap` and `zibot rekap` both show."""

from __future__ import annotations

import logging
from datetime import date

from plan.model import Plan
from plan.progress import EVERYTHING, Progress, Scope, progress
from store import repo
from store.db import Database

logger = logging.getLogger(__name__)


def build_rekap(database: Database, plan: Plan, today: date, scope: Scope = EVERYTHING) -> Progress:
    """Progress of `scope` on `today`, from the statuses in the database (one read-only unit of work)."""
    with database.unit_of_work() as session:
        statuses = repo.statuses(session)
    result = progress(plan, statuses, today, scope)
    logger.debug("rekap %s on %s: %d periods", scope, today, result.total.total)
    return result
