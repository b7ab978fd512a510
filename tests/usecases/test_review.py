import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from plan.errors import (
    CoordinatorOnly,
    NotAnAction,
    NotReported,
    ReasonRequired,
    UnknownCode,
    UnknownPeriod,
    WhichPeriod,
)
from plan.model import Plan, Status
from plan.periods import ReportArguments, split_arguments
from store import chats, exports, repo
from store.db import Database
from store.digest import claim_digest, finish_digest, record_sent
from usecases import review
from usecases.actor import Actor

NOW = datetime(2022, 6, 10, 3, 0, tzinfo=UTC)

LEASE = timedelta(minutes=10)


def report(database: Database, code: str, key: str, who: str = "Sri Rahayu", at: datetime = NOW) -> None:
    with database.unit_of_work() as session:
        (state,) = [s for s in repo.period_states(session, 2022, action_codes=[code]) if s.key == key]
        person = repo.touch_person(session, zlib.crc32(who.encode()), who, None, at).person_id
        repo.change_status(session, state.period_id, Status.SELESAI, person_id=person, chat_id=-1, now=at)


def coordinator(session: Session, is_coordinator: bool = True) -> Actor:
    person = repo.touch_person(session, 900, "Bu Koordinator", "koord", NOW).person_id
    return Actor(person, 900, "Bu Koordinator", 900, False, is_coordinator, None, ("MP",))


def args(plan: Plan, text: str) -> ReportArguments:
    arguments = split_arguments(plan, text.split())
    assert arguments is not None
    return arguments


def status_of(database: Database, code: str, key: str) -> Status:
    with database.unit_of_work() as session:
        return repo.statuses(session, 2022)[(code, key)]


def test_approve_the_only_reported_period_without_naming_it(imported: Database, plan: Plan) -> None:
    report(imported, "I.4.1", "2022-05")
    with imported.unit_of_work() as session:
        chats.bind_chat(session, -500, "MP", "Tim MP", person_id=None, now=NOW)
        outcome = review.approve(session, plan, coordinator(session), args(plan, "1.4.1"), now=NOW)
    assert outcome is not None
    assert (outcome.target.action_code, outcome.target.period_key, outcome.verdict.status) == (
        "I.4.1",
        "2022-05",
        Status.DISETUJUI,
    )
    assert outcome.team_chat_ids == (-500,)
    assert outcome.team_name == "Tim Manajemen Perubahan"
    assert status_of(imported, "I.4.1", "2022-05") is Status.DISETUJUI
    with imported.unit_of_work() as session:
        marks = exports.marks(session, 2022)[("I.4.1", "2022-05")]
    assert (marks.reported_by, marks.reviewed_by, marks.review_status) == (
        "Sri Rahayu",
        "Bu Koordinator",
        Status.DISETUJUI,
    )


def test_reject_with_period_and_reason_reopens_it_and_keeps_history(imported: Database, plan: Plan) -> None:
    report(imported, "I.4.1", "2022-05")
    report(imported, "I.4.1", "2022-06")
    with imported.unit_of_work() as session:
        with pytest.raises(WhichPeriod) as which:
            review.reject(session, plan, coordinator(session), args(plan, "I.4.1 foto buram"), now=NOW)
        assert which.value.choices == ("Mei 2022", "Juni 2022")
    later = NOW + timedelta(hours=1)
    with imported.unit_of_work() as session:
        outcome = review.reject(
            session, plan, coordinator(session), args(plan, "I.4.1 juni foto buram, kirim ulang"), now=later
        )
    assert outcome is not None
    assert (outcome.target.period_key, outcome.verdict.status, outcome.verdict.note) == (
        "2022-06",
        Status.DITOLAK,
        "foto buram, kirim ulang",
    )
    assert outcome.team_chat_ids == ()
    assert status_of(imported, "I.4.1", "2022-06") is Status.DITOLAK
    assert status_of(imported, "I.4.1", "2022-05") is Status.SELESAI
    with imported.unit_of_work() as session:
        (state,) = [
            s for s in repo.period_states(session, 2022, action_codes=["I.4.1"]) if s.key == "2022-06"
        ]
        steps = [(e.from_status, e.to_status, e.note) for e in repo.history(session, [state.period_id])]
        marks = exports.marks(session, 2022)[("I.4.1", "2022-06")]
    assert steps == [
        (Status.BELUM, Status.SELESAI, None),
        (Status.SELESAI, Status.DITOLAK, "foto buram, kirim ulang"),
    ]
    assert (marks.review_status, marks.review_note, marks.reviewed_at) == (
        Status.DITOLAK,
        "foto buram, kirim ulang",
        later,
    )


