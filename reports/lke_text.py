"""The LKE verdicts in Indonesian words, shared by the bot and the command line."""

from __future__ import annotations

from typing import Any

from plan.lke_score import Criterion, Score, Verdict


def number(value: float) -> str:
    """Two decimals at most, Indonesian decimal comma: 3.9 -> "3,9", 4.5 -> "4,5", 40.0 -> "40"."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


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
