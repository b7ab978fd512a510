"""Plain data types shared by the fake Bot API server and the update builders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

# Telegram's cloud Bot API refuses getFile for anything bigger than this.
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

FailureMode = Literal["429", "500", "timeout", "forbidden", "400", "unauthorized"]


@dataclass
class UploadedFile:
    """One multipart file part the bot uploaded (e.g. the ``photo`` of sendPhoto)."""

    field: str
    filename: str | None
    content: bytes
    content_type: str | None = None


@dataclass
class StoredFile:
    """A file the fake server knows about, reachable via getFile + download."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_size: int  # may exceed len(content): tests can fake huge files without allocating them

    def as_api_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }


@dataclass
class Call:
    """One recorded Bot API request, in arrival order."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    token: str = ""
    failed: bool = False
    # Why it failed: an injected failure mode ("429", "timeout", ...) or Telegram's error description.
    error: str | None = None
    result: Any = None
    # Positions on the server's one tick counter when the request came in and when it was answered: a
    # call that arrived before another was answered overlapped it (no wall clock involved).
    arrived: int = -1
    answered: int = -1

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The user-visible text: ``text`` for sendMessage/edits, ``caption`` for media."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The first button of each row of the inline keyboard sent, top to bottom ([] without one)."""
        markup = self.params.get("reply_markup") or {}
        return [row[0] for row in markup.get("inline_keyboard", [])]

    @property
    def file(self) -> UploadedFile | None:
        """The single uploaded file (sendPhoto/sendDocument), if any."""
        return next(iter(self.files.values()), None)

    def short(self) -> str:
        """Compact one-line description used in assertion messages."""
        flag = f" FAILED({self.error})" if self.failed else ""
        shown = {k: v for k, v in self.params.items() if k not in ("reply_markup", "entities")}
        text = repr(shown)
        if len(text) > 160:
            text = text[:157] + "..."
        files = f" files={sorted(self.files)}" if self.files else ""
        return f"{self.method}{flag} {text}{files}"


@dataclass
class Failure:
    """A pending injected failure for one method (consumed one call at a time)."""

    mode: FailureMode
    times: int
    retry_after: int = 1
    description: str | None = None
    chat_id: int | None = None  # only calls to this chat fail
    skip: int = 0  # matching calls let through before the first failure


class ApiError(Exception):
    """Raised by method implementations to answer with Telegram's error JSON."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


MethodImpl = Callable[[Any, "Call"], Any]
# lower-cased method name -> (canonical name, implementation); Telegram method names are case-insensitive.
METHODS: dict[str, tuple[str, MethodImpl]] = {}


def api_method(*names: str) -> Callable[[MethodImpl], MethodImpl]:
    """Register a mixin method as the implementation of one or more Bot API methods."""

    def register(func: MethodImpl) -> MethodImpl:
        for name in names:
            METHODS[name.lower()] = (name, func)
        return func

    return register
