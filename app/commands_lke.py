"""`zibot lke`: the LKE file checked (`periksa`); answers stored with their history (`jawab`, `impor`,
`riwayat`); the score and verdicts of the stored answers, or of an answers file (`skor [--jawaban FILE]`);
which questions each plan row serves, and changing it (`peta`); the questions no row serves (`celah`).

An answers file is JSON: an option or ya/tidak per question code, [n, d] for a numeric question, the survey
index for HBA/HPA, e.g. {"PPA1A": "ya", "PPA1B": "A", "PRA1A": [12, 10], "HBA": 3.6}; or the LKE workbook
of `zibot ekspor lke` with its Jawaban and Catatan columns filled in (only what changed is stored)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.commands_db import open_database
from app.options import year_option
from app.settings import Settings
from bot.error_texts import describe_error
from bot.formatting import as_plain_text
from bot.lke_texts import history_line
from plan.clock import today
from plan.errors import BadAnswersFile, NotAnAction, UnknownCode, UnknownLkeQuestion
from plan.lke import Lke, load_lke
from plan.lke_score import Answer, compute_score, find_question, parse_answers
from reports.lke_text import (
    SOURCE_NAMES,
    answer_text,
    gaps_json,
    gaps_plain,
    mapping_rows,
    number,
    score_json,
    score_lines,
)
from store.db import Database
from store.lke_answers import NewAnswer
from store.plans import PlanCatalog, PlanVersion
from usecases import lke_answers
from usecases.lke_map import chosen_version, clear_mapping, lke_gaps, mapping, set_mapping


def register(commands: argparse._SubParsersAction) -> None:
    lke = commands.add_parser("lke", help="Lembar Kerja Evaluasi (LKE): jawaban, nilai, peta rencana, celah")
    actions = lke.add_subparsers(dest="lke_command", required=True, metavar="AKSI")
    check = actions.add_parser("periksa", help="validasi berkas LKE dan tampilkan ringkasannya")
    check.add_argument("file", nargs="?", type=Path, help="berkas LKE (bawaan: ZIBOT_LKE)")
    check.set_defaults(handler=_check)
    answer = actions.add_parser(
        "jawab", help="simpan jawaban satu pertanyaan (jawaban lama tetap di riwayat)"
    )
    answer.add_argument("code", metavar="KODE", help="kode pertanyaan, mis. PPA1A, PRA1A, HBA")
    answer.add_argument("answer", metavar="JAWABAN", help="ya, tidak, A-E, n/d (mis. 12/10), indeks (3,6)")
    answer.add_argument("--catatan", help="catatan jawaban")
    year_option(answer)
    answer.set_defaults(handler=_answer)
    bulk = actions.add_parser(
        "impor", help="simpan semua jawaban berkas JSON atau buku kerja LKE .xlsx (semua diperiksa dulu)"
    )
    bulk.add_argument(
        "file",
        type=Path,
        metavar="BERKAS",
        help='JSON, mis. {"PPA1A": "ya"}, atau .xlsx dari zibot ekspor lke',
    )
    year_option(bulk)
    bulk.set_defaults(handler=_import)
    log = actions.add_parser("riwayat", help="semua jawaban satu pertanyaan: siapa, kapan")
    log.add_argument("code", metavar="KODE", help="kode pertanyaan, mis. PPA1A")
    year_option(log)
    log.set_defaults(handler=_history)
    score = actions.add_parser("skor", help="nilai LKE dan putusan WBK/WBBM dari jawaban tersimpan")
    score.add_argument(
        "--jawaban", type=Path, help="hitung dari berkas JSON ini, bukan dari jawaban tersimpan"
    )
    year_option(score)
    score.add_argument("--json", action="store_true", help="keluaran JSON")
    score.set_defaults(handler=_score)
    mapped = actions.add_parser(
        "peta", help="pertanyaan LKE yang dilayani tiap baris rencana; ubah dengan KODE_BARIS KODE_LKE"
    )
    mapped.add_argument("row", nargs="?", metavar="KODE_BARIS", help="baris rencana, mis. II.2.1")
    mapped.add_argument("questions", nargs="?", metavar="KODE_LKE", help="mis. PPA1A,PPA1B")
    change = mapped.add_mutually_exclusive_group()
    change.add_argument("--hapus", action="store_true", help="baris tidak melayani pertanyaan LKE mana pun")
    change.add_argument(
        "--saran",
        action="store_true",
        help="lupakan pilihan manual: kode di berkas rencana atau saran berlaku",
    )
    year_option(mapped)
    mapped.set_defaults(handler=_map)
    gaps = actions.add_parser("celah", help="pertanyaan LKE yang tidak dilayani baris rencana mana pun")
    gaps.add_argument("--json", action="store_true", help="keluaran JSON")
    year_option(gaps)
    gaps.set_defaults(handler=_gaps)


def _check(settings: Settings, args: argparse.Namespace) -> int:
    path = args.file or settings.lke_path
    lke = load_lke(path)
    print(f"Berkas LKE {path} valid.")
    for part in lke.parts:
        count = sum(len(sub.questions) for area in part.areas for sub in area.sub_areas)
        print(f"  {part.code} {part.name}: bobot {number(part.weight)}, {count} pertanyaan")
    return 0


def read_answers(lke: Lke, path: Path) -> dict[str, Answer]:
    """Every answer of the file checked before any is used; a bad one names its code."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BadAnswersFile(str(path), f"bukan JSON yang terbaca ({exc})") from exc
    if not isinstance(raw, dict):
        raise BadAnswersFile(str(path), 'harus objek JSON, mis. {"PPA1A": "ya"}')
    return parse_answers(lke, raw)


