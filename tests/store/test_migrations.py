"""Migrations over data: a database of before plan versions (migration 0002) keeps every row."""

from datetime import UTC, date, datetime

from sqlalchemy import text

from plan.model import Plan, Status
from store import exports, repo
from store.migrate import upgrade
from store.plans import PlanCatalog, versions

NOW = datetime(2022, 6, 1, 8, 0, tzinfo=UTC)


def test_the_single_plan_becomes_the_version_of_2022_without_loss(database_url: str, plan: Plan) -> None:
    from store.db import Database

    database = Database(database_url)
    upgrade(database.engine, "0002")
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plan_meta (id, office, decree_title, decree_number, decree_date, year,"
                " source_sha256, imported_at) VALUES (1, :office, :title, :number, :day, 2022, :sha, :at)"
            ),
            {
                "office": plan.office,
                "title": plan.decree.title,
                "number": plan.decree.number,
                "day": plan.decree.date,
                "sha": "a" * 64,
                "at": NOW,
            },
        )
        connection.execute(text("INSERT INTO teams (id, code, name) VALUES (1, 'TL', 'Tim Tata Laksana')"))
        connection.execute(
            text(
                "INSERT INTO actions (id, code, area_code, area_name, component_code, component_name, position,"
                " indikator, langkah_aksi, bukti_fisik, target_waktu, team_id, in_plan) VALUES"
                " (1, 'II.1.1', 'II', 'Penataan Tata Laksana', 'II.1', 'SOP', 1, 'ind', 'langkah', 'bukti',"
                " 'Paling lambat Mei-November 2022', 1, :yes)"
            ),
            {"yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO due_periods (id, action_id, key, label, window_start, deadline, status, in_plan)"
                " VALUES (1, 1, '2022-05/2022-11', 'Mei-November 2022', :start, :end, 'selesai', :yes)"
            ),
            {"start": date(2022, 5, 1), "end": date(2022, 11, 30), "yes": True},
        )
        connection.execute(
            text(
                "INSERT INTO status_changes (id, period_id, from_status, to_status, at)"
                " VALUES (1, 1, 'belum', 'selesai', :at)"
            ),
            {"at": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO evidence (id, period_id, kind, url, created_at)"
                " VALUES (1, 1, 'link', 'https://example.org/sop', :at)"
            ),
            {"at": NOW},
        )
    upgrade(database.engine)
    try:
        with database.unit_of_work() as session:
            (version,) = versions(session)
            assert (version.year, version.office, version.decree.number) == (
                2022,
                plan.office,
                plan.decree.number,
            )
            assert version.source_sha256 == "a" * 64
            assert repo.statuses(session, 2022) == {("II.1.1", "2022-05/2022-11"): Status.SELESAI}
            assert [e.url for e in exports.all_evidence(session, 2022)[("II.1.1", "2022-05/2022-11")]] == [
                "https://example.org/sop"
            ]
            stored = PlanCatalog().of_year(session, 2022)
            assert stored is not None and [a.code for a in stored.actions] == ["II.1.1"]
    finally:
        database.dispose()


def test_the_migrations_build_what_the_models_describe(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.db import Database
    from store.models import Base

    database = Database(database_url)
    upgrade(database.engine)
    with database.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
