"""`zibot plan impor [FILE] [--terapkan]`: what a plan file would change against the stored version of
its year, and with --terapkan the change itself, in one transaction."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands_db import open_database
from app.plan_source import import_plan_file, preview, read_plan_file
from app.settings import Settings
from bot.formatting import as_plain_text
from bot.plan_texts import apply_hint, plan_changes_text


def register(actions: argparse._SubParsersAction) -> None:
    parser = actions.add_parser(
        "impor",
        help="tampilkan perubahan rencana aksi terhadap versi tahunnya di basis data; --terapkan menyimpannya",
    )
    parser.add_argument("file", nargs="?", type=Path, help="berkas rencana (bawaan: ZIBOT_PLAN)")
    parser.add_argument(
        "--terapkan", action="store_true", help="terapkan perubahan (satu transaksi; status dan bukti tetap)"
    )
    parser.set_defaults(handler=_import)


def _import(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.file or settings.plan_path
    plan, _digest = read_plan_file(path)  # a bad file is refused before the database is touched
    database = open_database(settings, import_when_empty=False)
    try:
        if args.terapkan:
            changes = import_plan_file(database, path, settings.make_clock())
        else:
            changes = preview(database, plan)
    finally:
        database.dispose()
    print(as_plain_text("\n\n".join(plan_changes_text(changes, str(path), applied=args.terapkan))))
    if not args.terapkan and not changes.empty:
        print(f"\nBelum diterapkan. {apply_hint(str(path))}")
    return 0
