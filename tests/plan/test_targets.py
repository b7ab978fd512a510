import calendar
import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plan.model import Plan
from plan.targets import MONTH_ALIASES, MONTH_NAMES, TargetParseError, parse_target

# The README's phrase table, kept honest: (text, [(key, window start, deadline), ...]).
EXAMPLES = [
    ("April 2022", [("2022-04", "2022-04-01", "2022-04-30")]),
    ("Minggu ke-2 Januari 2022", [("2022-01-w2", "2022-01-08", "2022-01-14")]),
    (
        "Mei, Agustus, November Tahun 2022",
        [
            ("2022-05", "2022-05-01", "2022-05-31"),
            ("2022-08", "2022-08-01", "2022-08-31"),
            ("2022-11", "2022-11-01", "2022-11-30"),
        ],
    ),
    ("Paling lambat Mei-November 2022", [("2022-05/2022-11", "2022-05-01", "2022-11-30")]),
    (
        "Juni dan Desember 2022",
        [("2022-06", "2022-06-01", "2022-06-30"), ("2022-12", "2022-12-01", "2022-12-31")],
    ),
    (
        "Juni & Desember 2022",
        [("2022-06", "2022-06-01", "2022-06-30"), ("2022-12", "2022-12-01", "2022-12-31")],
    ),
    (
        "Oktober dan Desember 2022",
        [("2022-10", "2022-10-01", "2022-10-31"), ("2022-12", "2022-12-01", "2022-12-31")],
    ),
    (
        "April 2022 Januari 2022",
        [("2022-01", "2022-01-01", "2022-01-31"), ("2022-04", "2022-04-01", "2022-04-30")],
    ),
    ("Minggu ke-3 Maret", [("2022-03-w3", "2022-03-15", "2022-03-21")]),
    ("Minggu ke-5 Maret 2022", [("2022-03-w5", "2022-03-29", "2022-03-31")]),
    ("TW II", [("2022-q2", "2022-04-01", "2022-06-30")]),
    ("Triwulan IV 2023", [("2023-q4", "2023-10-01", "2023-12-31")]),
    ("Semester I", [("2022-s1", "2022-01-01", "2022-06-30")]),
    ("semester 2 2022", [("2022-s2", "2022-07-01", "2022-12-31")]),
    (
        "Agt, Sept, Nop 2022",
        [
            ("2022-08", "2022-08-01", "2022-08-31"),
            ("2022-09", "2022-09-01", "2022-09-30"),
            ("2022-11", "2022-11-01", "2022-11-30"),
        ],
    ),
    (
        "Des 2022 s.d. Feb 2023",
        [
            ("2022-12", "2022-12-01", "2022-12-31"),
            ("2023-01", "2023-01-01", "2023-01-31"),
            ("2023-02", "2023-02-01", "2023-02-28"),
        ],
    ),
    ("  juni   2022 ", [("2022-06", "2022-06-01", "2022-06-30")]),
    ("-", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
def test_example_table(text: str, expected: list[tuple[str, str, str]]) -> None:
    periods = parse_target(text, 2022)
    assert [(p.key, p.window_start.isoformat(), p.deadline.isoformat()) for p in periods] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Januari-Desember 2022",
        "Januari – Desember 2022",
        "Januari - Desember 2022",
        "Per-bulan (Januari-Desember)",
        "Setiap bulan",
        "setiap bulan 2022",
        "JAN-DES 2022",
    ],
)
def test_monthly_phrases_give_twelve_month_periods(text: str) -> None:
    periods = parse_target(text, 2022)
    assert [p.key for p in periods] == [f"2022-{month:02d}" for month in range(1, 13)]
    assert periods[1].deadline == date(2022, 2, 28)
    assert periods[1].label == "Februari 2022"


def test_quarterly_phrase_gives_four_quarters() -> None:
    assert [p.key for p in parse_target("per triwulan", 2022)] == ["2022-q1", "2022-q2", "2022-q3", "2022-q4"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Kuartal 3", "kuartal"),
        ("2022", "does not follow a month"),
        ("Juni-", "needs a month after the dash"),
        ("minggu ke-2", "needs a month"),
        ("Desember-Januari 2022", "ends before it starts"),
        ("Minggu ke-5 Februari 2022", "no week 5"),
        ("Juni 2022 ???", "unexpected"),
        ("31/12/2022", "unexpected"),
    ],
)
def test_unreadable_text_is_an_error_naming_the_text(text: str, fragment: str) -> None:
    with pytest.raises(TargetParseError) as caught:
        parse_target(text, 2022)
    assert fragment in str(caught.value)
    assert caught.value.text == text


def test_every_decree_phrase_parses(plan: Plan) -> None:
    texts = {action.target_waktu for action in plan.actions}
    assert {"-", ""} <= texts
    for text in texts:
        parse_target(text, 2022)


years = st.integers(min_value=2000, max_value=2099)
months = st.integers(min_value=1, max_value=12)
spellings = st.sampled_from(sorted(MONTH_ALIASES))
separators = st.sampled_from([",", " dan ", " & ", ", ", "  "])


def _case(text: str, style: int) -> str:
    return [text, text.upper(), text.title(), text.lower()][style]


@given(spelling=spellings, year=years, style=st.integers(0, 3))
def test_any_spelling_of_a_single_month(spelling: str, year: int, style: int) -> None:
    month = MONTH_ALIASES[spelling]
    (period,) = parse_target(_case(f"{spelling} {year}", style), 1999)
    assert period.window_start == date(year, month, 1)
    assert period.deadline == date(year, month, calendar.monthrange(year, month)[1])
    assert period.label == f"{MONTH_NAMES[month - 1]} {year}"


@given(
    first=months,
    last=months,
    year=years,
    dash=st.sampled_from(["-", " - ", " – ", "—", " s.d. ", " sampai "]),
)
def test_range_gives_one_period_per_month_in_order(first: int, last: int, year: int, dash: str) -> None:
    text = f"{MONTH_NAMES[first - 1]}{dash}{MONTH_NAMES[last - 1]} {year}"
    if last < first:
        with pytest.raises(TargetParseError):
            parse_target(text, year)
        return
    periods = parse_target(text, year)
    assert [p.window_start.month for p in periods] == list(range(first, last + 1))
    assert all(a.deadline < b.window_start for a, b in itertools.pairwise(periods))


@given(chosen=st.sets(months, min_size=1, max_size=12), year=years, separator=separators)
def test_list_of_months_gives_exactly_those_months(chosen: set[int], year: int, separator: str) -> None:
    text = separator.join(MONTH_NAMES[m - 1] for m in sorted(chosen)) + f" {year}"
    assert {p.window_start.month for p in parse_target(text, 2000)} == chosen


@given(week=st.integers(1, 5), month=months, year=years)
def test_week_n_is_days_7n_minus_6_to_7n_within_the_month(week: int, month: int, year: int) -> None:
    text = f"Minggu ke-{week} {MONTH_NAMES[month - 1]} {year}"
    month_days = calendar.monthrange(year, month)[1]
    if 7 * week - 6 > month_days:
        with pytest.raises(TargetParseError):
            parse_target(text, year)
        return
    (period,) = parse_target(text, year)
    assert period.window_start == date(year, month, 7 * week - 6)
    assert period.deadline == date(year, month, min(7 * week, month_days))


@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        periods = parse_target(text, 2022)
    except TargetParseError:
        return
    assert all(p.window_start <= p.deadline for p in periods)
