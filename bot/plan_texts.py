"""The Indonesian texts of plan versions: what an import would change (for `/rencana` and
`zibot plan impor`), the one line at start-up about the plan file, and the read-only plan of past years."""

from __future__ import annotations

from collections.abc import Sequence

from bot.formatting import esc, format_short_date, split_message
from store.plan_import import PlanChanges

# Each list in the summary names this many items, then says how many more there are.
LIST_LIMIT = 25

_COLUMN_NAMES = {
    "area": "nama area",
    "komponen": "nama komponen",
    "indikator": "indikator",
    "langkah_aksi": "langkah aksi",
    "bukti_fisik": "bukti fisik",
    "target_waktu": "target waktu",
    "tim": "penanggung jawab",
    "lke": "kode LKE",
}
_DECREE_NAMES = {
    "office": "kantor",
    "title": "judul keputusan",
    "number": "nomor keputusan",
    "date": "tanggal keputusan",
    "signed_by": "penanda tangan",
}


def _listed(items: Sequence[str]) -> list[str]:
    shown = [f"• {item}" for item in items[:LIST_LIMIT]]
    if len(items) > LIST_LIMIT:
        shown.append(f"• … dan {len(items) - LIST_LIMIT} lainnya")
    return shown


def changes_counts(changes: PlanChanges) -> str:
    """One phrase of counts: ``1 baris diubah, 1 periode baru, 1 periode dihapus``."""
    parts = [
        (len(changes.rows_added), "baris baru"),
        (len(changes.rows_changed), "baris diubah"),
        (len(changes.rows_retired), "baris dihapus"),
        (len(changes.periods_added), "periode baru"),
        (len(changes.periods_moved), "periode bergeser"),
        (len(changes.periods_retired), "periode dihapus"),
    ]
    counted = [f"{count} {name}" for count, name in parts if count]
    if changes.decree:
        counted.insert(0, "berubah: " + ", ".join(_DECREE_NAMES[field] for field in changes.decree))
    return ", ".join(counted) or "tidak ada perubahan"


def plan_changes_text(changes: PlanChanges, source: str, *, applied: bool) -> list[str]:
    """The summary of an import, in messages under Telegram's limit (HTML)."""
    if changes.new_version:
        head = (
            f"Rencana aksi <b>tahun {changes.year}</b> dari {esc(source)} "
            f"{'sudah diimpor' if applied else 'belum ada di basis data; bila diterapkan menjadi versi baru'}: "
            f"{len(changes.rows_added)} baris, {len(changes.periods_added)} periode tenggat. "
            "Rencana tahun lain tidak berubah."
        )
        return split_message([head])
    if changes.empty:
        return [f"Rencana aksi tahun {changes.year} dari {esc(source)} sama dengan yang tersimpan."]
    verb = "Perubahan yang sudah diterapkan" if applied else "Bila diterapkan, yang berubah"
    items = [
        f"{verb} pada rencana aksi <b>tahun {changes.year}</b> ({esc(source)}): {changes_counts(changes)}."
    ]
    if changes.rows_added:
        items.append("\n".join(["<b>Baris baru</b>", *_listed(changes.rows_added)]))
    if changes.rows_changed:
        lines = [
            f"{code}: {', '.join(_COLUMN_NAMES[column] for column in columns)}"
            for code, columns in changes.rows_changed
        ]
        items.append("\n".join(["<b>Baris diubah</b> (kolom)", *_listed(lines)]))
    if changes.rows_retired:
        items.append("\n".join(["<b>Baris dihapus dari rencana</b>", *_listed(changes.rows_retired)]))
    if changes.periods_added:
        lines = [
            f"{p.action_code} {esc(p.label)}: {format_short_date(p.window_start)} – "
            f"{format_short_date(p.deadline)}"
            for p in changes.periods_added
        ]
        items.append("\n".join(["<b>Periode baru</b>", *_listed(lines)]))
    if changes.periods_moved:
        lines = [
            f"{p.action_code} {esc(p.label)}: tenggat {format_short_date(p.before[1])} → "
            f"{format_short_date(p.deadline)} (status {p.status.label} tetap)"
            for p in changes.periods_moved
            if p.before is not None
        ]
        items.append("\n".join(["<b>Periode bergeser</b>", *_listed(lines)]))
    if changes.periods_retired:
        lines = [
            f"{p.action_code} {esc(p.label)}"
            + (f": {p.status.label}, {p.evidence} bukti" if p.has_history else "")
            for p in changes.periods_retired
        ]
        kept = sum(1 for p in changes.periods_retired if p.has_history)
        note = (
            f"{kept} di antaranya sudah berstatus atau berbukti: riwayat dan buktinya tetap disimpan, "
            "tampil terpisah di rekap dan buku kerja, dan tidak diingatkan lagi."
            if kept
            else "Belum ada laporan atau bukti pada periode ini."
        )
        items.append("\n".join(["<b>Periode dihapus dari rencana</b>", *_listed(lines), note]))
    return split_message(items)


def apply_hint(source: str) -> str:
    return f"Terapkan dengan: zibot plan impor {source} --terapkan"


def plan_file_differs(source: str, changes: PlanChanges) -> str:
    """The one line at start-up when ZIBOT_PLAN is not what the database holds (nothing is applied)."""
    if changes.new_version:
        return (
            f"Berkas rencana {source} (tahun {changes.year}) belum diimpor; bot tetap memakai rencana di "
            f"basis data. {apply_hint(source)}"
        )
    return (
        f"Berkas rencana {source} berbeda dari rencana tahun {changes.year} di basis data "
        f"({changes_counts(changes)}); bot tetap memakai yang di basis data. {apply_hint(source)}"
    )


def no_current_plan(year: int, served_year: int) -> str:
    """The one line at start-up when no stored plan covers this year."""
    return (
        f"Belum ada rencana aksi tahun {year}: bot melayani rencana tahun {served_year} hanya-baca "
        "(tanpa pengingat, laporan baru ditolak). Impor rencana baru dengan zibot plan impor BERKAS "
        "--terapkan, atau kirim berkasnya ke bot dengan keterangan /rencana."
    )


# ---- /rencana ----------------------------------------------------------------------------------------
APPLY_BUTTON = "✅ Terapkan perubahan"


def plan_upload_usage() -> str:
    return (
        "Kirim berkas rencana aksi (Word .docx, Excel .xlsx, teks .txt, atau JSON) di obrolan pribadi "
        "dengan bot, dengan keterangan "
        "<code>/rencana</code>. Bot menampilkan apa yang akan berubah terhadap rencana tahun itu; "
        "perubahan baru disimpan setelah Anda menekan tombol <b>Terapkan</b>."
    )


def proposal_footer() -> str:
    return (
        "Belum ada yang diubah. Tekan tombol di bawah untuk menerapkannya (berlaku satu jam); status dan "
        "bukti periode yang tetap tidak berubah."
    )


def plan_applied_notice(year: int) -> str:
    return (
        f"✅ Rencana aksi tahun {year} diperbarui. Pengingat mengikuti jadwal baru mulai putaran berikutnya."
    )
