import hashlib
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from plan.errors import ExportTargetNotEmpty, PackageTooLarge
from plan.model import Plan, Status
from reports.layout import INDEX_NAME, evidence_paths, safe_name
from reports.package import estimated_size, split_package, write_package
from reports.records import PeriodRecord
from store import repo
from store.exports import Marks
from tests.workbooks import rows_of

from .conftest import TODAY, TZ, Filled


def index_rows(content: bytes) -> list[dict[str, Any]]:
    return rows_of(load_workbook(io.BytesIO(content))["Bukti"])


def stored_evidence(filled: Filled) -> list[repo.EvidenceItem]:
    with filled.database.unit_of_work() as session:
        return repo.evidence_for(session, [s.period_id for s in repo.period_states(session, 2022)])


def test_zip_holds_every_file_by_area_component_action_period_with_the_index(
    filled: Filled, tmp_path: Path
) -> None:
    data = filled.export(TODAY)
    target = tmp_path / "out" / "bukti.zip"
    result = write_package(data, filled.files, target, TZ)
    # Four files and a link: the rejected report's file (II.1.1) is not the evaluators'.
    assert (result.files, result.links, result.missing, result.mismatched) == (4, 1, 0, 0)
    packaged = {item.id: filled.contents[item.id] for item in stored_evidence(filled) if item.path}
    assert estimated_size(data) == result.bytes_copied == sum(len(c) for c in packaged.values())
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        rows = index_rows(archive.read(INDEX_NAME))
        files = [row for row in rows if row["Jenis"] != "Tautan"]
        assert len(files) == len(packaged) == len(names) - 1
        by_sha = {item.sha256: item for item in stored_evidence(filled) if item.sha256}
        for row in files:
            content = archive.read(row["Berkas dalam paket"])
            assert hashlib.sha256(content).hexdigest() == row["SHA-256"]
            assert row["SHA-256"] in by_sha and row["Pemeriksaan berkas"] == "cocok"
            item = by_sha[row["SHA-256"]]
            assert filled.contents[item.id] == content
            area, component, action, period, name = row["Berkas dalam paket"].split("/")
            assert action.startswith(f"{item.action_code} ")
            assert component.startswith(item.action_code.rsplit(".", 1)[0] + " ")
            assert area.startswith(item.action_code.split(".")[0] + " ")
            assert period.startswith(safe_name(item.period_key))
            assert name.startswith(
                f"{item.action_code}_{safe_name(item.period_key)}_{item.created_at.astimezone(TZ):%Y-%m-%d}_"
            )
    assert not list(target.parent.glob("*.part"))  # written beside the target, then renamed
    documents = sorted(row["Berkas dalam paket"].split("/")[-1] for row in files if row["Nama asli"])
    assert documents == [
        "I.4.1_2022-05_2022-05-28_Notulen rapat.pdf",
        "II.2.1_2022-01_2022-05-28_SCAN (2).pdf",  # same name, same folder, any case: numbered
        "II.2.1_2022-01_2022-05-28_scan.pdf",
    ]
    # The rejected file is listed apart, in the index's history sheet, with the reason.
    with zipfile.ZipFile(target) as archive:
        book = load_workbook(io.BytesIO(archive.read(INDEX_NAME)))
    header, *history = book["Riwayat bukti"].iter_rows(values_only=True)
    [row] = [dict(zip(header, values, strict=True)) for values in history]
    assert (row["Kode"], row["Nama asli"], row["Keadaan"]) == (
        "II.1.1",
        'Laporan: SPIP/"2022"?.pdf',
        "Ditolak",
    )
    assert (row["Oleh"], row["Alasan"], row["Status periode"]) == (
        "Bu Koordinator",
        "kurang tanda tangan kepala",
        "Ditolak",
    )


