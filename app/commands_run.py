"""`zibot run`: migrate, import the plan if the database has none, say when ZIBOT_PLAN differs from the
stored plan or no plan covers this year, and serve the bot with its scheduler, by long polling (the
default) or a webhook when ZIBOT_WEBHOOK_URL is set.

Every update goes through the database inbox (bot/inbox.py): updates sent while the bot was down, or
fetched and not handled when it stopped or died, are handled after start. SIGTERM and SIGINT stop it
within a few seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

from telegram.error import InvalidToken, NetworkError

from app import logs
from app.logs import RedactSecrets, secrets_of
from app.plan_source import startup_notices
from app.settings import Settings

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.services import Services
    from bot.serving import Serving

logger = logging.getLogger(__name__)

TOKEN_MISSING = (
    "TELEGRAM_BOT_TOKEN belum diisi: buat bot lewat @BotFather di Telegram (/newbot), lalu jalankan "
    "TELEGRAM_BOT_TOKEN=<token> zibot run. / TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather "
    "(/newbot) and put its token in TELEGRAM_BOT_TOKEN (environment or .env)."
)

TOKEN_REJECTED = (
    "Telegram menolak TELEGRAM_BOT_TOKEN (401 Unauthorized): salin ulang token bot dari @BotFather "
    "(/mybots → API Token), simpan di TELEGRAM_BOT_TOKEN, lalu jalankan lagi zibot run."
)
API_UNREACHABLE = (
    "Bot API Telegram tidak dapat dihubungi di {url} ({error}): periksa koneksi internet atau "
    "TELEGRAM_API_BASE_URL, lalu jalankan lagi zibot run."
)


def register(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run", help="jalankan bot dan penjadwalnya (long polling, atau webhook bila ZIBOT_WEBHOOK_URL diisi)"
    )
    run.set_defaults(handler=_run)


def _run(settings: Settings, _args: argparse.Namespace) -> int:
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value().strip():
        print(TOKEN_MISSING, file=sys.stderr)
        return 2
    if settings.now is not None:
        logger.warning("ZIBOT_NOW is set: the whole bot believes it is %s, not the real time", settings.now)
    # The bot's modules load only for `zibot run`: the other commands start without them.
    from app.wiring import build_application, build_feed, build_inbox, build_services
    from bot.serving import Serving

    # Migrating (and importing the plan into an empty database) in a child process: the bot never loads
    # Alembic, Mako and Pygments, about 9 MB it would hold for the whole run.
    migrated = subprocess.run([sys.executable, "-m", "app.cli", "db", "upgrade"], stdout=subprocess.DEVNULL)
    if migrated.returncode != 0:
        return migrated.returncode
    services = build_services(settings, migrate=False)
    services.files.sweep_incoming()  # before any download of this process starts
    for notice in startup_notices(services.database, settings.plan_path, services.clock):
        logger.warning("%s", notice)
    application = build_application(settings, services)
    _log_when_serving(application, settings, services)
    inbox = build_inbox(settings, services, application)
    try:
        asyncio.run(_serve(Serving(application, inbox, build_feed(settings, inbox))))
    except InvalidToken:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    except NetworkError as exc:
        error = RedactSecrets(secrets_of(token.get_secret_value())).scrub(exc.message)
        print(API_UNREACHABLE.format(url=settings.telegram_api_base_url, error=error), file=sys.stderr)
        return 1
    return 0


async def _serve(serving: Serving) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await serving.start()
    try:
        await stop.wait()
        logger.info("stopping")
    finally:
        await serving.stop()


def _log_when_serving(application: Application, settings: Settings, services: Services) -> None:  # type: ignore[type-arg]
    """One line saying what is served, once the bot knows its own name (after getMe)."""
    wiring_post_init = application.post_init
    mode = f"webhook {settings.webhook_url}" if settings.webhook_url else "long polling"
    database = services.database.engine.url.render_as_string(hide_password=True)

    async def post_init(app: Application) -> None:  # type: ignore[type-arg]
        if wiring_post_init is not None:
            await wiring_post_init(app)
        logs.report_progress()
        served = services.served()
        logger.info(
            "serving @%s: plan %s%s (%s, %s actions), database %s, %s",
            app.bot.username,
            served.plan.year,
            " read-only" if served.read_only else "",
            served.plan.office,
            len(served.plan.actions),
            database,
            mode,
        )

    application.post_init = post_init
