"""The one way out to a chat: what the daily passes and the use cases hand their finished messages to. The
scheduler never imports the bot: the bot side implements `Sender` (bot/sender.py: Telegram, in Indonesian),
and anything else can (a printout, another channel).

A digest (reminders, or the coordinator's reports) may go out as several messages (Telegram's
4096-character limit), always in item order: after each message Telegram accepted, the sender yields how
many items it carried, and the caller records those as sent before the sender goes on, so they are never
sent again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from scheduler.policy import Digest
from store.chats import BoundChat
from store.digest import ClaimedDigest


class Sender(Protocol):
    def send_digest(self, chat_id: int, digest: Digest) -> AsyncIterator[int]:
        """Send the digest message by message, yielding each accepted message's number of items (the
        next message waits for the caller); raise a `DeliveryError` for one that did not arrive."""
        ...

    async def send_chat_gone(self, chat_id: int, chat: BoundChat, reason: str) -> None:
        """Tell the coordinator's chat that a team chat stopped taking reminders (bot removed or blocked)."""
        ...

    def send_reports(self, chat_id: int, digest: ClaimedDigest) -> AsyncIterator[int]:
        """Send the coordinator the reports of a claimed report digest message by message, yielding each
        accepted message's number of reports, as `send_digest` does; raise a `DeliveryError` for one that
        did not arrive."""
        ...

    async def send_notice(self, chat_id: int, text: str) -> None:
        """Send a use case's finished notice (already in the chat's language), or raise a `DeliveryError`."""
        ...


class DeliveryError(Exception):
    """A message did not arrive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SendFailed(DeliveryError):
    """Worth trying again later (network, server error, flood control), unless `retryable` is False
    (the message itself was refused: trying the same again cannot help)."""

    def __init__(self, reason: str, *, retryable: bool = True, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retryable = retryable
        self.retry_after = retry_after


class ChatUnreachable(DeliveryError):
    """The chat is gone for the bot (removed, blocked, deleted): stop sending there."""


class ChatMoved(DeliveryError):
    """The group became a supergroup with a new chat id."""

    def __init__(self, reason: str, new_chat_id: int) -> None:
        super().__init__(reason)
        self.new_chat_id = new_chat_id