def test_directory_package_and_its_index_on_disk(filled: Filled, tmp_path: Path) -> None:
    data = filled.export(TODAY)
    target = tmp_path / "paket"
    write_package(data, filled.files, target, TZ)
    rows = index_rows((target / INDEX_NAME).read_bytes())
    for row in rows:
        if row["Jenis"] == "Tautan":
            continue
        path = target / row["Berkas dalam paket"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["SHA-256"]
    assert sum(1 for path in target.rglob("*") if path.is_file()) == 5  # four files and the index
    with pytest.raises(ExportTargetNotEmpty):
        write_package(data, filled.files, target, TZ)


def test_missing_and_altered_files_are_flagged_in_the_index(filled: Filled, tmp_path: Path) -> None:
    paths = [item.path for item in stored_evidence(filled) if item.path]
    filled.files.path_of(paths[0]).unlink()
    filled.files.path_of(paths[-1]).write_bytes(b"changed on disk")
    data = filled.export(TODAY)
    result = write_package(data, filled.files, tmp_path / "bukti.zip", TZ)
    assert (result.missing, result.mismatched) == (1, 1)
    with zipfile.ZipFile(tmp_path / "bukti.zip") as archive:
        rows = {
            row["SHA-256"]: row for row in index_rows(archive.read(INDEX_NAME)) if row["Jenis"] != "Tautan"
        }
        assert len(archive.namelist()) == 4  # three files and the index
    assert rows[hashlib.sha256(b"changed on disk").hexdigest()]["Pemeriksaan berkas"] == "berbeda"
    assert rows[None]["Pemeriksaan berkas"] == "hilang"


def test_a_package_over_the_limit_is_refused_and_leaves_nothing(filled: Filled, tmp_path: Path) -> None:
    data = filled.export(TODAY)
    target = tmp_path / "bukti.zip"
    with pytest.raises(PackageTooLarge) as before:
        write_package(data, filled.files, target, TZ, max_bytes=estimated_size(data) - 1)
    assert before.value.size == estimated_size(data)
    # The files fit, but not with the index and the zip's own headers: found once the zip is done.
    with pytest.raises(PackageTooLarge) as after:
        write_package(data, filled.files, target, TZ, max_bytes=estimated_size(data) + 100)
    assert after.value.size > estimated_size(data) + 100
    assert not list(tmp_path.glob("*.zip*")) and not list(tmp_path.glob(".*.part"))
    assert (
        write_package(data, filled.files, target, TZ, max_bytes=after.value.size + 1024).files == 4
    )  # the index has timestamps: sizes vary a little


def test_every_path_fits_windows_extraction_of_the_whole_plan(plan: Plan, tmp_path: Path) -> None:
    """Windows Explorer cannot extract paths over 260 characters; evaluators unzip into something like
    C:\\Users\\evaluator\\Downloads\\bukti-zi-2022-06-10\\ (about 50): 200 is the package's share."""
    long_name = "Scan " + "daftar hadir rapat evaluasi pembangunan zona integritas " * 3 + ".pdf"
    records = [
        PeriodRecord(area, component, action, period, plan.team(action.team_code), Status.BELUM, Marks(), ())
        for area in plan.areas
        for component in area.components
        for action in component.actions
        for period in action.periods
    ]
    evidence = [
        (
            record,
            repo.EvidenceItem(
                n,
                record.action.code,
                record.period.key,
                "document",
                long_name,
                "application/pdf",
                1,
                "0" * 64,
                f"ab/{n}",
                None,
                "Sri",
                datetime(2022, 6, 3, tzinfo=UTC),
            ),
        )
        for n, record in enumerate(records)
    ]
    paths = evidence_paths(evidence, TZ)
    assert len(paths) == len(records)
    longest = max(paths.values(), key=len)
    assert len(longest) <= 200, longest
    # Still readable: code, period, date received and the start of the original name.
    for (record, item), path in zip(evidence, paths.values(), strict=True):
        name = path.rsplit("/", 1)[-1]
        assert name.startswith(
            f"{safe_name(f'{record.action.code}_{record.period.key}')}_2022-06-03_Scan daftar"
        )
        assert name.endswith(".pdf") and paths[item.id] == path


def test_split_parts_hold_each_file_once_periods_taken_out_of_the_plan_included(
    filled: Filled, tmp_path: Path
) -> None:
    # I.4.1 moves to June: its approved May period (two files) leaves the plan but its evidence stands.
    filled.revise_target(0, 3, 0, "Juni 2022")
    data = filled.export(TODAY)
    assert {record.action.code for record, _ in data.evidence} >= {"I.4.1", "II.2.1"}
    # Room for every file but not for each part's index as well: the areas go to parts of their own.
    parts = split_package(data, estimated_size(data))
    assert len(parts) > 1
    packaged = [item.id for part in parts for _, item in part.evidence]
    assert sorted(packaged) == sorted(item.id for _, item in data.evidence)
