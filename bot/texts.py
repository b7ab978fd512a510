"""Every Indonesian text of the general bot, and the small formatting helpers all bot texts share.

Texts are HTML (parse_mode HTML): plan and user text always goes through `esc`. Long answers are built
as a list of items and cut into messages with `split_message`, never in the middle of an item.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from plan.errors import (
    AlreadyReported,
    CannotCancel,
    CoordinatorOnly,
    EvidenceTooLarge,
    ExportTargetNotEmpty,
    MalformedCommand,
    NotAnAction,
    NothingOpen,
    NothingToCancel,
    NotReported,
    PackageTooLarge,
    PlanFileError,
    ReasonRequired,
    UnboundChat,
    UnknownCode,
    UnknownPeriod,
    UnknownScope,
    UnknownTeam,
    Unscheduled,
    UnsupportedEvidence,
    WhichPeriod,
    WrongTeam,
    ZibotError,
)
from plan.model import Status
from plan.targets import MONTH_NAMES
from store.overview import ActionView, StatusView, Task
from store.repo import EvidenceItem
from store.reporting import SELESAI, Cancelled, Choice, EvidenceListing, Filed, Target

logger = logging.getLogger(__name__)

# Telegram refuses longer messages; counted in UTF-16 code units like Telegram does.
MESSAGE_LIMIT = 4096

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

_ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

_STATUS_NAMES = {
    Status.BELUM: "belum",
    Status.MENUNGGU_BUKTI: "menunggu bukti",
    Status.SELESAI: "selesai (menunggu verifikasi)",
    Status.DISETUJUI: "disetujui",
    Status.DITOLAK: "ditolak",
}
_STATUS_ICONS = {
    Status.BELUM: "⬜",
    Status.MENUNGGU_BUKTI: "🕓",
    Status.SELESAI: "✅",
    Status.DISETUJUI: "🏅",
    Status.DITOLAK: "↩️",
}


# ---- shared helpers (also used by bot/reminder_texts.py and bot/report_texts.py) -------------------
def esc(text: object) -> str:
    """HTML-escape plan or user text for parse_mode HTML."""
    return html.escape(str(text))


def format_date(day: date) -> str:
    """``Senin, 6 Juni 2022``."""
    return f"{WEEKDAYS[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def format_short_date(day: date) -> str:
    """``6 Jun 2022``, for lists where the full date is too long."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}"


def zone_name(tz: ZoneInfo) -> str:
    """``WIB`` for Asia/Jakarta (WITA, WIT for the other Indonesian zones), else the zone's own name."""
    return _ZONE_ABBREVIATIONS.get(tz.key, tz.key)


def format_time(moment: datetime, tz: ZoneInfo) -> str:
    """``08.00 WIB``: Indonesian writes a dot between hours and minutes."""
    local = moment.astimezone(tz)
    return f"{local:%H.%M} {zone_name(tz)}"


def format_datetime(moment: datetime, tz: ZoneInfo) -> str:
    """``Senin, 6 Juni 2022 pukul 08.00 WIB``."""
    return f"{format_date(moment.astimezone(tz).date())} pukul {format_time(moment, tz)}"


def format_size(size: int | None) -> str:
    """``850 B``, ``12 KB``, ``1,5 MB`` (decimal comma)."""
    if size is None:
        return "ukuran tidak diketahui"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " MB"


def status_name(status: Status) -> str:
    return _STATUS_NAMES[status]


def status_icon(status: Status) -> str:
    return _STATUS_ICONS[status]


def overdue_days(deadline: date, today: date) -> int:
    """Days past the deadline (0 when not overdue)."""
    return max((today - deadline).days, 0)


