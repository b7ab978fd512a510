"""The rekap as text: HTML rows for Telegram, a plain table for the terminal, and JSON.

The HTML comes as a list of rows (a section's heading travels with its first row) so the bot can cut
it into messages under Telegram's limit between rows, never inside one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from html import escape
from itertools import groupby
from typing import Any

from plan.progress import PeriodItem, Progress, Share, Tally
from plan.targets import MONTH_NAMES
from store.repo import PeriodState

# What each tally count is called, chat and terminal alike, in the order the terminal's columns show them;
# "tenggat" is followed by the month in focus.
_WORD = {
    "total": "total",
    "due": "jatuh tempo",
    "done": "selesai",
    "approved": "disetujui",
    "awaiting_review": "perlu verifikasi",
    "waiting": "menunggu bukti",
    "rejected": "ditolak",
    "overdue": "terlambat",
    "coming": "tenggat",
}
# The counts the chat shows, with their icons.
_ICON = {
    "done": "✅",
    "approved": "🏅",
    "awaiting_review": "🔎",
    "waiting": "🕓",
    "rejected": "↩️",
    "overdue": "⚠️",
    "coming": "📅",
}
# Always shown, even at zero: what was done and what is late is the point of a rekap.
_ALWAYS = {"done", "overdue"}


def _short(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width, placeholder="…")


def _short_date(progress_item: PeriodItem) -> str:
    deadline = progress_item.deadline
    return f"{deadline.day} {MONTH_NAMES[deadline.month - 1][:3]}"


def is_detailed(progress: Progress) -> bool:
    """One team or one area: shown per component, with the lists of coming and reviewable periods."""
    return bool(progress.scope.team_codes) or progress.scope.area_code is not None


def scope_title(progress: Progress) -> str:
    scope = progress.scope
    parts = []
    names = {tally.code: tally.name for tally in progress.teams}
    parts += [f"{code} ({names.get(code, code)})" for code in scope.team_codes]
    if scope.area_code:
        name = next((a.name for a in progress.areas if a.code == scope.area_code), "")
        parts.append(f"Area {scope.area_code} {name}".strip())
    if scope.month:
        parts.append(f"tenggat {scope.month.label}")
    return ", ".join(parts) or "semua area dan tim"


# ---- HTML for Telegram --------------------------------------------------------------------------


def rekap_html(progress: Progress, date_text: str) -> list[str]:
    """Rows of HTML; `date_text` is today as the bot writes dates (``Jumat, 10 Juni 2022``)."""
    total = progress.total
    focus = progress.focus_month.label
    header = [
        f"📊 <b>Rekap Rencana Aksi ZI {progress.year}</b>: {escape(scope_title(progress))}",
        f"Per {escape(date_text)}",
    ]
    if not total.total:
        return ["\n".join([*header, "Tidak ada periode tenggat dalam cakupan ini."])]
    header += [
        _percent_sentence(progress),
        _counts(total),
        f"<i>{_legend()} {escape(focus)}</i>",
    ]
    rows = ["\n".join(header)]
    if is_detailed(progress):
        rows += _section("Per komponen", [_group_row(progress, tally) for tally in progress.components])
    else:
        rows += _section("Per area", [_group_row(progress, tally) for tally in progress.areas])
        rows += _section("Per tim", [_team_row(progress, tally) for tally in progress.teams])
    rows += _overdue_rows(progress)
    if is_detailed(progress) or progress.scope.month:
        rows += _section(
            f"📅 Tenggat {escape(focus)}: {len(progress.coming)}",
            [f"• {_item(item)} — {_short_date(item)}" for item in progress.coming],
        )
    if is_detailed(progress):
        reviewable = [f"• {_item(item)}" for item in progress.awaiting_review]
        if reviewable:
            reviewable[-1] += (
                "\n<i>Koordinator memeriksanya dengan /setujui KODE [PERIODE] atau /tolak KODE [PERIODE] ALASAN.</i>"
            )
        rows += _section(f"🔎 Perlu verifikasi: {len(progress.awaiting_review)}", reviewable)
    return rows


def _percent_sentence(progress: Progress) -> str:
    total, month = progress.total, progress.scope.month
    share = progress.share(total)
    if month is None:
        if share.percent is None:
            return "Belum ada periode yang jatuh tempo."
        return (
            f"<b>{share.percent}%</b> dari yang jatuh tempo sudah selesai ({share.done} dari {share.base})."
        )
    sentence = (
        f"<b>{share.percent}%</b> periode bertenggat {escape(month.label)} sudah selesai "
        f"({share.done} dari {share.base})."
    )
    if total.not_yet_due:
        sentence += f" {total.not_yet_due} belum jatuh tempo."
    return sentence


# Done is approved plus awaiting review: those two are written as its parts, never beside it as peers.
_PARTS_OF_DONE = ("approved", "awaiting_review")
_OTHERS = [field for field in _ICON if field not in ("done", *_PARTS_OF_DONE)]


def _legend() -> str:
    done = f"{_ICON['done']} {_WORD['done']} = " + " + ".join(
        f"{_ICON[f]} {_WORD[f]}" for f in _PARTS_OF_DONE
    )
    return " · ".join([done, *(f"{_ICON[field]} {_WORD[field]}" for field in _OTHERS)])


def _counts(tally: Tally) -> str:
    parts = [f"{_ICON[field]} {getattr(tally, field)}" for field in _PARTS_OF_DONE if getattr(tally, field)]
    done = f"{_ICON['done']} {tally.done}" + (f" ({' + '.join(parts)})" if parts else "")
    shown = [
        f"{_ICON[field]} {getattr(tally, field)}"
        for field in _OTHERS
        if getattr(tally, field) or field in _ALWAYS
    ]
    return " · ".join([done, *shown])


def percent_text(share: Share) -> str:
    return "–" if share.percent is None else f"{share.percent}%"


def _ratio(progress: Progress, tally: Tally) -> str:
    share = progress.share(tally)
    return f"<b>{percent_text(share)}</b> ({share.done}/{share.base})"


def _group_row(progress: Progress, tally: Tally) -> str:
    head = f"<b>{escape(tally.code)}</b> {escape(_short(tally.name, 48))} — {_ratio(progress, tally)}"
    return f"{head}\n    {_counts(tally)}"


def _team_row(progress: Progress, tally: Tally) -> str:
    head = f"<b>{escape(tally.code)}</b> {escape(_short(tally.name, 48))} — {_ratio(progress, tally)}"
    return f"{head} · ⚠️ {tally.overdue}"


def _item(item: PeriodItem) -> str:
    return f"<b>{escape(item.action_code)}</b> {escape(item.period_label)}"


def _section(title: str, rows: list[str]) -> list[str]:
    """The title rides on the first row, so a message never ends with a bare heading."""
    if not rows:
        return []
    return [f"\n<b>{title}</b>\n{rows[0]}", *rows[1:]]


def _overdue_rows(progress: Progress) -> list[str]:
    """Overdue periods under their team's name (teams in plan order), most days late first."""
    team_order = {tally.code: index for index, tally in enumerate(progress.teams)}
    ordered = sorted(
        progress.overdue, key=lambda item: (team_order[item.team_code], -item.days_late, item.action_code)
    )
    rows: list[str] = []
    for _, group in groupby(ordered, key=lambda item: item.team_code):
        members = list(group)
        lines = [f"• {_item(item)} — {item.days_late} hari" for item in members]
        lines[0] = f"<i>{escape(members[0].team_name)}</i>\n{lines[0]}"
        rows += lines
    return _section(f"⚠️ Terlambat: {len(ordered)}", rows)


