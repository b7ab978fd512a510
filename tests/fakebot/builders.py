"""Builders for realistic Telegram message/update dicts (pure data, no I/O).

The builder also owns the "world state" both sides need to agree on: per-chat message ids (users and
the bot share one counter per chat, like Telegram), stored messages (so replies/callbacks carry the
current version) and the file registry behind getFile and downloads.
"""

from __future__ import annotations

import copy
import itertools
import re
import time
from dataclasses import dataclass
from typing import Any

from .models import StoredFile

# Telegram marks a leading "/cmd" or "/cmd@botname" as bot_command; PTB's CommandHandler needs it.
_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_URL_RE = re.compile(r"https?://[^\s<>\"']+")
_URL_TRAILING = ".,;:!?)]}"
# Ids <= this are "-100..." supergroup/channel ids in the Bot API.
_SUPERGROUP_ID_LIMIT = -1_000_000_000_000

_FOLDERS = {"photo": "photos", "document": "documents", "sticker": "stickers", "voice": "voice"}

JsonDict = dict[str, Any]


def utf16_len(text: str) -> int:
    """Entity offsets/lengths are counted in UTF-16 code units, not code points."""
    return len(text.encode("utf-16-le")) // 2


def compute_entities(text: str | None) -> list[JsonDict]:
    """bot_command for a leading command plus url entities, as Telegram would attach them."""
    if not text:
        return []
    entities: list[JsonDict] = []
    match = _COMMAND_RE.match(text)
    if match:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))})
    for url_match in _URL_RE.finditer(text):
        url = url_match.group(0).rstrip(_URL_TRAILING)
        offset = utf16_len(text[: url_match.start()])
        entities.append({"type": "url", "offset": offset, "length": utf16_len(url)})
    return entities