def shorten(text: str, limit: int = 160) -> str:
    """Plain text cut at a word boundary with an ellipsis; escape after shortening, never before."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(",;:.") + "…"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(items: Iterable[str], separator: str = "\n\n", limit: int = MESSAGE_LIMIT) -> list[str]:
    """Join items into as few messages as fit Telegram's limit, cutting only between items.

    An item longer than the limit on its own is cut at line breaks (our items are a few lines of
    escaped text, so a cut never falls inside an HTML tag).
    """
    messages: list[str] = []
    current = ""
    for item in _fitting_pieces(items, limit):
        candidate = f"{current}{separator}{item}" if current else item
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        messages.append(current)
        current = item
    if current:
        messages.append(current)
    return messages


def _fitting_pieces(items: Iterable[str], limit: int) -> Iterable[str]:
    for item in items:
        if utf16_len(item) <= limit:
            yield item
            continue
        piece = ""
        for line in item.split("\n"):
            for chunk in _cut(line, limit):
                candidate = f"{piece}\n{chunk}" if piece else chunk
                if utf16_len(candidate) <= limit:
                    piece = candidate
                else:
                    yield piece
                    piece = chunk
        if piece:
            yield piece


def _cut(line: str, limit: int) -> Iterable[str]:
    """A single line over the limit, in pieces that fit."""
    while utf16_len(line) > limit:
        cut = limit
        while utf16_len(line[:cut]) > limit:
            cut -= 1
        yield line[:cut]
        line = line[cut:]
    yield line


# ---- help and binding ------------------------------------------------------------------------------
COMMAND_HELP = (
    ("tugas", "", "periode tim yang terbuka dan terlambat"),
    ("status", " KODE", "rincian satu aksi atau komponen"),
    ("selesai", " KODE [periode] [catatan]", "laporkan selesai, dengan bukti"),
    ("bukti", " KODE [periode]", "lihat atau tambah bukti"),
    ("batal", " KODE [periode]", "tarik kembali laporan"),
    ("rekap", "", "ringkasan capaian per area dan tim"),
    ("daftar", " TIM", "(koordinator) hubungkan grup ini ke tim"),
    ("bantuan", "", "petunjuk ini"),
)


def help_text(office: str, *, team_name: str | None, in_group: bool, wait_minutes: int) -> str:
    if in_group and team_name is None:
        where = unbound_group()
    elif in_group:
        where = f"Grup ini terhubung ke <b>{esc(team_name)}</b>."
    else:
        where = "Di obrolan pribadi, Anda bisa melaporkan aksi tim tempat Anda tercatat."
    commands = "\n".join(f"/{name}{esc(args)} — {what}" for name, args, what in COMMAND_HELP)
    return (
        f"👋 Halo! Saya asisten <b>Rencana Aksi Zona Integritas</b> {esc(office)}.\n"
        "Saya mengingatkan tim tentang tenggat setiap aksi dan mencatat laporan beserta buktinya.\n"
        f"{where}\n\n"
        f"<b>Perintah</b>\n{commands}\n\n"
        "<b>Cara mengirim bukti</b>\n"
        "• Kirim foto atau dokumen dengan keterangan <code>/selesai II.1</code>\n"
        "• Atau balas (reply) foto/dokumen dengan <code>/selesai II.1</code>\n"
        f"• Atau kirim <code>/selesai II.1</code> dulu, lalu berkasnya dalam {wait_minutes} menit\n"
        "• Album foto: tulis <code>/selesai II.1</code> di keterangan salah satu foto\n"
        "• Tautan: <code>/selesai II.1 https://drive.google.com/…</code>\n"
        "• Bulan tertentu: <code>/selesai II.2.1 Maret</code>\n"
        "Tanpa bukti, laporan dicatat <i>menunggu bukti</i>.\n\n"
        "Contoh: <code>/selesai II.1 Sosialisasi SOP sudah dilaksanakan</code> dengan foto kegiatannya."
    )


def unbound_group() -> str:
    return (
        "Grup ini belum terhubung ke tim mana pun. Koordinator ZI dapat menghubungkannya dengan "
        "<code>/daftar KODE_TIM</code>, mis. <code>/daftar TL</code>."
    )


def bind_usage(teams: Iterable[tuple[str, str]]) -> str:
    choices = "\n".join(f"• <code>{esc(code)}</code> — {esc(name)}" for code, name in teams)
    return f"Tulis <code>/daftar KODE_TIM</code> atau sebagian nama timnya. Tim yang ada:\n{choices}"


def bind_in_group_only() -> str:
    return "Kirim <code>/daftar KODE_TIM</code> di grup tim yang ingin dihubungkan, bukan di obrolan pribadi."


def bound(team_name: str, previous_team: str | None) -> str:
    text = f"✅ Grup ini sekarang terhubung ke <b>{esc(team_name)}</b>."
    if previous_team and previous_team != team_name:
        text += f" (Sebelumnya: {esc(previous_team)}.)"
    return text + " Pengingat tim akan dikirim ke sini, dan anggota grup bisa melapor dengan /selesai."


def migrated(team_name: str) -> str:
    return f"Grup ini kini supergrup dan tetap terhubung ke <b>{esc(team_name)}</b>."


# ---- tasks and status --------------------------------------------------------------------------
def _deadline_note(deadline: date, today: date, status: Status) -> str:
    late = overdue_days(deadline, today)
    text = f"batas {format_date(deadline)}"
    if late and not status.is_done:
        text += f" (⚠️ terlambat {late} hari)"
    return text


def tasks(items: Sequence[Task], today: date, heading: str, *, show_team: bool) -> list[str]:
    late = sum(1 for item in items if item.is_overdue(today))
    head = (
        f"📋 <b>{esc(heading)}</b> — per {format_date(today)}\n"
        f"{len(items)} periode terbuka, {late} di antaranya terlambat. Tenggat terdekat lebih dulu:"
    )
    lines = [head]
    for item in items:
        state, action = item.state, item.action
        team = f" [{esc(state.team_code)}]" if show_team else ""
        status = f" · {status_name(state.status)}" if state.status != Status.BELUM else ""
        lines.append(
            f"{status_icon(state.status)} <b>{esc(action.code)}</b>{team} · {esc(state.label)} — "
            f"{_deadline_note(state.deadline, today, state.status)}{status}\n"
            f"Indikator: {esc(shorten(action.indikator))}\n"
            f"Bukti fisik: {esc(shorten(action.bukti_fisik))}"
        )
    return split_message(lines)


def tasks_heading(team_names: Sequence[str]) -> str:
    return f"Tugas {', '.join(team_names)}" if team_names else "Tugas semua tim"


def no_tasks(heading: str, today: date) -> str:
    return f"🎉 <b>{esc(heading)}</b>: tidak ada periode terbuka per {format_date(today)}."


def not_in_a_team() -> str:
    return (
        "Anda belum tercatat di tim mana pun. Tulis sesuatu atau kirim /tugas di grup tim Anda sekali, "
        "setelah itu /tugas di sini menampilkan tugas tim Anda."
    )


def _evidence_line(item: EvidenceItem, tz: ZoneInfo) -> str:
    who = f", {esc(item.sender_name)}" if item.sender_name else ""
    when = format_short_date(item.created_at.astimezone(tz).date())
    if item.kind == "link":
        return f"🔗 {esc(item.url)} ({when}{who})"
    name = "foto" if item.kind == "photo" else esc(item.original_name or "dokumen")
    icon = "📷" if item.kind == "photo" else "📄"
    return f"{icon} {name}, {format_size(item.size)} ({when}{who})"


def status_view(view: StatusView, today: date, tz: ZoneInfo) -> list[str]:
    if view.components:
        lines = "\n".join(f"• <b>{esc(code)}</b> {esc(name)}" for code, name in view.components)
        return [
            f"Area <b>{esc(view.code)}</b> — {esc(view.title)}\n{lines}\n"
            f"Kirim <code>/status {esc(view.components[0][0])}</code> untuk rincian satu komponen."
        ]
    return split_message(_action_view(action, today, tz) for action in view.actions)


def _action_view(view: ActionView, today: date, tz: ZoneInfo) -> str:
    action = view.action
    lines = [
        f"📌 <b>{esc(action.code)}</b> — {esc(view.team_name)}",
        f"<b>Indikator:</b> {esc(action.indikator)}",
        f"<b>Langkah aksi:</b> {esc(action.langkah_aksi)}",
        f"<b>Bukti fisik:</b> {esc(action.bukti_fisik)}",
        f"<b>Target waktu:</b> {esc(action.target_waktu or '-')}",
    ]
    if not view.periods:
        lines.append("<i>Tanpa jadwal: aksi ini tidak punya target waktu, jadi tidak diingatkan.</i>")
        return "\n".join(lines)
    lines.append("<b>Jadwal</b>")
    for period in view.periods:
        state = period.state
        lines.append(
            f"{status_icon(state.status)} {esc(state.label)} · "
            f"{_deadline_note(state.deadline, today, state.status)} — {status_name(state.status)}"
        )
        if period.report is not None:
            who = esc(period.report.person_name or "?")
            note = f" · “{esc(period.report.note)}”" if period.report.note else ""
            lines.append(f"   dilaporkan {who}, {format_datetime(period.report.at, tz)}{note}")
        latest = period.latest
        if latest is not None and latest.to_status == Status.DITOLAK and latest.note:
            lines.append(f"   alasan ditolak: {esc(latest.note)}")
        lines.extend(f"   {_evidence_line(item, tz)}" for item in period.evidence)
    return "\n".join(lines)


# ---- reporting -----------------------------------------------------------------------------------
_USAGE = {
    "selesai": (
        "Tulis kode aksinya, mis. <code>/selesai II.1</code> sebagai keterangan foto buktinya, "
        "atau <code>/selesai II.2.1 Maret</code>."
    ),
    "bukti": (
        "Tulis kode aksinya: <code>/bukti II.1</code> menampilkan buktinya; foto atau dokumen dengan "
        "keterangan <code>/bukti II.1</code> menambah bukti."
    ),
    "batal": "Tulis kode aksinya, mis. <code>/batal II.1</code> atau <code>/batal II.2.1 Maret</code>.",
    "status": "Tulis kode aksi atau komponennya, mis. <code>/status II.1</code>.",
}


def usage(command: str) -> str:
    return _USAGE.get(command, f"Format /{esc(command)} kurang tepat; lihat /bantuan.")


def _period_ref(target: Target) -> str:
    return f"<b>{esc(target.action_code)}</b> · {esc(target.period_label)}"


def filed(result: Filed, tz: ZoneInfo, wait_minutes: int) -> str:
    """The answer to `/selesai` (and `/bukti` with evidence)."""
    ref = _period_ref(result.target)
    note = f"\nCatatan: {esc(result.note)}" if result.note else ""
    if result.command == SELESAI and result.added == 0 and result.status == Status.MENUNGGU_BUKTI:
        until = f" (sampai pukul {format_time(result.wait_until, tz)})" if result.wait_until else ""
        return (
            f"🕓 {ref} dicatat <b>menunggu bukti</b>.{note}\n"
            f"Bukti fisik yang diminta: <i>{esc(result.target.bukti_fisik)}</i>\n"
            f"Kirim foto, dokumen, atau tautannya di sini dalam {wait_minutes} menit{until}, "
            "nanti saya catat sebagai buktinya."
        )
    if result.command == SELESAI and result.status == Status.SELESAI and result.previous != Status.SELESAI:
        duplicates = (
            f"\n({result.duplicates} bukti yang sama sudah tercatat sebelumnya.)" if result.duplicates else ""
        )
        return (
            f"✅ {ref} dicatat <b>selesai</b> dengan {result.evidence_total} bukti. Terima kasih! "
            f"Koordinator ZI akan memverifikasinya.{note}{duplicates}"
        )
    return evidence_added(result)


def evidence_added(result: Filed) -> str:
    """One confirmation per file (or link) added to a period."""
    target = result.target
    ref = _period_ref(target)
    if result.added == 0:
        return f"ℹ️ Bukti itu sudah tercatat untuk {ref}, jadi tidak saya simpan dua kali."
    text = (
        f"📎 Bukti diterima untuk {ref} ({result.added} berkas/tautan). "
        f"Status: <b>{status_name(result.status)}</b>. Jumlah bukti: {result.evidence_total}."
    )
    if result.status in (Status.BELUM, Status.DITOLAK):
        text += (
            f"\nUntuk melaporkannya selesai: <code>/selesai {esc(target.action_code)} "
            f"{esc(target.period_key)}</code>."
        )
    return text


def evidence_listing(listing: EvidenceListing, tz: ZoneInfo, wait_minutes: int) -> list[str]:
    parts = [f"🗂 <b>Bukti {esc(listing.action_code)}</b>"]
    with_evidence = [(state, items) for state, items in listing.periods if items]
    for state, items in with_evidence:
        lines = [f"<b>{esc(state.label)}</b> — {status_icon(state.status)} {status_name(state.status)}"]
        lines.extend(f"   {_evidence_line(item, tz)}" for item in items)
        parts.append("\n".join(lines))
    if not with_evidence:
        parts.append("Belum ada bukti yang tercatat.")
    if listing.target is not None and listing.wait_until is not None:
        parts.append(
            f"Untuk menambah bukti ke {_period_ref(listing.target)}, kirim foto, dokumen, atau tautannya "
            f"di sini dalam {wait_minutes} menit (sampai pukul {format_time(listing.wait_until, tz)})."
        )
    return split_message(parts)


def cancelled(result: Cancelled) -> str:
    return (
        f"↩️ Laporan {_period_ref(result.target)} dibatalkan; statusnya kembali <b>belum</b>. "
        f"{result.evidence_kept} bukti tetap tersimpan."
    )


def choose_action(choice: Choice, command: str) -> str:
    return (
        f"Komponen <b>{esc(choice.code)}</b> ({esc(shorten(choice.name, 80))}) punya {len(choice.actions)} aksi. "
        f"Pilih aksi untuk /{esc(command)}:"
    )


def action_button(code: str, indikator: str) -> str:
    """An inline button's label: plain text, not HTML."""
    return f"{code} · {shorten(indikator, 40)}"


