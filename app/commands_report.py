"""`zibot rekap`, `zibot ekspor xlsx FILE` and `zibot ekspor bukti DIR_OR_ZIP`: the coordinator's reports
from the command line, the same values and files the bot sends."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from app.commands_db import open_database
from app.options import MONTH_HELP, bad_option, month_option
from app.plan_source import stored_plan, year_argument
from app.settings import Settings
from bot.formatting import as_plain_text
from plan.clock import today
from plan.codes import canonical_code
from plan.model import Plan
from plan.progress import Scope
from plan.teams import find_team
from reports.layout import INDEX_NAME
from reports.package import write_package
from reports.records import ExportData, load_export
from reports.rekap_text import rekap_json, rekap_plain, retired_rows
from store.evidence_files import EvidenceFileStore
from usecases.rekap import build_rekap, retired_in_scope

logger = logging.getLogger(__name__)


def register(commands: argparse._SubParsersAction) -> None:
    rekap = commands.add_parser("rekap", help="rekap kemajuan per area dan tim (seperti /rekap)")
    rekap.add_argument("--tim", help="kode atau nama tim")
    rekap.add_argument("--area", help="kode area, mis. II")
    rekap.add_argument("--bulan", help=MONTH_HELP)
    rekap.add_argument(
        "--tahun", type=year_argument, help="rencana tahun ini, mis. 2022 (bawaan: tahun berjalan)"
    )
    rekap.add_argument("--json", action="store_true", help="keluaran JSON")
    rekap.set_defaults(handler=_rekap)

    export = commands.add_parser("ekspor", help="ekspor buku kerja XLSX atau paket bukti untuk penilai")
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="JENIS")
    xlsx = kinds.add_parser("xlsx", help="buku kerja: ringkasan, satu baris per periode, daftar bukti")
    xlsx.add_argument("file", type=Path, help="berkas .xlsx tujuan")
    xlsx.add_argument("--tahun", type=year_argument, help="rencana tahun ini (bawaan: tahun berjalan)")
    xlsx.set_defaults(handler=_export_xlsx)
    package = kinds.add_parser(
        "bukti", help="semua berkas bukti per area/komponen/aksi/periode, dengan indeks XLSX dan SHA-256"
    )
    package.add_argument("target", type=Path, help="folder baru/kosong, atau berkas .zip")
    package.add_argument("--tahun", type=year_argument, help="rencana tahun ini (bawaan: tahun berjalan)")
    package.set_defaults(handler=_export_package)


def _scope(plan: Plan, args: argparse.Namespace) -> Scope:
    """The scope the options ask for; raises BadOption (after saying why on stderr) when one is wrong."""
    month = month_option(plan, args.bulan)
    area = None
    if args.area:
        area = next((a.code for a in plan.areas if a.code == canonical_code(args.area)), None)
        if area is None:
            bad_option("--area", args.area, "kode area: " + ", ".join(a.code for a in plan.areas))
    team = find_team(plan, args.tim).code if args.tim else None
    return Scope(team_codes=(team,) if team else (), area_code=area, month=month)


def _rekap(settings: Settings, args: argparse.Namespace) -> int:
    database = open_database(settings)
    clock = settings.make_clock()
    plan = stored_plan(database, args.tahun, clock)
    scope = _scope(plan, args)
    with database.unit_of_work() as session:
        result = build_rekap(session, plan, today(clock), scope)
        retired = retired_in_scope(session, plan, scope)
    if args.json:
        shown = rekap_json(result)
        shown["retired"] = [
            {"code": s.action_code, "period": s.key, "label": s.label, "status": s.status.value}
            for s in retired
        ]
        print(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        print(rekap_plain(result))
        if retired:
            print(as_plain_text("\n".join(retired_rows(retired))))
    return 0


def _export_data(settings: Settings, year: int | None) -> ExportData:
    database = open_database(settings)
    clock = settings.make_clock()
    plan = stored_plan(database, year, clock)
    with database.unit_of_work() as session:
        return load_export(session, plan, today(clock))


def _export_xlsx(settings: Settings, args: argparse.Namespace) -> int:
    data = _export_data(settings, args.tahun)
    target: Path = args.file
    target.parent.mkdir(parents=True, exist_ok=True)
    from reports.workbook import write_workbook

    write_workbook(target, data, settings.tz)
    print(f"Buku kerja ditulis ke {target}: {len(data.records)} periode, {len(data.evidence)} bukti.")
    return 0


def _export_package(settings: Settings, args: argparse.Namespace) -> int:
    data = _export_data(settings, args.tahun)
    result = write_package(data, EvidenceFileStore(settings.evidence_dir), args.target, settings.tz)
    print(
        f"Paket bukti ditulis ke {result.target}: {result.files} berkas "
        f"({result.bytes_copied} byte), {result.links} tautan, indeks {INDEX_NAME}."
    )
    if result.missing or result.mismatched:
        print(
            f"Perhatian: {result.missing} berkas hilang dan {result.mismatched} berkas berbeda dari catatan "
            "(lihat kolom 'Pemeriksaan berkas' di lembar Bukti).",
            file=sys.stderr,
        )
        return 1
    return 0
