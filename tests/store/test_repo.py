from datetime import UTC, datetime

from sqlalchemy import event, select

from plan.model import Status
from store import repo
from store.db import Database
from store.models import LAST_SEEN_RESOLUTION, Person

NOW = datetime(2022, 3, 10, 9, 30, tzinfo=UTC)


def test_period_states_are_plain_values_soonest_first(imported: Database) -> None:
    with imported.unit_of_work() as session:
        states = repo.period_states(session, 2022)
        sdm = repo.period_states(session, 2022, team_code="SDM")
        one = repo.period_states(session, 2022, action_codes=["I.4.1"])
    assert len(states) == 219
    assert [s.deadline for s in states] == sorted(s.deadline for s in states)
    assert {s.team_code for s in sdm} == {"SDM"}
    assert [s.key for s in one] == [f"2022-{m:02d}" for m in range(1, 13)]
    assert all(s.status is Status.BELUM for s in states)


def test_status_change_is_recorded_with_who_and_when(imported: Database) -> None:
    with imported.unit_of_work() as session:
        (period,) = [s for s in repo.period_states(session, 2022, action_codes=["II.1.1"])]
        person = repo.touch_person(session, 4242, "Sri Rahayu", "sri", NOW).person_id
        previous = repo.change_status(
            session, period.period_id, Status.SELESAI, person_id=person, chat_id=-100, now=NOW, note="laporan"
        )
        evidence_id = repo.add_evidence(
            session,
            period.period_id,
            repo.NewEvidence(kind="link", url="https://drive.example/x"),
            person_id=person,
            chat_id=-100,
            message_id=7,
            now=NOW,
        )
    assert previous is Status.BELUM
    with imported.unit_of_work() as session:
        assert repo.statuses(session, 2022)[("II.1.1", "2022-05/2022-11")] is Status.SELESAI
        (entry,) = repo.history(session, [period.period_id])
        (item,) = repo.evidence_for(session, [period.period_id])
        assert repo.touch_person(session, 4242, "Sri R.", None, NOW).person_id == person
    assert (entry.from_status, entry.to_status, entry.person_name, entry.note) == (
        Status.BELUM,
        Status.SELESAI,
        "Sri Rahayu",
        "laporan",
    )
    assert entry.at == NOW
    assert (item.id, item.kind, item.url, item.sender_name) == (
        evidence_id,
        "link",
        "https://drive.example/x",
        "Sri Rahayu",
    )


def test_seeing_someone_again_writes_only_what_changed_and_last_seen_every_few_minutes(
    imported: Database,
) -> None:
    with imported.unit_of_work() as session:
        repo.touch_person(session, 4242, "Sri Rahayu", "sri", NOW)
    writes: list[str] = []
    event.listen(imported.engine, "before_cursor_execute", lambda *args: writes.append(args[2]))
    with imported.unit_of_work() as session:
        repo.touch_person(session, 4242, "Sri Rahayu", "sri", NOW + LAST_SEEN_RESOLUTION / 2)
    assert not [sql for sql in writes if sql.startswith("UPDATE")]
    with imported.unit_of_work() as session:
        repo.touch_person(session, 4242, "Sri R.", "sri", NOW + LAST_SEEN_RESOLUTION)
    with imported.unit_of_work() as session:
        person = session.scalar(select(Person).where(Person.telegram_user_id == 4242))
        assert person is not None
        assert (person.full_name, person.last_seen_at) == ("Sri R.", NOW + LAST_SEEN_RESOLUTION)
