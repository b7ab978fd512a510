"""`zibot plan periksa` and `zibot plan konversi` (a plan file in any format: JSON, the decree's text, Word,
Excel; no database needed), `zibot plan impor` and `zibot jadwal` (the calendar of the stored plan)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from app import commands_plan_import
from app.commands_db import open_database
from app.options import MONTH_HELP, month_option, year_option
from app.plan_source import stored_plan
from app.settings import Settings
from plan.loader import load_plan, parse_plan
from plan.model import Plan
from plan.progress import Month
from plan.sources import read_document
from plan.targets import MONTH_NAMES
from plan.teams import find_team


def register(commands: argparse._SubParsersAction) -> None:
    plan_parser = commands.add_parser("plan", help="periksa dan impor berkas rencana aksi")
    actions = plan_parser.add_subparsers(dest="plan_command", required=True, metavar="AKSI")
    check = actions.add_parser(
        "periksa",
        aliases=["check"],  # its first name: scripts that use it keep working
        help="validasi rencana aksi dan tampilkan ringkasannya",
    )
    check.add_argument("file", nargs="?", type=Path, help="berkas rencana (bawaan: ZIBOT_PLAN)")
    check.set_defaults(handler=_check)
    commands_plan_import.register(actions)
    convert = actions.add_parser(
        "konversi",
        help="ubah rencana aksi (teks keputusan, Word .docx, Excel .xlsx, JSON) menjadi berkas JSON",
    )
    convert.add_argument("masukan", type=Path, help="berkas rencana: .txt, .docx, .xlsx atau .json")
    convert.add_argument("keluaran", type=Path, help="berkas JSON yang ditulis, mis. data/plan_2023.json")
    convert.set_defaults(handler=_convert)
    template = actions.add_parser(
        "templat", help="tulis buku kerja Excel kosong untuk rencana aksi (kolom, contoh, target waktu, tim)"
    )
    template.add_argument("berkas", type=Path, help="berkas .xlsx baru, mis. rencana_2023.xlsx")
    template.add_argument("--tahun", type=int, help="tahun rencana aksi (bawaan: tahun ini)")
    template.add_argument("--isi", action="store_true", help="salin baris rencana aksi dari ZIBOT_PLAN")
    template.set_defaults(handler=_template)

    schedule = commands.add_parser("jadwal", help="kalender tenggat semua periode")
    schedule.add_argument("--tim", help="kode atau nama tim")
    schedule.add_argument("--bulan", help=MONTH_HELP)
    year_option(schedule)
    schedule.add_argument("--json", action="store_true", help="keluaran JSON")
    schedule.set_defaults(handler=_schedule)


def _check(settings: Settings, args: argparse.Namespace) -> int:
    path = args.file or settings.plan_path
    plan = load_plan(path)
    actions = plan.actions
    scheduled = [action for action in actions if action.is_scheduled]
    per_month = Counter(period.deadline.strftime("%Y-%m") for action in actions for period in action.periods)
    lines = [
        f"Rencana aksi {path} valid.",
        f"{plan.office} — Keputusan Nomor {plan.decree.number} ({plan.decree.date:%d-%m-%Y}), tahun {plan.year}",
        f"{len(plan.areas)} area, {len(plan.components)} komponen, {len(actions)} aksi, {len(plan.teams)} tim",
        f"Terjadwal: {len(scheduled)} aksi; tanpa jadwal: {len(actions) - len(scheduled)} aksi "
        f"({', '.join(a.code for a in actions if not a.is_scheduled) or '-'})",
        f"Periode tenggat: {sum(per_month.values())}",
        "Periode per bulan tenggat:",
    ]
    lines += [f"  {_month_name(month)}: {count}" for month, count in sorted(per_month.items())]
    lines.append("Tim:")
    lines += [
        f"  {team.code}: {team.name} ({sum(1 for a in actions if a.team_code == team.code)} aksi)"
        for team in plan.teams
    ]
    print("\n".join(lines))
    return 0


def _convert(_settings: Settings, args: argparse.Namespace) -> int:
    if args.keluaran.suffix.lower() != ".json":
        print(f"Gagal: berkas keluaran harus .json (diterima {args.keluaran})", file=sys.stderr)
        return 2
    document = read_document(args.masukan)
    plan = parse_plan(document, str(args.masukan))  # nothing is written for a plan that does not load
    args.keluaran.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"Rencana aksi {args.masukan} dibaca: {plan.office}, tahun {plan.year}, {len(plan.areas)} area, "
        f"{len(plan.components)} komponen, {len(plan.actions)} aksi, {len(plan.teams)} tim "
        f"({', '.join(team.code for team in plan.teams)}). Ditulis ke {args.keluaran}."
    )
    return 0


def _template(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.berkas
    if path.suffix.lower() != ".xlsx":
        print(f"Gagal: templat ditulis sebagai .xlsx (diterima {path})", file=sys.stderr)
        return 2
    if path.exists():
        print(f"Gagal: {path} sudah ada; pilih nama lain agar isinya tidak tertimpa", file=sys.stderr)
        return 2
    # openpyxl loads only for this command, not for every command that reads a plan.
    from plan.sources.template import write_template

    plan = load_plan(settings.plan_path)
    year = args.tahun or (plan.year if args.isi else settings.make_clock().now().year)
    path.write_bytes(write_template(plan, year, filled=args.isi))
    rows = f"{len(plan.actions)} baris dari {settings.plan_path}" if args.isi else "tanpa baris"
    print(
        f"Templat rencana aksi {year} ditulis ke {path} ({rows}; tim: "
        f"{', '.join(team.code for team in plan.teams)}). Isi lalu periksa: zibot plan periksa {path}"
    )
    return 0


def _month_name(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


def _schedule(settings: Settings, args: argparse.Namespace) -> int:
    database = open_database(settings)
    try:
        plan = stored_plan(database, args.tahun, settings.make_clock())
    finally:
        database.dispose()
    team_code = find_team(plan, args.tim).code if args.tim else None
    month = month_option(plan, args.bulan)
    rows = schedule_rows(plan, team_code, month)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("Tidak ada periode tenggat yang cocok.")
        return 0
    header = f"{'Tenggat':<10}  {'Kode':<9} {'Tim':<4} {'Periode':<24} {'Mulai':<10}  Indikator"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['deadline']}  {row['code']:<9} {row['team']:<4} {row['label']:<24} {row['window_start']}"
            f"  {row['indikator']}"
        )
    unscheduled = [a.code for a in plan.actions if not a.is_scheduled and team_code in (None, a.team_code)]
    if unscheduled and not args.bulan:
        print(f"\nTanpa jadwal (tidak diingatkan): {', '.join(unscheduled)}")
    return 0


def schedule_rows(plan: Plan, team_code: str | None, month: Month | None) -> list[dict[str, str]]:
    rows = [
        {
            "code": action.code,
            "team": action.team_code,
            "indikator": action.indikator,
            "label": period.label,
            "key": period.key,
            "window_start": period.window_start.isoformat(),
            "deadline": period.deadline.isoformat(),
        }
        for action in plan.actions
        if team_code in (None, action.team_code)
        for period in action.periods
        if month is None or month.holds(period.deadline)
    ]
    return sorted(rows, key=lambda row: (row["deadline"], row["code"]))
