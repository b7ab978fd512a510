"""Build the services and the python-telegram-bot Application from the settings: the one place that
knows every package. Handler modules and job installers are listed here and nowhere else."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults

from app.commands_db import open_database
from app.settings import Settings
from bot import commands
from bot.context import CONTEXT_TYPES
from bot.handlers import (
    binding,
    errors,
    export,
    lke,
    plan_upload,
    rekap,
    reminder_buttons,
    reporting,
    review,
    tasks,
)
from bot.handlers import help as help_command
from bot.inbox import Inbox, Polling
from bot.outbox import OUTBOX_KEY, Outbox
from bot.prefetch import PREFETCH_KEY, Prefetcher
from bot.sender import SENDER_KEY, TelegramSender
from bot.services import SERVICES_KEY, BotConfig, Services
from bot.serving import Feed
from bot.update_processor import ChatOrderedProcessor
from plan.lke import load_lke
from scheduler import jobs as daily_jobs
from store.evidence_files import EvidenceFileStore
from store.plans import PlanCatalog

# Each module exposes `register(application)`; the command menu comes from bot/commands.py.
# Order matters within a handler group: the first matching handler answers.
HANDLER_MODULES: tuple = (
    help_command,
    binding,
    lke,
    tasks,
    plan_upload,
    reporting,
    reminder_buttons,
    rekap,
    review,
    export,
)
# Each callable takes (application, settings, host=services, sender=sender) and schedules its jobs on
# application.job_queue.
JOB_INSTALLERS: tuple = (daily_jobs.install,)


def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    config = BotConfig(
        admin_ids=settings.admin_ids,
        coordinator_chat_id=settings.coordinator_chat_id,
        tz=settings.tz,
        evidence_wait=timedelta(minutes=settings.evidence_wait_minutes),
        tpi_ids=settings.tpi_ids,
        lke_survey_rule=settings.lke_survey_rule,
        upload_limit=settings.upload_limit_bytes,
    )
    return Services(
        config=config,
        plans=PlanCatalog(),
        database=open_database(settings, migrate=migrate),
        files=EvidenceFileStore(settings.evidence_dir),
        clock=settings.make_clock(),
        lke=load_lke(settings.lke_path),
    )


def build_application(settings: Settings, services: Services, *, install_jobs: bool = True) -> Application:
    """The bot with every handler module, the error handler and (unless a test says otherwise) the jobs."""
    assert settings.telegram_bot_token is not None
    application = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_api_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                # An answer still arrives when the message it answers was deleted meanwhile.
                allow_sending_without_reply=True,
            )
        )
        # One chat's updates in order (albums and evidence waits rely on it), chats at once.
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        # Updates come through the inbox (bot/inbox.py), not PTB's Updater.
        .updater(None)
        .context_types(CONTEXT_TYPES)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    # The one way out for what the daily passes and the use cases send to a chat.
    sender = application.bot_data[SENDER_KEY] = TelegramSender(application.bot, settings.tz)
    for module in HANDLER_MODULES:
        module.register(application)
    errors.register(application)
    if install_jobs:
        for install in JOB_INSTALLERS:
            install(application, settings, host=services, sender=sender)
    return application


def build_inbox(settings: Settings, services: Services, application: Application) -> Inbox:  # type: ignore[type-arg]
    outbox = Outbox(application.bot, services.database, services.clock)
    inbox = Inbox(
        application,
        services.database,
        services.clock,
        timedelta(days=settings.inbox_retention_days),
        outbox,
    )
    application.bot_data[OUTBOX_KEY] = outbox
    prefetcher = Prefetcher(services.files, application.bot)
    application.bot_data[PREFETCH_KEY] = prefetcher
    processor = application.update_processor
    assert isinstance(processor, ChatOrderedProcessor)
    processor.on_arrival = prefetcher.arrived
    processor.on_start = inbox.starting

    def handled(update: object) -> None:
        prefetcher.handled(update)
        inbox.handled(update)

    processor.on_handled = handled
    return inbox


def build_feed(settings: Settings, inbox: Inbox, *, poll_timeout: int = 10) -> Feed:
    """Long polling, or a webhook when ZIBOT_WEBHOOK_URL is set."""
    if not settings.webhook_url:
        return Polling(inbox, Update.ALL_TYPES, poll_timeout=poll_timeout)
    from bot.webhook import Webhook  # tornado only in webhook mode

    # Without a configured secret, a fresh one per start still keeps strangers off the webhook: it is
    # registered with Telegram on every start anyway.
    secret = (
        settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
    )
    return Webhook(
        inbox,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url=settings.webhook_url,
        url_path=urlsplit(settings.webhook_url).path,
        secret=secret,
        allowed_updates=Update.ALL_TYPES,
    )


async def _post_init(application: Application) -> None:
    await application.bot.set_my_commands(commands.menu())
    # The served plan is read (and cached) now, so the first update after a start does not wait for it.
    application.bot_data[SERVICES_KEY].served()
