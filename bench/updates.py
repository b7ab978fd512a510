"""Update throughput: zibot's `/selesai` with a 200 KB photo against a bare python-telegram-bot bot that
handles updates concurrently (getFile, download, one reply), both on the fake Bot API server (tests/fakebot),
alternated in one run; with no added latency and with 150 ms added to every API call (but getUpdates) and
download. Ten groups send five reports each. Then the idle memory of a real `zibot run` process.

    python -m bench.updates               # 3 rounds of each
    python -m bench.updates --rounds 5

Targets: zibot's time at most 1.25x the bare bot's with and without latency; idle RSS under 100 MB.
Both bots use AIORateLimiter, as a bot talking to the real Telegram should (its 30 messages a second cap
is part of both times).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from app.settings import Settings
from app.wiring import build_application, build_feed, build_inbox, build_services
from bot.serving import Serving
from plan.loader import load_plan
from store import chats
from tests.fakebot import ChatSpec, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "data" / "plan_2022.json"
NOW = datetime(2022, 12, 15, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # every period of the year is due
GROUPS, REPORTS_PER_GROUP, PHOTO_BYTES = 10, 5, 200 * 1024
LATENCY = 0.150
TARGET_RATIO, TARGET_RSS_MB = 1.25, 100
# The event loop's lateness: a task sleeping TICK at a time, late by more than LATE (summed).
TICK, LATE = 0.005, 0.010

Workload = list[tuple[ChatSpec, str, bytes]]  # group, caption, photo
Burst = tuple[float, float]  # seconds until every answer, seconds the event loop was late meanwhile
Bot = Callable[[FakeBotApi, Path, Workload], Awaitable[Burst]]


def workload() -> tuple[Workload, dict[int, str]]:
    """Ten groups, each bound to a team, each reporting five of that team's actions; and the bindings."""
    plan = load_plan(PLAN_FILE)
    by_team: dict[str, list[str]] = {}
    for action in plan.actions:
        if action.periods:
            # The period named: with every period of the year due, a bare code would be asked about.
            by_team.setdefault(action.team_code, []).append(f"{action.code} {action.periods[-1].label}")
    chunks = [
        (team, codes[start : start + REPORTS_PER_GROUP])
        for team, codes in by_team.items()
        for start in range(0, len(codes) - REPORTS_PER_GROUP + 1, REPORTS_PER_GROUP)
    ]
    if len(chunks) < GROUPS:
        raise SystemExit(f"the plan has only {len(chunks)} groups of {REPORTS_PER_GROUP} actions")
    work: Workload = []
    teams: dict[int, str] = {}
    for number, (team, codes) in enumerate(chunks[:GROUPS]):
        group = ChatSpec(-2000 - number, "group", f"Grup {team} {number}")
        teams[group.id] = team
        work.extend((group, f"/selesai {code}", os.urandom(PHOTO_BYTES)) for code in codes)
    return work, teams


async def run_burst(api: FakeBotApi, work: Workload) -> Burst:
    """Push every report at once; seconds until each has its answer, and how late the event loop (shared
    by the bot and the fake server) was meanwhile: where the time goes when neither waits on the other."""
    reporter = api.user(201, "Ani", "ani_tl")
    for group, _, _ in work:
        api.builder.chats.setdefault(group.id, group)
    answered = asyncio.Event()
    late = 0.0

    async def watch() -> None:
        nonlocal late
        while not answered.is_set():
            tick = time.perf_counter()
            await asyncio.sleep(TICK)
            overshoot = time.perf_counter() - tick - TICK
            late += overshoot if overshoot > LATE else 0.0

    started = time.perf_counter()
    watcher = asyncio.create_task(watch())
    for group, caption, photo in work:
        api.send_photo(group, reporter, photo, caption=caption)
    try:
        await api.wait_for(
            lambda call: call.method == "sendMessage" and bool(call.params.get("reply_parameters")),
            count=len(work),
            timeout=300,
        )
    finally:
        answered.set()
        await watcher
    return time.perf_counter() - started, late


async def zibot(api: FakeBotApi, folder: Path, work: Workload, teams: dict[int, str]) -> Burst:
    settings = Settings(
        telegram_bot_token=SecretStr(api.token),
        telegram_api_base_url=api.base_url,
        telegram_api_file_url=api.base_file_url,
        data_dir=folder,
        plan_path=PLAN_FILE,
        now=NOW,
        admin_ids=frozenset({100}),
    )
    services = build_services(settings)
    with services.database.unit_of_work() as session:
        for chat_id, team in teams.items():
            chats.bind_chat(session, chat_id, team, "", person_id=None, now=NOW)
    application = build_application(settings, services, install_jobs=False)
    inbox = build_inbox(settings, services, application)
    serving = Serving(application, inbox, build_feed(settings, inbox, poll_timeout=1))
    await serving.start()
    try:
        return await run_burst(api, work)
    finally:
        await serving.stop()
        services.database.dispose()


