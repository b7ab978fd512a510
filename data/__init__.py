"""The plan and LKE files shipped with zibot, installed as package data so the CLI finds them from any folder."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PLAN_2022 = "plan_2022.json"
LKE_2021 = "lke_2021.json"


def packaged_plan() -> Path:
    """The decree's plan as installed (a regular or editable install keeps it as a file on disk)."""
    return Path(str(files(__name__).joinpath(PLAN_2022)))


def packaged_lke() -> Path:
    """The LKE of PermenPANRB 90/2021 as installed."""
    return Path(str(files(__name__).joinpath(LKE_2021)))
