"""All configuration, from the environment and an optional `.env`, built once and passed down."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.services import TELEGRAM_UPLOAD_LIMIT
from data import packaged_lke, packaged_plan
from plan.clock import Clock, ShiftedClock, SystemClock
from plan.lke import SurveyRule
from plan.targets import WEEKDAYS
from store.db import sqlite_url

# Accepted beside the Indonesian names: server configuration is often written in English.
ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _env(name: str) -> AliasChoices:
    # Field names stay pythonic; the environment uses the documented upper-case names.
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_api_base_url: str = Field(
        "https://api.telegram.org/bot", validation_alias=_env("TELEGRAM_API_BASE_URL")
    )
    telegram_api_file_url: str = Field(
        "https://api.telegram.org/file/bot", validation_alias=_env("TELEGRAM_API_FILE_URL")
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), validation_alias=_env("ZIBOT_ADMIN_IDS")
    )
    # TPI (internal evaluation team) members: they answer and read the LKE, nothing else.
    tpi_ids: Annotated[frozenset[int], NoDecode] = Field(frozenset(), validation_alias=_env("ZIBOT_TPI_IDS"))
    coordinator_chat_id: int | None = Field(None, validation_alias=_env("ZIBOT_COORDINATOR_CHAT_ID"))
    data_dir: Path = Field(Path("var"), validation_alias=_env("ZIBOT_DATA_DIR"))
    database_url: str | None = Field(None, validation_alias=_env("ZIBOT_DATABASE_URL"))
    plan_path: Path = Field(default_factory=packaged_plan, validation_alias=_env("ZIBOT_PLAN"))
    lke_path: Path = Field(default_factory=packaged_lke, validation_alias=_env("ZIBOT_LKE"))
    # The reference README: the survey index / 4 (3.60 -> 0.90), or the encoding's options 4/3/2/1.
    lke_survey_rule: SurveyRule = Field(SurveyRule.PER_FOUR, validation_alias=_env("ZIBOT_LKE_SURVEY_RULE"))
    timezone: str = Field("Asia/Jakarta", validation_alias=_env("ZIBOT_TZ"))
    now: datetime | None = Field(None, validation_alias=_env("ZIBOT_NOW"))

    webhook_url: str | None = Field(None, validation_alias=_env("ZIBOT_WEBHOOK_URL"))
    webhook_listen: str = Field("0.0.0.0", validation_alias=_env("ZIBOT_WEBHOOK_LISTEN"))
    webhook_port: int = Field(8443, validation_alias=_env("ZIBOT_WEBHOOK_PORT"))
    webhook_secret: SecretStr | None = Field(None, validation_alias=_env("ZIBOT_WEBHOOK_SECRET"))
    inbox_retention_days: int = Field(7, ge=1, validation_alias=_env("ZIBOT_INBOX_RETENTION_DAYS"))
    concurrent_updates: int = Field(16, ge=1, validation_alias=_env("ZIBOT_CONCURRENT_UPDATES"))

    reminder_time: time = Field(time(8, 0), validation_alias=_env("ZIBOT_REMINDER_TIME"))
    reminder_days_before: Annotated[tuple[int, ...], NoDecode] = Field(
        (7, 3, 1), validation_alias=_env("ZIBOT_REMINDER_DAYS_BEFORE")
    )
    # The weekday of each group's one overdue summary (date.weekday(): 0 is Monday), written as its name.
    overdue_summary_weekday: int = Field(0, validation_alias=_env("ZIBOT_OVERDUE_SUMMARY_DAY"))
    escalate_after_days: int = Field(14, ge=1, validation_alias=_env("ZIBOT_ESCALATE_AFTER_DAYS"))
    extra_holidays: Annotated[frozenset[date], NoDecode] = Field(
        frozenset(), validation_alias=_env("ZIBOT_EXTRA_HOLIDAYS")
    )
    extra_workdays: Annotated[frozenset[date], NoDecode] = Field(
        frozenset(), validation_alias=_env("ZIBOT_EXTRA_WORKDAYS")
    )
    report_digest_time: time = Field(time(16, 0), validation_alias=_env("ZIBOT_REPORT_DIGEST_TIME"))
    evidence_wait_minutes: int = Field(10, ge=1, validation_alias=_env("ZIBOT_EVIDENCE_WAIT_MINUTES"))
    upload_limit_bytes: int = Field(
        TELEGRAM_UPLOAD_LIMIT, ge=64 * 1024, validation_alias=_env("ZIBOT_UPLOAD_LIMIT_BYTES")
    )

    @field_validator(
        "admin_ids", "tpi_ids", "reminder_days_before", "extra_holidays", "extra_workdays", mode="before"
    )
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("overdue_summary_weekday", mode="before")
    @classmethod
    def _weekday_name(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        wanted = value.strip().lower().replace("'", "")
        for number, name in enumerate(WEEKDAYS):
            if wanted in (name.lower(), ENGLISH_WEEKDAYS[number]):
                return number
        raise ValueError(f"{value!r} is not a weekday: senin, selasa, rabu, kamis, jumat, sabtu or minggu")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}; e.g. Asia/Jakarta, Asia/Makassar") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_url(self) -> str:
        return self.database_url or sqlite_url(self.data_dir)

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    def make_clock(self) -> Clock:
        return ShiftedClock(self.tz, self.now) if self.now else SystemClock(self.tz)