def picked(code: str) -> str:
    return f"Dipilih: <b>{esc(code)}</b>"


def pick_expired() -> str:
    """An answerCallbackQuery text: plain text."""
    return "Pilihan ini sudah kedaluwarsa. Kirim ulang perintahnya, ya."


def pick_not_yours(name: str) -> str:
    """An answerCallbackQuery text: plain text."""
    return f"Tombol ini untuk {name}."


def edited_ignored() -> str:
    return (
        "✏️ Pesan yang diedit tidak saya proses, jadi tidak ada yang berubah. "
        "Kirim perintahnya sebagai pesan baru, ya."
    )


def apology() -> str:
    return "😔 Maaf, ada gangguan saat memproses pesan ini. Silakan coba lagi sebentar lagi."


# ---- errors users can cause --------------------------------------------------------------------
_MEDIA_NAMES = {
    "sticker": "Stiker",
    "voice": "Pesan suara",
    "video_note": "Video bulat",
    "video": "Video",
    "audio": "Audio",
    "animation": "GIF",
    "location": "Lokasi",
    "contact": "Kontak",
    "poll": "Polling",
}


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(f"<b>{esc(code)}</b>" for code in codes)


@functools.singledispatch
def describe_error(exc: ZibotError) -> str:
    """Every error a user or operator can cause, in Indonesian (the CLI may print it too)."""
    logger.warning("no Indonesian text for %s: %s", type(exc).__name__, exc)
    return "Permintaan itu tidak bisa diproses. Lihat /bantuan untuk contoh perintahnya."


