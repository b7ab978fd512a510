"""`zibot db upgrade`: apply the migrations, and import the plan file when the database holds no plan."""

from __future__ import annotations

import argparse

from app.plan_source import import_plan_file
from app.settings import Settings
from store.db import Database
from store.plan_import import has_plan


def register(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="basis data: migrasi")
    actions = db.add_subparsers(dest="db_command", required=True, metavar="AKSI")
    upgrade_parser = actions.add_parser("upgrade", help="terapkan migrasi (juga dijalankan saat bot mulai)")
    upgrade_parser.set_defaults(handler=_upgrade)
    revision_parser = actions.add_parser("revisi", help="(pengembang) buat migrasi baru dari perubahan model")
    revision_parser.add_argument("pesan", help="apa yang berubah, mis. 'add evidence caption'")
    revision_parser.set_defaults(handler=_revision)


def open_database(settings: Settings, *, import_when_empty: bool = True, migrate: bool = True) -> Database:
    """The migrated database; a database without any plan gets ZIBOT_PLAN (the first start). Later
    changes to that file are applied only by `zibot plan impor --terapkan` (or /rencana). `migrate=False`:
    another process migrated it already."""
    database = Database(settings.db_url)
    if migrate:
        # Alembic (with Mako and Pygments) is loaded only to migrate: `zibot run` does it in a child
        # process and keeps its memory small.
        from store.migrate import upgrade

        upgrade(database.engine)
    if import_when_empty:
        with database.unit_of_work() as session:
            empty = not has_plan(session)
        if empty:
            import_plan_file(database, settings.plan_path, settings.make_clock())
    return database


def _upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    database = open_database(settings)
    print(f"Basis data siap: {database.engine.url.render_as_string(hide_password=True)}")
    return 0


def _revision(settings: Settings, args: argparse.Namespace) -> int:
    from store.migrate import autogenerate

    # A scratch SQLite database at head is the baseline the models are compared with.
    scratch = settings.data_dir / "revision-baseline.db"
    scratch.unlink(missing_ok=True)
    database = Database(f"sqlite:///{scratch}")
    try:
        autogenerate(database.engine, args.pesan)
    finally:
        database.dispose()
        scratch.unlink(missing_ok=True)
    return 0
