"""End-to-end fixtures: the real Application from app.wiring, long-polling the fake Bot API on loopback,
with a real database (SQLite, or PostgreSQL with ZIBOT_TEST_ENGINE=postgresql) and evidence on disk.

Fixtures
--------
``cast``       the people and chats of a test: ``coordinator`` (in ZIBOT_ADMIN_IDS), ``ani`` and ``dedi``
               (team TL, Penataan Tata Laksana), ``budi`` (team SDM), ``tl_group``, ``sdm_group`` and an
               ``unbound_group``. Nothing is bound until a test binds it.
``start_bot``  an async factory: ``bot = await start_bot(**settings_overrides, jobs=False, teams=())``
               builds the services and the Application exactly as ``zibot run`` does (build_services +
               build_application, build_inbox, build_feed, bot.serving.Serving), polls through the inbox
               with a 1 s long poll, and stops it cleanly at teardown. The believed time defaults to
               ``NOW`` (Monday 6 June 2022, 09:00 WIB); pass ``now=...`` or any other Settings field to
               change it. ``jobs=True`` installs JOB_INSTALLERS too (off by default so handler tests are
               not interleaved with reminders). ``teams=["TL", "SDM"]`` binds those teams' groups.
               Updates pushed to ``fake_api`` before ``start_bot`` are handled once it starts.
               Every bot a test starts shares the test's database, data directory (evidence) and fake
               API, so ``await bot.stop()`` then ``await start_bot()`` is a restart: the new Application
               sees what the first one stored and the updates it had not confirmed.

Example::

    async def test_help(start_bot, cast):
        bot = await start_bot()
        [answer] = await bot.ask(cast.tl_group, cast.ani, "/bantuan")
        assert "/selesai" in answer

``RunningBot`` helpers: ``ask`` (send a text, wait for the answers in that chat), ``report`` (the same
for a captioned photo), ``reply`` (the bot's one reply as sent, with its buttons), ``press`` (press one,
wait for the answers), ``popup`` (press one answered with a popup alone), ``answers`` (wait for answers
after a ``mark()``), ``settle`` (wait until every pushed update was handled, in any chat, to assert that
nothing was said), ``bind`` (bind a group in the store directly, for tests about something else),
``periods``/``evidence``/``history`` (read the store; ``evidence(code, every=True)`` with what was
withdrawn or rejected), ``stop`` (what the process does on exit; a stopped bot is not stopped again at
teardown). Any unexpected exception logged by the bot's error handler fails the test at teardown unless
``bot.expect_errors()`` was called.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import AsyncIterator, Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from app.settings import Settings
from app.wiring import build_application, build_feed, build_inbox, build_services
from bot.services import Services
from bot.serving import Serving
from plan.clock import ShiftedClock
from store import chats, repo
from store.inbox import NEW
from store.models import InboxUpdate, OutboxMessage
from store.repo import EvidenceItem, PeriodState, StatusEntry
from tests.fakebot import Call, ChatSpec, FakeBotApi, UserSpec
from tests.fakebot.fixtures import fake_api  # noqa: F401  (re-exported for e2e tests)

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2022, 6, 6, 9, 0, tzinfo=WIB)  # a Monday
ANSWER_METHODS = ("sendMessage", "editMessageText")
# The barrier user talks only to the test harness; its updates never reach the bot's handlers.
_BARRIER_USER_ID = 999_999_999
_BARRIER_GROUP = -10_000


_TASK_ACTION = re.compile(r"^<b>([IV]+\.\d+\.\d+)</b>")
_TASK_PERIOD = re.compile(r"^\S+ (.+?) — tenggat ")


def task_periods(text: str) -> list[tuple[str, str]]:
    """The (action code, period label) pairs a `/tugas` answer lists, in its order."""
    found, code = [], None
    for line in text.splitlines():
        if action := _TASK_ACTION.match(line):
            code = action.group(1)
        elif (period := _TASK_PERIOD.match(line)) and code is not None:
            found.append((code, period.group(1)))
    return found


@dataclass(frozen=True)
class Cast:
    coordinator: UserSpec
    ani: UserSpec
    dedi: UserSpec
    budi: UserSpec
    tl_group: ChatSpec
    sdm_group: ChatSpec
    unbound_group: ChatSpec

    def team_group(self, team_code: str) -> ChatSpec:
        """The group of a team in the cast: TL's or SDM's."""
        return {"TL": self.tl_group, "SDM": self.sdm_group}[team_code]


@pytest.fixture
def cast(fake_api: FakeBotApi) -> Cast:  # noqa: F811
    return Cast(
        coordinator=fake_api.user(100, "Kordinator", "koord_zi"),
        ani=fake_api.user(201, "Ani", "ani_tl"),
        dedi=fake_api.user(202, "Dedi", "dedi_tl"),
        budi=fake_api.user(301, "Budi", "budi_sdm"),
        tl_group=fake_api.group(-1001, "Tim Tata Laksana"),
        sdm_group=fake_api.group(-1002, "Tim SDM"),
        unbound_group=fake_api.group(-1003, "Grup Lain"),
    )


@dataclass
class RunningBot:
    api: FakeBotApi
    application: Application
    services: Services
    settings: Settings
    serving: Serving
    _barrier_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _errors: list[logging.LogRecord] = field(default_factory=list)
    _errors_expected: bool = False
    _stopped: bool = False

    @property
    def clock(self) -> ShiftedClock:
        assert isinstance(self.services.clock, ShiftedClock)
        return self.services.clock

    def mark(self) -> int:
        return self.api.mark()

    async def answers(self, chat: ChatSpec, since: int, count: int = 1, timeout: float = 5.0) -> list[str]:  # noqa: ASYNC109
        """Texts of the first `count` messages the bot sent (or edited) in `chat` after `since`."""
        calls = await self.api.wait_for(
            lambda call: call.method in ANSWER_METHODS, count, timeout, chat_id=chat.id, since=since
        )
        return [call.text or "" for call in calls[:count]]

    async def _answers_to(
        self,
        chat: ChatSpec,
        send: Callable[[], object],
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[str]:
        """Push an update with `send`, then wait for the answers in `chat`."""
        since = self.mark()
        send()
        return await self.answers(chat, since, count, timeout)

    async def ask(
        self, chat: ChatSpec, user: UserSpec, text: str, reply_to: Any = None, count: int = 1
    ) -> list[str]:
        return await self._answers_to(chat, lambda: self.api.send_text(chat, user, text, reply_to), count)

    async def report(
        self,
        chat: ChatSpec,
        user: UserSpec,
        content: bytes,
        caption: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[str]:
        """Send a photo with a caption (a report with its evidence), wait for the answers in that chat."""
        return await self._answers_to(
            chat, lambda: self.api.send_photo(chat, user, content, caption=caption), count, timeout
        )

    async def report_document(
        self,
        chat: ChatSpec,
        user: UserSpec,
        content: bytes,
        file_name: str,
        caption: str,
        mime_type: str = "application/pdf",
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[str]:
        """The same as `report` with a document."""
        return await self._answers_to(
            chat,
            lambda: self.api.send_document(chat, user, content, file_name, mime_type, caption=caption),
            count,
            timeout,
        )

    async def reply(self, chat: ChatSpec, user: UserSpec, text: str, photo: bytes | None = None) -> Call:
        """Send a text (or a photo captioned with it); the bot's one reply as it was sent, to read its
        buttons or reply to it."""
        since = self.mark()
        if photo is None:
            self.api.send_text(chat, user, text)
        else:
            self.api.send_photo(chat, user, photo, caption=text)
        [message] = await self.api.wait_for("sendMessage", chat_id=chat.id, since=since)
        return message

    async def press(
        self, chat: ChatSpec, user: UserSpec, question: Call, data: str, count: int = 2
    ) -> list[str]:
        """Press a button of the bot's `question` in `chat`; the answers there (by default two: the
        question edited to the pick, then the answer to it)."""
        return await self._answers_to(chat, lambda: self.api.press_button(question, user, data), count)

    async def popup(self, user: UserSpec, question: Call, data: str) -> Call:
        """Press a button of the bot's `question` that is answered with a popup alone: that answer."""
        since = self.mark()
        self.api.press_button(question, user, data)
        [answer] = await self.api.wait_for("answerCallbackQuery", since=since)
        return answer

    def sent_since(self, chat: ChatSpec, since: int) -> list[Call]:
        return [
            c for c in self.api.calls[since:] if c.method in ANSWER_METHODS and str(c.chat_id) == str(chat.id)
        ]

    async def settle(self) -> None:
        """Return once every update pushed so far has been handled and its answers are out: a barrier
        update is pushed, and once it is in the inbox, no update up to it may be unfinished (chats are
        handled concurrently), nor any answer unsent."""
        barrier = self.api.user(_BARRIER_USER_ID, "Barrier")
        self.api.send_text(self.api.private(barrier), barrier, f"barrier {next(self._barrier_numbers)}")
        barrier_id = self.api.updates[-1]["update_id"]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while True:
            with self.services.database.unit_of_work() as session:
                arrived = session.get(InboxUpdate, barrier_id) is not None
                unfinished = session.scalar(
                    select(func.count())
                    .select_from(InboxUpdate)
                    .where(InboxUpdate.state == NEW, InboxUpdate.update_id <= barrier_id)
                )
                unsent = session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failure.is_(None))
                )
            if arrived and not unfinished and not unsent:
                return
            assert loop.time() < deadline, f"{unfinished} updates still unhandled, {unsent} answers unsent"
            await asyncio.sleep(0.02)

    async def _on_barrier(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is not None and user.id == _BARRIER_USER_ID:
            raise ApplicationHandlerStop

    async def stop(self) -> None:
        """Stop polling and the Application as `zibot run` does on exit."""
        if self._stopped:
            return
        self._stopped = True
        await self.serving.stop()
        self.services.database.dispose()

    def bind(self, chat: ChatSpec, team_code: str) -> None:
        with self.services.database.unit_of_work() as session:
            chats.bind_chat(
                session, chat.id, team_code, chat.title or "", person_id=None, now=self.clock.now()
            )

    def periods(self, action_code: str) -> list[PeriodState]:
        with self.services.database.unit_of_work() as session:
            return repo.period_states(session, 2022, action_codes=[action_code])

    def period(self, action_code: str, key: str) -> PeriodState:
        return next(p for p in self.periods(action_code) if p.key == key)

    def evidence(self, action_code: str, *, every: bool = False) -> list[EvidenceItem]:
        """The action's evidence standing (`every`: withdrawn and rejected items too)."""
        ids = [p.period_id for p in self.periods(action_code)]
        with self.services.database.unit_of_work() as session:
            return repo.evidence_for(session, ids, every=every)

    def history(self, action_code: str) -> list[StatusEntry]:
        ids = [p.period_id for p in self.periods(action_code)]
        with self.services.database.unit_of_work() as session:
            return repo.history(session, ids)

    def expect_errors(self) -> None:
        """The test provokes an unexpected exception on purpose."""
        self._errors_expected = True


class _ErrorCollector(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record)


class StartBot(Protocol):
    """The `start_bot` fixture: a bot on the fake Bot API; `jobs` installs the daily pass, `teams` binds
    the cast's groups of those teams (TL, SDM) once it runs, `overrides` replace settings. Calling it
    again starts a second bot on the same database and folders."""

    async def __call__(
        self, *, jobs: bool = False, teams: Collection[str] = (), **overrides: Any
    ) -> RunningBot: ...


@pytest_asyncio.fixture
async def start_bot(
    fake_api: FakeBotApi,  # noqa: F811
    settings: Settings,
    cast: Cast,
) -> AsyncIterator[StartBot]:
    running: list[tuple[RunningBot, _ErrorCollector]] = []
    error_logger = logging.getLogger("bot")

    async def start(*, jobs: bool = False, teams: Collection[str] = (), **overrides: Any) -> RunningBot:
        configured = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(fake_api.token),
                "telegram_api_base_url": fake_api.base_url,
                "telegram_api_file_url": fake_api.base_file_url,
                "admin_ids": frozenset({cast.coordinator.id}),
                "now": NOW,
                **overrides,
            }
        )
        services = build_services(configured)
        application = build_application(configured, services, install_jobs=jobs)
        inbox = build_inbox(configured, services, application)
        serving = Serving(application, inbox, build_feed(configured, inbox, poll_timeout=1))
        bot = RunningBot(fake_api, application, services, configured, serving)
        application.add_handler(TypeHandler(Update, bot._on_barrier), group=_BARRIER_GROUP)
        collector = _ErrorCollector(bot._errors)
        error_logger.addHandler(collector)
        # What `zibot run` does, minus its own event loop and signal handlers.
        await serving.start()
        running.append((bot, collector))
        for team in teams:
            bot.bind(cast.team_group(team), team)
        return bot

    yield start

    for bot, collector in running:
        await bot.stop()
        error_logger.removeHandler(collector)
    for bot, _ in running:
        if bot._errors and not bot._errors_expected:
            formatter = logging.Formatter("%(name)s: %(message)s")
            messages = "\n".join(formatter.format(record) for record in bot._errors)
            pytest.fail(f"the bot logged unexpected errors:\n{messages}")
