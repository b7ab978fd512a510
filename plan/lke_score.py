"""LKE score arithmetic (pure): answers in, values, sums and the WBK/WBBM verdicts out.

A question scores value x (sub-area weight / questions in the sub-area); sub-areas, areas, parts, the
pengungkit (Pemenuhan + Reform), the hasil and the total are sums of those scores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from plan.errors import BadLkeAnswer, UnknownLkeQuestion
from plan.lke import Kind, Lke, Option, Question, SurveyRule, Thresholds


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: an option key (ya, tidak, A..E), two numbers n and d, or a survey index (0..4)."""

    option: str | None = None
    numbers: tuple[float, float] | None = None
    index: float | None = None


def parse_answer(question: Question, raw: object) -> Answer:
    """An answer as typed or imported (``"ya"``, ``"B"``, ``[12, 10]``, ``"12/10"``, ``3.6``)."""
    if question.kind is Kind.SURVEY:
        number = _number(raw)
        if number is None or not 0 <= number <= 4:
            raise BadLkeAnswer(question.code, str(raw), "nilai indeks 0 sampai 4, mis. 3,6")
        return Answer(index=number)
    if question.kind is Kind.NUMERIC:
        parts = raw if isinstance(raw, list | tuple) else str(raw).replace(" ", "").split("/")
        numbers = [_number(part) for part in parts]
        if len(numbers) != 2 or None in numbers or numbers[1] <= 0 or numbers[0] < 0:  # type: ignore[operator]
            raise BadLkeAnswer(question.code, str(raw), "dua angka n/d dengan d lebih dari 0, mis. 12/10")
        return Answer(numbers=(numbers[0], numbers[1]))  # type: ignore[arg-type]
    option = question.option(str(raw)) if isinstance(raw, str) else None
    if option is None:
        raise BadLkeAnswer(
            question.code, str(raw), "salah satu dari " + ", ".join(o.key for o in question.options)
        )
    return Answer(option=option.key)


def find_question(lke: Lke, code: str) -> Question:
    """The question of `code` (any case), or `UnknownLkeQuestion`."""
    question = lke.question(code)
    if question is None:
        raise UnknownLkeQuestion((code.strip(),))
    return question


def parse_answers(lke: Lke, raw: Mapping[str, object]) -> dict[str, Answer]:
    """A set of answers by question code, every one checked before any is used: the first bad one raises
    (`UnknownLkeQuestion` or `BadLkeAnswer`, naming its code)."""
    answers = {}
    for code, value in raw.items():
        question = find_question(lke, str(code))
        answers[question.code] = parse_answer(question, value)
    return answers


def _number(raw: object) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    try:
        return float(str(raw).strip().replace(",", "."))
    except ValueError:
        return None


def answer_value(question: Question, answer: Answer, survey_rule: SurveyRule = SurveyRule.PER_FOUR) -> float:
    """The answer's value 0..1."""
    if answer.numbers is not None:
        n, d = answer.numbers
        return max(0.0, min(n / d, 1.0))
    if answer.index is not None:
        if survey_rule is SurveyRule.PER_FOUR:
            return answer.index / 4
        # The encoding's options: a whole index 4/3/2/1; anything between counts as the one below.
        option = question.option(str(max(1, int(answer.index))))
        return option.value if option else 0.0
    option = question.option(answer.option or "")
    return option.value if option else 0.0


@dataclass(frozen=True, slots=True)
class Suggestion:
    """What the evidence of the mapped plan rows points to; shown beside a question, never stored."""

    approved: int  # mapped due periods approved (disetujui)
    periods: int  # mapped due periods in all
    option: Option | None  # None for a numeric or survey question: the evidence cannot give its numbers

    @property
    def share(self) -> float:
        return self.approved / self.periods


def suggest(question: Question, approved: int, periods: int) -> Suggestion | None:
    """Every mapped period approved: the best option; none: the lowest; some: the best option worth no more
    than the approved share (Ya/Tidak -> Tidak; A-D with 3 of 4 -> B). None without mapped periods."""
    if periods <= 0:
        return None
    share = approved / periods
    ranked = sorted(question.options, key=lambda option: option.value)
    fitting = [option for option in ranked if option.value <= share + 1e-9]
    option = (fitting[-1] if fitting else ranked[0]) if ranked else None
    return Suggestion(approved, periods, option)


