"""`zibot rekap`, `zibot ekspor xlsx FILE`, `zibot ekspor lke FILE` and `zibot ekspor bukti DIR_OR_ZIP [--menurut lke]`: the coordinator's reports
from the command line, the same values and files the bot sends."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands_db import open_database
from app.options import MONTH_HELP, bad_option, month_option, year_option
from app.plan_source import stored_plan
from app.settings import Settings
from bot.formatting import as_plain_text
from plan.clock import today
from plan.codes import canonical_code
from plan.lke import load_lke
from plan.model import Plan
from plan.progress import Scope
from plan.teams import find_team
from reports.layout import INDEX_NAME
from reports.lke_records import LkeExport
from reports.package import write_lke_package, write_package
from reports.records import ExportData, load_export
from reports.rekap_text import rekap_json, rekap_plain, retired_rows
from store.evidence_files import EvidenceFileStore
from store.plans import PlanCatalog
from usecases.lke_export import lke_export
from usecases.lke_map import chosen_version
from usecases.rekap import build_rekap, retired_in_scope


def register(commands: argparse._SubParsersAction) -> None:
    rekap = commands.add_parser("rekap", help="rekap kemajuan per area dan tim (seperti /rekap)")
    rekap.add_argument("--tim", help="kode atau nama tim")
    rekap.add_argument("--area", help="kode area, mis. II")
    rekap.add_argument("--bulan", help=MONTH_HELP)
    year_option(rekap)
    rekap.add_argument("--json", action="store_true", help="keluaran JSON")
    rekap.set_defaults(handler=_rekap)

    export = commands.add_parser("ekspor", help="ekspor buku kerja XLSX atau paket bukti untuk penilai")
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="JENIS")
    xlsx = kinds.add_parser("xlsx", help="buku kerja: ringkasan, satu baris per periode, daftar bukti")
    xlsx.add_argument("file", type=Path, help="berkas .xlsx tujuan")
    year_option(xlsx)
    xlsx.set_defaults(handler=_export_xlsx)
    package = kinds.add_parser(
        "bukti", help="semua berkas bukti per area/komponen/aksi/periode, dengan indeks XLSX dan SHA-256"
    )
    package.add_argument("target", type=Path, help="folder baru/kosong, atau berkas .zip")
    year_option(package)
    package.add_argument(
        "--menurut",
        choices=("rencana", "lke"),
        default="rencana",
        help="susunan folder: rencana (area/komponen/aksi/periode, bawaan) atau lke (area/sub-area/pertanyaan)",
    )
    package.set_defaults(handler=_export_package)
    lke = kinds.add_parser(
        "lke",
        help="buku kerja penilai LKE: satu baris per pertanyaan dengan jawaban, nilai, baris rencana, bukti",
    )
    lke.add_argument("file", type=Path, help="berkas .xlsx tujuan")
    year_option(lke)
    lke.set_defaults(handler=_export_lke)


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


def _lke_export(settings: Settings, year: int | None) -> LkeExport:
    lke = load_lke(settings.lke_path)
    database = open_database(settings)
    clock = settings.make_clock()
    with database.unit_of_work() as session:
        version = chosen_version(session, year, today(clock))
        return lke_export(
            session, PlanCatalog(), lke, version, today(clock), settings.lke_survey_rule, actor=None
        )


def _export_lke(settings: Settings, args: argparse.Namespace) -> int:
    export = _lke_export(settings, args.tahun)
    target: Path = args.file
    target.parent.mkdir(parents=True, exist_ok=True)
    from reports.lke_workbook import write_lke_workbook

    write_lke_workbook(target, export, settings.tz)
    print(
        f"Buku kerja LKE ditulis ke {target}: {len(export.lke.questions)} pertanyaan, "
        f"{len(export.answers)} terjawab, {len(export.evidence)} bukti per pertanyaan."
    )
    return 0


def _export_package(settings: Settings, args: argparse.Namespace) -> int:
    files = EvidenceFileStore(settings.evidence_dir)
    if args.menurut == "lke":
        result = write_lke_package(_lke_export(settings, args.tahun), files, args.target, settings.tz)
    else:
        result = write_package(_export_data(settings, args.tahun), files, args.target, settings.tz)
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
