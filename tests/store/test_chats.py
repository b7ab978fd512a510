from datetime import UTC, datetime

import pytest

from store import chats, repo
from store.db import Database

NOW = datetime(2022, 1, 3, 8, 0, tzinfo=UTC)


def test_binding_rebinding_and_inactive_chats(imported: Database) -> None:
    with imported.unit_of_work() as session:
        coordinator = repo.touch_person(session, 1, "Koordinator", None, NOW).person_id
        assert chats.bind_chat(session, -100, "SDM", "Tim SDM", person_id=coordinator, now=NOW) is None
        chats.bind_chat(session, -200, "PW", "Tim Pengawasan", person_id=coordinator, now=NOW)
    with imported.unit_of_work() as session:
        previous = chats.bind_chat(session, -100, "AK", "Tim AK", person_id=None, now=NOW)
        assert previous is not None and previous.team_code == "SDM"
        assert [c.chat_id for c in chats.active_team_chats(session, "AK")] == [-100]
        assert chats.mark_chat_inactive(session, -200, "bot was kicked")
        assert not chats.mark_chat_inactive(session, -200, "bot was kicked")
    with imported.unit_of_work() as session:
        assert [c.team_code for c in chats.active_team_chats(session)] == ["AK"]
        kicked = chats.chat_binding(session, -200)
        assert kicked is not None and kicked.active is False
        assert chats.chat_binding(session, -999) is None
        with pytest.raises(LookupError):
            chats.bind_chat(session, -300, "XX", "?", person_id=None, now=NOW)


def test_supergroup_migration_carries_binding_and_history(imported: Database) -> None:
    with imported.unit_of_work() as session:
        person = repo.touch_person(session, 7, "Anggota", None, NOW).person_id
        chats.bind_chat(session, -100, "TL", "Tim TL", person_id=None, now=NOW)
        period = repo.period_states(session, 2022, action_codes=["II.1.1"])[0]
        repo.change_status(
            session, period.period_id, period.status.SELESAI, person_id=person, chat_id=-100, now=NOW
        )
    with imported.unit_of_work() as session:
        assert chats.migrate_chat(session, -100, -1001234)
        assert not chats.migrate_chat(session, -555, -1005555)
    with imported.unit_of_work() as session:
        assert chats.chat_binding(session, -100) is None
        migrated = chats.chat_binding(session, -1001234)
        assert migrated is not None and migrated.team_code == "TL"
        (entry,) = repo.history(session, [period.period_id])
        assert entry.person_name == "Anggota"


def test_memberships_and_roles(imported: Database) -> None:
    with imported.unit_of_work() as session:
        for chat_id, team in ((-1, "PW"), (-2, "MP"), (-3, "PW")):
            chats.bind_chat(session, chat_id, team, f"Tim {team}", person_id=None, now=NOW)
        budi = repo.touch_person(session, 9, "Budi", "budi", NOW)
        assert budi.role == "member"
        seen = [chats.binding_seen_by(session, chat, budi.person_id, NOW) for chat in (-1, -2, -3)]
        assert [binding.team_code for binding in seen if binding is not None] == ["PW", "MP", "PW"]
        assert chats.binding_seen_by(session, -4, budi.person_id, NOW) is None  # not bound: no membership
    with imported.unit_of_work() as session:
        assert chats.teams_of_person(session, 9) == ["MP", "PW"]
        assert chats.teams_of_person(session, 10) == []
        assert not chats.end_membership(session, 9, -1, "PW")  # still in the PW group -3
        assert chats.end_membership(session, 9, -3, "PW")
        assert chats.teams_of_person(session, 9) == ["MP"]
        assert chats.end_chat_memberships(session, -2, "MP") == 1
        assert chats.teams_of_person(session, 9) == []
