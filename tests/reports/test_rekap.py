import re
from datetime import date

import pytest

from bot.formatting import MESSAGE_LIMIT, split_message, utf16_len
from plan.errors import HiddenTeam, UnboundChat, UnknownScope
from plan.model import Plan
from plan.progress import Month, Scope
from reports.rekap_text import rekap_html, rekap_json, rekap_plain
from usecases.actor import Actor
from usecases.scope import visible_scope as scope_for

from .conftest import TODAY, Filled


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_rekap_reads_the_statuses_from_the_database(filled: Filled) -> None:
    result = filled.rekap(TODAY)
    assert (result.total.approved, result.total.awaiting_review, result.total.rejected) == (1, 2, 1)
    area_one = result.areas[0]
    assert (area_one.code, area_one.done, area_one.approved) == ("I", 2, 1)


def test_html_for_everything_lists_areas_teams_and_overdue_by_team(filled: Filled) -> None:
    result = filled.rekap(TODAY)
    rows = rekap_html(result, "Jumat, 10 Juni 2022")
    text = visible("\n".join(rows))
    assert "Jumat, 10 Juni 2022" in text
    assert f"{result.total.percent}% dari yang jatuh tempo sudah selesai" in text
    for tally in (*result.areas, *result.teams):
        assert f"{tally.code} " in text
    # Every overdue period once, under its team's name, with its days late.
    for item in result.overdue:
        assert f"• {item.action_code} {item.period_label} — {item.days_late} hari" in text
    assert "Tim Manajemen Perubahan\n• I.2.1 Minggu ke-2 Januari 2022 — 147 hari" in text
    assert "Perlu verifikasi" not in text  # the review list belongs to one team's or area's detail


def test_a_teams_detail_names_its_components_coming_and_reviewable_periods(filled: Filled) -> None:
    result = filled.rekap(TODAY, Scope(team_codes=("MP",)))
    text = visible("\n".join(rekap_html(result, "Jumat, 10 Juni 2022")))
    assert "MP (Tim Manajemen Perubahan)" in text
    assert "Per komponen" in text and "I.4 Perubahan Pola Pikir" in text
    assert "Per area" not in text
    assert "Tenggat Juni 2022: 0" not in text  # I.4.1 Juni is reported: not coming any more
    assert "Perlu verifikasi: 1\n• I.4.1 Juni 2022" in text
    assert "/setujui" in text
    assert "TL" not in text


def test_a_month_looks_at_its_deadlines(filled: Filled) -> None:
    result = filled.rekap(TODAY, Scope(month=Month(2022, 7)))
    text = visible("\n".join(rekap_html(result, "Jumat, 10 Juni 2022")))
    assert "tenggat Juli 2022" in text
    assert f"Tenggat Juli 2022: {result.total.total}" in text
    # A month's share is done out of all its periods, those not yet due included.
    total = result.total
    assert f"{total.done * 100 // total.total}% periode bertenggat Juli 2022 sudah selesai" in text
    assert f"({total.done} dari {total.total}). {total.total - total.due} belum jatuh tempo" in text


def test_long_rekaps_split_between_rows_under_telegrams_limit(plan: Plan, filled: Filled) -> None:
    result = filled.rekap(date(2022, 12, 31))
    rows = rekap_html(result, "Sabtu, 31 Desember 2022")
    messages = split_message(rows, separator="\n")
    assert len(messages) > 1
    assert all(utf16_len(message) <= MESSAGE_LIMIT for message in messages)
    assert "\n".join(messages) == "\n".join(rows)  # nothing lost, no row cut
    for message in messages:  # tags never straddle two messages
        assert message.count("<b>") == message.count("</b>")


def test_plain_and_json_for_the_command_line(filled: Filled) -> None:
    result = filled.rekap(TODAY, Scope(area_code="II"))
    plain = rekap_plain(result)
    assert "cakupan: Area II Penataan Tata Laksana" in plain
    assert "II.2.1    Januari 2022" in plain
    assert "<b>" not in plain
    data = rekap_json(result)
    assert data["scope"] == {"teams": [], "area": "II", "month": None}
    assert data["total"]["rejected"] == 1
    assert [row["code"] for row in data["components"]] == ["II.1", "II.2", "II.3"]
    assert {key: data["awaiting_review"][0][key] for key in ("code", "period")} == {
        "code": "II.2.1",
        "period": "2022-01",
    }


def test_an_empty_scope_says_so(filled: Filled) -> None:
    result = filled.rekap(TODAY, Scope(month=Month(2030, 1)))
    (row,) = rekap_html(result, "Jumat, 10 Juni 2022")
    assert "Tidak ada periode tenggat" in row
    assert "Tidak ada periode tenggat" in rekap_plain(result)


def test_who_sees_which_rekap(plan: Plan) -> None:
    member = Actor(1, 11, "Ani", -1001, True, False, "TL", ("TL",))
    assert scope_for(plan, member, "") == Scope(team_codes=("TL",))
    assert scope_for(plan, member, "juni") == Scope(team_codes=("TL",), month=Month(2022, 6))
    assert scope_for(plan, member, "tata laksana") == Scope(team_codes=("TL",))
    assert scope_for(plan, member, "juni II") == Scope(("TL",), "II", Month(2022, 6))  # TL's own area
    for other in ("SDM", "III", "SDM juni", "juni pengawasan"):
        with pytest.raises(HiddenTeam):
            scope_for(plan, member, other)
    coordinator = Actor(2, 12, "Koordinator", 12, False, True, None, ())
    assert scope_for(plan, coordinator, "SDM juni") == Scope(team_codes=("SDM",), month=Month(2022, 6))
    assert scope_for(plan, coordinator, "juni  SDM") == Scope(team_codes=("SDM",), month=Month(2022, 6))
    assert scope_for(plan, coordinator, "") == Scope()
    # In a team's group a bare /rekap is that team's; "semua", a team or an area asks for more.
    in_tl_group = Actor(2, 12, "Koordinator", -1001, True, True, "TL", ("TL",))
    assert scope_for(plan, in_tl_group, "") == Scope(team_codes=("TL",))
    assert scope_for(plan, in_tl_group, "juni") == Scope(team_codes=("TL",), month=Month(2022, 6))
    assert scope_for(plan, in_tl_group, "semua") == Scope()
    assert scope_for(plan, in_tl_group, "III") == Scope(area_code="III")
    # A member of two teams, in private, sees both.
    two_teams = Actor(5, 15, "Ani", 15, False, False, None, ("TL", "SDM"))
    assert scope_for(plan, two_teams, "") == Scope(team_codes=("TL", "SDM"))
    assert scope_for(plan, two_teams, "SDM") == Scope(team_codes=("SDM",))
    with pytest.raises(UnknownScope):
        scope_for(plan, coordinator, "kemarin")
    assert scope_for(plan, Actor(3, 13, "Tamu", 13, False, False, None, ()), "") is None
    with pytest.raises(UnboundChat):
        scope_for(plan, Actor(4, 14, "Yanto", -5, True, False, None, ()), "")


def test_approved_and_awaiting_review_read_as_parts_of_done(filled: Filled) -> None:
    result = filled.rekap(TODAY)
    total = result.total
    assert total.done == total.approved + total.awaiting_review == 3
    text = visible("\n".join(rekap_html(result, "Jumat, 10 Juni 2022")))
    # "✅ 3 · 🏅 1 · 🔎 2" reads as six done; the parts go in brackets after their sum.
    assert f"✅ {total.done} (🏅 {total.approved} + 🔎 {total.awaiting_review})" in text
    assert "✅ selesai = 🏅 disetujui + 🔎 perlu verifikasi" in text
