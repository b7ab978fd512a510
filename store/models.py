"""SQLAlchemy 2 models. Each imported plan is a version (one per year); its rows are upserted by code and
never deleted, so history and evidence survive edits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from store.user_text import FileName, UserString, UserText

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and read back aware on every engine (SQLite would drop the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use the clock's aware time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PlanVersionRow(Base):
    """One imported plan: an office's decree for one year. Bumping `revision` on every import tells each
    process that its cached plan of this version is stale."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("office", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    decree_title: Mapped[str] = mapped_column(Text)
    decree_number: Mapped[str] = mapped_column(String(100))
    decree_date: Mapped[date] = mapped_column(Date)
    decree_signed_by: Mapped[str] = mapped_column(String(200))
    source_sha256: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    imported_at: Mapped[datetime] = mapped_column(AwareDateTime())


class TeamRow(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class ActionRow(Base):
    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str] = mapped_column(String(5))
    area_name: Mapped[str] = mapped_column(Text)
    component_code: Mapped[str] = mapped_column(String(10), index=True)
    component_name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    indikator: Mapped[str] = mapped_column(Text)
    langkah_aksi: Mapped[str] = mapped_column(Text)
    bukti_fisik: Mapped[str] = mapped_column(Text)
    target_waktu: Mapped[str] = mapped_column(Text)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    # The plan file's own LKE question codes, comma-separated ("" when the row names none).
    lke: Mapped[str] = mapped_column(Text, default="", server_default="")
    # False once a re-imported plan no longer has the row; kept for its history and evidence.
    in_plan: Mapped[bool] = mapped_column(Boolean, default=True)

    team: Mapped[TeamRow] = relationship()
    periods: Mapped[list[PeriodRow]] = relationship(back_populates="action", order_by="PeriodRow.deadline")


