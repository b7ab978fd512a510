"""The one way out to a chat: what the daily passes and the use cases hand their finished messages to. The
scheduler never imports the bot: the bot side implements `Sender` (bot/sender.py: Telegram, in Indonesian),
and anything else can (a printout, another channel).

A digest may go out as several messages (Telegram's 4096-character limit), always in item order, so a
failure can say how many leading items did arrive: those count as sent and are never sent again.
"""

from __future__ import annotations

from typing import Protocol

from scheduler.policy import Digest
from store.chats import BoundChat
from store.digest import ClaimedDigest


class Sender(Protocol):
    async def send_digest(self, chat_id: int, digest: Digest) -> None:
        """Send the digest, or raise a `DeliveryError`."""
        ...

    async def send_chat_gone(self, chat_id: int, chat: BoundChat, reason: str) -> None:
        """Tell the coordinator's chat that a team chat stopped taking reminders (bot removed or blocked)."""
        ...

    async def send_reports(self, chat_id: int, digest: ClaimedDigest) -> None:
        """Send the coordinator the reports of a claimed report digest, or raise a `DeliveryError`."""
        ...

    async def send_notice(self, chat_id: int, text: str) -> None:
        """Send a use case's finished notice (already in the chat's language), or raise a `DeliveryError`."""
        ...


class DeliveryError(Exception):
    """A digest did not (fully) arrive; the first `delivered` items did."""

    def __init__(self, reason: str, delivered: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delivered = delivered


class SendFailed(DeliveryError):
    """Worth trying again later (network, server error, flood control), unless `retryable` is False
    (the message itself was refused: trying the same again cannot help)."""

    def __init__(
        self, reason: str, delivered: int = 0, *, retryable: bool = True, retry_after: float | None = None
    ) -> None:
        super().__init__(reason, delivered)
        self.retryable = retryable
        self.retry_after = retry_after


class ChatUnreachable(DeliveryError):
    """The chat is gone for the bot (removed, blocked, deleted): stop sending there."""


class ChatMoved(DeliveryError):
    """The group became a supergroup with a new chat id."""

    def __init__(self, reason: str, new_chat_id: int, delivered: int = 0) -> None:
        super().__init__(reason, delivered)
        self.new_chat_id = new_chat_id
