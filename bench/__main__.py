"""Benchmarks of the rekap and the XLSX export, each printed as a ratio to a baseline measured in the same
process: the time to simply read every row of the tables they read (periods, actions, status history,
evidence), as plain tuples.

Two data sets, each in a temporary SQLite database: the decree's real plan (70 rows), and a synthetic one
(the plan repeated to 35,000 actions by default), both with a year of statuses, history and evidence.

    python -m bench                 # both data sets (building the synthetic one takes a minute)
    python -m bench --actions 7000  # a smaller synthetic set

Targets: the rekap of the real plan under 100 ms, of the synthetic set under 1 s. The reminder fan-out
has a benchmark of its own: python -m bench.fanout.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bench.synthetic import build_database, repeated_plan
from plan.loader import load_plan
from plan.model import Plan
from plan.progress import Progress
from reports.chart import progress_chart
from reports.records import load_export
from reports.rekap_text import rekap_html
from reports.workbook import write_workbook
from store.db import Database
from store.models import ActionRow, Evidence, PeriodRow, StatusChange
from usecases.rekap import build_rekap

PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "plan_2022.json"
TODAY = date(2022, 12, 15)
TZ = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    seconds: float
    target: float | None = None


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The fastest of `repeat` runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def read_all_rows(database: Database) -> int:
    """The baseline: every row of the tables a rekap or an export reads, fetched and discarded."""
    rows = 0
    with database.engine.connect() as connection:
        for table in (PeriodRow, ActionRow, StatusChange, Evidence):
            rows += len(connection.execute(select(table.__table__)).all())
    return rows


def rekap(database: Database, plan: Plan) -> Progress:
    """The rekap's values in one unit of work, as /rekap and `zibot rekap` get them."""
    with database.unit_of_work() as session:
        return build_rekap(session, plan, TODAY)


def rekap_message(database: Database, plan: Plan) -> list[str]:
    """What /rekap computes before the chart: the values and the HTML rows."""
    return rekap_html(rekap(database, plan), "Kamis, 15 Desember 2022")


def measure(
    label: str, database: Database, plan: Plan, *, repeat: int, rekap_target: float, xlsx: bool
) -> None:
    baseline = best_of(repeat, lambda: read_all_rows(database))
    results = [
        Result("rekap (values + text)", best_of(repeat, lambda: rekap_message(database, plan)), rekap_target),
        Result("rekap values only", best_of(repeat, lambda: rekap(database, plan))),
        Result("rekap chart (PNG)", best_of(repeat, lambda: progress_chart(rekap(database, plan)))),
    ]
    if xlsx:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "rekap.xlsx"

            def export() -> None:
                with database.unit_of_work() as session:
                    data = load_export(session, plan, TODAY)
                write_workbook(target, data, TZ)

            results.append(Result("XLSX export", best_of(1, export)))
    print(f"\n{label}: {read_all_rows(database):,} rows; baseline (read all rows) {baseline * 1000:.1f} ms")
    print(f"  {'':<24}{'time':>12}{'x baseline':>12}  target")
    for result in results:
        verdict = ""
        if result.target is not None:
            ok = "ok" if result.seconds < result.target else "MISSED"
            verdict = f"< {result.target * 1000:.0f} ms {ok}"
        print(
            f"  {result.name:<24}{result.seconds * 1000:>9.1f} ms{result.seconds / baseline:>11.1f}x  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=35_000, help="actions in the synthetic plan")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (the best counts)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    plan = load_plan(PLAN_FILE)
    with tempfile.TemporaryDirectory() as folder:
        real = build_database(Path(folder) / "real.db", plan, TODAY)
        measure("Real plan (70 actions)", real, plan, repeat=args.repeat, rekap_target=0.1, xlsx=True)
        real.dispose()
        big_plan = repeated_plan(plan, args.actions)
        started = time.perf_counter()
        big = build_database(Path(folder) / "synthetic.db", big_plan, TODAY)
        print(
            f"\n(synthetic data set of {args.actions:,} actions built in {time.perf_counter() - started:.0f} s)"
        )
        measure(
            f"Synthetic plan ({args.actions:,} actions)",
            big,
            big_plan,
            repeat=max(1, args.repeat // 2),
            rekap_target=1.0,
            xlsx=True,
        )
        big.dispose()


if __name__ == "__main__":
    main()
