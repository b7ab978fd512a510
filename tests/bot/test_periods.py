"""plan/periods.py: naming a period the way people type it, and choosing the period a report means."""

from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plan.errors import AlreadyReported, NothingOpen, NothingToCancel, UnknownPeriod, Unscheduled, WhichPeriod
from plan.model import DuePeriod, Plan, Status
from plan.periods import (
    PeriodQuery,
    Schedule,
    find_period,
    misspelt_month,
    parse_period,
    split_arguments,
)
from plan.targets import MONTH_ALIASES, parse_target

from ..conftest import action_of

MONTHLY = parse_target("Januari-Desember 2022", 2022)


def _query(text: str) -> PeriodQuery:
    query = parse_period(text)
    assert query is not None, text
    return query


def _find(periods: Sequence[DuePeriod], text: str) -> str:
    return find_period("X", periods, _query(text)).key


def test_every_period_of_the_plan_is_found_by_its_key_and_its_label(plan: Plan) -> None:
    checked = 0
    for action in plan.actions:
        for period in action.periods:
            assert _find(action.periods, period.key) == period.key
            assert _find(action.periods, period.label) == period.key
            checked += 1
    assert checked == 219


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Maret", "2022-03"),
        ("mar", "2022-03"),
        ("03", "2022-03"),
        ("3", "2022-03"),
        ("2022-03", "2022-03"),
        ("3/2022", "2022-03"),
        ("Juni", "2022-06"),
        ("JUNI 2022", "2022-06"),
        ("Agt", "2022-08"),
        ("ags.", "2022-08"),
        ("Nop", "2022-11"),
        ("des 2022", "2022-12"),
        ("bulan Maret", "2022-03"),
        ("Bulan maret 2022", "2022-03"),
        ("bln 3", "2022-03"),
        ("periode Juni", "2022-06"),
        ("Maret,", "2022-03"),
        ("juni 2022;", "2022-06"),
    ],
)
def test_months_of_a_monthly_action(text: str, key: str) -> None:
    assert _find(MONTHLY, text) == key


def test_a_month_finds_the_period_containing_it(plan: Plan) -> None:
    span = action_of(plan, "II.1.1").periods  # Paling lambat Mei-November 2022
    assert _find(span, "Juni") == "2022-05/2022-11"
    assert _find(span, "Mei - November") == "2022-05/2022-11"
    week = action_of(plan, "I.2.1").periods  # Minggu ke-2 Januari 2022
    assert _find(week, "Januari") == "2022-01-w2"
    assert _find(week, "minggu ke-2") == "2022-01-w2"
    assert _find(week, "w2") == "2022-01-w2"
    quarters = parse_target("per triwulan", 2022)
    assert _find(quarters, "TW II") == "2022-q2"
    assert _find(quarters, "Mei") == "2022-q2"
    halves = parse_target("Semester I", 2022)
    assert _find(halves, "smt 1") == "2022-s1"


def test_a_period_outside_the_schedule_lists_the_choices(plan: Plan) -> None:
    periods = action_of(plan, "II.3.2").periods  # Juni dan Desember 2022
    with pytest.raises(UnknownPeriod) as caught:
        find_period("II.3.2", periods, _query("Juli"))
    assert caught.value.choices == ("Juni 2022", "Desember 2022")
    assert caught.value.text == "Juli"
    with pytest.raises(UnknownPeriod):
        find_period("II.3.2", periods, _query("Juni 2023"))


def test_a_period_matching_several_asks_which() -> None:
    with pytest.raises(WhichPeriod) as caught:
        find_period("II.2.1", MONTHLY, _query("TW II"))
    assert caught.value.choices == ("April 2022", "Mei 2022", "Juni 2022")


@pytest.mark.parametrize(
    "text", ["catatan", "2022", "13", "0", "sudah", "II.1", "https://x.id", "", "bulan", "periode ini"]
)
def test_texts_that_are_not_periods(text: str) -> None:
    assert parse_period(text) is None


@given(
    month=st.integers(1, 12),
    data=st.data(),
    with_year=st.booleans(),
    dot=st.booleans(),
)
def test_any_spelling_of_a_month_finds_it(
    month: int, data: st.DataObject, with_year: bool, dot: bool
) -> None:
    spellings = [alias for alias, number in MONTH_ALIASES.items() if number == month]
    spellings += [str(month), f"{month:02d}"]
    spelling = data.draw(st.sampled_from(spellings))
    if spelling.isalpha():
        spelling = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in spelling)
        spelling += "." if dot else ""
    text = f"{spelling} 2022" if with_year and not spelling.isdigit() else spelling
    assert _find(MONTHLY, text) == f"2022-{month:02d}"


# ---- choosing the period ------------------------------------------------------------------------
JUNE_6 = date(2022, 6, 6)


