"""FakeBotApi: a loopback aiohttp server speaking the Telegram Bot API wire format.

PTB posts to ``{base_url}{token}/{method}`` (form-urlencoded, or multipart when uploading; non-string
values are JSON-encoded) and downloads from ``{base_file_url}{token}/{file_path}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import json
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .actions import UserActions
from .builders import ChatSpec, JsonDict, UpdateBuilder, UserSpec
from .methods import MessagingMethods
from .models import METHODS, ApiError, Call, Failure, FailureMode, MethodImpl, UploadedFile
from .session import SessionMethods

log = logging.getLogger(__name__)

# Form fields that are plain strings on the wire; everything else PTB sends JSON-encoded.
_RAW_STRING_FIELDS = frozenset(
    {
        *("text", "caption", "parse_mode", "callback_query_id", "file_id", "url", "secret_token"),
        *("ip_address", "language_code", "inline_message_id", "title", "description", "short_description"),
        *("name", "question", "emoji", "business_connection_id", "message_effect_id", "photo", "document"),
        *("video", "audio", "voice", "sticker", "animation", "video_note", "thumbnail"),
    }
)
_FAILURE_MODES = ("429", "500", "timeout", "forbidden", "400", "unauthorized")
_TEXT_METHODS = ("sendMessage", "sendPhoto", "sendDocument")

CallMatcher = str | Callable[[Call], bool] | None


def _decode_field(name: str, value: str) -> Any:
    if name in _RAW_STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


def _chat_key(chat: Any) -> str:
    return str(chat.id if isinstance(chat, ChatSpec) else chat)


class FakeBotApi(SessionMethods, MessagingMethods, UserActions):
    """``async with FakeBotApi() as api:`` then point PTB at ``api.base_url`` / ``api.base_file_url``."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "zibot_test_bot",
        max_poll_timeout: float = 1.0,
        timeout_delay: float = 3.0,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.bot_user = UserSpec(
            id=int(token.split(":")[0]), first_name="Zibot Test", username=bot_username, is_bot=True
        )
        self.builder = UpdateBuilder(self.bot_user)
        self.max_poll_timeout = max_poll_timeout  # caps getUpdates long polling so tests stay fast
        self.timeout_delay = timeout_delay  # how long mode="timeout" stalls a request
        self.latency = latency  # added to every call but getUpdates, as a distant Telegram would
        self._ticks = itertools.count()  # orders arrivals and answers: Call.arrived, Call.answered
        self.download_delay = 0.0  # seconds each file download takes (a slow network)
        self.calls: list[Call] = []
        self.updates: list[JsonDict] = []  # every update ever pushed (history)
        self.downloads: list[str] = []  # file_paths fetched from /file/bot<token>/...
        self.answered_queries: set[str] = set()  # callback_query ids answered (Telegram takes one answer)
        self.tokens: set[str] = set()
        self.webhook_url = ""
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.member_status: dict[tuple[int, int], str] = {}
        self.url = self.base_url = self.base_file_url = ""
        self._pending: list[JsonDict] = []  # not yet confirmed via getUpdates offset
        self._allowed_updates: list[str] | None = None
        self._next_update_id = 1
        self._failures: dict[str, deque[Failure]] = {}
        # Generation events: replaced on every change so waiters never miss a wake-up.
        self._update_event = asyncio.Event()
        self._call_event = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # ---- lifecycle ---------------------------------------------------------------------------
    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)  # aiohttp's 1 MiB default is too small
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_download)
        # handler_cancellation: a client that gives up (timeouts, PTB stopping a long poll) cancels
        # its handler instead of leaving it running; short shutdown_timeout keeps teardown fast.
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self.base_url = f"{self.url}/bot"
        self.base_file_url = f"{self.url}/file/bot"

    async def stop(self) -> None:
        self._closing.set()
        self._wake_pollers()  # release long polls and stalled "timeout" handlers immediately
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- HTTP --------------------------------------------------------------------------------
    @staticmethod
    async def _read_params(request: web.Request) -> tuple[JsonDict, dict[str, UploadedFile]]:
        params: JsonDict = {k: _decode_field(k, v) for k, v in request.query.items()}
        files: dict[str, UploadedFile] = {}
        if not request.can_read_body:
            return params, files
        if request.content_type == "application/json":
            params.update(await request.json() or {})
            return params, files
        form = await request.post()  # handles both urlencoded and multipart
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(name, value.filename, value.file.read(), value.content_type)
            else:
                params[name] = _decode_field(name, str(value))
        return params, files

    async def _handle_method(self, request: web.Request) -> web.Response:
        token, raw_method = request.match_info["token"], request.match_info["method"]
        self.tokens.add(token)
        method, impl = METHODS.get(raw_method.lower(), (raw_method, None))
        params, files = await self._read_params(request)
        call = Call(method, params, files, token=token, arrived=next(self._ticks))
        if self.latency and method != "getUpdates":
            await self._sleep(self.latency)
        failure = self._take_failure(method, call.chat_id)
        if failure is None:
            return await self._execute(call, impl)
        call.failed, call.error = True, failure.mode
        if failure.mode != "timeout":
            self._record(call)
            return self._error_response(self._injected_error(failure))
        # Stall longer than the client's read timeout; the client's disconnect cancels this handler.
        self._record(call)
        await self._sleep(self.timeout_delay)
        transport = request.transport
        if self._closing.is_set() or transport is None or transport.is_closing():
            return self._error_response(ApiError(504, "Gateway Timeout"))
        # A patient client still gets a real answer: this was merely a slow call.
        call.failed, call.error = False, None
        return await self._execute(call, impl, already_recorded=True)

    async def _execute(
        self, call: Call, impl: MethodImpl | None, already_recorded: bool = False
    ) -> web.Response:
        try:
            if impl is None:
                log.warning("FakeBotApi: unhandled Bot API method %r, answering ok=true", call.method)
                result: Any = True
            else:
                result = impl(self, call)
                if inspect.isawaitable(result):
                    result = await result
        except ApiError as exc:
            call.failed, call.error = True, exc.description
            self._record(call, already_recorded)
            return self._error_response(exc)
        call.result = result
        self._record(call, already_recorded)
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _error_response(exc: ApiError) -> web.Response:
        return web.json_response(exc.payload(), status=exc.code)

    async def _handle_download(self, request: web.Request) -> web.Response:
        self.tokens.add(request.match_info["token"])
        file_path = request.match_info["file_path"]
        stored = self.builder.file_by_path(file_path)
        if stored is None:
            return self._error_response(ApiError(404, "Not Found"))
        self.downloads.append(file_path)
        if self.download_delay or self.latency:
            await self._sleep(self.download_delay + self.latency)
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # ---- failure injection -------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        times: int = 1,
        mode: FailureMode = "429",
        retry_after: int = 1,
        description: str | None = None,
        chat_id: int | None = None,
        skip: int = 0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*" = any but getUpdates) fail with ``mode``;
        with ``chat_id``, only calls to that chat (others pass untouched); ``skip`` lets that many of the
        matching calls through first."""
        if mode not in _FAILURE_MODES:
            raise ValueError(f"mode must be one of {_FAILURE_MODES}, got {mode!r}")
        canonical = METHODS.get(method.lower(), (method,))[0]
        failures = self._failures.setdefault(canonical, deque())
        failures.append(Failure(mode, times, retry_after, description, chat_id=chat_id, skip=skip))

    def _take_failure(self, method: str, chat_id: Any) -> Failure | None:
        for key in (method, "*" if method != "getUpdates" else None):
            queue = self._failures.get(key) if key else None
            failure = next(
                (f for f in queue or () if f.chat_id is None or str(f.chat_id) == str(chat_id)), None
            )
            if failure is not None and failure.skip > 0:
                failure.skip -= 1
                return None
            if failure is not None and queue is not None:
                failure.times -= 1
                if failure.times <= 0:
                    queue.remove(failure)
                return failure
        return None

    @staticmethod
    def _injected_error(failure: Failure) -> ApiError:
        if failure.mode == "429":
            n = failure.retry_after
            return ApiError(429, f"Too Many Requests: retry after {n}", {"retry_after": n})
        if failure.mode == "500":
            return ApiError(500, failure.description or "Internal Server Error")
        if failure.mode == "forbidden":
            return ApiError(403, failure.description or "Forbidden: bot was kicked from the group chat")
        if failure.mode == "unauthorized":  # what Telegram answers for a revoked or mistyped token
            return ApiError(401, failure.description or "Unauthorized")
        return ApiError(400, failure.description or "Bad Request: injected failure")

    async def _sleep(self, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), delay)

    # ---- updates -----------------------------------------------------------------------------
    def push_update(self, update: JsonDict) -> JsonDict:
        """Queue an update for getUpdates (update_id assigned here) and wake long-polling clients."""
        update = {"update_id": self._next_update_id, **{k: v for k, v in update.items() if k != "update_id"}}
        self._next_update_id += 1
        self._pending.append(update)
        self.updates.append(update)
        self._wake_pollers()
        return update

    def _wake_pollers(self) -> None:
        event, self._update_event = self._update_event, asyncio.Event()
        event.set()

    def set_member_status(self, chat: ChatSpec | int, user: UserSpec | int, status: str) -> None:
        """getChatMember answer: member|administrator|creator|restricted|left|kicked (default member)."""
        chat_id = chat.id if isinstance(chat, ChatSpec) else chat
        user_id = user.id if isinstance(user, UserSpec) else user
        self.member_status[(chat_id, user_id)] = status

    # ---- recording / assertions --------------------------------------------------------------
    def _record(self, call: Call, already_recorded: bool = False) -> None:
        call.answered = next(self._ticks)
        if not already_recorded:
            self.calls.append(call)
        event, self._call_event = self._call_event, asyncio.Event()
        event.set()

    @staticmethod
    def _matcher(what: CallMatcher, chat_id: Any, include_failed: bool) -> Callable[[Call], bool]:
        def match(call: Call) -> bool:
            if call.failed and not include_failed:
                return False
            if chat_id is not None and str(call.params.get("chat_id")) != _chat_key(chat_id):
                return False
            if what is None:
                return True
            return call.method == what if isinstance(what, str) else bool(what(call))

        return match

    def sent(
        self, method: str | None = "sendMessage", chat_id: Any = None, *, include_failed: bool = False
    ) -> list[Call]:
        """Recorded calls of ``method`` (None = any), optionally to one chat; successful only by default."""
        match = self._matcher(method, chat_id, include_failed)
        return [c for c in self.calls if match(c)]

    def texts(self, chat_id: Any = None, *, include_failed: bool = False) -> list[str]:
        """Texts the bot sent: sendMessage text plus captions of sendPhoto/sendDocument/sendMediaGroup."""
        out: list[str] = []
        for call in self.sent(None, chat_id, include_failed=include_failed):
            if call.method in _TEXT_METHODS and call.text is not None:
                out.append(call.text)
            elif call.method == "sendMediaGroup":
                out.extend(m["caption"] for m in call.params.get("media", []) if m.get("caption"))
        return out

    def mark(self) -> int:
        """Current position in ``calls``; pass as ``since=`` to wait only for newer calls."""
        return len(self.calls)

    async def wait_for(
        self,
        what: CallMatcher,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the requested public API
        *,
        chat_id: Any = None,
        include_failed: bool = False,
        since: int = 0,
    ) -> list[Call]:
        """Wait until ``count`` calls matching a method name or predicate exist; returns all matches."""
        match = self._matcher(what, chat_id, include_failed)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._call_event
            found = [c for c in self.calls[since:] if match(c)]
            if len(found) >= count:
                return found
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(self._timeout_report(what, count, timeout, found, since))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _timeout_report(
        self, what: CallMatcher, count: int, timeout: float, found: list[Call], since: int
    ) -> str:
        label = what if isinstance(what, str) or what is None else getattr(what, "__name__", repr(what))
        relevant = [c for c in self.calls[since:] if c.method != "getUpdates"]
        polls = len(self.calls[since:]) - len(relevant)
        lines = [f"  #{i} {c.short()}" for i, c in enumerate(relevant)] or ["  (none)"]
        return (
            f"wait_for({label!r}): expected {count} matching call(s) within {timeout}s, got {len(found)}.\n"
            f"Recorded calls (excluding {polls} getUpdates):\n" + "\n".join(lines)
        )
