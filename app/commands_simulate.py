"""`zibot simulate`: every reminder the policy would send in a span of days, by date and chat, without
Telegram. Statuses and bound chats come from the database, so done periods are left out as they would be."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from typing import Any

from app.commands_db import open_database
from app.options import year_option
from app.plan_source import stored_plan
from app.settings import Settings
from bot.formatting import format_date
from plan.model import Status
from plan.targets import WEEKDAYS
from plan.teams import find_team
from scheduler.calendar import WorkCalendar
from scheduler.policy import Audience, Digest, PolicyConfig, ReminderItem, reminders_between
from store import chats, repo

_KIND_NAMES = {"opening": "dibuka", "due": "tenggat", "overdue": "terlambat", "escalation": "eskalasi"}


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "simulate",
        help="pratinjau semua pengingat dalam rentang tanggal, per tanggal dan grup (tanpa Telegram)",
    )
    parser.add_argument(
        "--dari", type=_date_argument, help="tanggal awal, mis. 2022-01-01 (bawaan: awal tahun rencana)"
    )
    parser.add_argument(
        "--sampai", type=_date_argument, help="tanggal akhir, mis. 2022-12-31 (bawaan: akhir tahun rencana)"
    )
    parser.add_argument("--tim", help="hanya pengingat satu tim (kode atau nama)")
    year_option(parser)
    parser.add_argument("--json", action="store_true", help="keluaran JSON")
    parser.set_defaults(handler=_simulate)


def _date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"tanggal harus berbentuk TTTT-BB-HH dan ada di kalender, mis. 2022-06-06 (diterima {text!r})"
        ) from None


def _simulate(settings: Settings, args: argparse.Namespace) -> int:
    database = open_database(settings)
    try:
        plan = stored_plan(database, args.tahun, settings.make_clock())
        with database.unit_of_work() as session:
            statuses = repo.statuses(session, plan.year)
            team_chats = {team.code: chats.active_team_chats(session, team.code) for team in plan.teams}
    finally:
        database.dispose()
    start = args.dari or date(plan.year, 1, 1)
    end = args.sampai or date(plan.year, 12, 31)
    if end < start:
        print(
            f"Gagal: --sampai ({end.isoformat()}) lebih awal dari --dari ({start.isoformat()}).",
            file=sys.stderr,
        )
        return 2
    team_code = find_team(plan, args.tim).code if args.tim else None
    policy = PolicyConfig.from_settings(settings)
    days = reminders_between(plan, statuses, start, end, policy, WorkCalendar.from_settings(settings))
    rows = [
        _row(digest, team_chats, settings.coordinator_chat_id)
        for _day, digests in days
        for digest in _for_team(digests, team_code)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(_header(start, end, settings, policy))
    print(_text(rows) if rows else "Tidak ada pengingat dalam rentang ini.")
    return 0


def _for_team(digests: tuple[Digest, ...], team_code: str | None) -> list[Digest]:
    if team_code is None:
        return list(digests)
    kept = [replace(d, items=tuple(i for i in d.items if i.action.team_code == team_code)) for d in digests]
    return [d for d in kept if d.items and d.team_code in (None, team_code)]


def _row(
    digest: Digest, team_chats: dict[str, list[chats.BoundChat]], coordinator: int | None
) -> dict[str, Any]:
    if digest.audience is Audience.COORDINATOR:
        targets = [{"chat_id": coordinator, "title": "koordinator"}] if coordinator is not None else []
    else:
        targets = [
            {"chat_id": c.chat_id, "title": c.title} for c in team_chats.get(digest.team_code or "", [])
        ]
    return {
        "date": digest.day.isoformat(),
        "audience": digest.audience.value,
        "team": digest.team_code,
        "team_name": digest.team_name,
        "chats": targets,
        "items": [_item(item) for item in digest.items],
    }


def _item(item: ReminderItem) -> dict[str, Any]:
    return {
        "code": item.action.code,
        "team": item.action.team_code,
        "period": item.period.key,
        "label": item.period.label,
        "kind": item.tag,
        "deadline": item.period.deadline.isoformat(),
        "days_left": item.days_left,
        "status": item.status.value,
    }


def _header(start: date, end: date, settings: Settings, policy: PolicyConfig) -> str:
    before = ", ".join(f"H-{n}" for n in reversed(policy.days_before)) or "-"
    return (
        f"Pengingat {start.isoformat()} s.d. {end.isoformat()}, pukul {settings.reminder_time:%H.%M} "
        f"({settings.timezone}), hanya hari kerja.\n"
        f"Sebelum tenggat: {before} dan hari tenggat; terlambat: ringkasan tiap hari "
        f"{WEEKDAYS[policy.overdue_weekday]}; "
        f"eskalasi ke koordinator: {policy.escalate_after_days} hari setelah tenggat.\n"
    )


def _text(rows: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    current = ""
    for row in rows:
        if row["date"] != current:
            current = row["date"]
            lines += [""] if lines else []
            lines.append(f"{format_date(date.fromisoformat(current))} ({current})")
        lines.append(f"  {_audience(row)}")
        lines += [
            f"    {_KIND_NAMES.get(item['kind'], item['kind'].upper()):<10} {item['code']:<9} "
            f"{item['label']:<24} tenggat {item['deadline']}  ({Status(item['status']).label})"
            for item in row["items"]
        ]
    count = sum(len(row["items"]) for row in rows)
    days = len({row["date"] for row in rows})
    lines.append(f"\nJumlah: {count} pengingat dalam {len(rows)} pesan pada {days} hari kerja.")
    return "\n".join(lines)


def _audience(row: dict[str, Any]) -> str:
    chats_text = ", ".join(f"{c['chat_id']} ({c['title']})" for c in row["chats"])
    if row["audience"] == Audience.COORDINATOR.value:
        return f"Koordinator -> {chats_text or 'ZIBOT_COORDINATOR_CHAT_ID belum diatur'}"
    return f"{row['team']} {row['team_name']} -> {chats_text or 'belum ada grup terdaftar (/daftar)'}"
