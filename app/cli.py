"""The `zibot` command line. Each command module registers its own sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pydantic import SecretStr, ValidationError

from app import (
    commands_db,
    commands_lke,
    commands_plan,
    commands_report,
    commands_run,
    commands_simulate,
    logs,
)
from app.logs import secrets_of
from app.options import BadOption
from app.settings import Settings
from bot.error_texts import describe_error
from bot.formatting import as_plain_text
from plan.errors import ZibotError

VERBOSE_HELP = "tampilkan log rinci (tanpa ini hanya peringatan dan galat)"
COMMAND_MODULES = (commands_plan, commands_lke, commands_db, commands_run, commands_report, commands_simulate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zibot", description="Bot Telegram dan penjadwal Rencana Aksi Zona Integritas."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")
    for module in COMMAND_MODULES:
        module.register(commands)
    _accept_verbose_anywhere(commands)
    return parser


def _accept_verbose_anywhere(commands: argparse._SubParsersAction) -> None:
    """`zibot rekap --verbose` as well as `zibot --verbose rekap`, at every level of sub-commands."""
    for command in dict.fromkeys(commands.choices.values()):  # an alias names the same parser again
        command.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP
        )
        for action in command._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_verbose_anywhere(action)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "?"
        print(f"Pengaturan tidak valid: {name}: {error['msg']}", file=sys.stderr)
        return 2
    logs.configure(
        verbose=args.verbose,
        secrets=[
            *secrets_of(_secret(settings.telegram_bot_token)),
            *secrets_of(_secret(settings.webhook_secret)),
        ],
    )
    try:
        return int(args.handler(settings, args) or 0)
    except BadOption:
        return 1
    except ZibotError as exc:
        print(f"Gagal: {as_plain_text(describe_error(exc))}", file=sys.stderr)
        return 1


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


if __name__ == "__main__":
    sys.exit(main())
