"""`zibot lke periksa` and `zibot lke skor`: the LKE file checked, and a score computed from an answers file
(JSON: an option per question code, [n, d] for a numeric one, the survey index for HBA/HPA)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.settings import Settings
from plan.lke import Lke, load_lke
from plan.lke_score import Answer, BadAnswersFile, BadLkeAnswer, compute_score, parse_answer
from reports.lke_text import criterion_line, number, score_json


def register(commands: argparse._SubParsersAction) -> None:
    lke = commands.add_parser("lke", help="Lembar Kerja Evaluasi (LKE): periksa berkas, hitung nilai")
    actions = lke.add_subparsers(dest="lke_command", required=True, metavar="AKSI")
    check = actions.add_parser("periksa", help="validasi berkas LKE dan tampilkan ringkasannya")
    check.add_argument("file", nargs="?", type=Path, help="berkas LKE (bawaan: ZIBOT_LKE)")
    check.set_defaults(handler=_check)
    score = actions.add_parser("skor", help="nilai LKE dan putusan WBK/WBBM dari berkas jawaban JSON")
    score.add_argument("--jawaban", type=Path, required=True, help='berkas JSON, mis. {"PPA1A": "ya"}')
    score.add_argument("--json", action="store_true", help="keluaran JSON")
    score.set_defaults(handler=_score)


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
    answers = {}
    for code, value in raw.items():
        question = lke.question(str(code))
        if question is None:
            raise BadLkeAnswer(str(code), str(value), "kode pertanyaan LKE, mis. PPA1A, PRA1A, HBA")
        answers[question.code] = parse_answer(question, value)
    return answers


def _score(settings: Settings, args: argparse.Namespace) -> int:
    lke = load_lke(settings.lke_path)
    score = compute_score(lke, read_answers(lke, args.jawaban), settings.lke_survey_rule)
    if args.json:
        print(json.dumps(score_json(score), ensure_ascii=False, indent=2))
        return 0
    print(
        f"Nilai LKE {number(score.total)} (pengungkit {number(score.pengungkit)}, hasil {number(score.hasil)})"
    )
    for verdict in (score.wbk, score.wbbm):
        print(f"{verdict.predicate}: {'memenuhi' if verdict.passed else 'belum memenuhi'}")
        for criterion in verdict.criteria:
            print(f"  {'✓' if criterion.met else '✗'} {criterion_line(criterion, verdict.predicate)}")
        if verdict.prerequisites:
            print(f"  Prasyarat (diperiksa TPI): {'; '.join(verdict.prerequisites)}")
    return 0
