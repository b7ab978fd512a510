"""The context every handler gets (PTB's `ContextTypes(context=ZibotContext)`): the services, the clock's
now, and the actor of the update, built once per update however many handlers look at it.

PTB builds one context per update and hands the same one to every handler group, so the membership the
group -1 handler records and the command handler's access checks come from one `identify` call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import Chat, Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

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

    @classmethod
    def from_update(cls, update: object, application: Application) -> ZibotContext:  # type: ignore[type-arg,override]
        context = super().from_update(update, application)
        if isinstance(update, Update):
            context._update = update
        return context

    @property
    def services(self) -> Services:
        return services_of(self)

    @property
    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def served(self) -> Served:
        """The plan of this update (this year's, or the last one read-only), looked up once per update."""
        if self._served is None:
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
        """Who sent the update: recorded in its own unit of work (with the served plan) the first time a
        handler asks."""
        if self._actor is None:
            update = self._update
            assert update is not None, "the actor exists for updates only, not for jobs"
            user, chat = update.effective_user, update.effective_chat
            assert user is not None and chat is not None, (
                "handlers only run on updates with a user and a chat"
            )
            speaker = Speaker(user.id, user.full_name, user.username, chat.id, chat.type in GROUP_TYPES)
            services = self.services
            with services.database.unit_of_work() as session:
                self._actor = identify(
                    session,
                    speaker,
                    admin_ids=services.config.admin_ids,
                    coordinator_chat_id=services.config.coordinator_chat_id,
                    now=self.now,
                    evaluator_ids=services.config.tpi_ids,
                )
                if self._served is None:  # every handler wants the plan too: one unit of work for both
                    self._served = services.served_in(session)
        return self._actor


CONTEXT_TYPES = ContextTypes(context=ZibotContext)