@describe_error.register
def _(exc: UnknownCode) -> str:
    text = f"Kode <b>{esc(exc.code)}</b> tidak ada di rencana aksi."
    return text + (f" Mungkin maksud Anda: {_codes(exc.nearest)}?" if exc.nearest else "")


@describe_error.register
def _(exc: UnknownPeriod) -> str:
    if not exc.choices:
        return f"<b>{esc(exc.action_code)}</b> tidak punya jadwal di rencana aksi."
    choices = ", ".join(esc(choice) for choice in exc.choices)
    return (
        f"<b>{esc(exc.action_code)}</b> tidak punya periode “{esc(exc.text)}” di rencana aksi. "
        f"Periodenya: {choices}."
    )


@describe_error.register
def _(exc: Unscheduled) -> str:
    return (
        f"<b>{esc(exc.action_code)}</b> tidak punya target waktu di rencana aksi, jadi belum bisa "
        "dilaporkan per periode. Hubungi koordinator ZI bila jadwalnya perlu ditetapkan."
    )


@describe_error.register
def _(exc: NothingOpen) -> str:
    code = esc(exc.action_code)
    if exc.upcoming is None:
        return (
            f"Semua periode <b>{code}</b> yang sudah dimulai sudah dilaporkan. 👍 "
            f"Tambah bukti dengan <code>/bukti {code}</code>."
        )
    upcoming = exc.upcoming
    return (
        f"Belum ada periode <b>{code}</b> yang terbuka. Periode berikutnya {esc(upcoming.label)}, "
        f"mulai {format_date(upcoming.window_start)}. Untuk melapor lebih awal, sebutkan periodenya: "
        f"<code>/selesai {code} {esc(upcoming.key)}</code>."
    )


