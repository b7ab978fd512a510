"""Turn a Telegram message into a report request and its evidence.

Evidence is a photo (its largest size), a document, or a link (url and text_link entities). Files are
checked against Telegram's 20 MB getFile limit before anything happens, downloaded through getFile
into the evidence store's temp area and committed there (hashed, fsynced, renamed), so a database row
only ever names a complete file.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from telegram import Bot, Message, MessageEntity
from telegram.error import BadRequest, NetworkError

from bot.commands import EVIDENCE_COMMANDS
from bot.services import TELEGRAM_DOWNLOAD_LIMIT
from plan.errors import EvidenceTooLarge, MalformedCommand, UnsupportedEvidence
from plan.model import Plan
from plan.periods import ReportArguments, split_arguments
from store.evidence_files import EvidenceFileStore, StoredFile
from store.repo import NewEvidence

logger = logging.getLogger(__name__)

DOWNLOAD_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 0.5
_COMMAND = re.compile(
    r"/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>[A-Za-z0-9_]{3,32}))?(?=\s|$)(?P<args>.*)", re.S
)
# Media Telegram can send that cannot be evidence; checked before `document`, which animations also set.
_UNSUPPORTED = (
    "sticker",
    "voice",
    "video_note",
    "video",
    "audio",
    "animation",
    "location",
    "contact",
    "poll",
)


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file in a message, not downloaded yet."""

    kind: str  # photo or document
    file_id: str
    file_unique_id: str
    name: str | None
    mime_type: str | None
    size: int | None


@dataclass(frozen=True, slots=True)
class Request:
    """`/selesai` or `/bukti` with its arguments and whatever evidence came with it."""

    command: str
    arguments: ReportArguments
    files: tuple[FileRef, ...]
    links: tuple[str, ...]
    message_id: int  # the message holding the files (the replied-to one for a reply), else the command

    @property
    def has_evidence(self) -> bool:
        return bool(self.files or self.links)


def command_in(text: str | None, bot_username: str, names: Collection[str]) -> tuple[str, str] | None:
    """``/selesai@ThisBot II.1 ...`` -> ("selesai", "II.1 ..."); None for other text or another bot's command."""
    match = _COMMAND.match(text or "")
    if match is None or match["name"].lower() not in names:
        return None
    if match["bot"] and match["bot"].lower() != bot_username.lower():
        return None
    return match["name"].lower(), match["args"].strip()


def arguments_of(
    plan: Plan, command: str, args: str, today: date, links: Collection[str] = ()
) -> ReportArguments:
    """`<kode> [periode] [catatan]`, leaving out the links (they are evidence, not a note)."""
    # Telegram leaves trailing punctuation out of a URL entity ("lihat https://x.id/a, ya").
    words = [word for word in args.split() if _as_link(word.rstrip(".,;:!?)]}")) not in links]
    arguments = split_arguments(plan, words, today)
    if arguments is None:
        raise MalformedCommand(command)
    return arguments


def withdrawal_of(plan: Plan, command: str, args: str, today: date) -> tuple[ReportArguments, int]:
    """`<kode> [periode] <nomor>`: the evidence number is the last word, and nothing else may follow the
    period (a note would make the number ambiguous)."""
    *rest, last = args.split() or [""]
    if not last.isdecimal():
        raise MalformedCommand(command)
    arguments = arguments_of(plan, command, " ".join(rest), today)
    if arguments.note or arguments.doubt:
        raise MalformedCommand(command)
    return arguments, int(last)


def request_of(message: Message, bot_username: str, plan: Plan, today: date) -> Request | None:
    """The report request in a message's text or caption, with its evidence and the replied-to one's."""
    text = message.text if message.text is not None else message.caption
    found = command_in(text, bot_username, EVIDENCE_COMMANDS)
    if found is None:
        return None
    command, args = found
    own_links = links_of(message)
    replied = message.reply_to_message
    if replied is not None and _is_from(replied, bot_username):
        replied = None  # answering the bot's own message (a listing, a reminder): nothing in it is evidence
    reply_files = files_of(replied) if replied is not None else ()
    reply_links = links_of(replied) if replied is not None else ()
    files = files_of(message) + reply_files
    return Request(
        command=command,
        arguments=arguments_of(plan, command, args, today, own_links),
        files=files,
        links=tuple(dict.fromkeys(own_links + reply_links)),
        message_id=replied.message_id if replied is not None and reply_files else message.message_id,
    )


