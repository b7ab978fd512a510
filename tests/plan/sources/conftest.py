"""The decree of 2022 as a PDF-to-text export gives it, and the plan file hand-converted from it."""

import json
from pathlib import Path
from typing import Any

import pytest

from ...conftest import PLAN_FILE

DECREE_TEXT = Path(__file__).with_name("keputusan_14_2022.txt")


@pytest.fixture
def plan_json() -> dict[str, Any]:
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def decree_lines() -> list[str]:
    return DECREE_TEXT.read_text(encoding="utf-8").splitlines()
