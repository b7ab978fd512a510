"""Indonesian texts of the rekap, verification, exports and the coordinator's daily digest.

Built on the shared helpers of `bot/texts.py` (escaping, dates, sizes, splitting); the rekap's rows come
from `reports/rekap_text.py`, shared with the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.formatting import (
    MESSAGE_LIMIT,
    echo,
    esc,
    format_date,
    format_datetime,
    format_short_date,
    format_time,
    split_message,
    utf16_len,
)
from bot.texts import NOTE_LIMIT
from plan.model import Status
from plan.progress import Progress
from reports.package import PackageResult
from reports.rekap_text import rekap_html, retired_rows, scope_title
from store.digest import NewReport
from store.repo import PeriodState
from usecases.commands import CommandName
from usecases.review import ReviewOutcome

EXPORT_BUKTI = "bukti"
EXPORT_LKE = "lke"


# ---- /rekap -------------------------------------------------------------------------------------
def rekap(
    progress: Progress, other_teams: Sequence[str] = (), retired: Sequence[PeriodState] = ()
) -> list[str]:
    """The rekap as messages under Telegram's limit, cut between rows; `other_teams` are the asker's
    other teams, each one command away; `retired` the periods taken out of the plan, listed apart."""
    rows = rekap_html(progress, format_date(progress.today)) + retired_rows(retired)
    if other_teams:
        commands = ", ".join(f"/rekap {esc(code)}" for code in other_teams)
        rows.append(f"\n<i>Tim Anda yang lain: {commands}</i>")
    return split_message(rows, separator="\n")


def chart_caption(progress: Progress) -> str:
    return f"📊 Grafik progres: {esc(scope_title(progress))} · hijau selesai, merah terlambat, abu-abu belum lewat tenggat."


# ---- /setujui and /tolak -------------------------------------------------------------------------
_REVIEW_USAGE = {
    CommandName.SETUJUI: (
        "Tulis kode aksinya, mis. <code>/setujui II.1</code>, atau dengan periodenya bila lebih dari satu "
        "yang menunggu verifikasi: <code>/setujui II.2.1 Maret</code>."
    ),
    CommandName.TOLAK: (
        "Tulis kode aksi dan alasannya, mis. <code>/tolak II.1 foto kegiatan belum ada</code>, atau dengan "
        "periodenya: <code>/tolak II.2.1 Maret daftar hadir belum ditandatangani</code>."
    ),
}


def review_usage(command: str) -> str:
    return _REVIEW_USAGE[command]


def _ref(outcome: ReviewOutcome) -> str:
    return f"<b>{esc(outcome.target.action_code)}</b> · {esc(outcome.target.period_label)}"


def _note(outcome: ReviewOutcome) -> str:
    """The reviewer's note, shortened: the whole of it stays in the status history."""
    return echo(outcome.verdict.note or "", NOTE_LIMIT)


def reviewed(outcome: ReviewOutcome) -> str:
    """The answer to the coordinator."""
    if not outcome.team_chat_ids:
        told = f"{esc(outcome.team_name)} belum punya grup terhubung; sampaikan langsung, ya."
    else:
        told = f"{esc(outcome.team_name)} sudah diberi tahu di grupnya."
    if outcome.verdict.status is Status.DISETUJUI:
        note = f"\nCatatan: {_note(outcome)}" if outcome.verdict.note else ""
        return f"🏅 {_ref(outcome)} <b>disetujui</b>.{note}\n{told}"
    return (
        f"↩️ {_ref(outcome)} <b>ditolak</b> dan dibuka lagi untuk tim.\n"
        f"Alasan: {_note(outcome)}\n{_returned(outcome)}{told} Pengingat untuk periode ini berjalan lagi."
    )


def _returned(outcome: ReviewOutcome) -> str:
    """The rejected report's evidence: kept on record, never sent to the evaluators."""
    if not outcome.evidence_returned:
        return ""
    return (
        f"{outcome.evidence_returned} buktinya ikut dikembalikan: tidak masuk paket penilai dan tidak "
        "dihitung lagi (tetap tercatat di riwayat).\n"
    )


def team_notice(outcome: ReviewOutcome, today: date) -> str:
    """What the team's group is told (also the answer when the review was written in that group)."""
    if outcome.verdict.status is Status.DISETUJUI:
        note = f"\nCatatan koordinator: {_note(outcome)}" if outcome.verdict.note else ""
        return f"🏅 Laporan {_ref(outcome)} <b>disetujui</b> koordinator ZI. Terima kasih!{note}"
    resend = f"/selesai {esc(outcome.target.action_code)} {esc(outcome.target.period_key)}"
    return (
        f"↩️ Laporan {_ref(outcome)} <b>dikembalikan</b> oleh koordinator ZI.\n"
        f"Yang perlu diperbaiki: <i>{_note(outcome)}</i>\n{_returned(outcome)}"
        f"Kirim lagi buktinya dengan <code>{resend}</code> (sebagai keterangan foto atau dokumen), "
        f"{_by_when(outcome.target.deadline, today)}. Pengingat akan berjalan lagi sampai laporannya masuk."
    )


