"""User-side actions of FakeBotApi: build a realistic update AND push it to the bot's getUpdates queue."""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from .builders import ChatSpec, JsonDict, UpdateBuilder, UserSpec

P = ParamSpec("P")
R = TypeVar("R")


def _update_kind(msg: JsonDict, edited: bool = False) -> str:
    # Channel messages arrive as channel_post, everything else as message.
    base = "channel_post" if msg["chat"]["type"] == "channel" else "message"
    return f"edited_{base}" if edited else base


def _sends(
    build: Callable[Concatenate[UpdateBuilder, P], JsonDict],
) -> Callable[Concatenate[UserActions, P], JsonDict]:
    """The user action of a message builder: its parameters (signature and docs derived, not restated);
    the message is built, pushed to the bot's queue, and a copy handed back."""

    @functools.wraps(build)
    def send(self: UserActions, /, *args: P.args, **kwargs: P.kwargs) -> JsonDict:
        return self._push_message(build(self.builder, *args, **kwargs))

    return send


def _builds(build: Callable[Concatenate[UpdateBuilder, P], R]) -> Callable[Concatenate[UserActions, P], R]:
    """A builder's spec method as FakeBotApi's own (nothing pushed), its signature derived."""

    @functools.wraps(build)
    def spec(self: UserActions, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return build(self.builder, *args, **kwargs)

    return spec


class UserActions:
    """Mixin; FakeBotApi provides ``builder`` and ``push_update``."""

    builder: UpdateBuilder

    def push_update(self, update: JsonDict) -> JsonDict:  # implemented by FakeBotApi
        raise NotImplementedError

    def _push_message(self, msg: JsonDict, edited: bool = False) -> JsonDict:
        self.push_update({_update_kind(msg, edited): msg})
        return copy.deepcopy(msg)  # callers may mutate their copy without touching the queued update

    # ---- specs (nothing pushed): the builder's own ---------------------------------------------
    user = _builds(UpdateBuilder.user)
    group = _builds(UpdateBuilder.group)
    private = _builds(UpdateBuilder.private)

    # ---- messages: each builder's parameters, the message built and pushed -----------------------
    send_text = _sends(UpdateBuilder.text_message)
    send_photo = _sends(UpdateBuilder.photo_message)
    send_document = _sends(UpdateBuilder.document_message)
    send_sticker = _sends(UpdateBuilder.sticker_message)
    send_voice = _sends(UpdateBuilder.voice_message)

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
