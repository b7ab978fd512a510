"""Reminder texts, on the real 2022 plan."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

from bot import reminder_texts
from bot.formatting import MESSAGE_LIMIT, utf16_len
from plan.model import Plan, Status
from scheduler.calendar import WorkCalendar
from scheduler.policy import Audience, Digest, Kind, PolicyConfig, Statuses, reminders_on
from store.chats import BoundChat

from ..conftest import action_of


def digests_on(plan: Plan, day: date, statuses: Statuses | None = None) -> tuple[Digest, ...]:
    return reminders_on(plan, statuses or {}, day, PolicyConfig(), WorkCalendar())


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def test_a_digest_says_code_indicator_evidence_deadline_and_how_to_report(plan: Plan) -> None:
    """Monday 27 June: June's H-3 in full, and the week's overdue summary with every late period by name."""
    statuses = {("I.4.1", "2022-06"): Status.MENUNGGU_BUKTI}
    (mp,) = [d for d in digests_on(plan, date(2022, 6, 27), statuses) if d.team_code == "MP"]
    (message,) = reminder_texts.digest_messages(mp)
    text = visible(message.text)
    assert "Senin, 27 Juni 2022" in text and "Tim Manajemen Perubahan" in text
    assert "Tenggat Kamis, 30 Juni 2022" in text and "3 hari lagi" in text
    assert "Para Pimpinan berperan sebagai role model" in text and "Banner Budaya Kerja 5 R" in text
    assert "/bukti I.4.1 Juni 2022" in text  # June waits for its evidence; periods by name, not key
    overdue = [item for item in mp.items if item.kind is Kind.OVERDUE]
    assert f"Ringkasan mingguan: {len(overdue)} periode lewat tenggat" in text
    months = ", ".join(f"{month} 2022" for month in ("Januari", "Februari", "Maret", "April", "Mei"))
    assert f"I.4.1 · {months} — terlambat 27–147 hari" in text  # one line for the action's late months
    assert "/selesai I.4.1 Januari 2022" in text  # the oldest first
    assert "2022-0" not in text  # no period keys
    assert set(message.items) == set(mp.items)
    # One button per block: the June item, then one per overdue action (its oldest period).
    codes = [item.action.code for item in message.buttons]
    assert codes[0] == "I.4.1" and len(codes) == 1 + len({item.action.code for item in overdue})


def test_overdue_periods_of_one_action_share_one_line(plan: Plan) -> None:
    (tl,) = [d for d in digests_on(plan, date(2022, 6, 6)) if d.team_code == "TL"]
    text = visible("\n".join(m.text for m in reminder_texts.digest_messages(tl)))
    line = next(line for line in text.splitlines() if line.startswith("▪️ II.2.1 ·"))
    months = ("Januari", "Februari", "Maret", "April", "Mei")
    assert all(f"{month} 2022" in line for month in months) and "Juni" not in line
    assert "/selesai II.2.1 Januari 2022" in text


def test_long_digests_split_between_items_within_telegrams_limit(plan: Plan) -> None:
    # 14 February 2022: every January period is two weeks late, the coordinator's biggest day.
    (escalations,) = [d for d in digests_on(plan, date(2022, 2, 14)) if d.audience is Audience.COORDINATOR]
    messages = reminder_texts.digest_messages(escalations)
    assert len(messages) > 1
    assert [item for m in messages for item in m.items] == list(escalations.items)
    for message in messages:
        assert utf16_len(message.text) <= MESSAGE_LIMIT
        codes = re.findall(r"▪️ <b>([IV]+\.\d+\.\d+)</b>", message.text)
        assert codes == [item.action.code for item in message.items]  # whole items, in order
        assert all(f"Tim: {html.escape(item.team_name)}" in message.text for item in message.items)
    assert "Eskalasi" in messages[0].text and "Eskalasi" not in messages[1].text


def test_plan_text_is_escaped(plan: Plan) -> None:
    (digest,) = [d for d in digests_on(plan, date(2022, 6, 30)) if d.team_code == "MP"]
    first = digest.items[0]
    item = replace(
        first, action=replace(first.action, indikator="Skor <5 & naik", bukti_fisik="SK <b>palsu</b>")
    )
    (message,) = reminder_texts.digest_messages(replace(digest, items=(item,), team_name="Tim <A&B>"))
    assert "Skor &lt;5 &amp; naik" in message.text and "SK &lt;b&gt;palsu&lt;/b&gt;" in message.text
    assert "Tim &lt;A&amp;B&gt;" in message.text


def test_the_button_answer_fits_an_alert(plan: Plan) -> None:
    for action in plan.actions:
        for period in action.periods:
            answer = reminder_texts.how_to_report(action, period)
            assert len(answer) <= 200 and f"/selesai {action.code}" in answer
    monthly = action_of(plan, "I.4.1")
    single = action_of(plan, "I.1.1")
    assert "/selesai I.4.1 Juni 2022" in reminder_texts.how_to_report(monthly, monthly.periods[5])
    assert "/selesai I.1.1." in reminder_texts.how_to_report(single, single.periods[0])


def test_the_coordinator_hears_which_group_is_gone() -> None:
    chat = BoundChat(-100, "PW", "Tim Pengawasan", "Grup <PW>", active=False)
    text = reminder_texts.chat_gone(chat, "Forbidden: bot was kicked from the group chat")
    assert "Grup &lt;PW&gt;" in text and "Tim Pengawasan" in text and "/daftar PW" in text