@dataclass(frozen=True, slots=True)
class Criterion:
    name: str
    score: float
    maximum: float
    minimum: float

    @property
    def met(self) -> bool:
        return self.score + 1e-9 >= self.minimum

    @property
    def missing(self) -> float:
        return max(0.0, self.minimum - self.score)


@dataclass(frozen=True, slots=True)
class Verdict:
    predicate: str
    criteria: tuple[Criterion, ...]
    prerequisites: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return all(c.met for c in self.criteria)

    @property
    def unmet(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.met)


@dataclass(frozen=True)
class Score:
    values: dict[str, float]  # question code -> value 0..1 (answered questions only)
    questions: dict[str, float]  # question code -> score
    sub_areas: dict[str, float]
    areas: dict[str, float]
    parts: dict[str, float]
    wbk: Verdict
    wbbm: Verdict

    @property
    def pengungkit(self) -> float:
        return self.parts["PP"] + self.parts["PR"]

    @property
    def hasil(self) -> float:
        return self.parts["H"]

    @property
    def total(self) -> float:
        return self.pengungkit + self.hasil


def compute_score(
    lke: Lke, answers: Mapping[str, Answer], survey_rule: SurveyRule = SurveyRule.PER_FOUR
) -> Score:
    values = {
        q.code: answer_value(q, answers[q.code], survey_rule) for q in lke.questions if q.code in answers
    }
    questions: dict[str, float] = {}
    sub_areas: dict[str, float] = {}
    areas: dict[str, float] = {}
    parts: dict[str, float] = {}
    for part in lke.parts:
        for area in part.areas:
            for sub in area.sub_areas:
                for question in sub.questions:
                    questions[question.code] = values.get(question.code, 0.0) * sub.question_weight
                sub_areas[sub.code] = sum(questions[q.code] for q in sub.questions)
            areas[area.code] = sum(sub_areas[sub.code] for sub in area.sub_areas)
        parts[part.code] = sum(areas[area.code] for area in part.areas)
    return Score(
        values,
        questions,
        sub_areas,
        areas,
        parts,
        _verdict(lke, lke.wbk, areas, parts),
        _verdict(lke, lke.wbbm, areas, parts),
    )


def area_minimum(lke: Lke, limits: Thresholds, code: str) -> float:
    """An area's minimum for the predicate: an enabler area's own, a result area's from the thresholds."""
    results = {"HBA": limits.ipak, "HBB": limits.capaian_kinerja, "HPA": limits.ipkp}
    if code in results:
        return results[code]
    area = lke.area(code)
    return area.min_wbk if limits.predicate == "WBK" else area.min_wbbm


def _verdict(lke: Lke, limits: Thresholds, areas: dict[str, float], parts: dict[str, float]) -> Verdict:
    pengungkit = parts["PP"] + parts["PR"]
    pengungkit_weight = lke.part("PP").weight + lke.part("PR").weight
    criteria = [
        Criterion("Nilai total", pengungkit + parts["H"], 100.0, limits.total),
        Criterion("Total pengungkit", pengungkit, pengungkit_weight, limits.pengungkit),
    ]
    for part_code in ("PP", "PR"):
        part = lke.part(part_code)
        label = part.name.split(" - ")[-1]
        criteria += [
            Criterion(
                f"{area.name} ({label})", areas[area.code], area.weight, area_minimum(lke, limits, area.code)
            )
            for area in part.areas
        ]
    ipak, capaian, ipkp = (lke.area(code) for code in ("HBA", "HBB", "HPA"))
    criteria += [
        Criterion(
            "Birokrasi bersih dan akuntabel (IPAK + capaian kinerja)",
            areas["HBA"] + areas["HBB"],
            ipak.weight + capaian.weight,
            limits.birokrasi_bersih,
        ),
        Criterion("IPAK", areas["HBA"], ipak.weight, area_minimum(lke, limits, "HBA")),
        Criterion("Capaian kinerja", areas["HBB"], capaian.weight, area_minimum(lke, limits, "HBB")),
        Criterion("IPKP", areas["HPA"], ipkp.weight, area_minimum(lke, limits, "HPA")),
    ]
    return Verdict(limits.predicate, tuple(criteria), limits.prerequisites)
