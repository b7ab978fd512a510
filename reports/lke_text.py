"""The LKE verdicts in Indonesian words, shared by the bot and the command line."""

from __future__ import annotations

import textwrap
from typing import Any

from plan.lke import Question
from plan.lke_map import Gaps, RowMapping, Source
from plan.lke_score import Answer, Criterion, Score, Verdict
from plan.model import Action, Plan


def number(value: float) -> str:
    """Two decimals at most, Indonesian decimal comma: 3.9 -> "3,9", 4.5 -> "4,5", 40.0 -> "40"."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _exact(value: float) -> str:
    """Every digit that matters, with the decimal comma: 12 -> "12", 3.625 -> "3,625"."""
    return f"{value:.10g}".replace(".", ",")


def answer_text(question: Question, answer: Answer) -> str:
    """An answer as a person writes it, and as `parse_answer` reads it back (the LKE workbook's cells):
    "Ya", "B", "12/10", "3,6"."""
    if answer.numbers is not None:
        return f"{_exact(answer.numbers[0])}/{_exact(answer.numbers[1])}"
    if answer.index is not None:
        return _exact(answer.index)
    option = question.option(answer.option or "")
    return option_name(option.key) if option is not None else str(answer.option)


def option_name(key: str) -> str:
    """ "ya" -> "Ya"; letters and survey values stay as they are."""
    return key.capitalize()


def score_lines(score: Score) -> list[str]:
    """The score and both verdicts criterion by criterion, as plain lines (the bot escapes them)."""
    lines = [
        f"Nilai LKE {number(score.total)} (pengungkit {number(score.pengungkit)}, hasil {number(score.hasil)})"
    ]
    for verdict in (score.wbk, score.wbbm):
        lines.append(f"{verdict.predicate}: {'memenuhi' if verdict.passed else 'belum memenuhi'}")
        for criterion in verdict.criteria:
            lines.append(f"  {'✓' if criterion.met else '✗'} {criterion_line(criterion, verdict.predicate)}")
        if verdict.prerequisites:
            lines.append(f"  Prasyarat (diperiksa TPI): {'; '.join(verdict.prerequisites)}")
    return lines


def criterion_line(criterion: Criterion, predicate: str) -> str:
    """ "Penguatan Pengawasan (Pemenuhan) 3,9 dari 7,5: perlu 4,5 untuk WBK" when unmet."""
    head = f"{criterion.name} {number(criterion.score)} dari {number(criterion.maximum)}"
    if criterion.met:
        return f"{head}: memenuhi {predicate} (minimal {number(criterion.minimum)})"
    return f"{head}: perlu {number(criterion.minimum)} untuk {predicate} (kurang {number(criterion.missing)})"


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "lulus": verdict.passed,
        "kriteria": [
            {
                "nama": c.name,
                "nilai": round(c.score, 4),
                "maksimum": c.maximum,
                "minimal": c.minimum,
                "terpenuhi": c.met,
                "kurang": round(c.missing, 4),
                "teks": criterion_line(c, verdict.predicate),
            }
            for c in verdict.criteria
        ],
        "prasyarat": list(verdict.prerequisites),
    }


def score_json(score: Score) -> dict[str, Any]:
    return {
        "total": round(score.total, 4),
        "pengungkit": round(score.pengungkit, 4),
        "hasil": round(score.hasil, 4),
        "bagian": {code: round(value, 4) for code, value in score.parts.items()},
        "area": {code: round(value, 4) for code, value in score.areas.items()},
        "wbk": verdict_json(score.wbk),
        "wbbm": verdict_json(score.wbbm),
    }


def shorten(text: str, width: int) -> str:
    return textwrap.shorten(text, width, placeholder="…")


SOURCE_NAMES = {Source.SUGGESTED: "saran", Source.PLAN: "rencana", Source.MANUAL: "manual"}


def mapping_rows(plan: Plan, rows: tuple[RowMapping, ...]) -> list[str]:
    """One plain line per plan row: code, the indicator cut short, its questions and where they come from."""
    width = max(len(row.action_code) for row in rows)
    lines = []
    for row in rows:
        action = plan.get(row.action_code)
        indikator = shorten(action.indikator if isinstance(action, Action) else "", 48)
        questions = ", ".join(row.questions) or "-"
        lines.append(
            f"{row.action_code:<{width}}  {indikator:<48}  {questions}  ({SOURCE_NAMES[row.source]})"
        )
    return lines


def gaps_plain(found: Gaps) -> list[str]:
    """The gap list by part and area, each question with its weight, the points at stake per area."""
    count = len(found.codes)
    lines = [
        f"{count} pertanyaan LKE tanpa baris rencana: {number(found.total)} poin "
        f"(pengungkit {number(found.pengungkit)}, hasil {number(found.total - found.pengungkit)})"
    ]
    for part in found.parts:
        if not part.areas:
            continue
        lines.append(
            f"{part.part.code} {part.part.name}: {part.count} pertanyaan, {number(part.points)} poin"
        )
        for area in part.areas:
            lines.append(
                f"  {area.area.code} {area.area.name}: {len(area.gaps)} pertanyaan, {number(area.points)} "
                f"dari {number(area.area.weight)} poin"
            )
            lines += [
                f"    {gap.question.code} ({number(gap.weight)}) {shorten(gap.question.text, 90)}"
                for gap in area.gaps
            ]
    return lines


def gaps_json(found: Gaps) -> dict[str, Any]:
    return {
        "jumlah": len(found.codes),
        "poin": round(found.total, 4),
        "pengungkit": round(found.pengungkit, 4),
        "hasil": round(found.total - found.pengungkit, 4),
        "bagian": [
            {
                "kode": part.part.code,
                "nama": part.part.name,
                "poin": round(part.points, 4),
                "area": [
                    {
                        "kode": area.area.code,
                        "nama": area.area.name,
                        "bobot": area.area.weight,
                        "poin": round(area.points, 4),
                        "pertanyaan": [
                            {
                                "kode": gap.question.code,
                                "sub_area": gap.question.sub_area_code,
                                "pertanyaan": gap.question.text,
                                "bobot": round(gap.weight, 4),
                            }
                            for gap in area.gaps
                        ],
                    }
                    for area in part.areas
                ],
            }
            for part in found.parts
        ],
    }
