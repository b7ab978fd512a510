"""Every Indonesian text of the general bot: help, binding, tasks, status and reporting.

Texts are HTML (parse_mode HTML): plan and user text always goes through `esc`. Long answers are built
as a list of items and cut into messages with `split_message`, never in the middle of an item. Shared
formatting is in bot/formatting.py; error texts in bot/error_texts.py; reminders and reports have their
own modules beside this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.formatting import (
    echo,
    esc,
    format_date,
    format_datetime,
    format_short_date,
    format_size,
    format_time,
    shorten,
    split_message,
    status_icon,
)
from plan.model import Status, days_late
from store.repo import EvidenceItem
from usecases.commands import CommandName
from usecases.overview import ActionView, StatusView, Task
from usecases.reporting import (
    Cancelled,
    Choice,
    EvidenceListing,
    Filed,
    PeriodChoice,
    Target,
)
from usecases.withdrawal import Withdrawn

# A note is echoed longer than an argument (formatting.echo); the whole note stays in the status history.
NOTE_LIMIT = 300


# ---- the commands, help and binding ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Command:
    """One command of the bot: the menu, /bantuan, the edit answer and the caption filters all read these
    (bot/commands.py)."""

    name: CommandName
    arguments: str  # what follows the name, as /bantuan shows it
    description: str
    coordinator_only: bool = False
    carries_evidence: bool = False  # in a caption, a reply to a file, or followed by files

    @property
    def menu_description(self) -> str:
        who = "(Koordinator) " if self.coordinator_only else ""
        usage = f": /{self.name}{self.arguments}" if self.arguments else ""
        return f"{who}{self.description[0].upper()}{self.description[1:]}{usage}"

    @property
    def help_line(self) -> str:
        who = "(koordinator) " if self.coordinator_only else ""
        return f"/{self.name}{esc(self.arguments)} — {who}{self.description}"


# In the order /bantuan and the menu list them.
COMMANDS = (
    Command(CommandName.TUGAS, " [tim] [area] [bulan]", "periode tim yang terbuka dan terlambat"),
    Command(CommandName.STATUS, " KODE", "rincian satu aksi atau komponen"),
    Command(
        CommandName.SELESAI,
        " KODE [periode] [catatan]",
        "laporkan selesai, dengan bukti",
        carries_evidence=True,
    ),
    Command(CommandName.BUKTI, " KODE [periode]", "lihat atau tambah bukti", carries_evidence=True),
    Command(CommandName.BATAL, " KODE [periode]", "tarik kembali laporan beserta buktinya"),
    Command(
        CommandName.TARIK, " KODE [periode] NOMOR", "tarik satu bukti yang salah kirim (nomornya di /bukti)"
    ),
    Command(CommandName.REKAP, " [tahun] [semua|tim|area|bulan]", "ringkasan capaian, dengan grafik"),
    Command(CommandName.DAFTAR, " TIM", "hubungkan grup ini ke tim", coordinator_only=True),
    Command(CommandName.SETUJUI, " KODE [periode]", "setujui laporan", coordinator_only=True),
    Command(CommandName.TOLAK, " KODE [periode] ALASAN", "kembalikan laporan ke tim", coordinator_only=True),
    Command(
        CommandName.EKSPOR,
        " [bukti|lke]",
        "berkas XLSX, paket bukti ZIP, atau buku kerja LKE",
        coordinator_only=True,
    ),
    Command(
        CommandName.LKE,
        " [KODE [jawaban]|celah]",
        "nilai LKE dan putusan WBK/WBBM; jawab pertanyaan LKE (juga evaluator TPI)",
        coordinator_only=True,
    ),
    Command(
        CommandName.RENCANA,
        "",
        "kirim berkas rencana aksi: lihat dan terapkan perubahannya",
        coordinator_only=True,
    ),
    Command(CommandName.BANTUAN, "", "petunjuk dan daftar perintah"),
)


def help_text(office: str, *, team_name: str | None, in_group: bool, wait_minutes: int) -> str:
    if in_group and team_name is None:
        where = unbound_group()
    elif in_group:
        where = f"Grup ini terhubung ke <b>{esc(team_name)}</b>."
    else:
        where = "Di obrolan pribadi, Anda bisa melaporkan aksi tim tempat Anda tercatat."
    commands = "\n".join(command.help_line for command in COMMANDS)
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
    late = days_late(deadline, today, status)
    text = f"tenggat {format_date(deadline)}"
    if late:
        text += f" (⚠️ terlambat {late} hari)"
    return text


def tasks(items: Sequence[Task], today: date, heading: str, *, show_team: bool) -> list[str]:
    """One entry per action, in the order of its soonest deadline: its periods a line each, then its
    indikator and bukti fisik once (a monthly action late since January is one entry, not six)."""
    late = sum(1 for item in items if item.is_overdue(today))
    head = (
        f"📋 <b>{esc(heading)}</b> — per {format_date(today)}\n"
        f"{len(items)} periode terbuka, {late} di antaranya terlambat. Tenggat terdekat lebih dulu:"
    )
    by_action: dict[str, list[Task]] = {}
    for item in items:
        by_action.setdefault(item.action.code, []).append(item)
    lines = [head]
    for grouped in by_action.values():
        action = grouped[0].action
        team = f" [{esc(grouped[0].state.team_code)}]" if show_team else ""
        periods = [
            f"{status_icon(state.status)} {esc(state.label)} — {_deadline_note(state.deadline, today, state.status)}"
            + (f" · {state.status.label}" if state.status != Status.BELUM else "")
            for state in (item.state for item in grouped)
        ]
        lines.append(
            f"<b>{esc(action.code)}</b>{team}\n"
            + "\n".join(periods)
            + f"\nIndikator: {esc(shorten(action.indikator))}\nBukti fisik: {esc(shorten(action.bukti_fisik))}"
        )
    return split_message(lines)


def tasks_heading(team_names: Sequence[str], *, area: str | None = None, month: str | None = None) -> str:
    heading = f"Tugas {', '.join(team_names)}" if team_names else "Tugas semua tim"
    return heading + "".join(f", {part}" for part in (area, f"tenggat {month}" if month else None) if part)


def no_tasks(heading: str, today: date) -> str:
    return f"🎉 <b>{esc(heading)}</b>: tidak ada periode terbuka per {format_date(today)}."


def not_in_a_team() -> str:
    return (
        "Anda belum tercatat di tim mana pun. Tulis sesuatu atau kirim /tugas di grup tim Anda sekali, "
        "setelah itu /tugas di sini menampilkan tugas tim Anda."
    )


def _evidence_line(item: EvidenceItem, tz: ZoneInfo) -> str:
    """`2. 📷 foto, 1,2 MB (6 Jun, Ani)`: the number is what `/tarik` takes."""
    who = f", {esc(item.sender_name)}" if item.sender_name else ""
    when = format_short_date(item.created_at.astimezone(tz).date())
    if item.kind == "link":
        return f"{item.number}. 🔗 {esc(item.url)} ({when}{who})"
    name = "foto" if item.kind == "photo" else esc(item.original_name or "dokumen")
    icon = "📷" if item.kind == "photo" else "📄"
    return f"{item.number}. {icon} {name}, {format_size(item.size)} ({when}{who})"


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
            f"{_deadline_note(state.deadline, today, state.status)} — {state.status.label}"
        )
        if period.report is not None:
            who = esc(period.report.person_name or "?")
            note = f" · “{echo(period.report.note, NOTE_LIMIT)}”" if period.report.note else ""
            lines.append(f"   dilaporkan {who}, {format_datetime(period.report.at, tz)}{note}")
        latest = period.latest
        if latest is not None and latest.to_status == Status.DITOLAK and latest.note:
            lines.append(f"   alasan ditolak: {echo(latest.note, NOTE_LIMIT)}")
        lines.extend(f"   {_evidence_line(item, tz)}" for item in period.evidence)
    return "\n".join(lines)


# ---- reporting -----------------------------------------------------------------------------------
_USAGE = {
    CommandName.SELESAI: (
        "Tulis kode aksinya, mis. <code>/selesai II.1</code> sebagai keterangan foto buktinya, "
        "atau <code>/selesai II.2.1 Maret</code>."
    ),
    CommandName.BUKTI: (
        "Tulis kode aksinya: <code>/bukti II.1</code> menampilkan buktinya; foto atau dokumen dengan "
        "keterangan <code>/bukti II.1</code> menambah bukti."
    ),
    CommandName.BATAL: "Tulis kode aksinya, mis. <code>/batal II.1</code> atau <code>/batal II.2.1 Maret</code>.",
    CommandName.TARIK: (
        "Tulis kode aksi dan nomor buktinya seperti di <code>/bukti</code>, mis. <code>/tarik II.1 2</code> "
        "atau <code>/tarik II.2.1 Maret 2</code>."
    ),
    CommandName.STATUS: "Tulis kode aksi atau komponennya, mis. <code>/status II.1</code>.",
}


def usage(command: str) -> str:
    return _USAGE.get(command, f"Format /{esc(command)} kurang tepat; lihat /bantuan.")


def _period_ref(target: Target) -> str:
    return f"<b>{esc(target.action_code)}</b> · {esc(target.period_label)}"


def filed(result: Filed, tz: ZoneInfo, wait_minutes: int) -> str:
    """The answer to `/selesai` (and `/bukti` with evidence)."""
    ref = _period_ref(result.target)
    note = f"\nCatatan: {echo(result.note, NOTE_LIMIT)}" if result.note else ""
    if result.command == CommandName.SELESAI and result.added == 0 and result.status == Status.MENUNGGU_BUKTI:
        until = f" (sampai pukul {format_time(result.wait_until, tz)})" if result.wait_until else ""
        return (
            f"🕓 {ref} dicatat <b>menunggu bukti</b>.{note}\n"
            f"Bukti fisik yang diminta: <i>{esc(result.target.bukti_fisik)}</i>\n"
            f"Kirim foto, dokumen, atau tautannya di sini dalam {wait_minutes} menit{until}, "
            "nanti saya catat sebagai buktinya."
        )
    if (
        result.command == CommandName.SELESAI
        and result.status == Status.SELESAI
        and result.previous != Status.SELESAI
    ):
        duplicates = (
            f"\n({result.duplicates} bukti yang sama sudah tercatat sebelumnya.)" if result.duplicates else ""
        )
        return (
            f"✅ {ref} dicatat <b>selesai</b> dengan {result.evidence_total} bukti. Terima kasih! "
            f"Koordinator ZI akan memverifikasinya.{note}{duplicates}"
        )
    if result.command == CommandName.SELESAI and result.previous.is_done and result.added:
        return (
            f"📎 {ref} sudah dilaporkan sebelumnya (<b>{result.previous.label}</b>), jadi bukti Anda "
            f"({result.added} berkas/tautan) saya simpan sebagai <b>bukti tambahan</b> periode itu. "
            f"Jumlah bukti: {result.evidence_total}."
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
        f"Status: <b>{result.status.label}</b>. Jumlah bukti: {result.evidence_total}."
    )
    if result.status in (Status.BELUM, Status.DITOLAK):
        text += (
            f"\nUntuk melaporkannya selesai: <code>/selesai {esc(target.action_code)} "
            f"{esc(target.period_key)}</code>."
        )
    return text


def evidence_without_command() -> str:
    return (
        "📎 Bukti ini belum saya catat karena belum ada kode aksinya. Balas (reply) pesan ini dengan "
        "<code>/selesai KODE</code>, mis. <code>/selesai II.1</code>, atau <code>/bukti KODE</code> untuk "
        "menambah bukti laporan yang sudah ada."
    )


def evidence_listing(listing: EvidenceListing, tz: ZoneInfo, wait_minutes: int) -> list[str]:
    parts = [f"🗂 <b>Bukti {esc(listing.action_code)}</b>"]
    with_evidence = [(state, items) for state, items in listing.periods if items]
    for state, items in with_evidence:
        lines = [f"<b>{esc(state.label)}</b> — {status_icon(state.status)} {state.status.label}"]
        lines.extend(f"   {_evidence_line(item, tz)}" for item in items)
        parts.append("\n".join(lines))
    if not with_evidence:
        parts.append("Belum ada bukti yang tercatat.")
    else:
        state, items = with_evidence[-1]
        parts.append(
            f"Salah kirim? Tarik satu bukti dengan nomornya: <code>/tarik {esc(listing.action_code)} "
            f"{esc(state.key)} {items[-1].number}</code>."
        )
    if listing.target is not None and listing.wait_until is not None:
        parts.append(
            f"Untuk menambah bukti ke {_period_ref(listing.target)}, kirim foto, dokumen, atau tautannya "
            f"di sini dalam {wait_minutes} menit (sampai pukul {format_time(listing.wait_until, tz)})."
        )
    return split_message(parts)


def cancelled(result: Cancelled) -> str:
    detached = (
        f" {result.evidence_detached} buktinya ikut ditarik: tidak dihitung lagi dan tidak masuk paket "
        "penilai (tetap tercatat di riwayat)."
        if result.evidence_detached
        else ""
    )
    return f"↩️ Laporan {_period_ref(result.target)} dibatalkan; statusnya kembali <b>belum</b>.{detached}"


def withdrawn(result: Withdrawn) -> str:
    item = result.item
    what = {"photo": "foto", "link": "tautan"}.get(item.kind, esc(item.original_name or "dokumen"))
    text = (
        f"🗑 Bukti nomor {item.number} ({what}) ditarik dari {_period_ref(result.target)}: tidak dihitung "
        f"lagi dan tidak masuk paket penilai (tetap tercatat di riwayat). Sisa bukti: {result.remaining}."
    )
    if result.status == Status.MENUNGGU_BUKTI and result.target.status.is_done:
        text += (
            f"\nTanpa bukti, laporannya kembali <b>menunggu bukti</b>: kirim bukti yang benar dengan "
            f"<code>/bukti {esc(result.target.action_code)} {esc(result.target.period_key)}</code>."
        )
    return text


def choose_action(choice: Choice, command: str) -> str:
    if choice.misspelt:
        return code_meant(choice.code, [code for code, _ in choice.actions], command)
    return (
        f"Komponen <b>{esc(choice.code)}</b> ({esc(shorten(choice.name, 80))}) punya {len(choice.actions)} aksi. "
        f"Pilih aksi untuk /{esc(command)}:"
    )


def code_meant(typed: str, offered: Sequence[str], command: str) -> str:
    """The question over the buttons of the codes a code the plan lacks may have meant."""
    unknown = f"Kode <b>{echo(typed, 40)}</b> tidak ada di rencana aksi."
    retype = "atau kirim ulang dengan kode yang benar"
    if len(offered) == 1:
        return f"{unknown} Maksud Anda <b>{esc(offered[0])}</b>? Tekan tombolnya untuk /{esc(command)}, {retype}."
    return f"{unknown} Maksud Anda salah satu ini? Pilih untuk /{esc(command)}, {retype}:"


def action_button(code: str, indikator: str) -> str:
    """An inline button's label: plain text, not HTML."""
    return f"{code} · {shorten(indikator, 40)}"


