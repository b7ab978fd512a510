"""The LKE (Lembar Kerja Evaluasi, PermenPANRB 90/2021) as immutable values, loaded from a validated data
file: parts, areas with their WBK/WBBM minimums, sub-areas, questions, options and the thresholds."""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from plan.errors import LkeFileError
from plan.loader import validate_file

# Minimums in the source are rounded to one decimal (5.625 -> 5.6); a larger gap is a typo in the file.
_SHARE_TOLERANCE = 0.05
_SURVEY_LABEL = re.compile(r"Nilai\s+(\d)\s*$")
_LETTER_LABEL = re.compile(r"^\s*([A-E])\s*\.")


class Kind(enum.StrEnum):
    OPTION = "opsi"  # one of the options (Ya/Tidak, A-E)
    NUMERIC = "angka"  # two numbers n and d, value min(n / d, 1)
    SURVEY = "survei"  # a survey index on its 4-point scale (IPAK, IPKP)


class SurveyRule(enum.StrEnum):
    """How a survey index becomes a value: value / 4 (default), or the encoding's options 4/3/2/1."""

    PER_FOUR = "bagi4"
    OPTIONS = "opsi"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OptionRow(_Strict):
    label: str = Field(min_length=1)
    nilai: float = Field(ge=0, le=1)
    jenis: Literal["checkbox", "input"]


class QuestionRow(_Strict):
    code: str = Field(pattern=r"^P[PR][A-F][1-9][A-Z]$")
    question: str = Field(min_length=1)
    options: list[OptionRow]
    example_evidence: list[str] = []

    @model_validator(mode="after")
    def _options_shape(self) -> QuestionRow:
        kinds = {option.jenis for option in self.options}
        if "input" in kinds and (kinds != {"input"} or len(self.options) != 2):
            raise ValueError("a numeric question has exactly two input fields and no other option")
        if kinds == {"checkbox"}:
            if len(self.options) < 2:
                raise ValueError("a question needs at least two options")
            if any(_option_key(option.label) is None for option in self.options):
                raise ValueError("every option label starts with Ya, Tidak or a letter A-E and a dot")
        return self


class SubAreaRow(_Strict):
    code: str = Field(pattern=r"^P[PR][A-F][1-9]$")
    name: str = Field(min_length=1)
    weight: float = Field(gt=0)
    questions: list[QuestionRow] = Field(min_length=1)


class AreaRow(_Strict):
    code: str = Field(pattern=r"^(P[PR][A-F]|H[A-Z]{2})$")
    name: str = Field(min_length=1)
    weight: float = Field(gt=0)
    min_wbk: float = Field(ge=0)
    min_wbbm: float = Field(ge=0)
    plan_area: str | None = None
    min_wbbm_note: str | None = None
    sub_areas: list[SubAreaRow] = []
    options: list[OptionRow] = []

    @model_validator(mode="after")
    def _minimums(self) -> AreaRow:
        if not self.min_wbk <= self.min_wbbm <= self.weight:
            raise ValueError("expected min_wbk <= min_wbbm <= weight")
        if self.sub_areas and abs(sum(s.weight for s in self.sub_areas) - self.weight) > 1e-6:
            raise ValueError("the sub-area weights do not add up to the area's weight")
        if not self.sub_areas and len(self.options) < 2:
            raise ValueError("a result area (hasil) needs its options")
        return self


class PartRow(_Strict):
    code: Literal["PP", "PR", "H"]
    name: str = Field(min_length=1)
    weight: float = Field(gt=0)
    areas: list[AreaRow] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights(self) -> PartRow:
        if abs(sum(area.weight for area in self.areas) - self.weight) > 1e-6:
            raise ValueError("the area weights do not add up to the part's weight")
        return self


class ThresholdRow(BaseModel):
    model_config = ConfigDict(extra="ignore")

    total: float
    pengungkit: float
    each_area_share: float = Field(gt=0, le=1)
    birokrasi_bersih: float
    ipak: float
    capaian_kinerja: float
    ipkp: float
    prerequisites: list[str] = []


class LkeFile(_Strict):
    source: str
    scoring: dict[str, str]
    thresholds: dict[Literal["WBK", "WBBM"], ThresholdRow]
    parts: list[PartRow] = Field(min_length=3, max_length=3)


@dataclass(frozen=True, slots=True)
class Option:
    key: str  # "ya", "tidak", "A".."E", or "4".."1" for a survey
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    text: str
    kind: Kind
    options: tuple[Option, ...]
    input_labels: tuple[str, ...]
    example_evidence: tuple[str, ...]
    sub_area_code: str
    area_code: str
    part_code: str

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key.lower() == key.strip().lower()), None)


@dataclass(frozen=True, slots=True)
class SubArea:
    code: str
    name: str
    weight: float
    questions: tuple[Question, ...]

    @property
    def question_weight(self) -> float:
        return self.weight / len(self.questions)


@dataclass(frozen=True, slots=True)
class LkeArea:
    code: str
    name: str
    weight: float
    min_wbk: float
    min_wbbm: float
    plan_area: str | None
    part_code: str
    sub_areas: tuple[SubArea, ...]


