"""`zibot db upgrade`: apply the migrations and import the plan when the database has none."""

from __future__ import annotations

import argparse
import hashlib
import logging

from app.settings import Settings
from plan.loader import load_plan
from store.db import Database
from store.migrate import autogenerate, upgrade
from store.plan_import import ImportResult, has_plan, import_plan

logger = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="basis data: migrasi dan impor rencana aksi")
    actions = db.add_subparsers(dest="db_command", required=True, metavar="AKSI")
    upgrade_parser = actions.add_parser("upgrade", help="terapkan migrasi (juga dijalankan saat bot mulai)")
    upgrade_parser.set_defaults(handler=_upgrade)
    import_parser = actions.add_parser(
        "impor", help="impor ulang berkas rencana aksi (status dan bukti tetap)"
    )
    import_parser.set_defaults(handler=_import)
    revision_parser = actions.add_parser("revisi", help="(pengembang) buat migrasi baru dari perubahan model")
    revision_parser.add_argument("pesan", help="apa yang berubah, mis. 'add evidence caption'")
    revision_parser.set_defaults(handler=_revision)


def open_database(settings: Settings) -> Database:
    """The migrated database, with the plan imported if it has none yet."""
    database = Database(settings.db_url)
    upgrade(database.engine)
    with database.unit_of_work() as session:
        empty = not has_plan(session)
    if empty:
        sync_plan(settings, database)
    return database


def sync_plan(settings: Settings, database: Database) -> ImportResult:
    plan = load_plan(settings.plan_path)
    digest = hashlib.sha256(settings.plan_path.read_bytes()).hexdigest()
    with database.unit_of_work() as session:
        return import_plan(session, plan, digest, settings.make_clock().now())


def _upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    database = open_database(settings)
    print(f"Basis data siap: {database.engine.url.render_as_string(hide_password=True)}")
    return 0


def _import(settings: Settings, _args: argparse.Namespace) -> int:
    database = open_database(settings)
    result = sync_plan(settings, database)
    print(
        f"Rencana aksi diimpor dari {settings.plan_path}: aksi baru {result.actions_added}, "
        f"diubah {result.actions_updated}, dihapus dari rencana {result.actions_retired}; "
        f"periode baru {result.periods_added}, diubah {result.periods_updated}, "
        f"dihapus dari rencana {result.periods_retired}."
    )
    return 0


def _revision(settings: Settings, args: argparse.Namespace) -> int:
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
