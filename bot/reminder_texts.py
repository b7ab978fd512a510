"""Every Indonesian text of the reminders: a team's daily digest, the coordinator's escalations, the notice
about a group that removed the bot, and the answer of a reminder's "how to report" button.

A digest is one block per item (the opening, H-n and deadline-day items, under their deadline), then the
week's overdue summary: one block per action with every overdue period by name. Blocks are packed into
messages under Telegram's limit between blocks. The first message opens with the digest's title; a later
one opens with a line saying which day's digest it continues, and its first block always carries its
section's heading, so each part reads on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.formatting import MESSAGE_LIMIT, esc, format_date, shorten, utf16_len
from plan.model import Action, DuePeriod, Status
from scheduler.policy import Audience, Digest, Kind, ReminderItem
from store.chats import BoundChat

SEPARATOR = "\n\n"
BUTTON_PREFIX = "caralapor"
# Telegram shows at most 200 characters in a callback query's alert.
_ALERT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class DigestMessage:
    text: str
    items: tuple[ReminderItem, ...]  # every reminder the message carries (recorded as sent with it)
    buttons: tuple[ReminderItem, ...]  # one "how to report" button each: one per block


@dataclass(frozen=True, slots=True)
class _Block:
    heading: str  # its section's, written above the section's first block in each message
    body: str
    items: tuple[ReminderItem, ...]


def digest_messages(digest: Digest) -> list[DigestMessage]:
    """The digest as HTML messages within Telegram's limit, in block order, each with its items.

    A block is a few shortened lines, far below the limit, so a message always holds at least one."""
    messages: list[DigestMessage] = []
    text, items, buttons = _intro(digest), [], []
    heading_shown = None
    for block in _blocks(digest):
        shown = block.body if block.heading == heading_shown else f"{block.heading}\n{block.body}"
        if items and utf16_len(f"{text}{SEPARATOR}{shown}") > MESSAGE_LIMIT:
            messages.append(DigestMessage(text, tuple(items), tuple(buttons)))
            text, items, buttons, shown = _continued(digest), [], [], f"{block.heading}\n{block.body}"
        text = f"{text}\n{shown}" if not items else f"{text}{SEPARATOR}{shown}"
        heading_shown = block.heading
        items += block.items
        buttons.append(block.items[0])
    messages.append(DigestMessage(text, tuple(items), tuple(buttons)))
    return messages


def _blocks(digest: Digest) -> list[_Block]:
    """Opening, H-n and deadline-day items under their deadline; then the overdue ones, per action."""
    blocks = []
    for deadline, group in digest.by_deadline():
        for item in (item for item in group if item.kind is not Kind.OVERDUE):
            heading = _deadline_heading(deadline, item.days_left)
            blocks.append(_Block(heading, "\n".join(_item_lines(item, digest.audience)), (item,)))
    overdue: dict[str, list[ReminderItem]] = {}
    for item in digest.items:
        if item.kind is Kind.OVERDUE:
            overdue.setdefault(item.action.code, []).append(item)
    heading = (
        f"⚠️ <b>Ringkasan mingguan: {sum(map(len, overdue.values()))} periode lewat tenggat</b> "
        "(satu laporan per periode)"
    )
    order = sorted(
        overdue.values(), key=lambda items: (min(i.period.deadline for i in items), items[0].action.code)
    )
    for items in order:
        ordered = tuple(sorted(items, key=lambda item: item.period.deadline))
        blocks.append(_Block(heading, "\n".join(_summary_lines(ordered)), ordered))
    return blocks


def report_command(item: ReminderItem) -> str:
    """What to type: `/selesai KODE` (with the period's name for a recurring action), `/bukti` when only
    the evidence is missing."""
    command = "/bukti" if item.needs_evidence else "/selesai"
    period = f" {item.period.label}" if item.recurring else ""
    return f"{command} {item.action.code}{period}"


def button(item: ReminderItem) -> tuple[str, str]:
    """(label, callback data) of the item's "how to report" button."""
    return f"❓ {item.action.code}", f"{BUTTON_PREFIX}|{item.action.code}|{item.period.key}"


def how_to_report(action: Action, period: DuePeriod) -> str:
    """The button's answer: plain text (an alert), at most 200 characters."""
    period_part = f" {period.label}" if len(action.periods) > 1 else ""
    head = (
        f"Cara lapor {action.code} ({period.label}): kirim foto/dokumen bukti dengan keterangan "
        f"/selesai {action.code}{period_part}. Bukti: "
    )
    return head + shorten(action.bukti_fisik, max(_ALERT_LIMIT - len(head), 20))


def unknown_button() -> str:
    return "Kegiatan ini tidak ada lagi di rencana aksi. Ketik /tugas untuk daftar terbaru."


def chat_gone(chat: BoundChat, reason: str) -> str:
    title = esc(chat.title or str(chat.chat_id))
    return (
        f"⚠️ Grup <b>{title}</b> ({esc(chat.team_name)}) tidak bisa lagi menerima pengingat: "
        f"bot dikeluarkan atau diblokir.\n"
        f"Masukkan bot kembali ke grup itu, lalu kirim <code>/daftar {esc(chat.team_code)}</code> di sana.\n"
        f"<i>Telegram: {esc(shorten(reason, 120))}</i>"
    )


def _intro(digest: Digest) -> str:
    if digest.audience is Audience.COORDINATOR:
        return (
            f"🚨 <b>Eskalasi Rencana Aksi ZI</b> · {format_date(digest.day)}\n"
            f"{len(digest.items)} periode sudah lama lewat tenggat dan belum selesai:"
        )
    return f"🔔 <b>Pengingat Rencana Aksi ZI</b> · {format_date(digest.day)}\n{esc(digest.team_name or '')}"


def _continued(digest: Digest) -> str:
    what = "eskalasi" if digest.audience is Audience.COORDINATOR else "pengingat"
    team = f" · {esc(digest.team_name)}" if digest.team_name else ""
    return f"<i>(lanjutan {what} {format_date(digest.day)}{team})</i>"


def _deadline_heading(deadline: date, days_left: int) -> str:
    heading = f"📅 <b>Tenggat {format_date(deadline)}</b>"
    return heading + (f" (lewat {-days_left} hari)" if days_left < 0 else "")


def _item_lines(item: ReminderItem, audience: Audience) -> list[str]:
    lines = [f"▪️ <b>{esc(item.action.code)}</b> · {esc(item.period.label)} — <i>{_when(item)}</i>"]
    if audience is Audience.COORDINATOR:
        lines.append(f"Tim: {esc(item.team_name)}")
    lines.append(f"Indikator: {esc(shorten(item.action.indikator, 220))}")
    lines.append(f"Bukti fisik: {esc(shorten(item.action.bukti_fisik, 300))}")
    if item.needs_evidence:
        lines.append(
            f"📎 Sudah dilaporkan, buktinya belum ada: kirim dengan <code>{report_command(item)}</code>"
        )
    elif item.status is Status.DITOLAK:
        lines.append(
            f"↩️ Laporannya dikembalikan koordinator (alasannya di /status {esc(item.action.code)}): "
            f"kirim lagi dengan <code>{report_command(item)}</code> + foto/dokumen bukti"
        )
    else:
        lines.append(f"Lapor: <code>{report_command(item)}</code> + foto/dokumen bukti")
    return lines


def _summary_lines(items: tuple[ReminderItem, ...]) -> list[str]:
    """One action's overdue periods, by name, oldest first, with what to type for the oldest."""
    first = items[0]
    periods = ", ".join(esc(item.period.label) + _status_note(item) for item in items)
    late = -first.days_left if len(items) == 1 else f"{-items[-1].days_left}–{-first.days_left}"
    return [
        f"▪️ <b>{esc(first.action.code)}</b> · {periods} — <i>terlambat {late} hari</i>",
        f"{esc(shorten(first.action.indikator, 120))}",
        f"Lapor: <code>{report_command(first)}</code> + foto/dokumen bukti",
    ]


def _status_note(item: ReminderItem) -> str:
    if item.needs_evidence:
        return " (buktinya belum ada)"
    return " (dikembalikan)" if item.status is Status.DITOLAK else ""


def _when(item: ReminderItem) -> str:
    if item.kind in (Kind.OVERDUE, Kind.ESCALATION):
        return f"terlambat {-item.days_left} hari"
    if item.days_left == 0:
        return "tenggat hari ini"
    if item.kind is Kind.DUE:
        return f"hari kerja terakhir, tenggat {item.days_left} hari lagi"
    if item.kind is Kind.OPENING:
        return f"mulai dikerjakan, {item.days_left} hari lagi"
    return f"{item.days_left} hari lagi"
