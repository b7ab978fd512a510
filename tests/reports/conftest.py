"""A database with a few months of real-looking work: reports with photos, documents and links, one
approval, one rejection, and files on disk in the evidence store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from plan.loader import parse_plan
from plan.model import Plan, Status
from plan.periods import split_arguments
from plan.progress import EVERYTHING, Progress, Scope
from reports.records import ExportData, load_export
from store import repo
from store.db import Database
from store.evidence_files import EvidenceFileStore, StoredFile
from store.plan_import import import_plan
from store.plans import PlanCatalog
from tests.store.test_plan_import import raw_plan, with_target
from usecases import review
from usecases.actor import Actor
from usecases.rekap import build_rekap

TZ = ZoneInfo("Asia/Jakarta")
TODAY = date(2022, 6, 10)
MAY_28 = datetime(2022, 5, 28, 2, 15, tzinfo=UTC)  # 09.15 WIB
JUNE_3 = datetime(2022, 6, 3, 3, 0, tzinfo=UTC)


@dataclass
class Filled:
    database: Database
    files: EvidenceFileStore
    plan: Plan
    contents: dict[int, bytes] = field(default_factory=dict)  # evidence id -> file content

    def export(self, today: date) -> ExportData:
        with self.database.unit_of_work() as session:
            return load_export(session, self.plan, today)

    def rekap(self, today: date, scope: Scope = EVERYTHING) -> Progress:
        with self.database.unit_of_work() as session:
            return build_rekap(session, self.plan, today, scope)

    def period_id(self, code: str, key: str) -> int:
        with self.database.unit_of_work() as session:
            return next(
                s.period_id for s in repo.period_states(session, 2022, action_codes=[code]) if s.key == key
            )

    def report(
        self,
        code: str,
        key: str,
        who: tuple[int, str],
        at: datetime,
        files: Sequence[tuple[str, str | None, bytes]] = (),
        links: Sequence[str] = (),
    ) -> None:
        """Files into the store first, then the rows and the status, as the bot's intake does."""
        period_id = self.period_id(code, key)
        stored = [(kind, name, content, self._downloaded(content)) for kind, name, content in files]
        with self.database.unit_of_work() as session:
            person = repo.touch_person(session, who[0], who[1], None, at).person_id
            for kind, name, content, saved in stored:
                evidence = repo.NewEvidence(
                    kind=kind,
                    original_name=name,
                    mime_type="image/jpeg" if kind == "photo" else "application/pdf",
                    size=saved.size,
                    sha256=saved.sha256,
                    path=saved.relative_path,
                )
                evidence_id = repo.add_evidence(
                    session, period_id, evidence, person_id=person, chat_id=-100, message_id=1, now=at
                )
                self.contents[evidence_id] = content
            for url in links:
                repo.add_evidence(
                    session,
                    period_id,
                    repo.NewEvidence(kind="link", url=url),
                    person_id=person,
                    chat_id=-100,
                    message_id=2,
                    now=at,
                )
            repo.change_status(session, period_id, Status.SELESAI, person_id=person, chat_id=-100, now=at)

    def _downloaded(self, content: bytes) -> StoredFile:
        with self.files.incoming() as temp:
            temp.write_bytes(content)
            return self.files.commit(temp)

    def revise_target(self, area: int, component: int, action: int, target: str) -> None:
        """The plan revised on 3 June with one row's target time changed (the row by its place in the
        plan file); exports read the stored revision from then on."""
        revised = parse_plan(with_target(raw_plan(), area, component, action, target))
        with self.database.unit_of_work() as session:
            import_plan(session, revised, "1" * 64, JUNE_3)
            stored = PlanCatalog().of_year(session, revised.year)
        assert stored is not None
        self.plan = stored

    def review(self, verdict: str, text: str, at: datetime) -> None:
        arguments = split_arguments(self.plan, text.split())
        assert arguments is not None
        with self.database.unit_of_work() as session:
            person = repo.touch_person(session, 900, "Bu Koordinator", None, at).person_id
            actor = Actor(person, 900, "Bu Koordinator", 900, False, True, None, ())
            getattr(review, verdict)(session, self.plan, actor, arguments, now=at)


SRI = (101, "Sri Rahayu")
BUDI = (102, "Budi Santoso")


@pytest.fixture
def filled(database: Database, plan: Plan, tmp_path: Path) -> Filled:
    with database.unit_of_work() as session:
        import_plan(session, plan, "0" * 64, MAY_28 - timedelta(days=200))
    # Where the `settings` fixture (and so the CLI and the bot) keep evidence.
    data = Filled(database, EvidenceFileStore(tmp_path / "data" / "evidence"), plan)
    data.report(
        "I.4.1",
        "2022-05",
        SRI,
        MAY_28,
        files=[
            ("photo", None, b"\xff\xd8 foto rapat Mei"),
            ("document", "Notulen rapat.pdf", b"%PDF notulen"),
        ],
    )
    data.review("approve", "I.4.1 mei", MAY_28 + timedelta(days=1))
    data.report("I.4.1", "2022-06", SRI, JUNE_3, links=["https://drive.example/juni"])
    data.report(
        "II.1.1",
        "2022-05/2022-11",
        BUDI,
        JUNE_3,
        files=[("document", 'Laporan: SPIP/"2022"?.pdf', b"%PDF spip")],
    )
    data.review("reject", "II.1.1 kurang tanda tangan kepala", JUNE_3 + timedelta(hours=2))
    data.report(
        "II.2.1",
        "2022-01",
        BUDI,
        MAY_28,
        files=[("document", "scan.pdf", b"%PDF scan satu"), ("document", "SCAN.pdf", b"%PDF scan dua")],
    )
    return data
