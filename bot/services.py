"""What every handler and job needs, built once by `app/` and kept in `application.bot_data`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from telegram.ext import CallbackContext

from plan.clock import Clock
from plan.lke import Lke, SurveyRule
from store.db import Database
from store.evidence_files import EvidenceFileStore
from store.plans import PlanCatalog, Served

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SERVICES_KEY = "zibot.services"

# Telegram's Bot API refuses getFile above this size.
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
# ... and sendDocument above this one.
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class BotConfig:
    """The part of the settings the bot side reads (bot/ never imports app/)."""

    admin_ids: frozenset[int]
    coordinator_chat_id: int | None
    tz: ZoneInfo
    evidence_wait: timedelta = timedelta(minutes=10)
    tpi_ids: frozenset[int] = frozenset()
    lke_survey_rule: SurveyRule = SurveyRule.PER_FOUR
    # /ekspor bukti sends parts up to this size (a local Bot API server allows more).
    upload_limit: int = TELEGRAM_UPLOAD_LIMIT


@dataclass(frozen=True, slots=True)
class Services:
    config: BotConfig
    plans: PlanCatalog
    database: Database
    files: EvidenceFileStore
    clock: Clock
    lke: Lke  # the LKE data file, loaded once

    def served(self) -> Served:
        """The plan the bot works with now: this year's, else the last one read-only (store/plans.py)."""
        with self.database.unit_of_work() as session:
            return self.served_in(session)

    def served_in(self, session: Session) -> Served:
        served = self.plans.serving(session, self.clock.now().date())
        if served is None:  # app's open_database imports ZIBOT_PLAN into an empty database
            raise RuntimeError("the database holds no plan")
        return served


def services_of(context: CallbackContext) -> Services:  # type: ignore[type-arg]
    return context.application.bot_data[SERVICES_KEY]