# ---- plain text for the terminal ------------------------------------------------------------------

_LABEL_WIDTH = 34
_LINE_WIDTH = 115  # the table's own width


def rekap_plain(progress: Progress) -> str:
    month = MONTH_NAMES[progress.focus_month.month - 1]
    lines = [
        f"Rekap Rencana Aksi ZI — {progress.total.name}",
        f"Per {progress.today.isoformat()} · cakupan: {scope_title(progress)} · "
        f"bulan fokus: {progress.focus_month.label}",
        "",
    ]
    if not progress.total.total:
        return "\n".join([*lines, "Tidak ada periode tenggat dalam cakupan ini."])
    # Each column's header is its count's whole word on two lines (the last word below), so the table
    # reads without a key.
    words = [_WORD[field] + (f" {month}" if field == "coming" else "") for field in _WORD]
    headers = [(top, bottom) for top, _, bottom in (word.rpartition(" ") for word in words)]
    widths = [max(len(top), len(bottom), 4) + 1 for top, bottom in headers]
    lines.append(
        " " * _LABEL_WIDTH + "".join(f"{top:>{w}}" for (top, _), w in zip(headers, widths, strict=True))
    )
    lines.append(
        " " * _LABEL_WIDTH
        + "".join(f"{bottom:>{w}}" for (_, bottom), w in zip(headers, widths, strict=True))
        + f"{'%':>5}"
    )
    lines.append(_table_row(progress, "Semua", progress.total, widths))
    groups = [("Komponen", progress.components)] if is_detailed(progress) else []
    groups += [("Area", progress.areas), ("Tim", progress.teams)]
    for title, tallies in groups:
        lines.append(title)
        lines += [
            _table_row(progress, f"{tally.code:<7}{_short(tally.name, 26)}", tally, widths)
            for tally in tallies
        ]
    legend = (
        "Keterangan: jatuh tempo = tenggatnya s.d. hari ini (atau sudah selesai lebih awal); selesai = "
        "disetujui + perlu verifikasi; terlambat = lewat tenggat, belum selesai; "
        f"tenggat {month} = belum selesai, tenggatnya bulan {month}; "
        + (
            f"% = selesai dari semua periode bertenggat bulan {month}."
            if progress.scope.month
            else "% = selesai dari jatuh tempo."
        )
    )
    lines += ["", textwrap.fill(legend, _LINE_WIDTH)]
    lists: list[tuple[str, tuple[PeriodItem, ...], Callable[[PeriodItem], str]]] = [
        ("Terlambat", progress.overdue, lambda item: f"{item.days_late} hari"),
        (f"Tenggat {progress.focus_month.label}", progress.coming, lambda item: item.deadline.isoformat()),
        ("Perlu verifikasi", progress.awaiting_review, lambda item: item.deadline.isoformat()),
    ]
    for title, items, detail in lists:
        if items:
            lines += ["", f"{title} ({len(items)})"]
            lines += [
                f"  {item.action_code:<10}{item.period_label:<28}{detail(item):<12}{item.team_name}"
                for item in items
            ]
    return "\n".join(lines)