def test_a_new_report_hides_the_review_of_the_old_one(imported: Database, plan: Plan) -> None:
    report(imported, "II.1.1", "2022-05/2022-11")
    with imported.unit_of_work() as session:
        review.reject(session, plan, coordinator(session), args(plan, "II.1 salah berkas"), now=NOW)
    report(imported, "II.1.1", "2022-05/2022-11", who="Budi", at=NOW + timedelta(days=1))
    with imported.unit_of_work() as session:
        marks = exports.marks(session, 2022)[("II.1.1", "2022-05/2022-11")]
    assert (marks.reported_by, marks.reviewed_by, marks.review_status) == ("Budi", None, None)


def test_only_reported_periods_can_be_reviewed(imported: Database, plan: Plan) -> None:
    report(imported, "I.4.1", "2022-05")
    with imported.unit_of_work() as session:
        review.approve(session, plan, coordinator(session), args(plan, "I.4.1 mei"), now=NOW)
    cases = [
        (review.approve, "I.4.1", "mei", NotReported),  # already approved
        (review.approve, "I.4.1", "", NotReported),  # nothing reported any more
        (review.reject, "I.4.1", "Juli tidak lengkap", NotReported),  # never reported
        (review.reject, "I.4.1", "mei", ReasonRequired),
        (review.approve, "I.2.1", "agustus", UnknownPeriod),
        (review.approve, "I.4", "", NotAnAction),
        (review.approve, "I.9.9", "", UnknownCode),
    ]
    for verdict, code, rest, error in cases:
        with imported.unit_of_work() as session, pytest.raises(error):
            verdict(session, plan, coordinator(session), args(plan, f"{code} {rest}"), now=NOW)
    assert status_of(imported, "I.4.1", "2022-05") is Status.DISETUJUI
    assert status_of(imported, "I.4.1", "2022-07") is Status.BELUM
    with imported.unit_of_work() as session, pytest.raises(NotReported) as caught:
        review.approve(session, plan, coordinator(session), args(plan, "I.4.1 2022-05"), now=NOW)
    assert (caught.value.period_label, caught.value.status) == ("Mei 2022", Status.DISETUJUI)


def test_reviews_are_for_coordinators_and_name_the_period_as_people_type_it(
    imported: Database, plan: Plan
) -> None:
    report(imported, "I.2.1", "2022-01-w2")
    report(imported, "II.1.1", "2022-05/2022-11")
    with imported.unit_of_work() as session, pytest.raises(CoordinatorOnly):
        review.approve(
            session, plan, coordinator(session, is_coordinator=False), args(plan, "I.2.1"), now=NOW
        )
    with imported.unit_of_work() as session:
        weekly = review.reject(
            session, plan, coordinator(session), args(plan, "I.2.1 minggu ke-2 januari kurang ttd"), now=NOW
        )
        span = review.approve(session, plan, coordinator(session), args(plan, "2 1 1 november"), now=NOW)
    assert weekly is not None and span is not None
    assert (weekly.target.period_key, weekly.verdict.note) == ("2022-01-w2", "kurang ttd")
    assert (span.target.action_code, span.target.period_key, span.verdict.note) == (
        "II.1.1",
        "2022-05/2022-11",
        None,
    )


