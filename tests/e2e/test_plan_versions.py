"""Plans by year through the real bot: /rencana shows a plan file's changes and a button applies them; a
mid-year change moves /selesai and /setujui to the new period and loses nothing reported before; a new
year's plan beside the last one, which stays readable (/rekap 2022, its export) and read-only."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.sender import SENDER_KEY
from plan.model import Status
from reports.records import load_export
from scheduler.calendar import WorkCalendar
from scheduler.jobs import Reminders
from scheduler.policy import PolicyConfig, reminders_on
from store import repo
from store.plans import PlanCatalog
from tests.e2e.conftest import WIB, Cast, RunningBot, StartBot
from tests.fakebot import ChatSpec, UserSpec
from tests.plan.sources.seed import read_seed
from tests.plan.sources.test_word import write_word
from tests.plan.sources.test_workbook import write_workbook
from tests.store.test_plan_import import as_year, raw_plan, with_target

PHOTO = b"\xff\xd8\xff\xe0 foto sosialisasi SOP " + bytes(range(256)) * 4
IN_2023 = datetime(2023, 6, 6, 9, 0, tzinfo=WIB)


def plan_bytes(raw: dict[str, Any]) -> bytes:
    return json.dumps(raw, ensure_ascii=False).encode("utf-8")


async def _report(bot: RunningBot, cast: Cast, caption: str, content: bytes = PHOTO) -> str:
    [answer] = await bot.report(cast.tl_group, cast.ani, content, caption)
    return answer


async def _send_plan(bot: RunningBot, user: UserSpec, data: bytes, name: str = "rencana.json") -> list[Any]:
    """The file with caption /rencana in the user's private chat; every message of the answer."""
    private = bot.api.private(user)
    since = bot.mark()
    bot.api.send_document(private, user, data, name, "application/json", caption="/rencana")
    await bot.answers(private, since)
    await bot.settle()
    return bot.sent_since(private, since)


async def _apply(bot: RunningBot, cast: Cast, summary: list[Any]) -> str:
    private = bot.api.private(cast.coordinator)
    [button] = summary[-1].params["reply_markup"]["inline_keyboard"][0]
    since = bot.mark()
    bot.api.press_button(summary[-1], cast.coordinator, button["callback_data"])
    await bot.answers(private, since)
    await bot.settle()
    return "\n".join(call.text or "" for call in bot.sent_since(private, since))


async def _all_answers(bot: RunningBot, chat: ChatSpec, user: UserSpec, text: str) -> str:
    since = bot.mark()
    bot.api.send_text(chat, user, text)
    await bot.answers(chat, since)
    await bot.settle()
    return "\n".join(call.text or "" for call in bot.sent_since(chat, since))


def _retired(bot: RunningBot, code: str, year: int = 2022) -> list[repo.PeriodState]:
    with bot.services.database.unit_of_work() as session:
        return repo.period_states(session, year, action_codes=[code], retired=True)


async def test_a_mid_year_change_sent_to_the_bot_moves_reports_and_reviews(
    start_bot: StartBot, cast: Cast
) -> None:
    bot = await start_bot(teams=["TL"])
    assert "Mei–November 2022" in await _report(bot, cast, "/selesai II.1")
    june = plan_bytes(with_target(raw_plan(), 1, 0, 0, "Juni 2022"))

    # A member and a stranger are refused; nothing is read or kept.
    stranger = bot.api.user(555, "Orang Lain")
    for user in (cast.ani, stranger):
        [refusal] = await _send_plan(bot, user, june)
        assert "koordinator" in (refusal.text or "") and "reply_markup" not in refusal.params
    assert [p.key for p in bot.periods("II.1.1")] == ["2022-05/2022-11"]

    summary = await _send_plan(bot, cast.coordinator, june)
    text = "\n".join(call.text or "" for call in summary)
    assert "II.1.1: target waktu" in text and "Juni 2022" in text
    assert "Mei–November 2022: selesai (menunggu verifikasi), 1 bukti" in text
    assert [p.key for p in bot.periods("II.1.1")] == ["2022-05/2022-11"]  # shown, not made
    # The button is the coordinator's: anyone else pressing it changes nothing.
    data = summary[-1].buttons[0]["callback_data"]
    [refused] = await bot.press(bot.api.private(cast.coordinator), cast.ani, summary[-1], data, count=1)
    assert "koordinator" in refused
    assert [p.key for p in bot.periods("II.1.1")] == ["2022-05/2022-11"]

    applied = await _apply(bot, cast, summary)
    assert "sudah diterapkan" in applied and "diperbarui" in applied
    assert [p.key for p in bot.periods("II.1.1")] == ["2022-06"]
    # The same running bot files June and reviews it by name: no restart, no KeyError.
    answer = await _report(bot, cast, "/selesai II.1", PHOTO + b"juni")
    assert "Juni 2022" in answer and "selesai" in answer
    [approved] = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, "/setujui II.1 Juni")
    assert "II.1.1" in approved and "disetujui" in approved
    assert bot.period("II.1.1", "2022-06").status == Status.DISETUJUI
    # What was reported before is kept: the retired period, its status, history and evidence.
    [before] = _retired(bot, "II.1.1")
    assert (before.key, before.status) == ("2022-05/2022-11", Status.SELESAI)
    with bot.services.database.unit_of_work() as session:
        assert len(repo.evidence_for(session, [before.period_id])) == 1
        assert [e.to_status for e in repo.history(session, [before.period_id])] == [Status.SELESAI]

    # The rekap counts June and lists the retired period apart.
    rekap = await _all_answers(bot, bot.api.private(cast.coordinator), cast.coordinator, "/rekap TL")
    assert "Dihapus dari rencana" in rekap and "<b>II.1.1</b> Mei–November 2022 — selesai" in rekap

    # The button works once: pressed again, it says so and imports nothing.
    revision = bot.services.served().version.revision
    [again] = await bot.press(
        bot.api.private(cast.coordinator),
        cast.coordinator,
        summary[-1],
        summary[-1].buttons[0]["callback_data"],
        count=1,
    )
    assert "2022 sudah diterapkan sebelumnya" in again
    assert bot.services.served().version.revision == revision