def test_report_takes_the_earliest_open_period() -> None:
    done = {f"2022-{m:02d}": Status.SELESAI for m in (1, 2, 3)}
    assert Schedule.of("II.2.1", MONTHLY, done, JUNE_6).to_report().key == "2022-04"
    # A sent-back or evidence-less period is still open.
    assert Schedule.of("II.2.1", MONTHLY, {"2022-01": Status.DITOLAK}, JUNE_6).to_report().key == "2022-01"
    assert (
        Schedule.of("II.2.1", MONTHLY, {**done, "2022-04": Status.DISETUJUI}, JUNE_6).to_report().key
        == "2022-05"
    )


def test_report_of_everything_done_names_the_next_period() -> None:
    done = {f"2022-{m:02d}": Status.SELESAI for m in range(1, 7)}
    with pytest.raises(NothingOpen) as caught:
        Schedule.of("II.2.1", MONTHLY, done, JUNE_6).to_report()
    assert caught.value.upcoming is not None and caught.value.upcoming.key == "2022-07"
    only_july = parse_target("Juli 2022", 2022)
    with pytest.raises(NothingOpen) as early:
        Schedule.of("III.5.1", only_july, {}, JUNE_6).to_report()
    assert early.value.upcoming == only_july[0]


def test_report_of_a_named_period() -> None:
    query = parse_period("Maret")
    assert Schedule.of("II.2.1", MONTHLY, {}, JUNE_6).to_report(query).key == "2022-03"
    # Reporting ahead of the window is allowed when the period is named.
    assert Schedule.of("II.2.1", MONTHLY, {}, JUNE_6).to_report(parse_period("Juli")).key == "2022-07"
    with pytest.raises(AlreadyReported) as caught:
        Schedule.of("II.2.1", MONTHLY, {"2022-03": Status.DISETUJUI}, JUNE_6).to_report(query)
    assert caught.value.period_label == "Maret 2022"


def test_an_unscheduled_action_has_no_schedule_to_choose_from() -> None:
    with pytest.raises(Unscheduled):
        Schedule.of("III.1.2", (), {}, JUNE_6)


def test_evidence_goes_to_the_period_waiting_for_it_else_the_latest_started() -> None:
    waiting = {"2022-02": Status.MENUNGGU_BUKTI, "2022-05": Status.MENUNGGU_BUKTI}
    assert Schedule.of("II.2.1", MONTHLY, waiting, JUNE_6).for_evidence().key == "2022-02"
    assert Schedule.of("II.2.1", MONTHLY, {}, JUNE_6).for_evidence().key == "2022-06"
    assert Schedule.of("II.2.1", MONTHLY, {}, JUNE_6).for_evidence(parse_period("jan")).key == "2022-01"
    with pytest.raises(NothingOpen):
        Schedule.of("II.2.1", MONTHLY, {}, date(2021, 12, 1)).for_evidence()


def test_cancel_takes_the_latest_report() -> None:
    statuses = {"2022-02": Status.SELESAI, "2022-04": Status.MENUNGGU_BUKTI}
    assert Schedule.of("II.2.1", MONTHLY, statuses, JUNE_6).to_cancel().key == "2022-04"
    assert Schedule.of("II.2.1", MONTHLY, statuses, JUNE_6).to_cancel(parse_period("feb")).key == "2022-02"
    with pytest.raises(NothingToCancel):
        Schedule.of("II.2.1", MONTHLY, statuses, JUNE_6).to_cancel(parse_period("mar"))
    with pytest.raises(NothingToCancel):
        Schedule.of("II.2.1", MONTHLY, {}, JUNE_6).to_cancel()


# ---- arguments ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "code", "period", "note"),
    [
        ("II.1", "II.1", None, None),
        ("ii.2.1 Maret", "ii.2.1", "Maret", None),
        ("2 1 Juni sudah sosialisasi", "2 1", "Juni", "sudah sosialisasi"),
        ("II.2.1 03", "II.2.1", "03", None),
        ("II.2.1 3", "II.2.1", "3", None),
        ("I.2.1 minggu ke-2 Januari 2022 rapat", "I.2.1", "minggu ke-2 Januari 2022", "rapat"),
        ("II.1 Sosialisasi SOP sudah", "II.1", None, "Sosialisasi SOP sudah"),
        ("II.9 Maret", "II.9", "Maret", None),
    ],
)
def test_split_arguments(plan: Plan, words: str, code: str, period: str | None, note: str | None) -> None:
    arguments = split_arguments(plan, words.split())
    assert arguments is not None
    assert arguments.code_text == code
    assert (arguments.period.text if arguments.period else None) == period
    assert arguments.note == note


def test_no_arguments_is_none(plan: Plan) -> None:
    assert split_arguments(plan, []) is None


@pytest.mark.parametrize(
    ("word", "month"),
    [("Juny", 6), ("Jnui", 6), ("Agustu", 8), ("febuari", 2), ("Spetember", 9), ("Desmber", 12)],
)
def test_a_misspelt_month_is_recognised(word: str, month: int) -> None:
    assert misspelt_month(word) == month


@pytest.mark.parametrize(
    "word", ["Juni", "presensi", "sudah", "Agus", "seperti", "novel", "jumlah", "mari", "2022", "mei"]
)
def test_ordinary_words_and_real_months_are_not_misspellings(word: str) -> None:
    assert misspelt_month(word) is None