def test_daily_digest_is_claimed_once_and_covers_reports_since_the_last(imported: Database) -> None:
    report(imported, "I.4.1", "2022-05", at=NOW - timedelta(hours=2))
    day = NOW.date()
    with imported.unit_of_work() as session:
        digest = claim_digest(session, day, -77, NOW, worker="test", lease=LEASE)
    assert digest is not None
    assert [(r.action_code, r.period_key, r.team_code, r.reported_by) for r in digest.reports] == [
        ("I.4.1", "2022-05", "MP", "Sri Rahayu")
    ]
    with imported.unit_of_work() as session:
        finish_digest(session, digest, NOW, worker="test")
    with imported.unit_of_work() as session:
        assert (
            claim_digest(session, day, -77, NOW + timedelta(hours=1), worker="restart", lease=LEASE) is None
        )
    report(imported, "IV.1.1", "2022-01", at=NOW + timedelta(hours=3))
    tomorrow = NOW + timedelta(days=1)
    with imported.unit_of_work() as session:
        digest = claim_digest(session, day + timedelta(days=1), -77, tomorrow, worker="test", lease=LEASE)
    assert digest is not None
    assert [r.action_code for r in digest.reports] == ["IV.1.1"]
    assert digest.since == NOW


def test_a_digest_that_failed_is_claimed_again(imported: Database) -> None:
    day = NOW.date()
    with imported.unit_of_work() as session:
        digest = claim_digest(session, day, -77, NOW, worker="test", lease=LEASE)
        assert digest is not None
        finish_digest(
            session, digest, NOW, worker="test", error="Timed out", retry_at=NOW + timedelta(minutes=5)
        )
    with imported.unit_of_work() as session:
        assert claim_digest(session, day, -77, NOW + timedelta(minutes=1), worker="test", lease=LEASE) is None
        again = claim_digest(session, day, -77, NOW + timedelta(minutes=5), worker="test", lease=LEASE)
    assert again is not None and again.key == digest.key


def test_a_retried_digest_leaves_out_the_reports_of_messages_already_accepted(imported: Database) -> None:
    for code, key, minutes in (
        ("I.4.1", "2022-05", 30),
        ("IV.1.1", "2022-01", 20),
        ("II.1.1", "2022-05/2022-11", 10),
    ):
        report(imported, code, key, at=NOW - timedelta(minutes=minutes))
    day = NOW.date()
    with imported.unit_of_work() as session:
        digest = claim_digest(session, day, -77, NOW, worker="test", lease=LEASE)
        assert digest is not None and len(digest.reports) == 3
        record_sent(session, digest, digest.reports[:2], worker="test", now=NOW)  # the first message went
        finish_digest(
            session, digest, NOW, worker="test", error="Timed out", retry_at=NOW + timedelta(minutes=5)
        )
    with imported.unit_of_work() as session:
        again = claim_digest(session, day, -77, NOW + timedelta(minutes=5), worker="test", lease=LEASE)
    assert again is not None and [r.action_code for r in again.reports] == ["II.1.1"]


def test_a_reason_opening_with_a_number_is_not_read_as_a_month(imported: Database, plan: Plan) -> None:
    """`/tolak I.4.1 3 lampiran kurang` rejects the one reported period, not March, and keeps the number."""
    report(imported, "I.4.1", "2022-05")
    with imported.unit_of_work() as session:
        outcome = review.reject(
            session, plan, coordinator(session), args(plan, "I.4.1 3 lampiran kurang"), now=NOW
        )
    assert outcome is not None
    assert (outcome.target.period_key, outcome.verdict.note) == ("2022-05", "3 lampiran kurang")
    report(imported, "I.4.1", "2022-06")
    report(imported, "I.4.1", "2022-03")
    with imported.unit_of_work() as session, pytest.raises(WhichPeriod) as which:
        review.reject(session, plan, coordinator(session), args(plan, "I.4.1 3 lampiran kurang"), now=NOW)
    assert which.value.choices == ("Maret 2022", "Juni 2022")
