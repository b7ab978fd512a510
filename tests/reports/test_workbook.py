from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from plan.model import Status
from reports.layout import evidence_paths
from reports.workbook import write_workbook
from store import repo
from tests.workbooks import rows_of

from .conftest import JUNE_3, TODAY, TZ, Filled


def export(filled: Filled, tmp_path: Path) -> Path:
    data = filled.export(TODAY)
    target = tmp_path / "rekap.xlsx"
    write_workbook(target, data, TZ, evidence_paths(data.evidence, TZ))
    return target


def test_one_row_per_due_period_with_status_report_review_and_evidence(
    filled: Filled, tmp_path: Path
) -> None:
    book = load_workbook(export(filled, tmp_path))
    assert book.sheetnames == ["Ringkasan", "Rincian", "Dihapus dari rencana", "Bukti", "Riwayat bukti"]
    detail = book["Rincian"]
    assert detail.freeze_panes == "D2"
    assert detail.auto_filter.ref == "A1:U220"
    assert detail.column_dimensions["D"].width >= 40  # indikator stays readable
    rows = {(row["Kode"], row["Periode"]): row for row in rows_of(detail)}
    with filled.database.unit_of_work() as session:
        states = repo.period_states(session, 2022)
    assert len(rows) == len(states) == 219

    approved = rows[("I.4.1", "Mei 2022")]
    assert approved["Status"] == "Disetujui"
    assert approved["Area"].startswith("I Pembangunan unit kerja")
    assert approved["Komponen"].startswith("I.4 ")
    assert approved["Tenggat"] == datetime(2022, 5, 31)  # a real date cell
    assert (approved["Dilaporkan oleh"], approved["Dilaporkan pada"]) == (
        "Sri Rahayu",
        datetime(2022, 5, 28, 9, 15),
    )
    assert (approved["Diperiksa oleh"], approved["Diperiksa pada"]) == (
        "Bu Koordinator",
        datetime(2022, 5, 29, 9, 15),
    )
    assert approved["Jumlah bukti"] == 2
    assert "I.4.1_2022-05_2022-05-28_Notulen rapat.pdf" in approved["Bukti (berkas dan tautan)"]

    waiting = rows[("I.4.1", "Juni 2022")]
    assert waiting["Status"] == "Selesai (menunggu verifikasi)"
    assert waiting["Bukti (berkas dan tautan)"] == "https://drive.example/juni"
    assert waiting["Diperiksa oleh"] is None

    rejected = rows[("II.1.1", "Mei–November 2022")]
    assert (rejected["Status"], rejected["Hasil pemeriksaan"]) == ("Ditolak", "Ditolak")
    assert rejected["Catatan pemeriksa"] == "kurang tanda tangan kepala"
    assert rejected["Diperiksa pada"] == (JUNE_3 + timedelta(hours=2)).astimezone(TZ).replace(tzinfo=None)
    assert (rejected["Jumlah bukti"], rejected["Bukti (berkas dan tautan)"]) == (0, None)  # sent back with it

    late = rows[("I.4.1", "Januari 2022")]
    assert (late["Status"], late["Terlambat (hari)"]) == ("Terlambat", 130)
    assert rows[("I.4.1", "Juli 2022")]["Status"] == "Belum"

    date_cell = detail["K2"]
    assert date_cell.is_date and date_cell.number_format == "DD/MM/YYYY"


def test_summary_per_area_and_team_agrees_with_the_detail(filled: Filled, tmp_path: Path) -> None:
    book = load_workbook(export(filled, tmp_path))
    summary = book["Ringkasan"]
    assert summary.freeze_panes == "D5"
    rows = rows_of(summary, header_row=4)
    assert [row["Kelompok"] for row in rows] == ["Semua"] + ["Area"] * 6 + ["Tim"] * 6
    assert [row["Kode"] for row in rows if row["Kelompok"] == "Tim"] == ["MP", "TL", "SDM", "AK", "PW", "PP"]
    detail = rows_of(book["Rincian"])
    everything = rows[0]
    assert everything["Periode"] == len(detail)
    assert everything["Terlambat"] == sum(1 for row in detail if row["Status"].startswith("Terlambat"))
    assert everything["Disetujui"] == sum(1 for row in detail if row["Status"] == "Disetujui") == 1
    assert everything["Perlu verifikasi"] == 2  # I.4.1 Juni and II.2.1 Januari
    assert everything["Ditolak"] == 1
    area_two = next(row for row in rows if row["Kode"] == "II")
    assert area_two["Periode"] == sum(1 for row in detail if row["Kode"].startswith("II."))
    assert 0 < area_two["Persen selesai"] < 1


