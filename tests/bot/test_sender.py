"""bot/sender.py: python-telegram-bot's own errors become the scheduler's delivery errors."""

import pytest
from telegram import error

from bot.sender import delivery_error
from scheduler.sender import ChatMoved, ChatUnreachable, SendFailed


@pytest.mark.parametrize(
    ("failure", "expected", "retryable"),
    [
        (error.Forbidden("Forbidden: bot was kicked from the group chat"), ChatUnreachable, None),
        (error.Forbidden("Forbidden: bot was blocked by the user"), ChatUnreachable, None),
        (error.BadRequest("Bad Request: chat not found"), ChatUnreachable, None),
        (error.BadRequest("Bad Request: can't parse entities"), SendFailed, False),
        (error.RetryAfter(12), SendFailed, True),
        (error.TimedOut(), SendFailed, True),
        (error.NetworkError("Internal Server Error"), SendFailed, True),
        (error.ChatMigrated(-1009876), ChatMoved, None),
    ],
)
def test_telegram_errors_become_delivery_errors(
    failure: error.TelegramError, expected: type, retryable: bool | None
) -> None:
    mapped = delivery_error(failure)
    assert type(mapped) is expected
    if retryable is not None:
        assert isinstance(mapped, SendFailed) and mapped.retryable is retryable
    if isinstance(failure, error.RetryAfter):
        assert isinstance(mapped, SendFailed) and mapped.retry_after == 12
    if isinstance(mapped, ChatMoved):
        assert mapped.new_chat_id == -1009876
