"""User-side actions of FakeBotApi: build a realistic update AND push it to the bot's getUpdates queue."""

from __future__ import annotations

import copy
import time
from typing import Any

from .builders import ChatSpec, JsonDict, UpdateBuilder, UserSpec


def _update_kind(msg: JsonDict, edited: bool = False) -> str:
    # Channel messages arrive as channel_post, everything else as message.
    base = "channel_post" if msg["chat"]["type"] == "channel" else "message"
    return f"edited_{base}" if edited else base


class UserActions:
    """Mixin; FakeBotApi provides ``builder`` and ``push_update``."""

    builder: UpdateBuilder

    def push_update(self, update: JsonDict) -> JsonDict:  # implemented by FakeBotApi
        raise NotImplementedError

    def _push_message(self, msg: JsonDict, edited: bool = False) -> JsonDict:
        self.push_update({_update_kind(msg, edited): msg})
        return copy.deepcopy(msg)  # callers may mutate their copy without touching the queued update

    # ---- specs (nothing pushed) --------------------------------------------------------------
    def user(self, id: int, first_name: str, username: str | None = None, **extra: Any) -> UserSpec:
        return self.builder.user(id, first_name, username, **extra)

    def group(self, chat_id: int, title: str, type: str = "group") -> ChatSpec:
        return self.builder.group(chat_id, title, type)

    def private(self, user: UserSpec) -> ChatSpec:
        return self.builder.private(user)

    # ---- messages ----------------------------------------------------------------------------
    def send_text(self, chat: ChatSpec, user: UserSpec, text: str, reply_to: Any = None) -> JsonDict:
        return self._push_message(self.builder.text_message(chat, user, text, reply_to))

    def send_photo(
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
        msg = self.builder.photo_message(
            chat, user, content, caption, media_group_id, reply_to, width, height
        )
        return self._push_message(msg)

    def send_document(
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
        msg = self.builder.document_message(
            chat, user, content, file_name, mime_type, caption, media_group_id, reply_to, declared_size
        )
        return self._push_message(msg)

    def send_sticker(
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
        msg = self.builder.sticker_message(
            chat, user, emoji, content, set_name, is_animated, is_video, reply_to
        )
        return self._push_message(msg)

    def send_voice(
        self,
        chat: ChatSpec,
        user: UserSpec,
        content: bytes = b"OggS-fake-voice",
        duration: int = 2,
        caption: str | None = None,
        mime_type: str = "audio/ogg",
        reply_to: Any = None,
    ) -> JsonDict:
        msg = self.builder.voice_message(chat, user, content, duration, caption, mime_type, reply_to)
        return self._push_message(msg)

    def edit_text(self, original: Any, new_text: str) -> JsonDict:
        """Push an edited_message (edited_channel_post) for a message previously sent by a user."""
        return self._push_message(self.builder.edited_message(original, new_text), edited=True)

    def press_button(self, message: Any, user: UserSpec, data: str) -> JsonDict:
        """Push a callback_query for an inline button on the bot's message (dict or recorded Call)."""
        query = self.builder.callback_query(message, user, data)
        self.push_update({"callback_query": query})
        return copy.deepcopy(query)

    def migrate_group(self, chat: ChatSpec, new_supergroup_id: int, user: UserSpec | None = None) -> ChatSpec:
        """Upgrade a group: pushes migrate_to (old chat) + migrate_from (new chat) service messages.

        Returns the new supergroup's ChatSpec; afterwards sends to the old id fail with ChatMigrated.
        """
        old_msg, new_msg, new_chat = self.builder.migration_messages(chat, new_supergroup_id, user)
        self._push_message(old_msg)
        self._push_message(new_msg)
        return new_chat

    def leave_group(self, chat: ChatSpec, user: UserSpec, by: UserSpec | None = None) -> JsonDict:
        """The service message a group shows when `user` leaves (or `by` removes them)."""
        msg = self.builder.new_message(chat, by or user)
        msg["left_chat_member"] = user.to_dict()
        return self._push_message(self.builder.store(msg))

    def change_member(
        self, chat: ChatSpec, user: UserSpec, status: str, by: UserSpec | None = None, old: str = "member"
    ) -> JsonDict:
        """A `chat_member` update (status "left", "kicked", "member", ...), as bots that are admins get."""
        member: JsonDict = {"status": status, "user": user.to_dict()}
        if status == "kicked":
            member["until_date"] = 0
        changed: JsonDict = {
            "chat": chat.to_dict(),
            "from": (by or user).to_dict(),
            "date": int(time.time()),
            "old_chat_member": {"status": old, "user": user.to_dict()},
            "new_chat_member": member,
        }
        self.push_update({"chat_member": changed})
        return copy.deepcopy(changed)