async def bare(api: FakeBotApi, folder: Path, work: Workload) -> Burst:
    """python-telegram-bot as its documentation shows it, updates handled concurrently."""

    async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.photo
        telegram_file = await context.bot.get_file(message.photo[-1].file_id)
        await telegram_file.download_to_drive(folder / message.photo[-1].file_unique_id)
        await message.reply_text("Laporan diterima.")

    application: Application = (  # type: ignore[type-arg]
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .build()
    )
    application.add_handler(MessageHandler(filters.PHOTO & filters.CaptionRegex(r"^/selesai"), report))
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        await application.start()
        try:
            return await run_burst(api, work)
        finally:
            await application.updater.stop()
            await application.stop()


async def one_run(bot: Bot, latency: float, work: Workload) -> Burst:
    async with FakeBotApi() as api:
        api.latency = latency
        with tempfile.TemporaryDirectory(prefix="zibot-bench-") as folder:
            return await bot(api, Path(folder), work)


@dataclass(frozen=True)
class Latency:
    """One latency's rounds: median times and lateness of each bot, and each round's ratio."""

    latency: float
    bare: Burst
    zibot: Burst
    ratios: list[float]


async def throughput(rounds: int) -> list[Latency]:
    work, teams = workload()

    async def zibot_bot(api: FakeBotApi, folder: Path, burst: Workload) -> Burst:
        return await zibot(api, folder, burst, teams)

    results = []
    for latency in (0.0, LATENCY):
        bursts: dict[Bot, list[Burst]] = {bare: [], zibot_bot: []}
        await one_run(bare, latency, work)  # warm-up: imports, first connections
        await one_run(zibot_bot, latency, work)
        for _ in range(rounds):  # alternated, so a slow moment of the machine hits both
            for bot, runs in bursts.items():
                runs.append(await one_run(bot, latency, work))
        medians = {bot: _medians(runs) for bot, runs in bursts.items()}
        ratios = [z[0] / b[0] for b, z in zip(bursts[bare], bursts[zibot_bot], strict=True)]
        results.append(Latency(latency, medians[bare], medians[zibot_bot], ratios))
    return results


def _medians(runs: list[Burst]) -> Burst:
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


async def idle_rss_mb() -> float:
    """Resident memory of a real `zibot run` process a few seconds after it started serving."""
    async with FakeBotApi() as api:
        with tempfile.TemporaryDirectory(prefix="zibot-bench-") as folder:
            keep = {k: v for k, v in os.environ.items() if not k.startswith(("ZIBOT_", "TELEGRAM_"))}
            env = {
                **keep,
                "TELEGRAM_BOT_TOKEN": api.token,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "TELEGRAM_API_FILE_URL": api.base_file_url,
                "ZIBOT_DATA_DIR": folder,
                "ZIBOT_PLAN": str(PLAN_FILE),
                "PYTHONPATH": str(ROOT),
            }
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "app.cli", "run", env=env, cwd=folder, stderr=asyncio.subprocess.PIPE
            )
            assert process.stderr is not None
            async for line in process.stderr:
                if b"serving @" in line:
                    break
            await asyncio.sleep(3)
            rss = _rss_mb(process.pid)
            process.terminate()
            await process.wait()
    return rss


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.updates", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each bot per latency (median counts)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    reports = GROUPS * REPORTS_PER_GROUP
    print(f"{reports} reports (/selesai + {PHOTO_BYTES // 1024} KB photo) from {GROUPS} groups, at once")
    print(f"  {'added latency':<16}{'bare PTB':>10}{'zibot':>10}{'ratio':>8}  target")
    for result in asyncio.run(throughput(args.rounds)):
        (bare_time, bare_late), (zibot_time, zibot_late) = result.bare, result.zibot
        ratio = zibot_time / bare_time
        verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"  {result.latency * 1000:>6.0f} ms/call {bare_time:>9.2f}s{zibot_time:>9.2f}s{ratio:>7.2f}x"
            f"  <= {TARGET_RATIO}x {verdict}  (rounds {min(result.ratios):.2f}x to {max(result.ratios):.2f}x)"
        )
        print(
            f"  {'':<16}{bare_late:>9.2f}s{zibot_late:>9.2f}s  event loop late > {LATE * 1000:.0f} ms, summed"
        )
    rss = asyncio.run(idle_rss_mb())
    print(
        f"idle RSS of `zibot run`: {rss:.0f} MB  (target < {TARGET_RSS_MB} MB {'ok' if rss < 100 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
