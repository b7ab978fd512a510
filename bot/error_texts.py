"""Every error a user or operator can cause (plan/errors.py), in Indonesian: one text per exception."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from bot.formatting import echo, esc, format_date, format_size
from bot.texts import unbound_group, usage
from plan.errors import (
    AlreadyReported,
    BadAnswersFile,
    BadLkeAnswer,
    CannotCancel,
    CannotWithdraw,
    CoordinatorOnly,
    EvidenceTooLarge,
    ExportTargetNotEmpty,
    HiddenTeam,
    LkeEvaluatorOnly,
    LkeFileError,
    LkePrivateOnly,
    MalformedCommand,
    NoPlanForYear,
    NoSuchEvidence,
    NotAnAction,
    NothingOpen,
    NothingToCancel,
    NotReported,
    OtherOffice,
    PackageTooLarge,
    PlanFileError,
    PlanFileMissing,
    PlanReadOnly,
    ProposalApplied,
    ProposalGone,
    ReasonRequired,
    StaleLkeButton,
    UnboundChat,
    UnknownCode,
    UnknownLkeQuestion,
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

logger = logging.getLogger(__name__)

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


def _choices(choices: Iterable[str]) -> str:
    return ", ".join(esc(choice) for choice in choices)


def _period_suffix(period_label: str | None) -> str:
    """`` · Mei 2022`` after an action code, when a period was named."""
    return f" · {esc(period_label)}" if period_label else ""


@functools.singledispatch
def describe_error(exc: ZibotError) -> str:
    """Every error a user or operator can cause, in Indonesian (the CLI may print it too)."""
    logger.warning("no Indonesian text for %s: %s", type(exc).__name__, exc)
    return "Permintaan itu tidak bisa diproses. Lihat /bantuan untuk contoh perintahnya."


# Errors whose text is fixed words around the exception's own fields: one template each, every field
# HTML-escaped. Errors whose text depends on their values (a choice, a list, a size) have a function below.
_TEMPLATES: dict[type[ZibotError], str] = {
    Unscheduled: (
        "<b>{action_code}</b> tidak punya target waktu di rencana aksi, jadi belum bisa "
        "dilaporkan per periode. Hubungi koordinator ZI bila jadwalnya perlu ditetapkan."
    ),
    WrongTeam: (
        "<b>{action_code}</b> adalah tugas <b>{team_name}</b>. "
        "Laporkan dari grup tim itu, atau minta bantuan koordinator ZI."
    ),
    HiddenTeam: (
        "Rincian <b>{code}</b> hanya dapat dilihat oleh anggota <b>{team_name}</b> "
        "dan koordinator ZI. Tanyakan di grup tim itu, atau minta bantuan koordinator ZI."
    ),
    PlanFileError: "Berkas rencana aksi {path} tidak valid: {where}: {problem}",
    PlanFileMissing: (
        "Berkas rencana aksi {path} tidak ditemukan. Periksa ZIBOT_PLAN (atau kosongkan untuk "
        "memakai rencana bawaan zibot)."
    ),
    PlanReadOnly: (
        "Belum ada rencana aksi tahun {current_year}, jadi rencana tahun {year} hanya dapat dilihat "
        "(/rekap, /status, /tugas): laporan, bukti dan verifikasi baru tidak diterima. Koordinator "
        "mengimpor rencana baru dengan mengirim berkasnya ke bot berketerangan /rencana."
    ),
    OtherOffice: (
        "Rencana aksi ini milik {office}, sedangkan bot ini melayani {served}: "
        "satu kantor per bot. Periksa nama kantor di berkas rencana."
    ),
    LkeFileError: "Berkas LKE {path} tidak valid: {where}: {problem}",
    LkeEvaluatorOnly: "Perintah /{command} hanya untuk koordinator ZI dan evaluator TPI.",
    LkePrivateOnly: (
        "Perintah /{command} hanya dilayani di obrolan pribadi dengan bot atau di grup koordinator, "
        "tidak di grup tim."
    ),
    BadAnswersFile: "Berkas jawaban {path} tidak bisa dibaca: {problem}.",
    CoordinatorOnly: "Perintah /{command} hanya untuk koordinator ZI.",
    ReasonRequired: "Tulis alasan penolakan <b>{action_code}</b> supaya tim tahu apa yang perlu diperbaiki.",
    ExportTargetNotEmpty: (
        "{path} sudah ada dan tidak kosong. Pilih folder baru yang kosong, atau nama berkas .zip."
    ),
}


def _fill(template: str, exc: ZibotError) -> str:
    return template.format_map({name: esc(value) for name, value in vars(exc).items()})


for _error_class, _template in _TEMPLATES.items():
    describe_error.register(_error_class, functools.partial(_fill, _template))


@describe_error.register
def _(exc: UnknownCode) -> str:
    text = f"Kode <b>{echo(exc.code, 40)}</b> tidak ada di rencana aksi."
    if exc.nearest:
        return f"{text} Mungkin maksud Anda: {_codes(exc.nearest)}?"
    return (
        f"{text} Kode aksi ditulis seperti <code>II.1</code> atau <code>II.2.3</code>; "
        "/tugas menampilkan kode tugas tim Anda."
    )


@describe_error.register
def _(exc: UnknownPeriod) -> str:
    if not exc.choices:
        return f"<b>{esc(exc.action_code)}</b> tidak punya jadwal di rencana aksi."
    return (
        f"<b>{esc(exc.action_code)}</b> tidak punya periode “{echo(exc.text)}” di rencana aksi. "
        f"Periodenya: {_choices(exc.choices)}."
    )


@describe_error.register
def _(exc: NothingOpen) -> str:
    code = esc(exc.action_code)
    if exc.upcoming is None:
        return (
            f"Semua periode <b>{code}</b> yang sudah dimulai sudah dilaporkan. 👍 "
            f"Untuk menambah bukti, balas (reply) berkasnya dengan <code>/bukti {code}</code>."
        )
    upcoming = exc.upcoming
    return (
        f"Belum ada periode <b>{code}</b> yang terbuka. Periode berikutnya {esc(upcoming.label)}, "
        f"mulai {format_date(upcoming.window_start)}. Untuk melapor lebih awal, sebutkan periodenya: "
        f"<code>/selesai {code} {esc(upcoming.key)}</code>."
    )


@describe_error.register
def _(exc: UnknownTeam) -> str:
    choices = "\n".join(f"• {esc(choice)}" for choice in exc.choices)
    return f"Tim “{echo(exc.text)}” tidak dikenal. Tulis kode atau sebagian nama timnya:\n{choices}"


@describe_error.register
def _(exc: NoPlanForYear) -> str:
    stored = ", ".join(str(year) for year in exc.years) or "belum ada"
    return (
        f"Belum ada rencana aksi tahun {exc.year} di basis data (tersimpan: {stored}). "
        "Koordinator mengimpornya dengan zibot plan impor BERKAS --terapkan atau /rencana."
    )


@describe_error.register
def _(exc: ProposalApplied) -> str:
    return (
        f"Perubahan rencana aksi tahun {exc.year} sudah diterapkan sebelumnya; tombol ini tidak "
        "menerapkannya lagi. Lihat hasilnya dengan /tugas atau /rekap."
    )


@describe_error.register
def _(exc: ProposalGone) -> str:
    what = f"rencana tahun {exc.year}" if exc.year else "rencana ini"
    return (
        f"Ringkasan perubahan {what} tidak berlaku lagi (kedaluwarsa, atau rencananya berubah sejak itu). "
        "Kirim ulang berkasnya dengan keterangan /rencana."
    )


@describe_error.register
def _(exc: BadLkeAnswer) -> str:
    return f"Jawaban {echo(exc.text, 40)} untuk {echo(exc.code)} tidak dikenal; yang diterima: {esc(exc.expected)}."


@describe_error.register
def _(exc: StaleLkeButton) -> str:
    ask = f" Kirim <code>/lke {echo(exc.code, 20)}</code> lagi untuk jawaban terkini." if exc.code else ""
    return f"Tombol itu sudah tidak berlaku (jawabannya berubah atau pilihan itu tidak ada); tidak ada yang disimpan.{ask}"


@describe_error.register
def _(exc: UnboundChat) -> str:
    return unbound_group()


@describe_error.register
def _(exc: AlreadyReported) -> str:
    code = esc(exc.action_code)
    return (
        f"<b>{code}</b> · {esc(exc.period_label)} sudah berstatus <b>{exc.status.label}</b>. "
        f"Untuk menambah bukti: <code>/bukti {code} {esc(exc.period_label)}</code> dengan berkasnya."
    )


@describe_error.register
def _(exc: NothingToCancel) -> str:
    period = _period_suffix(exc.period_label)
    return f"Belum ada laporan <b>{esc(exc.action_code)}</b>{period} yang bisa dibatalkan."


@describe_error.register
def _(exc: CannotCancel) -> str:
    ref = f"<b>{esc(exc.action_code)}</b> · {esc(exc.period_label)}"
    if exc.status == Status.DITOLAK:
        return (
            f"Laporan {ref} sudah <b>ditolak</b> koordinator ZI, jadi tidak perlu dibatalkan. Perbaiki sesuai "
            f"alasannya, lalu laporkan lagi: <code>/selesai {esc(exc.action_code)} {esc(exc.period_key)}</code>."
        )
    if exc.status is not None:
        return (
            f"Laporan {ref} sudah <b>{exc.status.label}</b> koordinator ZI, jadi hanya koordinator "
            "yang bisa membatalkannya."
        )
    reporter = f" ({esc(exc.reporter)})" if exc.reporter else ""
    return (
        f"Laporan {ref} hanya bisa dibatalkan oleh pelapornya{reporter} pada hari yang sama, "
        "atau oleh koordinator ZI."
    )


@describe_error.register
def _(exc: NoSuchEvidence) -> str:
    code = esc(exc.action_code)
    period = _period_suffix(exc.period_label)
    return (
        f"Tidak ada bukti nomor {exc.number} pada <b>{code}</b>{period} (atau sudah ditarik). "
        f"Lihat nomornya dengan <code>/bukti {code}</code>. Tidak ada yang berubah."
    )


@describe_error.register
def _(exc: CannotWithdraw) -> str:
    ref = f"bukti nomor {exc.number} <b>{esc(exc.action_code)}</b> · {esc(exc.period_label)}"
    if exc.own:
        why = "Anda hanya bisa menarik bukti Anda sendiri pada hari yang sama saat mengirimnya"
    else:
        sender = esc(exc.sender) if exc.sender else "orang lain"
        why = f"bukti itu dikirim {sender}; hanya pengirimnya (pada hari yang sama) yang bisa menariknya"
    return (
        f"Tidak bisa menarik {ref}: {why}. Minta koordinator ZI bila perlu ditarik. Tidak ada yang berubah."
    )


@describe_error.register
def _(exc: EvidenceTooLarge) -> str:
    name = f"“{echo(exc.name)}” " if exc.name else ""
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
        f"<b>{echo(exc.code)}</b> punya beberapa aksi: {_codes(exc.action_codes)}. "
        f"Sebutkan satu, mis. <code>{first}</code>."
    )


@describe_error.register
def _(exc: NotReported) -> str:
    period = _period_suffix(exc.period_label)
    status = f" (status: {exc.status.label})" if exc.status else ""
    return f"<b>{esc(exc.action_code)}</b>{period} belum dilaporkan selesai{status}, jadi belum bisa diverifikasi."


@describe_error.register
def _(exc: WhichPeriod) -> str:
    choices = _choices(exc.choices)
    return f"Periode mana untuk <b>{esc(exc.action_code)}</b>? Pilihannya: {choices}. Sebutkan salah satunya."


@describe_error.register
def _(exc: UnknownScope) -> str:
    choices = _choices(exc.choices)
    meant = f" Maksud Anda <b>{esc(exc.month_meant)}</b>?" if exc.month_meant else ""
    return f"“{echo(exc.text)}” bukan tim, area, atau bulan.{meant} Pilihannya: {choices}, atau nama bulan."


@describe_error.register
def _(exc: PackageTooLarge) -> str:
    return (
        f"Satu bagian paket bukti akan berukuran {format_size(exc.size)}, melebihi batas "
        f"{format_size(exc.limit)} untuk dikirim lewat Telegram walau paketnya sudah dibagi per area dan "
        "ukuran (ada berkas yang terlalu besar). Buat paketnya di server: <code>zibot ekspor bukti FOLDER</code>."
    )


@describe_error.register
def _(exc: UnknownLkeQuestion) -> str:
    codes = ", ".join(f"<b>{echo(code, 20)}</b>" for code in exc.codes)
    return f"Bukan kode pertanyaan LKE: {codes}; contoh kode yang benar: PPA1A, PRB2A, HBA."