@dataclass(frozen=True, slots=True)
class LkePart:
    code: str
    name: str
    weight: float
    areas: tuple[LkeArea, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """One predicate's minimums; each area's minimum is on the area itself (min_wbk / min_wbbm)."""

    predicate: str
    total: float
    pengungkit: float
    birokrasi_bersih: float
    ipak: float
    capaian_kinerja: float
    ipkp: float
    prerequisites: tuple[str, ...]


@dataclass(frozen=True)
class Lke:
    source: str
    parts: tuple[LkePart, ...]
    wbk: Thresholds
    wbbm: Thresholds

    @property
    def areas(self) -> tuple[LkeArea, ...]:
        return tuple(area for part in self.parts for area in part.areas)

    @property
    def sub_areas(self) -> tuple[SubArea, ...]:
        return tuple(sub for area in self.areas for sub in area.sub_areas)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every answerable item in LKE order, the hasil (HBA, HBB, HPA) last."""
        return tuple(q for sub in self.sub_areas for q in sub.questions)

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions if q.code == code.strip().upper()), None)

    def area(self, code: str) -> LkeArea:
        return next(area for area in self.areas if area.code == code)

    def part(self, code: str) -> LkePart:
        return next(part for part in self.parts if part.code == code)


def _option_key(label: str) -> str | None:
    if match := _LETTER_LABEL.match(label):
        return match.group(1)
    lowered = label.strip().lower()
    if lowered.startswith("ya"):
        return "ya"
    if lowered.startswith("tidak"):
        return "tidak"
    return None


def load_lke(path: str | Path) -> Lke:
    """Read and validate the LKE file; raises `LkeFileError` naming the question on any problem."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LkeFileError(str(path), "file", f"cannot read as JSON: {exc}") from exc
    return parse_lke(raw, str(path))


def parse_lke(raw: Any, source: str = "<lke>") -> Lke:
    return _build(validate_file(LkeFile, raw, source, LkeFileError), source)


def _build(document: LkeFile, source: str) -> Lke:
    if [part.code for part in document.parts] != ["PP", "PR", "H"]:
        raise LkeFileError(source, "parts", "expected the parts PP, PR and H in this order")
    if abs(sum(part.weight for part in document.parts) - 100) > 1e-6:
        raise LkeFileError(source, "parts", "the part weights do not add up to 100")
    if set(document.thresholds) != {"WBK", "WBBM"}:
        raise LkeFileError(source, "thresholds", "expected WBK and WBBM")
    seen: set[str] = set()
    parts = []
    for part in document.parts:
        areas = []
        for area in part.areas:
            if area.code in seen:
                raise LkeFileError(source, area.code, "code used twice")
            seen.add(area.code)
            if part.code != "H":
                _check_share(source, area, document.thresholds)
            sub_areas = (
                tuple(_sub_area(source, part.code, area.code, sub, seen) for sub in area.sub_areas)
                if part.code != "H"
                else (_hasil_sub_area(source, area),)
            )
            areas.append(
                LkeArea(
                    area.code,
                    area.name,
                    area.weight,
                    area.min_wbk,
                    area.min_wbbm,
                    area.plan_area,
                    part.code,
                    sub_areas,
                )
            )
        parts.append(LkePart(part.code, part.name, part.weight, tuple(areas)))
    wbk, wbbm = (_thresholds(name, document.thresholds[name]) for name in ("WBK", "WBBM"))
    return Lke(document.source, tuple(parts), wbk, wbbm)


def _check_share(source: str, area: AreaRow, thresholds: dict[str, ThresholdRow]) -> None:
    for name, minimum in (("WBK", area.min_wbk), ("WBBM", area.min_wbbm)):
        expected = area.weight * thresholds[name].each_area_share
        if abs(minimum - expected) > _SHARE_TOLERANCE:
            field = f"min_{name.lower()}"
            raise LkeFileError(
                source, f"{area.code}.{field}", f"{minimum} is not {expected:g} (share of {area.weight:g})"
            )


def _sub_area(source: str, part_code: str, area_code: str, sub: SubAreaRow, seen: set[str]) -> SubArea:
    if not sub.code.startswith(area_code):
        raise LkeFileError(source, sub.code, f"a sub-area of {area_code} must start with {area_code}")
    questions = []
    for row in sub.questions:
        if not row.code.startswith(sub.code) or row.code in seen:
            raise LkeFileError(source, row.code, f"code must start with {sub.code} and be unique")
        seen.add(row.code)
        numeric = not row.options or row.options[0].jenis == "input"
        questions.append(
            Question(
                code=row.code,
                text=row.question,
                kind=Kind.NUMERIC if numeric else Kind.OPTION,
                options=()
                if numeric
                else tuple(Option(_option_key(o.label) or "", o.label, o.nilai) for o in row.options),
                input_labels=tuple(o.label for o in row.options) if numeric else (),
                example_evidence=tuple(row.example_evidence),
                sub_area_code=sub.code,
                area_code=area_code,
                part_code=part_code,
            )
        )
    return SubArea(sub.code, sub.name, sub.weight, tuple(questions))


def _hasil_sub_area(source: str, area: AreaRow) -> SubArea:
    """A result area is answered as one item under its own code (HBA, HBB, HPA)."""
    surveys = [_SURVEY_LABEL.search(o.label) for o in area.options]
    if all(surveys):
        kind = Kind.SURVEY
        keys = [match.group(1) for match in surveys if match]
    else:
        kind = Kind.OPTION
        keys = [_option_key(o.label) for o in area.options]
        if None in keys:
            raise LkeFileError(source, f"{area.code}.options", "labels start with a letter A-E and a dot")
    options = tuple(Option(key or "", o.label, o.nilai) for key, o in zip(keys, area.options, strict=True))
    question = Question(area.code, area.name, kind, options, (), (), area.code, area.code, "H")
    return SubArea(area.code, area.name, area.weight, (question,))


def _thresholds(name: str, row: ThresholdRow) -> Thresholds:
    return Thresholds(
        name,
        row.total,
        row.pengungkit,
        row.birokrasi_bersih,
        row.ipak,
        row.capaian_kinerja,
        row.ipkp,
        tuple(row.prerequisites),
    )
