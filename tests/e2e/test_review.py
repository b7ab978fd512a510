"""/setujui and /tolak through the fake Bot API, and the coordinator's daily digest of new reports."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

from telegram.ext import Job

from bot.sender import SENDER_KEY
from plan.model import Status
from scheduler import jobs as daily_jobs
from scheduler.daily import DailyPass
from scheduler.dispatch import RetryPolicy
from store import reminder_log
from store.digest import digest_key
from tests.e2e.conftest import Cast, RunningBot, StartBot, task_periods
from tests.store.reminder_rows import log_entries

PHOTO = b"\xff\xd8\xff\xe0 foto sosialisasi " + bytes(range(256)) * 4
PDF = b"%PDF-1.4 daftar hadir rapat evaluasi"


async def _report(bot: RunningBot, cast: Cast, caption: str, content: bytes = PHOTO) -> None:
    """Ani reports through the real path: a photo captioned /selesai in the TL group."""
    [answer] = await bot.report(cast.tl_group, cast.ani, content, caption)
    assert "selesai" in answer, answer


async def _tasks(bot: RunningBot, cast: Cast) -> str:
    """Every message of the TL group's /tugas (a long list comes in several)."""
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "/tugas")
    await bot.answers(cast.tl_group, since)
    await bot.settle()
    return "\n".join(call.text or "" for call in bot.sent_since(cast.tl_group, since))


async def _next_digest_pass(bot: RunningBot) -> tuple[Job, ...]:
    """The digest job once a pass has finished and scheduled the next one (it is a day away)."""
    assert bot.application.job_queue is not None
    for _ in range(200):
        jobs = bot.application.job_queue.get_jobs_by_name(daily_jobs.DIGEST_JOB_NAME)
        if jobs and all(job.next_t and job.next_t - datetime.now(UTC) > timedelta(hours=1) for job in jobs):
            return jobs
        await asyncio.sleep(0.01)
    raise AssertionError("the digest pass did not schedule the next one")


def _digest_task(bot: RunningBot) -> daily_jobs.ReportDigest:
    """The report digest as `jobs.install` makes it, with the application's one sender."""
    coordinator = bot.settings.coordinator_chat_id
    assert coordinator is not None
    sender = bot.application.bot_data[SENDER_KEY]
    return daily_jobs.ReportDigest(bot.settings.report_digest_time, coordinator, bot.services, sender)


def _install(bot: RunningBot) -> DailyPass:
    """The digest's daily pass, started as `jobs.install` does (without the reminders' pass)."""
    return DailyPass.start(bot.application, _digest_task(bot), bot.clock)


