"""The `zibot` command line. Each command module registers its own sub-commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from app import commands_db, commands_plan, commands_report, commands_run, commands_simulate
from app.settings import Settings
from bot.error_texts import describe_error
from bot.formatting import as_plain_text
from plan.errors import ZibotError

logger = logging.getLogger(__name__)

COMMAND_MODULES = (commands_plan, commands_db, commands_run, commands_report, commands_simulate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zibot", description="Bot Telegram dan penjadwal Rencana Aksi Zona Integritas."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="tampilkan log rinci")
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL, and Telegram URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not args.verbose:
        # Every command migrates first; the step-by-step lines only matter when something goes wrong.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "?"
        print(f"Pengaturan tidak valid: {name}: {error['msg']}", file=sys.stderr)
        return 2
    try:
        return int(args.handler(settings, args) or 0)
    except ZibotError as exc:
        print(f"Gagal: {as_plain_text(describe_error(exc))}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
