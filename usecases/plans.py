"""Which plan a use case works on: reports and reviews go to this year's plan only."""

from __future__ import annotations

from datetime import date

from plan.errors import PlanReadOnly
from plan.model import Plan
from store.plans import Served


def writable(served: Served, today: date) -> Plan:
    """The plan new reports, evidence and reviews go to; the plan of an earlier year is read-only."""
    if served.read_only:
        raise PlanReadOnly(served.plan.year, today.year)
    return served.plan
