"""One chat's updates in order, different chats at once, at most `max_running` handlers at a time.

Albums (bot/pending.py) and evidence waits need a chat's updates in the order Telegram numbered them; a
group held by Telegram's per-group limit (20 messages a minute) must not hold up any other chat. The
processor also knows how many items of an album were handed over and are not handled yet, so an album
gets one answer, after its last item (`album_items_behind`). Each
update first waits for its chat's turn (an `asyncio.Lock`, whose waiters are served first come, first
served, and the Application hands updates over in inbox order) and only then for one of the running
slots, so a chat waiting for its turn never takes a slot another chat could use.

PTB's own semaphore (`max_concurrent_updates`) bounds the updates handed over and not finished: it is set
to `max_waiting`, far above `max_running`, because every waiting update holds one of its places.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.tasks import cut_short

logger = logging.getLogger(__name__)

ChatKey = int | None
AlbumKey = tuple[ChatKey, str]


def chat_key(update: object) -> ChatKey:
    """The chat whose order an update belongs to (the person's id for updates without a chat)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


def album_key(update: object) -> AlbumKey | None:
    """The album (media group) of an update's message, with its chat; None for anything else."""
    if not isinstance(update, Update) or update.effective_message is None:
        return None
    group = update.effective_message.media_group_id
    return (chat_key(update), group) if group else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, max_running: int, max_waiting: int = 1024) -> None:
        super().__init__(max(max_waiting, max_running))
        self._running = asyncio.BoundedSemaphore(max_running)
        # Set by whoever feeds the updates in: told when an update is handed over (before its chat's
        # turn: bot/prefetch.py starts its downloads), as its handlers start (in the task that runs
        # them: the inbox tells bot/answers.py which update its answers belong to) and once it is
        # handled (the inbox marks it done).
        self.on_arrival: Callable[[object], None] = lambda _update: None
        self.on_start: Callable[[object], None] = lambda _update: None
        self.on_handled: Callable[[object], None] = lambda _update: None
        self._turns: dict[ChatKey, asyncio.Lock] = {}
        self._queued: dict[ChatKey, int] = {}
        self._album_items: dict[AlbumKey, int] = {}
        self._active: set[asyncio.Task[Any]] = set()
        self._stopping = False

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        album = album_key(update)
        if album is not None:
            self._album_items[album] = self._album_items.get(album, 0) + 1
        self.on_arrival(update)
        turn = self._turns.setdefault(key, asyncio.Lock())
        self._queued[key] = self._queued.get(key, 0) + 1
        try:
            async with turn, self._running:
                if self._stopping:  # left in the inbox for the next start
                    _discard(coroutine)
                    return
                task = asyncio.current_task()
                assert task is not None
                self._active.add(task)
                try:
                    self.on_start(update)
                    await coroutine
                finally:
                    self._active.discard(task)
                # Still holding the chat's turn: the next update of this chat starts once this one is done.
                self.on_handled(update)
        finally:
            self._queued[key] -= 1
            if not self._queued[key]:
                del self._queued[key], self._turns[key]
            if album is not None:
                self._album_items[album] -= 1
                if not self._album_items[album]:
                    del self._album_items[album]

    def album_items_behind(self, update: object) -> int:
        """Items of the update's album handed over after it and not handled yet (its own turn counts
        once: items before it are done, a chat's updates being handled in order)."""
        album = album_key(update)
        return self._album_items.get(album, 1) - 1 if album is not None else 0

    async def stop_handling(self, grace: float) -> None:
        """Start no more updates; give the running ones `grace` seconds, then cancel them (an update
        cancelled halfway is not marked handled, so the next start handles it again)."""
        self._stopping = True
        late = await cut_short(set(self._active), grace)
        if late:
            logger.info("stopping: %s updates cut short, handled again at the next start", late)

    async def initialize(self) -> None:
        self._stopping = False

    async def shutdown(self) -> None:
        pass


def _discard(coroutine: Awaitable[Any]) -> None:
    if isinstance(coroutine, Coroutine):
        coroutine.close()  # never started: no "coroutine was never awaited" warning
