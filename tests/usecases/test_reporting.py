"""usecases/reporting.py and usecases/overview.py on a real database: access, period choice, filing, waits,
cancel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from plan.errors import CannotCancel, HiddenTeam, NotAnAction, UnboundChat, WrongTeam
from plan.model import Plan, Status
from plan.periods import ReportArguments, parse_period
from store import repo
from store.db import Database
from store.repo import NewEvidence
from usecases import binding, overview, reporting
from usecases.actor import Actor
from usecases.commands import CommandName
from usecases.reporting import Choice, Filed, Target

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2022, 6, 6, 9, 0, tzinfo=WIB)
TODAY = NOW.date()
WAIT = timedelta(minutes=10)
PHOTO = NewEvidence(kind="photo", sha256="ab" * 32, size=10, path="ab/" + "ab" * 32)
LINK = NewEvidence(kind="link", url="https://drive.google.com/x")


def _actor(
    db: Database, user_id: int, name: str, *, team: str | None = "TL", coordinator: bool = False
) -> Actor:
    with db.unit_of_work() as session:
        person_id = repo.touch_person(session, user_id, name, None, NOW).person_id
    return Actor(
        person_id=person_id,
        telegram_user_id=user_id,
        name=name,
        chat_id=-1001,
        in_group=True,
        is_coordinator=coordinator,
        chat_team=team,
        teams=(team,) if team else (),
    )


def _args(code: str, period: str | None = None, note: str | None = None) -> ReportArguments:
    return ReportArguments(code, parse_period(period) if period else None, note)


def _target(
    db: Database,
    plan: Plan,
    actor: Actor,
    code: str,
    period: str | None = None,
    command: str = CommandName.SELESAI,
) -> Target:
    with db.unit_of_work() as session:
        found = reporting.target(session, plan, actor, command, _args(code, period), TODAY)
    assert isinstance(found, Target)
    return found


def _file(
    db: Database,
    target: Target,
    actor: Actor,
    evidence: Sequence[NewEvidence] = (),
    command: str = CommandName.SELESAI,
    now: datetime = NOW,
) -> Filed:
    with db.unit_of_work() as session:
        return reporting.file(
            session,
            target,
            actor,
            command,
            list(evidence),
            note="catatan",
            now=now,
            wait=WAIT,
            message_id=5,
        )


def test_who_may_report_what(imported: Database, plan: Plan) -> None:
    ani = _actor(imported, 201, "Ani")
    budi = _actor(imported, 301, "Budi", team="SDM")
    stranger = _actor(imported, 401, "Sari", team=None)
    coordinator = _actor(imported, 100, "Koordinator", team="SDM", coordinator=True)
    # A one-action component means its action.
    assert _target(imported, plan, ani, "II.1").action_code == "II.1.1"
    with imported.unit_of_work() as session:
        with pytest.raises(WrongTeam) as wrong:
            reporting.target(session, plan, budi, CommandName.SELESAI, _args("II.1"), TODAY)
        assert (wrong.value.team_code, wrong.value.team_name) == ("TL", "Tim Penata tata Laksana")
        with pytest.raises(UnboundChat):
            reporting.target(session, plan, stranger, CommandName.SELESAI, _args("II.1"), TODAY)
        choice = reporting.target(session, plan, ani, CommandName.SELESAI, _args("II.2"), TODAY)
        assert isinstance(choice, Choice) and [c for c, _ in choice.actions] == ["II.2.1", "II.2.2", "II.2.3"]
        with pytest.raises(NotAnAction):
            reporting.target(session, plan, ani, CommandName.SELESAI, _args("II"), TODAY)
    assert _target(imported, plan, coordinator, "II.1").team_code == "TL"  # a coordinator reports anything


def test_filing_with_and_without_evidence(imported: Database, plan: Plan) -> None:
    ani = _actor(imported, 201, "Ani")
    waiting = _file(imported, _target(imported, plan, ani, "II.3.2"), ani)
    assert (waiting.previous, waiting.status, waiting.added) == (Status.BELUM, Status.MENUNGGU_BUKTI, 0)
    assert waiting.wait_until == NOW + WAIT
    with imported.unit_of_work() as session:
        wait = reporting.active_wait(session, plan, -1001, 201, NOW + timedelta(minutes=9))
        assert (
            wait is not None and wait.target.period_key == "2022-06" and wait.command == CommandName.SELESAI
        )
        assert reporting.active_wait(session, plan, -1001, 202, NOW) is None  # someone else
    done = _file(imported, waiting.target, ani, [PHOTO], command=waiting.command)
    assert (done.previous, done.status, done.added, done.evidence_total) == (
        Status.MENUNGGU_BUKTI,
        Status.SELESAI,
        1,
        1,
    )
    again = _file(imported, waiting.target, ani, [PHOTO, LINK], command=CommandName.BUKTI)
    assert (again.added, again.duplicates, again.evidence_total, again.status) == (1, 1, 2, Status.SELESAI)
    with imported.unit_of_work() as session:
        assert reporting.active_wait(session, plan, -1001, 201, NOW + timedelta(minutes=11)) is None
    with imported.unit_of_work() as session:  # the expired wait was dropped
        assert reporting.active_wait(session, plan, -1001, 201, NOW) is None
    history = [(e.from_status, e.to_status, e.person_name, e.note) for e in _history(imported, "II.3.2")]
    assert history == [
        (Status.BELUM, Status.MENUNGGU_BUKTI, "Ani", "catatan"),
        (Status.MENUNGGU_BUKTI, Status.SELESAI, "Ani", "catatan"),
    ]


def test_evidence_alone_does_not_report_a_period(imported: Database, plan: Plan) -> None:
    ani = _actor(imported, 201, "Ani")
    target = _target(imported, plan, ani, "II.2.1", "Mei", command=CommandName.BUKTI)
    result = _file(imported, target, ani, [LINK], command=CommandName.BUKTI)
    assert (result.status, result.added) == (Status.BELUM, 1)


def _history(db: Database, code: str) -> list[repo.StatusEntry]:
    with db.unit_of_work() as session:
        return repo.history(
            session, [p.period_id for p in repo.period_states(session, 2022, action_codes=[code])]
        )


def test_cancel_rules(imported: Database, plan: Plan) -> None:
    ani = _actor(imported, 201, "Ani")
    dedi = _actor(imported, 202, "Dedi")
    coordinator = _actor(imported, 100, "Koordinator", coordinator=True)
    _file(imported, _target(imported, plan, ani, "II.1"), ani, [PHOTO])
    with imported.unit_of_work() as session:
        with pytest.raises(CannotCancel) as refused:
            reporting.cancel(session, plan, dedi, _args("II.1"), NOW)
        assert refused.value.reporter == "Ani"
        with pytest.raises(CannotCancel):
            reporting.cancel(session, plan, ani, _args("II.1"), NOW + timedelta(days=1))
    with imported.unit_of_work() as session:
        cancelled = reporting.cancel(session, plan, ani, _args("II.1"), NOW + timedelta(hours=5))
    assert not isinstance(cancelled, Choice)
    assert (cancelled.previous, cancelled.evidence_detached) == (Status.SELESAI, 1)
    # An approved period: only a coordinator takes it back.
    _file(imported, _target(imported, plan, ani, "II.2.3"), ani, [LINK])
    with imported.unit_of_work() as session:
        period_id = repo.period_states(session, 2022, action_codes=["II.2.3"])[0].period_id
        repo.change_status(
            session, period_id, Status.DISETUJUI, person_id=coordinator.person_id, chat_id=None, now=NOW
        )
    with imported.unit_of_work() as session, pytest.raises(CannotCancel):
        reporting.cancel(session, plan, ani, _args("II.2.3"), NOW)
    with imported.unit_of_work() as session:
        result = reporting.cancel(session, plan, coordinator, _args("II.2.3"), NOW + timedelta(days=30))
    assert not isinstance(result, Choice) and result.previous == Status.DISETUJUI


def test_listing_evidence_is_for_the_team_and_opens_a_wait(imported: Database, plan: Plan) -> None:
    ani = _actor(imported, 201, "Ani")
    budi = _actor(imported, 301, "Budi", team="SDM")
    _file(imported, _target(imported, plan, ani, "II.1"), ani, [PHOTO])
    with imported.unit_of_work() as session:
        listing = reporting.list_evidence(session, plan, ani, _args("II.1"), TODAY, NOW, WAIT)
        assert not isinstance(listing, Choice)
        assert listing.target is not None and listing.wait_until == NOW + WAIT
        [(state, items)] = listing.periods
        assert state.status == Status.SELESAI and [i.kind for i in items] == ["photo"]
        with pytest.raises(HiddenTeam) as refused:
            reporting.list_evidence(session, plan, budi, _args("II.1"), TODAY, NOW, WAIT)
        assert refused.value.team_name == plan.team("TL").name
        assert reporting.active_wait(session, plan, budi.chat_id, budi.telegram_user_id, NOW) is None


def test_supergroup_migration_moves_open_waits(imported: Database, plan: Plan) -> None:
    from store import chats

    ani = _actor(imported, 201, "Ani")
    with imported.unit_of_work() as session:
        chats.bind_chat(session, -1001, "TL", "Tim TL", person_id=None, now=NOW)
    _file(imported, _target(imported, plan, ani, "II.3.2"), ani)
    with imported.unit_of_work() as session:
        bound = binding.migrate_chat(session, -1001, -100_200)
    assert bound is not None and bound.team_code == "TL"
    with imported.unit_of_work() as session:
        assert reporting.active_wait(session, plan, -100_200, 201, NOW) is not None


def test_open_tasks_and_status(imported: Database, plan: Plan) -> None:
    ani = _actor(imported, 201, "Ani")
    _file(imported, _target(imported, plan, ani, "II.2.3"), ani, [LINK])
    with imported.unit_of_work() as session:
        tasks = overview.tasks_for(session, plan, ani, "", TODAY)
        assert tasks.teams == ("TL",)
        codes = [(t.action.code, t.state.key) for t in tasks.items]
        assert ("II.2.3", "2022-04") not in codes and ("II.2.1", "2022-01") in codes
        assert ("II.2.1", "2022-07") not in codes
        deadlines = [t.state.deadline for t in tasks.items]
        assert deadlines == sorted(deadlines)
        everyone = overview.tasks_for(
            session, plan, replace(ani, chat_team=None, in_group=False, is_coordinator=True), "", TODAY
        )
        assert everyone.teams is None and {t.state.team_code for t in everyone.items} == {
            t.code for t in plan.teams
        }
        nobody = overview.tasks_for(
            session, plan, replace(ani, chat_team=None, in_group=False, teams=()), "", TODAY
        )
        assert nobody.teams == ()
        view = overview.status_of(session, plan, ani, "II.2.3")
    [action] = view.actions
    [period] = action.periods
    assert period.report is not None and period.report.person_name == "Ani"
    assert [e.url for e in period.evidence] == [LINK.url]
    assert date(2022, 4, 30) == period.state.deadline
