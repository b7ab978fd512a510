"""The `zibot` command as a newcomer runs it: a real process, from a folder that is not the repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT


def _zibot(cwd: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ZIBOT_", "TELEGRAM_"))}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        cwd=cwd,
        env={**keep, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def elsewhere(tmp_path: Path, database_url: str) -> dict[str, str]:
    """Settings for a run outside the repository: its own data dir and database, no ZIBOT_PLAN."""
    return {"ZIBOT_DATA_DIR": str(tmp_path / "data"), "ZIBOT_DATABASE_URL": database_url}


def test_the_packaged_plan_is_found_from_any_folder(tmp_path: Path, elsewhere: dict[str, str]) -> None:
    checked = _zibot(tmp_path, "plan", "periksa", **elsewhere)
    assert checked.returncode == 0, checked.stderr
    assert "70 aksi" in checked.stdout
    upgraded = _zibot(tmp_path, "db", "upgrade", **elsewhere)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Basis data siap" in upgraded.stdout


def test_a_missing_plan_file_is_not_found_rather_than_invalid(
    tmp_path: Path, elsewhere: dict[str, str]
) -> None:
    missing = tmp_path / "rencana.json"
    finished = _zibot(tmp_path, "jadwal", ZIBOT_PLAN=str(missing), **elsewhere)
    assert finished.returncode == 1
    assert finished.stderr.count("\n") == 1
    assert f"{missing} tidak ditemukan" in finished.stderr and "tidak valid" not in finished.stderr


def test_commands_are_quiet_unless_verbose(tmp_path: Path, elsewhere: dict[str, str]) -> None:
    quiet = _zibot(tmp_path, "rekap", "--bulan", "juni", **elsewhere)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""  # migrating and importing the plan said nothing
    assert "Juni 2022" in quiet.stdout
    verbose = _zibot(tmp_path, "rekap", "--verbose", **elsewhere)
    assert verbose.returncode == 0, verbose.stderr
    assert " INFO " in verbose.stderr and "store.migrate" in verbose.stderr


def _make_dry_run(target: str) -> str:
    # -B: as on a fresh machine, every step; -n: print the steps without running them.
    finished = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return finished.stdout


def test_make_run_installs_the_runtime_only_and_make_test_the_dev_tools() -> None:
    run = _make_dry_run("run")
    assert "pip install --quiet -e ." in run and "[dev]" not in run and "zibot run" in run
    test = _make_dry_run("test")
    assert 'pip install --quiet -e ".[dev]"' in test and "pytest" in test
