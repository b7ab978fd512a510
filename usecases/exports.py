"""Who may export: the workbook and the evidence package hold every team's work and evidence, so only
coordinators may make them (the data itself is read by reports/records.py)."""

from __future__ import annotations

from usecases.actor import Actor
from usecases.commands import CommandName


def require_exporter(actor: Actor) -> None:
    actor.require_coordinator(CommandName.EKSPOR)