@dataclass(frozen=True, slots=True)
class _Evaluation:
    """What a command on stored answers works with: the database and the plan version of `--tahun`."""

    database: Database
    version: PlanVersion
    now: datetime


def _evaluation(settings: Settings, year: int | None) -> _Evaluation:
    database = open_database(settings)
    clock = settings.make_clock()
    with database.unit_of_work() as session:
        version = chosen_version(session, year, today(clock))
    return _Evaluation(database, version, clock.now())


def _answer(settings: Settings, args: argparse.Namespace) -> int:
    lke = load_lke(settings.lke_path)
    evaluation = _evaluation(settings, args.tahun)
    with evaluation.database.unit_of_work() as session:
        stored = lke_answers.answer(
            session,
            lke,
            evaluation.version.id,
            None,
            args.code,
            args.answer,
            args.catatan,
            now=evaluation.now,
        )
    question = lke.question(stored.code)
    assert question is not None
    print(
        f"Jawaban {stored.code} ({evaluation.version.year}) disimpan: {answer_text(question, stored.answer)}"
    )
    return 0


def read_workbook_answers(lke: Lke, path: Path) -> dict[str, NewAnswer]:
    """The answers and notes typed into an LKE workbook, every one checked before any is used."""
    from reports.lke_workbook import read_lke_answers

    typed = read_lke_answers(path)
    answers = parse_answers(lke, {code: value for code, (value, _) in typed.items()})
    notes = {find_question(lke, code).code: note for code, (_, note) in typed.items()}
    return {code: NewAnswer(answer, notes[code]) for code, answer in answers.items()}


def _import(settings: Settings, args: argparse.Namespace) -> int:
    lke = load_lke(settings.lke_path)
    workbook = args.file.suffix.lower() == ".xlsx"
    # All checked before the database is opened.
    if workbook:
        answers = read_workbook_answers(lke, args.file)
    else:
        answers = {code: NewAnswer(answer) for code, answer in read_answers(lke, args.file).items()}
    evaluation = _evaluation(settings, args.tahun)
    with evaluation.database.unit_of_work() as session:
        changed = lke_answers.changed_answers(session, evaluation.version.id, answers)
        stored = lke_answers.store_answers(
            session,
            evaluation.version.id,
            None,
            changed,
            now=evaluation.now,
            source=f"impor {args.file.name}",
        )
    unchanged = len(answers) - len(changed)
    print(
        f"{len(stored)} jawaban LKE ({evaluation.version.year}) disimpan dari {args.file}"
        + (f" ({unchanged} tidak berubah)." if unchanged else ".")
    )
    return 0