async def test_approval_is_recorded_and_the_team_is_told(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.1")
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    since = bot.mark()
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/setujui 2.1")
    assert "II.1.1" in answer and "disetujui" in answer and "sudah diberi tahu" in answer
    [notice] = await bot.answers(cast.tl_group, since)
    assert "II.1.1" in notice and "Mei–November 2022" in notice and "disetujui" in notice
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.DISETUJUI
    last = bot.history("II.1.1")[-1]
    assert (last.from_status, last.to_status, last.person_name) == (
        Status.SELESAI,
        Status.DISETUJUI,
        "Kordinator",
    )


async def test_rejection_tells_the_team_what_is_wrong_and_reopens_the_period(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.2.1 Maret")
    await _report(bot, cast, "/selesai II.2.1 April", PHOTO + b"april")
    march = ("II.2.1", "Maret 2022")
    assert march not in task_periods(await _tasks(bot, cast))

    coordinator = bot.api.private(cast.coordinator)
    [answer] = await bot.ask(coordinator, cast.coordinator, "/tolak II.2.1 daftar hadir belum ada")
    assert "Maret 2022" in answer and "April 2022" in answer  # which one?
    since = bot.mark()
    [answer] = await bot.ask(coordinator, cast.coordinator, "/tolak II.2.1 maret daftar hadir belum ada")
    assert "ditolak" in answer and "daftar hadir belum ada" in answer
    [notice] = await bot.answers(cast.tl_group, since)
    assert "II.2.1" in notice and "Maret 2022" in notice and "daftar hadir belum ada" in notice
    assert "/selesai II.2.1 2022-03" in notice

    assert bot.period("II.2.1", "2022-03").status == Status.DITOLAK
    assert bot.period("II.2.1", "2022-04").status == Status.SELESAI
    rejected = [entry for entry in bot.history("II.2.1") if entry.to_status == Status.DITOLAK]
    assert [(e.period_key, e.note, e.person_name) for e in rejected] == [
        ("2022-03", "daftar hadir belum ada", "Kordinator")
    ]
    # Reopened: the team's open and overdue list has it again, and it can be reported anew.
    assert march in task_periods(await _tasks(bot, cast))
    await _report(bot, cast, "/selesai II.2.1 Maret", PHOTO + b"dengan daftar hadir")
    assert bot.period("II.2.1", "2022-03").status == Status.SELESAI
    [answer] = await bot.ask(coordinator, cast.coordinator, "/setujui II.2.1 2022-03")
    assert "disetujui" in answer
    assert [e.to_status for e in bot.history("II.2.1") if e.period_key == "2022-03"] == [
        Status.SELESAI,
        Status.DITOLAK,
        Status.SELESAI,
        Status.DISETUJUI,
    ]


async def test_reviews_refuse_what_they_cannot_do_and_change_nothing(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.1")
    coordinator = bot.api.private(cast.coordinator)
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/setujui II.1")
    assert "koordinator" in answer
    [answer] = await bot.ask(coordinator, cast.coordinator, "/tolak II.1")
    assert "alasan" in answer
    [answer] = await bot.ask(coordinator, cast.coordinator, "/setujui II.2.3")
    assert "II.2.3" in answer and "belum dilaporkan" in answer
    [answer] = await bot.ask(coordinator, cast.coordinator, "/setujui II.9")
    assert "II.9" in answer and "II.3" in answer
    [answer] = await bot.ask(coordinator, cast.coordinator, "/setujui II.2")
    assert "II.2.1" in answer and "II.2.3" in answer
    [answer] = await bot.ask(coordinator, cast.coordinator, "/tolak")
    assert "/tolak II.1" in answer
    assert bot.period("II.1.1", "2022-05/2022-11").status == Status.SELESAI
    assert all(p.status == Status.BELUM for p in bot.periods("II.2.3"))


async def test_new_reports_reach_the_coordinator_once_a_day_in_one_message(
    start_bot: StartBot, cast: Cast
) -> None:
    coordinator = bot_chat = cast.coordinator.id
    bot = await start_bot(teams=["TL"], coordinator_chat_id=coordinator, report_digest_time=time(8, 0))
    await _report(bot, cast, "/selesai II.1")
    await _report(bot, cast, "/selesai II.2.1 Mei", PDF)
    since = bot.mark()
    # The real installer, as wiring does at start: it is 09:00, past the digest time, so it runs now.
    _install(bot)
    [digest] = await bot.api.wait_for("sendMessage", chat_id=bot_chat, since=since)
    assert digest.text is not None
    assert "Laporan baru untuk diverifikasi: 2" in digest.text
    assert "II.1.1" in digest.text and "II.2.1" in digest.text and "Ani" in digest.text

    # The pass ends by scheduling the next one, tomorrow at 08:00; then the process "stops".
    [job] = await _next_digest_pass(bot)
    assert job.next_t is not None and job.next_t - datetime.now(UTC) > timedelta(hours=22)
    job.schedule_removal()

    # A restart the same day (a new task, a new worker) sends nothing more.
    again = _digest_task(bot)
    now = bot.clock.now()
    assert await again.run(now) is None
    await bot.settle()
    assert len(bot.api.sent("sendMessage", chat_id=bot_chat)) == 1

    # The next day's digest holds only what came after.
    bot.clock.jump(now + timedelta(days=1))
    await _report(bot, cast, "/selesai II.3.1 Juni", PDF + b"juni")
    since = bot.mark()
    await again.run(bot.clock.now())
    [digest] = await bot.api.wait_for("sendMessage", chat_id=bot_chat, since=since)
    assert "Laporan baru untuk diverifikasi: 1" in (digest.text or "")
    assert "II.3.1" in (digest.text or "") and "II.1.1" not in (digest.text or "")


async def test_a_report_cancelled_before_the_digest_is_not_in_it(start_bot: StartBot, cast: Cast) -> None:
    coordinator = cast.coordinator.id
    bot = await start_bot(teams=["TL"], coordinator_chat_id=coordinator, report_digest_time=time(8, 0))
    await _report(bot, cast, "/selesai II.1")
    await _report(bot, cast, "/selesai II.2.1 Mei", PDF)
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/batal II.1")
    assert "II.1.1" in answer and bot.period("II.1.1", "2022-05/2022-11").status == Status.BELUM
    since = bot.mark()
    _install(bot)
    [digest] = await bot.api.wait_for("sendMessage", chat_id=coordinator, since=since)
    assert "Laporan baru untuk diverifikasi: 1" in (digest.text or "")
    assert "II.2.1" in (digest.text or "") and "II.1.1" not in (digest.text or "")


async def test_a_digest_claimed_by_a_dead_process_is_sent_when_its_lease_ends(
    start_bot: StartBot, cast: Cast
) -> None:
    coordinator = cast.coordinator.id
    bot = await start_bot(teams=["TL"], coordinator_chat_id=coordinator, report_digest_time=time(8, 0))
    await _report(bot, cast, "/selesai II.1")
    # Another process claimed today's digest and died while sending: its lease ends in three seconds.
    now = bot.clock.now()
    lease = RetryPolicy().lease
    with bot.services.database.unit_of_work() as session:
        key = digest_key(now.date())
        claim = reminder_log.NewClaim(key, coordinator, now.date(), "digest")
        reminder_log.claim(
            session, [claim], worker="dead", now=now - lease + timedelta(seconds=3), lease=lease
        )
    since = bot.mark()
    daily = _install(bot)
    # The start-up pass finds the claim held and comes back when the lease ends, not tomorrow.
    [digest] = await bot.api.wait_for("sendMessage", chat_id=coordinator, since=since, timeout=15)
    assert "II.1.1" in (digest.text or "")
    assert isinstance(daily.task, daily_jobs.ReportDigest) and daily.task.worker != "dead"
    [job] = await _next_digest_pass(bot)
    assert job.next_t is not None and job.next_t - datetime.now(UTC) > timedelta(hours=22)
    with bot.services.database.unit_of_work() as session:
        [row] = [e for e in log_entries(session, day=now.date()) if e.key == key]
    assert (row.state, row.attempts, row.claimed_by) == ("sent", 2, daily.task.worker)


async def test_a_rejection_in_the_teams_own_group_tells_it_how_to_send_again(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.2.1 Maret")
    since = bot.mark()
    answers = await bot.ask(cast.tl_group, cast.coordinator, "/tolak II.2.1 maret foto buram")
    await bot.settle()
    told = "\n".join(call.text or "" for call in bot.sent_since(cast.tl_group, since))
    assert len(answers) == len(bot.sent_since(cast.tl_group, since)) == 1  # one message, not two
    assert "foto buram" in told and "/selesai II.2.1 2022-03" in told
    assert "sudah diberi tahu" not in told  # the group reads it right here
    # March's deadline passed on 31 March: no "at the latest" with a date gone by two months.
    assert "paling lambat Kamis, 31 Maret 2022" not in told and "lewat tenggat" in told
    assert bot.period("II.2.1", "2022-03").status == Status.DITOLAK


async def test_a_rejection_before_the_deadline_names_it(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.2.1 Juni")
    since = bot.mark()
    await bot.ask(
        bot.api.private(cast.coordinator), cast.coordinator, "/tolak II.2.1 juni belum ditandatangani"
    )
    [notice] = await bot.answers(cast.tl_group, since)
    assert "paling lambat Kamis, 30 Juni 2022" in notice and "/selesai II.2.1 2022-06" in notice


async def test_a_very_long_reason_is_recorded_whole_and_echoed_short(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.1")
    reason = "foto & daftar hadir <kurang> " * 200  # about 6,000 characters, more once escaped
    since = bot.mark()
    [answer] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, f"/tolak II.1 {reason}")
    [notice] = await bot.answers(cast.tl_group, since)
    assert "ditolak" in answer and "foto &amp; daftar hadir &lt;kurang&gt;" in answer
    assert "dikembalikan" in notice and "/selesai II.1.1" in notice
    assert len(answer) < 1000 and len(notice) < 1500
    [rejected] = [e for e in bot.history("II.1.1") if e.to_status == Status.DITOLAK]
    assert rejected.note == reason.strip()
