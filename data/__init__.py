"""The plan files shipped with zibot, installed as package data so the CLI finds them from any folder."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PLAN_2022 = "plan_2022.json"


def packaged_plan() -> Path:
    """The decree's plan as installed (a regular or editable install keeps it as a file on disk)."""
    return Path(str(files(__name__).joinpath(PLAN_2022)))
