"""The context every handler gets (PTB's `ContextTypes(context=ZibotContext)`): the services, the clock's
now, and the actor of the update, built once per update however many handlers look at it.

PTB builds one context per update and hands the same one to every handler group, so the command
handler's access checks and the membership a later group records come from one `identify` call. A
handler that opens its transaction with `context.unit_of_work()` has the actor and the plan looked up in
it: an update's first transaction does both, instead of one of their own before it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from telegram import Chat, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.answers import Answer, answer
from bot.services import Services, services_of
from plan.model import Plan
from store.plans import Served
from usecases.actor import Actor, Speaker, identify
from usecases.plans import writable

GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)

Data = dict[Any, Any]


class ZibotContext(CallbackContext[ExtBot[None], Data, Data, Data]):
    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self._update: Update | None = None
        self._actor: Actor | None = None
        self._served: Served | None = None
        self._session: Session | None = None  # the handler's open unit of work, if any

    @classmethod
    def from_update(cls, update: object, application: Application) -> ZibotContext:  # type: ignore[type-arg,override]
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context._update = update
        return context

    @property
    def message(self) -> Message:
        """The update's message; for a button press, the message the button is on."""
        message = self._update.effective_message if self._update is not None else None
        assert message is not None, "handlers that read the message run on updates that have one"
        return message

    async def reply(self, texts: str | Sequence[str], markup: InlineKeyboardMarkup | None = None) -> None:
        """Answer in the update's chat, in as many messages as the text needs (the markup goes on the last);
        handled again after a crash, the messages that went out before are not sent again."""
        message = self.message
        parts = [texts] if isinstance(texts, str) else list(texts)
        for number, text in enumerate(parts, start=1):
            last = number == len(parts)
            await answer(message.get_bot(), Answer.to_message(message, text, markup if last else None))

    @property
    def services(self) -> Services:
        return services_of(self)

    @property
    def now(self) -> datetime:
        return self.services.clock.now()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """The services' unit of work, in which the actor and the plan are looked up when first asked for.
        An actor built in a transaction that rolls back is forgotten: the person it recorded is gone."""
        with self.services.database.unit_of_work() as session:
            had_actor = self._actor is not None
            self._session = session
            try:
                yield session
            except BaseException:
                if not had_actor:
                    self._actor = None
                raise
            finally:
                self._session = None

    @property
    def served(self) -> Served:
        """The plan of this update (this year's, or the last one read-only), looked up once per update."""
        if self._served is None:
            if self._session is not None:
                self._served = self.services.served_in(self._session)
            else:
                self._served = self.services.served()
        return self._served

    @property
    def plan(self) -> Plan:
        return self.served.plan

    def writable_plan(self) -> Plan:
        """The plan reports and reviews go to; `PlanReadOnly` when no plan covers this year."""
        return writable(self.served, self.now.date())

    @property
    def actor(self) -> Actor:
        """Who sent the update: recorded the first time a handler asks, in the handler's unit of work if
        one is open (else in one of its own, with the served plan)."""
        if self._actor is None:
            if self._session is not None:
                self._actor = self._identify(self._session)
            else:
                with self.services.database.unit_of_work() as session:
                    self._actor = self._identify(session)
                    if self._served is None:  # every handler wants the plan too: one unit of work for both
                        self._served = self.services.served_in(session)
        return self._actor

    def _identify(self, session: Session) -> Actor:
        update = self._update
        assert update is not None, "the actor exists for updates only, not for jobs"
        user, chat = update.effective_user, update.effective_chat
        assert user is not None and chat is not None, "handlers only run on updates with a user and a chat"
        speaker = Speaker(user.id, user.full_name, user.username, chat.id, chat.type in GROUP_TYPES)
        config = self.services.config
        return identify(
            session,
            speaker,
            admin_ids=config.admin_ids,
            coordinator_chat_id=config.coordinator_chat_id,
            now=self.now,
            evaluator_ids=config.tpi_ids,
        )


CONTEXT_TYPES = ContextTypes(context=ZibotContext)