class PeriodRow(Base):
    """One due period and its current status (history in `status_changes`)."""

    __tablename__ = "due_periods"
    __table_args__ = (UniqueConstraint("action_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    window_start: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="belum")
    status_changed_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    in_plan: Mapped[bool] = mapped_column(Boolean, default=True)

    action: Mapped[ActionRow] = relationship(back_populates="periods")


class LkeMappingRow(Base):
    """The coordinator's choice of the LKE questions a plan row serves (`zibot lke peta`): it overrides the
    plan file's codes and the suggestion, and a re-import of the plan keeps it."""

    __tablename__ = "lke_mappings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), unique=True)
    questions: Mapped[str] = mapped_column(Text)  # comma-separated codes; "" = the row serves none
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    set_at: Mapped[datetime] = mapped_column(AwareDateTime())


class TeamChat(Base):
    """A Telegram group bound to a team by a coordinator (`/daftar`)."""

    __tablename__ = "team_chats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    title: Mapped[str] = mapped_column(UserString(255), default="")
    bound_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    bound_at: Mapped[datetime] = mapped_column(AwareDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    inactive_reason: Mapped[str | None] = mapped_column(Text)

    team: Mapped[TeamRow] = relationship()


# `last_seen_at` of people and memberships moves only when this much older: seeing someone is not worth
# a database write on every update.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    full_name: Mapped[str] = mapped_column(UserString(255), default="")
    username: Mapped[str | None] = mapped_column(UserString(64))
    # "coordinator" or "member"; ZIBOT_ADMIN_IDS are coordinators whatever this says.
    role: Mapped[str] = mapped_column(String(20), default="member")
    first_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())


class Membership(Base):
    """A person seen in a team's chat: what `/tugas` in a private chat shows them."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime())
    # The group they were last seen in: leaving it, or rebinding it to another team, ends the membership.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)


class StatusChange(Base):
    __tablename__ = "status_changes"
    __table_args__ = (Index("ix_status_changes_chat_message", "chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("due_periods.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # The command's message (reviews): handled again after a crash, it finds its change already made.
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    note: Mapped[str | None] = mapped_column(UserText)
    at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)

    person: Mapped[Person | None] = relationship()


EVIDENCE_ACTIVE = "active"
EVIDENCE_WITHDRAWN = "withdrawn"
EVIDENCE_REJECTED = "rejected"


class Evidence(Base):
    """A photo, document or link filed against a period. Files live on disk by SHA-256 before this row exists."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("due_periods.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # photo, document, link
    original_name: Mapped[str | None] = mapped_column(FileName(255))
    mime_type: Mapped[str | None] = mapped_column(UserString(127))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    path: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(UserText)
    telegram_file_id: Mapped[str | None] = mapped_column(String(255))
    telegram_file_unique_id: Mapped[str | None] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    # Evidence is never deleted: taken back (`/tarik`, `/batal`) it is "withdrawn", sent back with its
    # report (`/tolak`) "rejected"; either way it leaves the period's evidence and the evaluators' package
    # and stays on disk and in the workbook's history, with who, when and why.
    state: Mapped[str] = mapped_column(String(10), default=EVIDENCE_ACTIVE, server_default=EVIDENCE_ACTIVE)
    withdrawn_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    withdrawn_reason: Mapped[str | None] = mapped_column(UserText)

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    withdrawer: Mapped[Person | None] = relationship(foreign_keys=[withdrawn_by])


class ReminderLog(Base):
    """Idempotent sending: a reminder's key is claimed here before it is sent, and marked sent after."""

    __tablename__ = "reminder_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(10), default="claimed")  # claimed, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(AwareDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text)


class EvidenceWait(Base):
    """`/selesai KODE` sent without a file: the next files from that person in that chat are its evidence."""

    __tablename__ = "evidence_waits"
    __table_args__ = (UniqueConstraint("chat_id", "telegram_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    period_id: Mapped[int] = mapped_column(ForeignKey("due_periods.id"))
    command: Mapped[str] = mapped_column(String(10))  # selesai or bukti
    note: Mapped[str | None] = mapped_column(UserText)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime())


class PendingRequest(Base):
    """A request waiting between updates: an album held until its captioned item comes (`album`), or a
    command waiting for an action to be picked from an inline keyboard (`pick`). Kept here, not in memory,
    so a restart or a second process on the same database finds it."""

    __tablename__ = "pending_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(100), unique=True)  # a pick's button token; album:<group id>
    kind: Mapped[str] = mapped_column(String(10))  # album or pick
    chat_id: Mapped[int] = mapped_column(BigInteger)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    # JSON written and read by bot/pending.py: Telegram file ids, parsed arguments, the target.
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime(), index=True)
    # The update whose button press took this pick: that update, handled again after a crash, takes it
    # again; any other press finds it used up.
    taken_by_update: Mapped[int | None] = mapped_column(BigInteger)


class InboxUpdate(Base):
    """Every update Telegram delivered, stored before Telegram is told it arrived (store/inbox.py)."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_state_update_id", "state", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(40))  # message, callback_query, ... ("?" when unreadable)
    payload: Mapped[str] = mapped_column(Text)  # the raw JSON, as Telegram sent it
    state: Mapped[str] = mapped_column(String(12), default="new")  # new, done, unreadable
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    done_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)


class OutboxMessage(Base):
    """An answer of an update's handling, committed before it is sent (store/outbox.py); numbered within
    its update, so the same update handled again after a crash queues nothing twice."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("update_id", "number", name="uq_outbox_update_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger)
    number: Mapped[int] = mapped_column(Integer)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message: Mapped[str] = mapped_column(Text)  # JSON: text, the message it answers, the buttons
    queued_at: Mapped[datetime] = mapped_column(AwareDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), index=True)
    failure: Mapped[str | None] = mapped_column(String(255))  # why Telegram refused it, for good


class LkeAnswerRow(Base):
    """One answer to an LKE question of a plan version's evaluation. Never updated: a new answer is a new
    row pointing at the one it replaces, so the history keeps who answered what, when."""

    __tablename__ = "lke_answers"
    __table_args__ = (Index("ix_lke_answers_version_id_code", "version_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"))
    code: Mapped[str] = mapped_column(String(10))  # PPA1A, PRA1A, HBA...
    option: Mapped[str | None] = mapped_column(String(10))  # ya, tidak, A..E
    numerator: Mapped[float | None] = mapped_column(Float)  # a numeric question's n
    denominator: Mapped[float | None] = mapped_column(Float)  # ... and d
    survey_index: Mapped[float | None] = mapped_column(Float)  # IPAK, IPKP on their 4-point scale
    note: Mapped[str | None] = mapped_column(UserText)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # none: the command line
    source: Mapped[str] = mapped_column(UserString(255))  # telegram, baris perintah, impor FILE
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("lke_answers.id"))
    answered_at: Mapped[datetime] = mapped_column(AwareDateTime())

    person: Mapped[Person | None] = relationship()