def _is_from(message: Message, bot_username: str) -> bool:
    sender = message.from_user
    return sender is not None and sender.is_bot and (sender.username or "").lower() == bot_username.lower()


def files_of(message: Message) -> tuple[FileRef, ...]:
    """The photo or document of a message; media that cannot be evidence and files over 20 MB are refused."""
    for kind in _UNSUPPORTED:
        if getattr(message, kind, None):
            raise UnsupportedEvidence(kind)
    if message.photo:
        largest = message.photo[-1]  # Telegram lists sizes smallest first
        ref = FileRef("photo", largest.file_id, largest.file_unique_id, None, "image/jpeg", largest.file_size)
    elif message.document:
        document = message.document
        ref = FileRef(
            "document",
            document.file_id,
            document.file_unique_id,
            document.file_name,
            document.mime_type,
            document.file_size,
        )
    else:
        return ()
    if ref.size is not None and ref.size > TELEGRAM_DOWNLOAD_LIMIT:
        raise EvidenceTooLarge(ref.name, ref.size, TELEGRAM_DOWNLOAD_LIMIT)
    return (ref,)


def links_of(message: Message) -> tuple[str, ...]:
    """Links in the text or caption: typed URLs and links hidden behind text."""
    kinds = [MessageEntity.URL, MessageEntity.TEXT_LINK]
    entities = (
        message.parse_entities(kinds) if message.text is not None else message.parse_caption_entities(kinds)
    )
    links = [
        entity.url if entity.type == MessageEntity.TEXT_LINK and entity.url else _as_link(text)
        for entity, text in entities.items()
    ]
    return tuple(dict.fromkeys(links))


async def _commit(store: EvidenceFileStore, temp: Path) -> StoredFile:
    # Hashing and the fsyncs take milliseconds a file: in a thread, other chats go on meanwhile.
    return await asyncio.to_thread(store.commit, temp)


async def _fetch(bot: Bot, store: EvidenceFileStore, ref: FileRef) -> StoredFile:
    """getFile and the download, tried again after a transient failure (a 502, a time-out) so the user
    is asked to resend only when Telegram stays unreachable."""
    for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
        try:
            telegram_file = await bot.get_file(ref.file_id)
            # PTB reads a download whole before writing it out; bounded by the 20 MB limit above.
            with store.incoming() as temp:
                await telegram_file.download_to_drive(temp)
                return await _commit(store, temp)
        except BadRequest as exc:  # a NetworkError too, but Telegram's final word
            if "too big" in exc.message.lower():
                raise EvidenceTooLarge(ref.name, ref.size, TELEGRAM_DOWNLOAD_LIMIT) from exc
            raise
        except NetworkError as exc:  # TimedOut included
            if attempt == DOWNLOAD_ATTEMPTS:
                raise
            logger.warning(
                "fetching %s failed (%s), attempt %s; trying again", ref.file_unique_id, exc, attempt
            )
            await asyncio.sleep(RETRY_DELAY_SECONDS * attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _as_link(text: str) -> str:
    # Telegram marks "drive.google.com/..." as a URL too; stored links always carry a scheme.
    return text if re.match(r"(?i)[a-z][a-z0-9+.-]*://", text) else f"https://{text}"


class Prefetched(Protocol):
    """Downloads started before the handler's turn (bot/prefetch.py)."""

    async def take(self, ref: FileRef) -> Path | None: ...


async def download(
    bot: Bot,
    store: EvidenceFileStore,
    files: Sequence[FileRef],
    links: Sequence[str] = (),
    prefetched: Prefetched | None = None,
) -> list[NewEvidence]:
    """Fetch each file through getFile into the evidence store (or commit its prefetched download); links
    become link evidence as they are."""
    evidence: list[NewEvidence] = []
    for ref in files:
        temp = await prefetched.take(ref) if prefetched is not None else None
        if temp is not None:
            try:
                stored = await _commit(store, temp)
            finally:
                temp.unlink(missing_ok=True)
        else:
            stored = await _fetch(bot, store, ref)
        logger.info(
            "downloaded %s %s (%s bytes) as %s", ref.kind, ref.file_unique_id, stored.size, stored.sha256
        )
        evidence.append(
            NewEvidence(
                kind=ref.kind,
                original_name=ref.name,
                mime_type=ref.mime_type,
                size=stored.size,
                sha256=stored.sha256,
                path=stored.relative_path,
                telegram_file_id=ref.file_id,
                telegram_file_unique_id=ref.file_unique_id,
            )
        )
    evidence.extend(NewEvidence(kind="link", url=url) for url in links)
    return evidence