def _history(settings: Settings, args: argparse.Namespace) -> int:
    lke = load_lke(settings.lke_path)
    evaluation = _evaluation(settings, args.tahun)
    with evaluation.database.unit_of_work() as session:
        question, entries = lke_answers.history(session, lke, evaluation.version.id, None, args.code)
    print(f"{question.code} {question.text}")
    if not entries:
        print("Belum dijawab.")
    for entry in entries:
        print(f"  {as_plain_text(history_line(question, entry, settings.tz))}")
    return 0


def _score(settings: Settings, args: argparse.Namespace) -> int:
    lke = load_lke(settings.lke_path)
    if args.jawaban is not None:
        score = compute_score(lke, read_answers(lke, args.jawaban), settings.lke_survey_rule)
    else:
        evaluation = _evaluation(settings, args.tahun)
        with evaluation.database.unit_of_work() as session:
            score = lke_answers.score(session, lke, evaluation.version.id, None, settings.lke_survey_rule)
    if args.json:
        print(json.dumps(score_json(score), ensure_ascii=False, indent=2))
        return 0
    print("\n".join(score_lines(score)))
    return 0


def _map(settings: Settings, args: argparse.Namespace) -> int:
    if (args.hapus or args.saran) and (args.row is None or args.questions is not None):
        print(
            "Gagal: --hapus dan --saran perlu satu KODE_BARIS saja, mis. zibot lke peta II.2.1 --hapus",
            file=sys.stderr,
        )
        return 2
    if args.row is not None and args.questions is None and not (args.hapus or args.saran):
        print(
            "Gagal: sebutkan kode LKE-nya, mis. zibot lke peta II.2.1 PPB2B (atau --hapus)", file=sys.stderr
        )
        return 2
    lke = load_lke(settings.lke_path)
    database = open_database(settings)
    clock = settings.make_clock()
    catalog = PlanCatalog()
    try:
        with database.unit_of_work() as session:
            version = chosen_version(session, args.tahun, today(clock))
            if args.row is None:
                view = mapping(session, catalog, lke, version)
            elif args.questions is not None:
                row = set_mapping(
                    session, catalog, lke, version, args.row, args.questions, actor=None, now=clock.now()
                )
            else:
                row = clear_mapping(
                    session,
                    catalog,
                    lke,
                    version,
                    args.row,
                    back_to_suggestion=args.saran,
                    actor=None,
                    now=clock.now(),
                )
    except (UnknownCode, NotAnAction, UnknownLkeQuestion) as exc:
        print(f"Gagal: {as_plain_text(describe_error(exc))}", file=sys.stderr)
        return 2
    if args.row is None:
        served = sum(1 for row in view.rows if row.questions)
        print(f"Rencana {version.year}: {served} dari {len(view.rows)} baris melayani pertanyaan LKE.")
        print("\n".join(mapping_rows(view.plan, view.rows)))
    else:
        questions = ", ".join(row.questions) or "tidak ada pertanyaan LKE"
        print(f"{row.action_code} kini melayani: {questions} ({SOURCE_NAMES[row.source]}).")
    return 0


def _gaps(settings: Settings, args: argparse.Namespace) -> int:
    lke = load_lke(settings.lke_path)
    database = open_database(settings)
    clock = settings.make_clock()
    with database.unit_of_work() as session:
        version = chosen_version(session, args.tahun, today(clock))
        found = lke_gaps(session, PlanCatalog(), lke, version)
    if args.json:
        print(json.dumps({"tahun": version.year, **gaps_json(found)}, ensure_ascii=False, indent=2))
    else:
        print(f"Rencana {version.year}: " + "\n".join(gaps_plain(found)))
    return 0