@dataclass(frozen=True)
class UserSpec:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    is_bot: bool = False
    language_code: str | None = "en"

    def to_dict(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class ChatSpec:
    id: int
    type: str  # "private" | "group" | "supergroup" | "channel"
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_dict(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data


def as_message(obj: Any) -> JsonDict:
    """Accept a message dict or a recorded Call (its result) wherever a message is expected."""
    if isinstance(obj, dict):
        return obj
    result = getattr(obj, "result", None)
    if isinstance(result, list) and result:  # sendMediaGroup: use the first message of the album
        result = result[0]
    if isinstance(result, dict) and "message_id" in result:
        return result
    raise TypeError(f"expected a message dict or a Call with a Message result, got {obj!r}")


class UpdateBuilder:
    """Creates message dicts and keeps the shared chat/message/file state consistent."""

    def __init__(self, bot_user: UserSpec) -> None:
        self.bot_user = bot_user
        self.users: dict[int, UserSpec] = {bot_user.id: bot_user}
        self.chats: dict[int, ChatSpec] = {}
        self.files: dict[str, StoredFile] = {}
        self.messages: dict[tuple[int, int], JsonDict] = {}
        self.migrated: dict[int, int] = {}  # old group id -> new supergroup id
        self._last_message_id: dict[int, int] = {}
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(4_000_000_000_001)

    # ---- specs -------------------------------------------------------------------------------
    def user(self, id: int, first_name: str, username: str | None = None, **extra: Any) -> UserSpec:
        spec = UserSpec(id=id, first_name=first_name, username=username, **extra)
        self.users[id] = spec
        return spec

    def group(self, chat_id: int, title: str, type: str = "group") -> ChatSpec:
        if type not in ("group", "supergroup", "channel"):
            raise ValueError(f"unsupported group chat type {type!r}")
        if chat_id >= 0:
            raise ValueError("group/supergroup chat ids are negative in the Bot API")
        spec = ChatSpec(id=chat_id, type=type, title=title)
        self.chats[chat_id] = spec
        return spec

    def private(self, user: UserSpec) -> ChatSpec:
        spec = ChatSpec(
            id=user.id,
            type="private",
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
        )
        self.chats[user.id] = spec
        return spec

    def chat_dict(self, chat_id: int | str) -> JsonDict:
        """Chat object for a chat id the bot addressed; unknown ids get a plausible shape."""
        if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
            # "@channelusername": give it a stable fake id
            return {"id": _SUPERGROUP_ID_LIMIT - len(chat_id), "type": "channel", "username": chat_id[1:]}
        cid = int(chat_id)
        if cid in self.chats:
            return self.chats[cid].to_dict()
        if cid > 0:
            user = self.users.get(cid)
            return self.private(user).to_dict() if user else {"id": cid, "type": "private", "first_name": "?"}
        chat_type = "supergroup" if cid <= _SUPERGROUP_ID_LIMIT else "group"
        return {"id": cid, "type": chat_type, "title": f"Chat {cid}"}

    def user_dict(self, user_id: int) -> JsonDict:
        user = self.users.get(user_id)
        return user.to_dict() if user else {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}

    # ---- files -------------------------------------------------------------------------------
    def register_file(
        self, content: bytes, kind: str, ext: str = "bin", declared_size: int | None = None
    ) -> StoredFile:
        seq = next(self._file_seq)
        stored = StoredFile(
            file_id=f"FAKE{kind.upper()}-{seq:06d}-AgACAgIAAxkBAAI",
            file_unique_id=f"AQAD{seq:06d}",
            file_path=f"{_FOLDERS.get(kind, kind + 's')}/file_{seq}.{ext.lstrip('.') or 'bin'}",
            content=content,
            file_size=declared_size if declared_size is not None else len(content),
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        return next((f for f in self.files.values() if f.file_path == file_path), None)

    def photo_sizes(self, content: bytes, width: int = 1280, height: int = 960) -> list[JsonDict]:
        """Two PhotoSizes like Telegram: a small thumbnail first, the real picture last."""
        big = self.register_file(content, "photo", "jpg")
        # Distinct thumbnail bytes so a handler picking photo[0] by mistake gets caught by tests.
        thumb = self.register_file(b"thumbnail-of-" + big.file_unique_id.encode(), "photo", "jpg")
        scale = 90 / max(width, height, 1)
        return [
            {
                "file_id": thumb.file_id,
                "file_unique_id": thumb.file_unique_id,
                "file_size": thumb.file_size,
                "width": max(1, round(width * scale)),
                "height": max(1, round(height * scale)),
            },
            {
                "file_id": big.file_id,
                "file_unique_id": big.file_unique_id,
                "file_size": big.file_size,
                "width": width,
                "height": height,
            },
        ]

    def document_dict(
        self, content: bytes, file_name: str, mime_type: str | None, declared_size: int | None = None
    ) -> JsonDict:
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.register_file(content, "document", ext, declared_size)
        doc = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_name": file_name}
        if mime_type:
            doc["mime_type"] = mime_type
        doc["file_size"] = stored.file_size
        return doc

    # ---- messages ----------------------------------------------------------------------------
    def next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def new_message(
        self, chat: ChatSpec | JsonDict, sender: UserSpec | JsonDict | None, reply_to: Any = None
    ) -> JsonDict:
        chat_dict = chat.to_dict() if isinstance(chat, ChatSpec) else dict(chat)
        msg: JsonDict = {
            "message_id": self.next_message_id(chat_dict["id"]),
            "date": int(time.time()),
            "chat": chat_dict,
        }
        if sender is not None:
            msg["from"] = sender.to_dict() if isinstance(sender, UserSpec) else dict(sender)
        if reply_to is not None:
            msg["reply_to_message"] = self._reply_snapshot(as_message(reply_to))
        return msg

    def store(self, msg: JsonDict) -> JsonDict:
        self.messages[(msg["chat"]["id"], msg["message_id"])] = copy.deepcopy(msg)
        return msg

    def lookup(self, chat_id: int, message_id: int) -> JsonDict | None:
        found = self.messages.get((chat_id, message_id))
        return copy.deepcopy(found) if found else None

    def current(self, message: Any) -> JsonDict:
        """Latest stored version of a message (after edits), falling back to what was passed."""
        msg = as_message(message)
        return self.lookup(msg["chat"]["id"], msg["message_id"]) or copy.deepcopy(msg)

    def _reply_snapshot(self, msg: JsonDict) -> JsonDict:
        # Telegram never nests reply_to_message more than one level deep.
        snapshot = self.current(msg)
        snapshot.pop("reply_to_message", None)
        return snapshot

    @staticmethod
    def set_caption(msg: JsonDict, caption: str | None) -> None:
        if caption is None:
            return
        msg["caption"] = caption
        entities = compute_entities(caption)
        if entities:
            msg["caption_entities"] = entities

    def _file_message(
        self,
        chat: ChatSpec,
        user: UserSpec,
        reply_to: Any,
        kind: str,
        media: JsonDict | list[JsonDict],
        caption: str | None = None,
        media_group_id: str | int | None = None,
    ) -> JsonDict:
        """A message carrying a file as its `kind` (photo, document, sticker, voice), maybe captioned, and
        an item of an album when it has a `media_group_id`."""
        msg = self.new_message(chat, user, reply_to)
        if media_group_id is not None:
            msg["media_group_id"] = str(media_group_id)
        msg[kind] = media
        self.set_caption(msg, caption)
        return self.store(msg)

    def text_message(self, chat: ChatSpec, user: UserSpec, text: str, reply_to: Any = None) -> JsonDict:
        msg = self.new_message(chat, user, reply_to)
        msg["text"] = text
        entities = compute_entities(text)
        if entities:
            msg["entities"] = entities
        return self.store(msg)

    def photo_message(
        self,
        chat: ChatSpec,
        user: UserSpec,
        content: bytes,
        caption: str | None = None,
        media_group_id: str | int | None = None,
        reply_to: Any = None,
        width: int = 1280,
        height: int = 960,
    ) -> JsonDict:
        photo = self.photo_sizes(content, width, height)
        return self._file_message(chat, user, reply_to, "photo", photo, caption, media_group_id)

    def document_message(
        self,
        chat: ChatSpec,
        user: UserSpec,
        content: bytes,
        file_name: str,
        mime_type: str | None = "application/octet-stream",
        caption: str | None = None,
        media_group_id: str | int | None = None,
        reply_to: Any = None,
        declared_size: int | None = None,
    ) -> JsonDict:
        document = self.document_dict(content, file_name, mime_type, declared_size)
        return self._file_message(chat, user, reply_to, "document", document, caption, media_group_id)

    def sticker_message(
        self,
        chat: ChatSpec,
        user: UserSpec,
        emoji: str = "\N{THUMBS UP SIGN}",
        content: bytes = b"RIFF-fake-webp",
        set_name: str | None = None,
        is_animated: bool = False,
        is_video: bool = False,
        reply_to: Any = None,
    ) -> JsonDict:
        ext = "tgs" if is_animated else "webm" if is_video else "webp"
        stored = self.register_file(content, "sticker", ext)
        sticker: JsonDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": is_animated,
            "is_video": is_video,
            "emoji": emoji,
            "file_size": stored.file_size,
        }
        if set_name:
            sticker["set_name"] = set_name
        return self._file_message(chat, user, reply_to, "sticker", sticker)

    def voice_message(
        self,
        chat: ChatSpec,
        user: UserSpec,
        content: bytes = b"OggS-fake-voice",
        duration: int = 2,
        caption: str | None = None,
        mime_type: str = "audio/ogg",
        reply_to: Any = None,
    ) -> JsonDict:
        stored = self.register_file(content, "voice", "oga")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": mime_type,
            "file_size": stored.file_size,
        }
        return self._file_message(chat, user, reply_to, "voice", voice, caption)

    def edited_message(self, original: Any, new_text: str) -> JsonDict:
        """New version of a message: same id/chat, new text (or caption for media), edit_date set."""
        msg = self.current(original)
        field, entities_field = ("text", "entities") if "text" in msg else ("caption", "caption_entities")
        msg[field] = new_text
        msg.pop(entities_field, None)
        entities = compute_entities(new_text)
        if entities:
            msg[entities_field] = entities
        msg["edit_date"] = max(int(time.time()), msg["date"])
        return self.store(msg)

    def callback_query(self, message: Any, user: UserSpec, data: str) -> JsonDict:
        msg = self.current(message)
        return {
            "id": str(next(self._callback_seq)),
            "from": user.to_dict(),
            "message": msg,
            "chat_instance": str(abs(msg["chat"]["id"]) * 7919 + 17),
            "data": data,
        }

    def migration_messages(
        self, chat: ChatSpec, new_supergroup_id: int, user: UserSpec | None = None
    ) -> tuple[JsonDict, JsonDict, ChatSpec]:
        """The pair Telegram sends when a group is upgraded: migrate_to in old, migrate_from in new."""
        sender = user or UserSpec(id=777000, first_name="Telegram")
        old_msg = self.new_message(chat, sender)
        old_msg["migrate_to_chat_id"] = new_supergroup_id
        new_chat = self.group(new_supergroup_id, chat.title or f"Chat {new_supergroup_id}", "supergroup")
        new_msg = self.new_message(new_chat, sender)
        new_msg["migrate_from_chat_id"] = chat.id
        self.migrated[chat.id] = new_supergroup_id
        return self.store(old_msg), self.store(new_msg), new_chat