def _table_row(progress: Progress, label: str, tally: Tally, widths: list[int]) -> str:
    cells = "".join(f"{getattr(tally, field):>{width}}" for field, width in zip(_WORD, widths, strict=True))
    return f"{label:<{_LABEL_WIDTH}}{cells}{percent_text(progress.share(tally)):>5}"


# ---- JSON -----------------------------------------------------------------------------------------


def rekap_json(progress: Progress) -> dict[str, Any]:
    scope = progress.scope
    return {
        "year": progress.year,
        "today": progress.today.isoformat(),
        "scope": {
            "teams": list(scope.team_codes),
            "area": scope.area_code,
            "month": scope.month.key if scope.month else None,
        },
        "focus_month": progress.focus_month.key,
        "total": _tally_json(progress, progress.total),
        "areas": [_tally_json(progress, tally) for tally in progress.areas],
        "teams": [_tally_json(progress, tally) for tally in progress.teams],
        "components": [_tally_json(progress, tally) for tally in progress.components],
        "overdue": [_item_json(item) for item in progress.overdue],
        "coming": [_item_json(item) for item in progress.coming],
        "awaiting_review": [_item_json(item) for item in progress.awaiting_review],
    }


def _tally_json(progress: Progress, tally: Tally) -> dict[str, Any]:
    """`percent` as the text says it: of a month, done out of all its periods; else out of those due."""
    fields = {field: getattr(tally, field) for field in _WORD}
    percent = progress.share(tally).percent
    return {"code": tally.code, "name": tally.name, **fields, "open": tally.open, "percent": percent}


def _item_json(item: PeriodItem) -> dict[str, Any]:
    return {
        "code": item.action_code,
        "period": item.period_key,
        "label": item.period_label,
        "deadline": item.deadline.isoformat(),
        "team": item.team_code,
        "status": item.status.value,
        "days_late": item.days_late,
    }


def retired_rows(retired: Sequence[PeriodState]) -> list[str]:
    """Periods a later import took out of the plan that keep a status: apart from the counts above."""
    if not retired:
        return []
    lines = [
        f"• <b>{escape(state.action_code)}</b> {escape(state.label)} — {escape(state.status.label)}"
        for state in retired
    ]
    return [
        "\n<b>Dihapus dari rencana</b> (tidak dihitung dan tidak diingatkan; riwayat dan bukti tetap, "
        "lihat /status)",
        *lines,
    ]
