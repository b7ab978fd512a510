"""Start and stop the bot around its inbox: what `zibot run` and the end-to-end tests both do.

Nothing needs draining at stop: every update is in the inbox, so stopping is quick (the fetch ends, running
handlers get a short grace, the rest is handled at the next start).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from telegram.ext import Application

from bot.inbox import Inbox
from bot.tasks import cancel
from bot.update_processor import ChatOrderedProcessor

logger = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600.0


class Feed(Protocol):
    """Where updates come from: bot.inbox.Polling or bot.webhook.Webhook."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class Serving:
    def __init__(self, application: Application, inbox: Inbox, feed: Feed, grace: float = 2.0) -> None:  # type: ignore[type-arg]
        processor = application.update_processor
        assert isinstance(processor, ChatOrderedProcessor), "build the application with app.wiring"
        self.application = application
        self.inbox = inbox
        self.feed = feed
        self.processor = processor
        self.grace = grace
        self._pruner: asyncio.Task[None] | None = None

    async def start(self) -> None:
        application = self.application
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        self.inbox.outbox.resume()  # the answers of before come first, then what updates say now
        self.inbox.replay()  # before anything new: a chat's old updates come first
        await self.feed.start()
        self._pruner = asyncio.create_task(self._prune_now_and_then(), name="zibot:inbox-prune")

    async def stop(self) -> None:
        await cancel(self._pruner)
        await self.feed.stop()
        left = self.inbox.drop_queued()
        await self.processor.stop_handling(self.grace)
        await self.inbox.outbox.stop(self.grace)
        application = self.application
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        logger.info("stopped; %s updates not started are kept for the next start", left)

    async def _prune_now_and_then(self) -> None:
        while True:
            self.inbox.prune()
            await asyncio.sleep(PRUNE_EVERY_SECONDS)