def test_evidence_sheet_lists_every_item_with_its_checksum(filled: Filled, tmp_path: Path) -> None:
    book = load_workbook(export(filled, tmp_path))
    sheet = book["Bukti"]
    rows = rows_of(sheet)
    with filled.database.unit_of_work() as session:
        stored = repo.evidence_for(session, [s.period_id for s in repo.period_states(session, 2022)])
    assert len(rows) == len(stored) == 5  # not the rejected report's file: that is in the history
    by_sha = {item.sha256: item for item in stored if item.sha256}
    for row in rows:
        if row["Jenis"] == "Tautan":
            assert row["Tautan"] == "https://drive.example/juni"
            continue
        item = by_sha[row["SHA-256"]]
        assert row["Ukuran (byte)"] == item.size
        assert row["Berkas dalam paket"].split("/")[-1].startswith(f"{item.action_code}_")
        assert row["Pemeriksaan berkas"] is None  # only a package checks the files
    link = next(cell for cell in sheet["F"] if cell.value == "https://drive.example/juni")
    assert link.hyperlink.target == "https://drive.example/juni"


def test_text_that_looks_like_a_formula_stays_text(filled: Filled, tmp_path: Path) -> None:
    filled.report("IV.1.1", "2022-01", (666, '=HYPERLINK("http://evil")'), JUNE_3)
    book = load_workbook(export(filled, tmp_path))
    cell = next(cell for cell in book["Rincian"]["N"] if cell.value and "evil" in str(cell.value))
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil")'


def test_a_list_of_several_evidence_files_shows_one_per_line(filled: Filled, tmp_path: Path) -> None:
    detail = load_workbook(export(filled, tmp_path))["Rincian"]
    header = [cell.value for cell in detail[1]]
    column = header.index("Bukti (berkas dan tautan)")
    cells = {(row[2].value, row[8].value): row[column] for row in detail.iter_rows(min_row=2)}
    several = cells[("I.4.1", "Mei 2022")]
    assert several.value.count("\n") == 1
    # Without wrapping, Excel and LibreOffice run the lines together: "…foto-1.jpgI.4.1_…".
    assert several.alignment.wrap_text and several.alignment.vertical == "top"


def test_a_late_period_keeps_its_own_status_beside_terlambat(filled: Filled, tmp_path: Path) -> None:
    paths = {"III.2.3": (Status.MENUNGGU_BUKTI,), "IV.1.1": (Status.SELESAI, Status.DITOLAK)}
    period_ids = {code: filled.period_id(code, "2022-01") for code in paths}
    with filled.database.unit_of_work() as session:
        for code, path in paths.items():
            for status in path:
                repo.change_status(
                    session, period_ids[code], status, person_id=None, chat_id=None, now=JUNE_3
                )
    rows = {
        (row["Kode"], row["Periode"]): row
        for row in rows_of(load_workbook(export(filled, tmp_path))["Rincian"])
    }
    # Reported without evidence, or sent back: late all the same, but not as if nothing had happened.
    assert rows[("III.2.3", "Januari 2022")]["Status"] == "Terlambat (menunggu bukti)"
    assert rows[("IV.1.1", "Januari 2022")]["Status"] == "Terlambat (ditolak)"
    assert rows[("III.1.1", "Januari 2022")]["Status"] == "Terlambat"
    assert rows[("III.2.3", "Januari 2022")]["Terlambat (hari)"] == 130


def test_only_web_links_are_clickable_and_no_link_becomes_a_formula(filled: Filled, tmp_path: Path) -> None:
    hostile = [
        '=HYPERLINK("http://evil.example","klik")',
        "javascript:alert(1)",
        "file:///C:/Windows/system32",
        "http://[unclosed",
    ]
    good = "HTTPS://Drive.example/laporan?id=1"
    filled.report("IV.1.1", "2022-01", (666, "Penyusup"), JUNE_3, links=[*hostile, good])
    book = load_workbook(export(filled, tmp_path))
    evidence = book["Bukti"]
    header = [cell.value for cell in evidence[1]]
    links = {
        row[header.index("Tautan")].value: row[header.index("Tautan")]
        for row in evidence.iter_rows(min_row=2)
    }
    for text in hostile:
        cell = links[text]
        assert cell.data_type == "s" and cell.hyperlink is None, text
    assert links[good].hyperlink.target == good
    detail = book["Rincian"]
    column = [cell.value for cell in detail[1]].index("Bukti (berkas dan tautan)")
    [listed] = [
        row[column] for row in detail.iter_rows(min_row=2) if row[2].value == "IV.1.1" and row[column].value
    ]
    assert listed.data_type == "s" and listed.value.startswith("=HYPERLINK") and "javascript:" in listed.value


def test_periods_taken_out_of_the_plan_are_listed_apart_with_what_they_keep(
    filled: Filled, tmp_path: Path
) -> None:
    filled.revise_target(1, 0, 0, "Juni 2022")  # II.1.1
    book = load_workbook(export(filled, tmp_path))
    detail = {(row["Kode"], row["Periode"]) for row in rows_of(book["Rincian"])}
    assert ("II.1.1", "Juni 2022") in detail and ("II.1.1", "Mei–November 2022") not in detail
    [retired] = rows_of(book["Dihapus dari rencana"])
    assert (retired["Kode"], retired["Periode"], retired["Status"]) == (
        "II.1.1",
        "Mei–November 2022",
        "Ditolak",
    )
    assert retired["Jumlah bukti"] == 0  # its file was rejected with its report: listed in the history
    [kept] = rows_of(book["Riwayat bukti"])
    assert (kept["Kode"], kept["Periode"], kept["Keadaan"]) == ("II.1.1", "Mei–November 2022", "Ditolak")