def choose_period(choice: PeriodChoice, command: str) -> str:
    if choice.misspelt:
        doubt = (
            f"“{echo(choice.misspelt, 40)}” bukan nama bulan. Maksud Anda <b>{esc(choice.guess or '')}</b>? "
        )
    elif choice.doubt:
        doubt = f"Angka <b>{esc(choice.doubt)}</b> di awal catatan itu bulan atau bagian catatan? "
    else:
        doubt = ""
    return (
        f"{doubt}Untuk periode mana /{esc(command)} <b>{esc(choice.action_code)}</b>? "
        "Pilih periodenya (periode berjalan di atas):"
    )


def choose_withdrawal_period(choice: PeriodChoice, number: int) -> str:
    return (
        f"Bukti nomor {number} ada di beberapa periode <b>{esc(choice.action_code)}</b>. "
        "Pilih periode bukti yang akan ditarik:"
    )


def picked(code: str) -> str:
    return f"Dipilih: <b>{esc(code)}</b>"


def pick_expired() -> str:
    """An answerCallbackQuery text: plain text."""
    return "Pilihan ini sudah kedaluwarsa. Kirim ulang perintahnya, ya."


def pick_not_yours(name: str) -> str:
    """An answerCallbackQuery text: plain text."""
    return f"Tombol ini untuk {name}."


def unknown_command(typed: str, suggestion: str | None) -> str:
    if suggestion is None:
        return f"Perintah /{echo(typed)} tidak saya kenal. Daftar perintahnya ada di /bantuan."
    return (
        f"Perintah /{echo(typed)} tidak saya kenal. Maksud Anda /{esc(suggestion)}? "
        "Kirim ulang pesannya (beserta berkasnya, bila ada) dengan perintah itu, ya."
    )


def edited_ignored() -> str:
    return (
        "✏️ Pesan yang diedit tidak saya proses, jadi tidak ada yang berubah. "
        "Kirim perintahnya sebagai pesan baru, ya."
    )


def apology() -> str:
    return "😔 Maaf, ada gangguan saat memproses pesan ini. Silakan coba lagi sebentar lagi."
