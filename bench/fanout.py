"""Benchmark of the reminder fan-out: messages a second when a day's digests go to many groups over a
Bot API as far away as Telegram, printed as a ratio to serial sending measured in the same run.

The real path: zibot's Application (app.wiring, with its AIORateLimiter), its Telegram `Sender`, the
dispatcher's claims and records in a temporary SQLite database, against the fake Bot API server of the
tests (tests/fakebot) with a latency added to every call. Serial sending (one chat at a time, the old way)
is measured on fewer groups: its rate does not depend on how many there are, only its duration does.

    python -m bench.fanout                          # 300 groups, 150 ms per call, serial on 40 groups
    python -m bench.fanout --groups 100 --latency 0.05

Target: at least 25 messages a second for 300 groups at 150 ms (Telegram allows about 30 a second).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from app.settings import Settings
from app.wiring import build_application, build_services
from bot.sender import SENDER_KEY
from scheduler.calendar import WorkCalendar
from scheduler.dispatch import CHATS_AT_ONCE, Dispatcher
from scheduler.policy import Audience, PolicyConfig, reminders_on
from store import chats, repo
from tests.fakebot import FakeBotApi

PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "plan_2022.json"
TZ = ZoneInfo("Asia/Jakarta")
# Monday 18 July 2022, 08:00: the weekly overdue summary, every team has overdue periods, so every group
# gets a digest.
NOW = datetime(2022, 7, 18, 8, 0, tzinfo=TZ)
TARGET = 25.0  # messages a second


@dataclass(frozen=True, slots=True)
class Run:
    groups: int
    messages: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds


async def fan_out(folder: Path, groups: int, latency: float, concurrency: int) -> Run:
    """One day's digests to `groups` team groups (spread over the teams that have one that day), timed
    from the first claim to the last record."""
    async with FakeBotApi(latency=latency) as api:
        settings = Settings(
            _env_file=None,
            data_dir=folder,
            plan_path=PLAN_FILE,
            now=NOW,
            telegram_bot_token=SecretStr(api.token),
            telegram_api_base_url=api.base_url,
            telegram_api_file_url=api.base_file_url,
        )
        services = build_services(settings)
        with services.database.unit_of_work() as session:
            served = services.plans.serving(session, NOW.date())
            assert served is not None
            plan = served.plan
            statuses = repo.statuses(session, plan.year)
            # The teams' digests only: the coordinator's escalations are one chat, sent in order anyway.
            digests = tuple(
                d
                for d in reminders_on(plan, statuses, NOW.date(), PolicyConfig(), WorkCalendar())
                if d.audience is Audience.TEAM
            )
            teams = [digest.team_code for digest in digests]
            for n in range(groups):
                team = teams[n % len(teams)]
                chats.bind_chat(session, -1_000_000 - n, team, f"Grup {n}", person_id=None, now=NOW)
        application = build_application(settings, services, install_jobs=False)
        async with application:
            dispatcher = Dispatcher(
                services.database,
                application.bot_data[SENDER_KEY],
                services.clock,
                coordinator_chat_id=None,
                concurrency=concurrency,
            )
            started = time.perf_counter()
            report = await dispatcher.deliver(digests)
            seconds = time.perf_counter() - started
        services.database.dispose()
        assert report.failed == report.given_up == 0, report
        return Run(groups, len(api.sent("sendMessage")), seconds)


async def measure(groups: int, serial_groups: int, latency: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        serial = await fan_out(Path(folder) / "serial", serial_groups, latency, concurrency=1)
        concurrent = await fan_out(Path(folder) / "concurrent", groups, latency, concurrency=CHATS_AT_ONCE)
    print(f"\nReminder fan-out, {latency * 1000:.0f} ms added to every Bot API call")
    print(f"  {'':<28}{'groups':>8}{'messages':>10}{'time':>10}{'msg/s':>9}{'x serial':>10}  target")
    for label, run, target in (("serial (baseline)", serial, ""), ("concurrent", concurrent, "yes")):
        verdict = ""
        if target:
            verdict = f">= {TARGET:.0f} msg/s {'ok' if run.rate >= TARGET else 'MISSED'}"
        print(
            f"  {label:<28}{run.groups:>8}{run.messages:>10}{run.seconds:>9.1f}s{run.rate:>9.1f}"
            f"{run.rate / serial.rate:>9.1f}x  {verdict}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=300, help="team groups sent to concurrently")
    parser.add_argument("--serial-groups", type=int, default=40, help="team groups sent to one by one")
    parser.add_argument("--latency", type=float, default=0.15, help="seconds added to every API call")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(measure(args.groups, args.serial_groups, args.latency))


if __name__ == "__main__":
    main()