async def test_a_new_year_beside_the_last(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(teams=["TL"])
    await _report(bot, cast, "/selesai II.1")
    await bot.stop()

    # 2023 without a 2023 plan: 2022 is served read-only.
    bot = await start_bot(now=IN_2023)
    refusal = await _report(bot, cast, "/selesai II.1", PHOTO + b"2023")
    assert "Belum ada rencana aksi tahun 2023" in refusal and "/rencana" in refusal
    [status] = await bot.ask(cast.tl_group, cast.ani, "/status II.1")
    assert "Mei–November 2022" in status  # still readable

    summary = await _send_plan(
        bot, cast.coordinator, plan_bytes(as_year(raw_plan(), 2023)), "rencana_2023.json"
    )
    assert "tahun 2023" in (summary[0].text or "")
    await _apply(bot, cast, summary)

    answer = await _report(bot, cast, "/selesai II.1", PHOTO + b"2023")
    assert "Mei–November 2023" in answer and "selesai" in answer
    coordinator = bot.api.private(cast.coordinator)
    now = await _all_answers(bot, coordinator, cast.coordinator, "/rekap")
    then = await _all_answers(bot, coordinator, cast.coordinator, "/rekap 2022")
    assert "ZI 2023" in now and "ZI 2022" in then
    assert "II.1.1</b> Mei–November 2022" not in then  # reported in 2022: not overdue
    nothing = await _all_answers(bot, coordinator, cast.coordinator, "/rekap 2021")
    assert "2021" in nothing and "2022, 2023" in nothing

    # 2022's evidence is still in its export; reminders come from 2023.
    catalog = PlanCatalog()
    with bot.services.database.unit_of_work() as session:
        plan_2022 = catalog.of_year(session, 2022)
        plan_2023 = catalog.of_year(session, 2023)
        assert plan_2022 is not None and plan_2023 is not None
        export = load_export(session, plan_2022, IN_2023.date())
        statuses = repo.statuses(session, 2023)
    [(record, item)] = [(r, e) for r, e in export.evidence if r.action.code == "II.1.1"]
    assert record.period.key == "2022-05/2022-11" and item.sha256 is not None
    day = IN_2023.date()
    while not [
        d
        for d in reminders_on(plan_2023, statuses, day, PolicyConfig(), WorkCalendar())
        if d.team_code == "TL"
    ]:
        day = day.replace(day=day.day + 1)
    reminders = Reminders(bot.settings, bot.services, bot.application.bot_data[SENDER_KEY])
    since = bot.mark()
    await reminders.deliver_day(day)
    [digest] = await bot.answers(cast.tl_group, since)
    assert "2023" in digest and "2022" not in digest


async def test_the_decree_as_a_workbook_or_a_word_document_reads_as_the_stored_plan(
    start_bot: StartBot, cast: Cast, tmp_path: Path
) -> None:
    bot = await start_bot()
    seed = read_seed()
    for path in (
        write_workbook(tmp_path / "ra_2022.xlsx", seed),
        write_word(tmp_path / "ra_2022.docx", seed),
    ):
        [answer] = await _send_plan(bot, cast.coordinator, path.read_bytes(), path.name)
        assert "tahun 2022" in (answer.text or "") and "sama dengan yang tersimpan" in (answer.text or "")
        assert "reply_markup" not in answer.params  # nothing to apply
