"""Fake Telegram Bot API server for driving the real python-telegram-bot stack in tests.

Usage::

    async with FakeBotApi() as api:
        app = ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url)
        ...
        api.send_text(api.private(user), user, "/ping")
        await api.wait_for("sendMessage")
"""

from .builders import ChatSpec, UpdateBuilder, UserSpec, compute_entities, utf16_len
from .models import MAX_DOWNLOAD_SIZE, ApiError, Call, StoredFile, UploadedFile
from .server import FakeBotApi

__all__ = [
    "MAX_DOWNLOAD_SIZE",
    "ApiError",
    "Call",
    "ChatSpec",
    "FakeBotApi",
    "StoredFile",
    "UpdateBuilder",
    "UploadedFile",
    "UserSpec",
    "compute_entities",
    "utf16_len",
]
