"""/setujui and /tolak handled again after a crash: real `zibot run` processes killed (`kill -9`) while
they handle reviews, then restarted. Each status changes once, each command is answered once with its
verdict (never "not reported" for a review it made itself), and a team notice that never arrived still
goes out."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from plan.model import Status
from store import chats, repo
from store.db import Database
from store.models import ActionRow, PeriodRow, StatusChange
from tests.e2e.conftest import NOW
from tests.e2e.processes import prepared_database, process_environment, wait_until, zibot_run
from tests.fakebot import ChatSpec, FakeBotApi

COORDINATOR = 100  # in ZIBOT_ADMIN_IDS
REVIEWED = (Status.DISETUJUI.value, Status.DITOLAK.value)


def _report(database: Database, codes: list[str] | None = None, count: int = 0) -> list[str]:
    """Report (selesai) each named action's single period, or the first `count` actions that have one."""
    with database.unit_of_work() as session:
        single = (
            select(PeriodRow.action_id)
            .group_by(PeriodRow.action_id)
            .having(func.count(PeriodRow.id) == 1)
            .scalar_subquery()
        )
        rows = session.execute(
            select(ActionRow.code, PeriodRow.id)
            .join(PeriodRow, PeriodRow.action_id == ActionRow.id)
            .where(ActionRow.id.in_(single), *([ActionRow.code.in_(codes)] if codes else []))
            .order_by(ActionRow.id)
            .limit(len(codes) if codes else count)
        ).all()
        for _code, period_id in rows:
            at = NOW - timedelta(hours=1)
            repo.change_status(session, period_id, Status.SELESAI, person_id=None, chat_id=None, now=at)
    return [code for code, _ in rows]


def _reviews(database_url: str) -> Counter[tuple[str, str]]:
    """(action, verdict) of every review in the history, counted."""
    database = Database(database_url)
    with database.unit_of_work() as session:
        rows = session.execute(
            select(ActionRow.code, StatusChange.to_status)
            .join(PeriodRow, StatusChange.period_id == PeriodRow.id)
            .join(ActionRow, PeriodRow.action_id == ActionRow.id)
            .where(StatusChange.to_status.in_(REVIEWED))
        ).all()
    database.dispose()
    return Counter((code, status) for code, status in rows)


def _answered(api: FakeBotApi, chat: ChatSpec, codes: list[str]) -> dict[str, list[str]]:
    """The bot's answers in a chat, by the action they name (a private chat's answers quote nothing)."""
    out: dict[str, list[str]] = {}
    for call in api.sent("sendMessage", chat_id=chat.id):
        named = [code for code in codes if f"<b>{code}</b>" in (call.text or "")]
        out.setdefault(named[0] if len(named) == 1 else "?", []).append(call.text or "")
    return out


async def test_reviews_handled_again_after_kill_9_change_each_status_once_and_answer_with_the_verdict(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    database = prepared_database(database_url, tmp_path, NOW)
    codes = _report(database, count=6)
    database.dispose()
    coordinator = fake_api.user(COORDINATOR, "Kordinator")
    private = fake_api.private(coordinator)
    fake_api.latency = 0.3  # each answer takes a while: the kill comes in the middle of the reviews
    verdicts = {code: Status.DISETUJUI if number % 2 else Status.DITOLAK for number, code in enumerate(codes)}
    for code, verdict in verdicts.items():
        command = f"/setujui {code}" if verdict is Status.DISETUJUI else f"/tolak {code} lampiran kurang"
        fake_api.send_text(private, coordinator, command)
    env = process_environment(fake_api, tmp_path, database_url, ZIBOT_REMINDER_TIME="23:00")
    async with zibot_run(env, tmp_path) as first:
        await wait_until(
            lambda: len(_answered(fake_api, private, codes)) >= 2, "two reviews answered", first, 60
        )
        await first.kill()
    assert len(_answered(fake_api, private, codes)) < len(codes), "the kill came after every review"
    async with zibot_run(env, tmp_path) as second:
        await wait_until(
            lambda: len(_answered(fake_api, private, codes)) == len(codes),
            "every review answered",
            second,
            60,
        )
    assert _reviews(database_url) == Counter({(code, verdict.value): 1 for code, verdict in verdicts.items()})
    answers = _answered(fake_api, private, codes)
    for code, verdict in verdicts.items():
        for text in answers[code]:
            assert f"<b>{verdict.value}</b>" in text, text  # the verdict, not a refusal
    # Only the command in flight at the kill may be answered twice (accepted, the restart not told).
    assert sum(len(texts) for texts in answers.values()) - len(codes) <= 1


async def test_a_rejection_handled_again_after_the_team_reported_anew_changes_nothing(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    group = fake_api.group(-1001, "Tim Tata Laksana")
    database = prepared_database(database_url, tmp_path, NOW)
    with database.unit_of_work() as session:
        chats.bind_chat(session, group.id, "TL", group.title or "", person_id=None, now=NOW)
    _report(database, ["II.1.1"])
    coordinator = fake_api.user(COORDINATOR, "Kordinator")
    private = fake_api.private(coordinator)
    # The team's notice hangs: the rejection is recorded and answered, and its update is still in flight.
    fake_api.timeout_delay = 60
    fake_api.fail_next("sendMessage", mode="timeout", chat_id=group.id)
    env = process_environment(fake_api, tmp_path, database_url, ZIBOT_REMINDER_TIME="23:00")
    async with zibot_run(env, tmp_path) as first:
        fake_api.send_text(private, coordinator, "/tolak II.1 foto buram")
        await wait_until(
            lambda: fake_api.sent("sendMessage", chat_id=group.id, include_failed=True),
            "the team's notice on its way",
            first,
            60,
        )
        await first.kill()
    assert list(_answered(fake_api, private, ["II.1.1"])) == ["II.1.1"]
    # Before the restart the team sends its report again (as its group's update, handled meanwhile, does).
    _report(database, ["II.1.1"])
    database.dispose()
    async with zibot_run(env, tmp_path) as second:
        await wait_until(
            lambda: fake_api.sent("sendMessage", chat_id=group.id), "the team's notice sent", second, 60
        )
    # The stale command did not reject the new report, and the coordinator heard the verdict once.
    assert _reviews(database_url) == Counter({("II.1.1", Status.DITOLAK.value): 1})
    database = Database(database_url)
    with database.unit_of_work() as session:
        [period] = repo.period_states(session, 2022, action_codes=["II.1.1"])
    database.dispose()
    assert period.status is Status.SELESAI
    assert [len(texts) for texts in _answered(fake_api, private, ["II.1.1"]).values()] == [1]
    [notice] = fake_api.sent("sendMessage", chat_id=group.id)
    assert "II.1.1" in (notice.text or "") and "foto buram" in (notice.text or "")
