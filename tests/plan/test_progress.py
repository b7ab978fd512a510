from datetime import date

import pytest

from plan.errors import UnknownScope
from plan.model import Plan, Status
from plan.progress import EVERYTHING, Month, Scope, parse_month, parse_scope, progress

JUNE_10 = date(2022, 6, 10)


def test_nothing_reported_everything_past_its_deadline_is_overdue(plan: Plan) -> None:
    result = progress(plan, {}, JUNE_10, Scope(area_code="I"))
    total = result.total
    # Area I on 10 June: I.1.1 (Apr), I.2.1 (Jan w2), I.3.1 (May), I.4.1 (Jan..May), I.4.2 (Jan).
    assert (total.total, total.due, total.done, total.overdue, total.coming, total.open) == (
        18,
        9,
        0,
        9,
        1,
        9,
    )
    assert total.percent == 0
    assert [tally.code for tally in result.areas] == ["I"]
    assert [tally.code for tally in result.teams] == ["MP"]
    assert [tally.code for tally in result.components] == ["I.1", "I.2", "I.3", "I.4"]
    assert [(item.action_code, item.period_key) for item in result.coming] == [("I.4.1", "2022-06")]


def test_each_status_lands_in_its_own_column(plan: Plan) -> None:
    statuses = {
        ("I.1.1", "2022-04"): Status.DISETUJUI,
        ("I.2.1", "2022-01-w2"): Status.SELESAI,
        ("I.4.1", "2022-05"): Status.MENUNGGU_BUKTI,
        ("I.4.1", "2022-04"): Status.DITOLAK,
        ("I.4.1", "2022-06"): Status.SELESAI,
        ("I.4.1", "2022-07"): Status.SELESAI,  # done ahead of its deadline: counts as due and done
        ("V.1.1", "2022-01"): Status.DISETUJUI,  # another area: outside the scope
    }
    result = progress(plan, statuses, JUNE_10, Scope(area_code="I"))
    total = result.total
    assert (total.done, total.approved, total.awaiting_review) == (4, 1, 3)
    assert (total.due, total.overdue, total.waiting, total.rejected, total.coming) == (11, 7, 1, 1, 0)
    assert total.percent == 36  # 4 / 11, rounded down
    assert total.open == 18 - 4 - 7
    late = [(item.action_code, item.period_key, item.days_late) for item in result.overdue]
    assert late[:3] == [("I.4.1", "2022-01", 130), ("I.4.2", "2022-01", 130), ("I.4.1", "2022-02", 102)]
    assert {item.team_name for item in result.overdue} == {"Tim Manajemen Perubahan"}
    assert ("I.4.1", "2022-04") in {(item.action_code, item.period_key) for item in result.overdue}
    assert [(item.action_code, item.period_key) for item in result.awaiting_review] == [
        ("I.2.1", "2022-01-w2"),
        ("I.4.1", "2022-06"),
        ("I.4.1", "2022-07"),
    ]
    component = {tally.code: tally for tally in result.components}["I.4"]
    assert (component.total, component.done, component.overdue) == (13, 2, 6)


def test_whole_plan_groups_add_up(plan: Plan) -> None:
    result = progress(plan, {}, date(2022, 12, 31))
    assert result.scope == EVERYTHING
    assert result.total.total == 219 == sum(tally.total for tally in result.areas)
    assert sum(tally.total for tally in result.teams) == 219
    assert sum(tally.total for tally in result.components) == 219
    # On the last day of the year only December's periods are still open (and due today).
    december = sum(1 for a in plan.actions for p in a.periods if p.deadline == date(2022, 12, 31))
    assert result.total.coming == december == result.total.open
    assert result.total.overdue == 219 - december == len(result.overdue)


def test_a_month_scope_looks_at_its_deadlines_only(plan: Plan) -> None:
    result = progress(plan, {}, JUNE_10, Scope(month=Month(2022, 8)))
    expected = sum(
        1 for a in plan.actions for p in a.periods if (p.deadline.year, p.deadline.month) == (2022, 8)
    )
    assert result.focus_month == Month(2022, 8)
    assert result.total.total == expected == result.total.coming
    assert (result.total.due, result.total.overdue, result.total.percent) == (0, 0, None)


def test_a_team_scope_keeps_only_its_rows(plan: Plan) -> None:
    result = progress(plan, {}, JUNE_10, Scope(team_codes=("AK",)))
    assert [tally.code for tally in result.teams] == ["AK"]
    assert result.total.total == 10 == result.total.overdue
    assert {item.team_code for item in result.overdue} == {"AK"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("juni", Month(2022, 6)),
        ("Juni 2022", Month(2022, 6)),
        ("agt 2023", Month(2023, 8)),
        ("2022-06", Month(2022, 6)),
        ("6/2022", Month(2022, 6)),
        ("Des.", Month(2022, 12)),
        ("2022-13", None),
        ("juni tahun", None),
        ("TW II", None),
        ("SDM", None),
    ],
)
def test_parse_month(text: str, expected: Month | None) -> None:
    assert parse_month(text, 2022) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Scope()),
        ("SDM", Scope(team_codes=("SDM",))),
        ("pengawasan", Scope(team_codes=("PW",))),
        ("ii", Scope(area_code="II")),
        ("2", Scope(area_code="II")),
        ("mei", Scope(month=Month(2022, 5))),
        ("sdm juni", Scope(team_codes=("SDM",), month=Month(2022, 6))),
        ("VI  des 2022", Scope(area_code="VI", month=Month(2022, 12))),
        # any order, several teams, a team's name in words
        ("juni III", Scope(area_code="III", month=Month(2022, 6))),
        ("juni tata laksana SDM", Scope(team_codes=("TL", "SDM"), month=Month(2022, 6))),
        ("SDM PW", Scope(team_codes=("SDM", "PW"))),
    ],
)
def test_parse_scope(plan: Plan, text: str, expected: Scope) -> None:
    assert parse_scope(plan, text) == expected


@pytest.mark.parametrize("text", ["xyz", "tim", "13/2022", "SDM xyz", "juni juli", "II III"])
def test_parse_scope_names_the_choices_when_nothing_matches(plan: Plan, text: str) -> None:
    with pytest.raises(UnknownScope) as caught:
        parse_scope(plan, text)
    assert "SDM" in caught.value.choices and "VI" in caught.value.choices