@describe_error.register
def _(exc: WrongTeam) -> str:
    return (
        f"<b>{esc(exc.action_code)}</b> adalah tugas <b>{esc(exc.team_name)}</b>. "
        "Laporkan dari grup tim itu, atau minta bantuan koordinator ZI."
    )


@describe_error.register
def _(exc: UnknownTeam) -> str:
    choices = "\n".join(f"• {esc(choice)}" for choice in exc.choices)
    return f"Tim “{esc(exc.text)}” tidak dikenal. Tulis kode atau sebagian nama timnya:\n{choices}"


@describe_error.register
def _(exc: PlanFileError) -> str:
    return f"Berkas rencana aksi {esc(exc.path)} tidak valid: {esc(exc.where)}: {esc(exc.problem)}"


@describe_error.register
def _(exc: UnboundChat) -> str:
    return unbound_group()


@describe_error.register
def _(exc: CoordinatorOnly) -> str:
    return f"Perintah /{esc(exc.command)} hanya untuk koordinator ZI."


@describe_error.register
def _(exc: AlreadyReported) -> str:
    code = esc(exc.action_code)
    return (
        f"<b>{code}</b> · {esc(exc.period_label)} sudah berstatus <b>{status_name(exc.status)}</b>. "
        f"Untuk menambah bukti: <code>/bukti {code} {esc(exc.period_label)}</code> dengan berkasnya."
    )


