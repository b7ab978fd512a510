"""Evidence downloads started when a report arrives, before its chat's turn comes.

A chat's updates are handled one after another (bot/update_processor.py), and a report's getFile and
download are most of its time on a slow network. So the files of a `/selesai` or `/bukti` caption start
downloading as soon as the update is handed over, into the evidence store's temp area; the handler, when
its turn comes, commits the finished temp file instead of fetching again. Nothing is committed before the
handler has checked who may report what: a download the handler does not use is deleted once the update
is handled. Album items and waited files (no command in them) are fetched by the handler as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackContext

from bot.intake import EVIDENCE_COMMANDS, FileRef, command_in, files_of
from plan.errors import ZibotError
from store.evidence_files import EvidenceFileStore

logger = logging.getLogger(__name__)

PREFETCH_KEY = "zibot.prefetch"


class Prefetcher:
    # Downloads go to disk, not memory: the bound keeps well inside the bot's HTTP pool (PTB's 256), and a
    # burst of reports from many groups starts all its downloads at once, as a concurrent bot would.
    def __init__(self, store: EvidenceFileStore, bot: Bot, max_downloads: int = 64) -> None:
        self.store = store
        self.bot = bot
        self._slots = asyncio.Semaphore(max_downloads)
        self._downloads: dict[str, asyncio.Task[Path | None]] = {}  # by file_unique_id
        self._of_update: dict[int, list[str]] = {}

    def arrived(self, update: object) -> None:
        """The update processor's callback when an update is handed over, before its chat's turn."""
        if not isinstance(update, Update) or update.effective_message is None:
            return
        refs = _evidence_in(update.effective_message, self.bot.username)
        fresh = [ref for ref in refs if ref.file_unique_id not in self._downloads]
        for ref in fresh:
            self._downloads[ref.file_unique_id] = asyncio.create_task(self._download(ref))
        if fresh:
            self._of_update[update.update_id] = [ref.file_unique_id for ref in fresh]

    async def take(self, ref: FileRef) -> Path | None:
        """The finished temp file for `ref` (the caller commits or deletes it), or None to fetch it."""
        task = self._downloads.pop(ref.file_unique_id, None)
        return await task if task is not None else None

    def handled(self, update: object) -> None:
        """Delete what the update's handler did not take (a refused report, a stranger's photo); before
        the update is marked done, so nothing of it is left once it is."""
        if not isinstance(update, Update):
            return
        for unique_id in self._of_update.pop(update.update_id, []):
            task = self._downloads.pop(unique_id, None)
            if task is None:
                continue
            if task.done():
                _remove_result(task)
            else:
                task.cancel()  # the download removes its own temp file

    async def _download(self, ref: FileRef) -> Path | None:
        temp = self.store.new_incoming()
        try:
            async with self._slots:
                telegram_file = await self.bot.get_file(ref.file_id)
                await telegram_file.download_to_drive(temp)
        except (TelegramError, OSError) as exc:  # the handler fetches it itself, with its retries
            logger.info("prefetching %s failed (%s); left to the handler", ref.file_unique_id, exc)
            temp.unlink(missing_ok=True)
            return None
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp


def prefetcher_of(context: CallbackContext) -> Prefetcher | None:  # type: ignore[type-arg]
    return context.application.bot_data.get(PREFETCH_KEY)


def _evidence_in(message: Message, bot_username: str) -> tuple[FileRef, ...]:
    if not (message.photo or message.document):
        return ()
    if command_in(message.caption, bot_username, EVIDENCE_COMMANDS) is None:
        return ()
    try:
        return files_of(message)
    except ZibotError:  # refused by the handler with its reason
        return ()


def _remove_result(task: asyncio.Task[Path | None]) -> None:
    if task.cancelled() or task.exception() is not None:
        return
    result = task.result()
    if result is not None:
        with contextlib.suppress(OSError):
            result.unlink()