def _by_when(deadline: date, today: date) -> str:
    if deadline < today:
        return f"secepatnya: sudah lewat tenggat {format_date(deadline)}"
    return f"paling lambat {format_date(deadline)}"


# ---- /ekspor ------------------------------------------------------------------------------------
def export_usage() -> str:
    return (
        "<code>/ekspor</code> mengirim buku kerja XLSX (ringkasan, satu baris per periode, daftar bukti); "
        "<code>/ekspor bukti</code> mengirim paket ZIP semua berkas bukti dengan indeksnya; "
        "<code>/ekspor lke</code> mengirim buku kerja LKE untuk penilai (satu baris per pertanyaan)."
    )


def workbook_name(today: date) -> str:
    return f"rencana-aksi-zi-{today.isoformat()}.xlsx"


def lke_workbook_name(today: date) -> str:
    return f"lke-zi-{today.isoformat()}.xlsx"


def lke_workbook_caption(today: date, questions: int, answered: int, evidence: int) -> str:
    return (
        f"📘 LKE per {format_date(today)}: {questions} pertanyaan, {answered} terjawab, "
        f"{evidence} bukti per pertanyaan. Lembar <i>LKE</i>, <i>Nilai</i>, <i>Predikat</i> dan "
        "<i>Bukti LKE</i>; kolom Jawaban dan Catatan dapat diisi lalu dimuat dengan "
        "<code>zibot lke impor</code>."
    )


def package_name(today: date) -> str:
    return f"bukti-zi-{today.isoformat()}.zip"


def workbook_caption(today: date, periods: int, evidence: int) -> str:
    return (
        f"📗 Rencana aksi ZI per {format_date(today)}: {periods} periode, {evidence} bukti. "
        "Lembar <i>Ringkasan</i>, <i>Rincian</i> dan <i>Bukti</i>."
    )


def package_caption(today: date, result: PackageResult, part: int = 1, parts: int = 1) -> str:
    text = (
        f"🗂 Paket bukti ZI per {format_date(today)}: {result.files} berkas, {result.links} tautan, "
        "tersusun per area/komponen/aksi/periode. Indeksnya <i>00 INDEKS.xlsx</i> (dengan SHA-256 tiap berkas)."
    )
    if parts > 1:
        areas = ", ".join(result.areas)
        text = (
            f"📦 Bagian {part} dari {parts} (area {areas}); tiap bagian ZIP utuh dengan indeksnya sendiri, "
            f"dibagi karena batas unggah Telegram.\n{text}"
        )
    if result.missing or result.mismatched:
        text += (
            f"\n⚠️ {result.missing} berkas hilang dan {result.mismatched} berkas berbeda dari catatan; "
            "lihat kolom <i>Pemeriksaan berkas</i>."
        )
    return text


# ---- the daily digest ---------------------------------------------------------------------------
_NOW_STATUS = {Status.DISETUJUI: " (sudah disetujui)", Status.DITOLAK: " (sudah ditolak)"}


@dataclass(frozen=True, slots=True)
class DigestPart:
    """One message of the report digest and how many reports it lists (in the digest's order)."""

    text: str
    reports: int


def digest(reports: Sequence[NewReport], since: datetime, tz: ZoneInfo) -> list[DigestPart]:
    """One batched message (or a few, if long) of the reports since the last digest, each message with
    the number of reports it carries, so each can be recorded as sent once Telegram took it."""
    text = (
        f"📬 <b>Laporan baru untuk diverifikasi: {len(reports)}</b>\n"
        f"<i>sejak {format_datetime(since, tz)}</i>"
    )
    parts: list[DigestPart] = []
    count = 0
    for report in reports:
        row = (
            f"• <b>{esc(report.action_code)}</b> · {esc(report.period_label)} · {esc(report.team_code)}"
            f" — {esc(report.reported_by or 'tanpa nama')}, "
            f"{format_short_date(report.at.astimezone(tz).date())} {format_time(report.at, tz)}"
            f"{_NOW_STATUS.get(report.status, '')}"
        )
        if count and utf16_len(f"{text}\n{row}") > MESSAGE_LIMIT:
            parts.append(DigestPart(text, count))
            text, count = "📬 <i>(lanjutan)</i>", 0
        text, count = f"{text}\n{row}", count + 1
    footer = (
        "Periksa dengan <code>/setujui KODE [PERIODE]</code> atau <code>/tolak KODE [PERIODE] ALASAN</code>; "
        "ringkasannya di /rekap."
    )
    if utf16_len(f"{text}\n{footer}") > MESSAGE_LIMIT:
        parts.append(DigestPart(text, count))
        text, count = "", 0
    parts.append(DigestPart(f"{text}\n{footer}".lstrip("\n"), count))
    return parts
