"""The coordinator's report digest survives a crash: a real `zibot run` killed (`kill -9`) in the middle of
a digest of several messages, then restarted, lists every report once; at most the message in flight at
the kill is sent again."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from plan.model import Status
from store import repo
from store.models import PeriodRow
from tests.e2e.conftest import NOW
from tests.e2e.processes import prepared_database, process_environment, wait_until, zibot_run
from tests.fakebot import FakeBotApi

REPORTS = 210  # four messages of the digest (the plan has 219 periods)
COORDINATOR = 100
LATENCY = 0.4  # each Bot API call: a digest message is in flight for that long
_ROW = re.compile(r"^• <b>([^<]+)</b> · ([^·]+) · ", re.MULTILINE)


def _seed_reports(database_url: str, tmp_path: Path) -> set[tuple[str, str]]:
    """REPORTS periods reported this morning, as `/selesai` would leave them; their (code, label), which
    the digest shows (periods whose label repeats within an action are left out)."""
    database = prepared_database(database_url, tmp_path, NOW)
    reported: set[tuple[str, str]] = set()
    with database.unit_of_work() as session:
        for period in session.scalars(select(PeriodRow).order_by(PeriodRow.id)):
            shown = (period.action.code, period.label)
            if shown in reported or len(reported) == REPORTS:
                continue
            at = NOW - timedelta(hours=2) + timedelta(seconds=len(reported))
            repo.change_status(session, period.id, Status.SELESAI, person_id=None, chat_id=None, now=at)
            reported.add(shown)
    database.dispose()
    assert len(reported) == REPORTS
    return reported


def _digest_messages(api: FakeBotApi) -> list[list[tuple[str, str]]]:
    """The reports each digest message to the coordinator listed, in the order they arrived."""
    return [
        [(code, label.strip()) for code, label in _ROW.findall(call.text or "")]
        for call in api.sent("sendMessage", chat_id=COORDINATOR)
        if "Laporan baru" in (call.text or "") or "lanjutan" in (call.text or "")
    ]


async def test_kill_9_mid_digest_then_restart_lists_every_report_once(
    fake_api: FakeBotApi, tmp_path: Path, database_url: str
) -> None:
    fake_api.private(fake_api.user(COORDINATOR, "Kordinator"))
    reported = _seed_reports(database_url, tmp_path)
    fake_api.latency = LATENCY
    env = process_environment(
        fake_api,
        tmp_path,
        database_url,
        ZIBOT_COORDINATOR_CHAT_ID=str(COORDINATOR),
        ZIBOT_REPORT_DIGEST_TIME="08:00",  # past at 09:00: the start-up pass sends it
        ZIBOT_REMINDER_TIME="23:00",  # no reminders in the way
    )
    async with zibot_run(env, tmp_path) as first:
        # Two messages accepted, the third in flight: the kill comes now.
        await wait_until(lambda: len(_digest_messages(fake_api)) >= 2, "two digest messages", first, 60)
        await first.kill()
    before = _digest_messages(fake_api)
    assert 2 <= len(before) < 4, "the kill came after the digest was all sent"

    # The dead process's claim holds the day's digest until its lease (10 minutes) ends: start later.
    later = (NOW + timedelta(minutes=15)).replace(tzinfo=None)
    env["ZIBOT_NOW"] = later.isoformat(timespec="seconds")
    async with zibot_run(env, tmp_path) as second:
        await wait_until(
            lambda: {item for message in _digest_messages(fake_api) for item in message} >= reported,
            "every report in the digest",
            second,
            60,
        )
    messages = _digest_messages(fake_api)
    listed = Counter(item for message in messages for item in message)
    assert set(listed) == reported
    repeated = {item for item, times in listed.items() if times > 1}
    # At most the message in flight at the kill went out twice: what was accepted before it was recorded.
    assert not repeated or any(repeated <= set(message) for message in before), repeated
    assert sum(listed.values()) - REPORTS <= max(len(message) for message in before)
    assert "Traceback" not in second.log