@describe_error.register
def _(exc: NothingToCancel) -> str:
    period = f" · {esc(exc.period_label)}" if exc.period_label else ""
    return f"Belum ada laporan <b>{esc(exc.action_code)}</b>{period} yang bisa dibatalkan."


@describe_error.register
def _(exc: CannotCancel) -> str:
    reporter = f" ({esc(exc.reporter)})" if exc.reporter else ""
    return (
        f"Laporan <b>{esc(exc.action_code)}</b> · {esc(exc.period_label)} hanya bisa dibatalkan oleh "
        f"pelapornya{reporter} pada hari yang sama, atau oleh koordinator ZI."
    )


@describe_error.register
def _(exc: EvidenceTooLarge) -> str:
    name = f"“{esc(exc.name)}” " if exc.name else ""
    size = f" ({format_size(exc.size)})" if exc.size else ""
    return (
        f"Berkas {name}terlalu besar{size}: bot Telegram hanya bisa mengambil berkas sampai "
        f"{format_size(exc.limit)}. Kirim versi yang lebih kecil (mis. PDF terkompresi) atau tautan "
        "Google Drive. Belum ada yang dicatat."
    )


@describe_error.register
def _(exc: UnsupportedEvidence) -> str:
    what = _MEDIA_NAMES.get(exc.kind, exc.kind)
    hint = " Video bisa dikirim sebagai berkas (dokumen) bila di bawah 20 MB." if "video" in exc.kind else ""
    return (
        f"{esc(what)} tidak bisa menjadi bukti. Kirim foto, dokumen (PDF, Word, Excel…), atau tautan."
        f"{hint} Belum ada yang dicatat."
    )


@describe_error.register
def _(exc: MalformedCommand) -> str:
    return usage(exc.command)


@describe_error.register
def _(exc: NotAnAction) -> str:
    first = esc(exc.action_codes[0]) if exc.action_codes else ""
    return (
        f"<b>{esc(exc.code)}</b> punya beberapa aksi: {_codes(exc.action_codes)}. "
        f"Sebutkan satu, mis. <code>{first}</code>."
    )


@describe_error.register
def _(exc: NotReported) -> str:
    period = f" · {esc(exc.period_label)}" if exc.period_label else ""
    status = f" (status: {status_name(exc.status)})" if exc.status else ""
    return f"<b>{esc(exc.action_code)}</b>{period} belum dilaporkan selesai{status}, jadi belum bisa diverifikasi."


@describe_error.register
def _(exc: WhichPeriod) -> str:
    choices = ", ".join(esc(choice) for choice in exc.choices)
    return f"Periode mana untuk <b>{esc(exc.action_code)}</b>? Pilihannya: {choices}. Sebutkan salah satunya."


@describe_error.register
def _(exc: ReasonRequired) -> str:
    return f"Tulis alasan penolakan <b>{esc(exc.action_code)}</b> supaya tim tahu apa yang perlu diperbaiki."


@describe_error.register
def _(exc: UnknownScope) -> str:
    choices = ", ".join(esc(choice) for choice in exc.choices)
    return f"“{esc(exc.text)}” bukan tim, area, atau bulan. Pilihannya: {choices}, atau nama bulan."


@describe_error.register
def _(exc: ExportTargetNotEmpty) -> str:
    return (
        f"{esc(exc.path)} sudah ada dan tidak kosong. Pilih folder baru yang kosong, atau nama berkas .zip."
    )


@describe_error.register
def _(exc: PackageTooLarge) -> str:
    return (
        f"Paket bukti akan berukuran {format_size(exc.size)}, melebihi batas {format_size(exc.limit)} untuk "
        "dikirim lewat Telegram. Buat paketnya di server: <code>zibot ekspor bukti FOLDER</code>."
    )
