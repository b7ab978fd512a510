"""The workbook a coordinator fills in: `zibot plan templat FILE.xlsx` (openpyxl).

Sheets: "Rencana Aksi" (the table's header, empty or with the current plan's rows), "Keputusan" (the
decree's details), "Tim" (the teams: code and name) and "Petunjuk" (how to fill it in, an example, and
the target-time phrases the bot reads). What `plan.sources.workbook` reads is what this writes.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from plan.model import Plan
from plan.sources.table import COLUMNS, LKE
from plan.sources.workbook import DECREE_FIELDS, DECREE_SHEET, GUIDE_SHEET, PLAN_SHEET, TEAM_SHEET

_WIDTHS = (6, 28, 40, 40, 40, 22, 22, 16)
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")

# (what the coordinator writes, what the bot makes of it); every phrase is tested against plan/targets.py.
TARGET_EXAMPLES = (
    ("April {year}", "satu periode: 1–30 April"),
    ("Minggu ke-2 Januari {year}", "8–14 Januari"),
    ("Mei, Agustus, November Tahun {year}", "tiga periode, masing-masing bulannya"),
    ("Juni dan Desember {year}", "dua periode: Juni, Desember"),
    ("Januari-Desember {year}", "dua belas periode bulanan"),
    ("Per-bulan (Januari-Desember)", "dua belas periode bulanan, tahun rencana"),
    ("Setiap bulan", "dua belas periode bulanan"),
    ("Paling lambat Mei-November {year}", "satu periode: 1 Mei–30 November"),
    ("Triwulan II {year}", "1 April–30 Juni"),
    ("per triwulan", "empat periode triwulanan"),
    ("Semester I {year}", "1 Januari–30 Juni"),
    ("Des {year} s.d. Feb {next_year}", "tiga periode bulanan melewati tahun"),
    ("-", "tanpa jadwal: tidak diingatkan"),
)

_GUIDE = (
    "Cara mengisi lembar 'Rencana Aksi' (satu baris per indikator):",
    "• Baris area: NO berisi angka romawi (I, II, ...), KOMPONEN berisi nama area; kolom lain kosong.",
    "• Baris komponen: NO berisi nomor komponen (1, 2, ...) dan KOMPONEN namanya, lalu indikator pertamanya.",
    "• Indikator berikutnya dari komponen yang sama: NO dan KOMPONEN dikosongkan (atau sel digabung ke atas).",
    "• PENANGGUNG JAWAB: kode atau nama tim dari lembar 'Tim'; cukup ditulis sekali, berlaku untuk baris di bawahnya.",
    "• TARGET WAKTU: tulis sebagai teks seperti contoh di bawah; '-' atau kosong berarti tanpa jadwal.",
    "• LKE (boleh kosong): kode pertanyaan LKE yang dijawab baris itu, dipisah koma, mis. PPA1A, PPA1B.",
    "• Lembar 'Keputusan': isi kantor, tahun, judul, nomor, tanggal dan penandatangan keputusan.",
    "Periksa hasilnya dengan: zibot plan periksa BERKAS.xlsx (baris yang tidak terbaca disebutkan).",
)


def write_template(plan: Plan, year: int, filled: bool = False) -> bytes:
    """The template for `year`'s plan, with `plan`'s teams and office; `filled` copies its rows too."""
    workbook = Workbook()
    table = workbook.active
    assert table is not None
    table.title = PLAN_SHEET
    _header(table, (*COLUMNS, LKE))
    if filled:
        for row in _plan_rows(plan):
            table.append(row)
    for row in table.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP
            cell.number_format = "@"  # text, so Excel never turns "April 2022" into a date
    _decree_sheet(workbook.create_sheet(DECREE_SHEET), plan, year, filled)
    teams = workbook.create_sheet(TEAM_SHEET)
    _header(teams, ("KODE", "NAMA"))
    for team in plan.teams:
        teams.append((team.code, team.name))
    _guide_sheet(workbook.create_sheet(GUIDE_SHEET), plan, year)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, names: tuple[str, ...]) -> None:
    sheet.append(names)
    for index, cell in enumerate(sheet[1]):
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = _WIDTHS[index] if len(names) > 2 else 40
    sheet.freeze_panes = "A2"


def _plan_rows(plan: Plan) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for area in plan.areas:
        rows.append((area.code, area.name, "", "", "", "", "", ""))
        team = None
        for component in area.components:
            for action in component.actions:
                first = action.position == 1
                rows.append(
                    (
                        str(component.number) if first else "",
                        component.name if first else "",
                        action.indikator,
                        action.langkah_aksi,
                        action.bukti_fisik,
                        action.target_waktu,
                        "" if action.team_code == team else action.team_code,
                        ", ".join(action.lke),
                    )
                )
                team = action.team_code
    return rows


def _decree_sheet(sheet: Worksheet, plan: Plan, year: int, filled: bool) -> None:
    _header(sheet, ("KETERANGAN", "ISI", "CONTOH"))
    current = {
        "office": plan.office,
        "year": str(year),
        "title": plan.decree.title if filled else "",
        "number": plan.decree.number if filled else "",
        "date": plan.decree.date.isoformat() if filled else "",
        "signed_by": plan.decree.signed_by if filled else "",
    }
    for label, key, example in DECREE_FIELDS:
        sheet.append((label, current[key], example))
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].number_format = "@"


def _guide_sheet(sheet: Worksheet, plan: Plan, year: int) -> None:
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 60
    for line in _GUIDE:
        sheet.append((line,))
    sheet.append(())
    sheet.append(("Contoh (di lembar 'Rencana Aksi'):",))
    sheet.append((*COLUMNS, LKE))
    team = plan.teams[0].code
    sheet.append(("I", "Manajemen Perubahan", "", "", "", "", "", ""))
    sheet.append(
        ("1", "Tim Kerja", "SK Tim Kerja diterbitkan", "Menyusun SK Tim Kerja ZI", "SK Tim Kerja",
         f"April {year}", team, "PPA1A")
    )  # fmt: skip
    sheet.append(
        ("", "", "Tim Kerja dievaluasi", "Rapat evaluasi", "Notulen rapat", f"Juni dan Desember {year}")
    )
    sheet.append(())
    sheet.append(("TARGET WAKTU yang dibaca bot", "artinya"))
    for phrase, meaning in target_examples(year):
        sheet.append((phrase, meaning))
    sheet.append(("Lainnya ditolak dengan nama barisnya, tidak ditebak.",))


def target_examples(year: int) -> list[tuple[str, str]]:
    """The target-time phrases the template lists, for `year`."""
    return [(phrase.format(year=year, next_year=year + 1), meaning) for phrase, meaning in TARGET_EXAMPLES]
