"""Validate a plan in the plan file's JSON shape (read from any format by `plan.sources`) into a `Plan`; a bad
file fails whole, naming the row and field."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from plan.errors import PlanFileError
from plan.model import LKE_CODE_PATTERN, Action, Area, Component, Decree, DuePeriod, Plan, Team
from plan.numerals import ROMANS, roman

# read_json is imported from here by callers that take JSON only (the bot's /rencana upload).
from plan.sources import read_document, read_json  # noqa: F401
from plan.targets import TargetParseError, parse_target


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ScheduleEntry(_Strict):
    """An explicit period that replaces the computed schedule without touching the decree's words."""

    label: str = Field(min_length=1)
    mulai: date
    batas: date
    key: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ScheduleEntry:
        if self.batas < self.mulai:
            raise ValueError("batas (deadline) is before mulai (window start)")
        return self


class ActionRow(_Strict):
    code: str
    indikator: str = Field(min_length=1)
    langkah_aksi: str
    bukti_fisik: str
    target_waktu: str
    team: str = Field(min_length=1)
    jadwal: list[ScheduleEntry] | None = None
    lke: list[Annotated[str, Field(pattern=LKE_CODE_PATTERN)]] = Field(default_factory=list)


class ComponentRow(_Strict):
    code: str
    name: str = Field(min_length=1)
    actions: list[ActionRow] = Field(min_length=1)


class AreaRow(_Strict):
    code: str
    name: str = Field(min_length=1)
    team: str = Field(min_length=1)
    components: list[ComponentRow] = Field(min_length=1)

    @field_validator("code")
    @classmethod
    def _roman(cls, value: str) -> str:
        if value not in ROMANS:
            raise ValueError(f"area code must be a roman numeral I..IX, got {value!r}")
        return value


class TeamRow(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]{0,9}$")
    name: str = Field(min_length=1)


class DecreeRow(_Strict):
    title: str
    number: str
    date: date
    signed_by: str


class PlanFile(_Strict):
    office: str = Field(min_length=1)
    decree: DecreeRow
    year: int = Field(ge=2000, le=2100)
    teams: list[TeamRow] = Field(min_length=1)
    areas: list[AreaRow] = Field(min_length=1)


def load_plan(path: str | Path) -> Plan:
    """Read any accepted plan format (JSON, the decree's text, Word, Excel), validate and build the plan;
    raises `PlanFileMissing` when there is no such file and `PlanFileError` naming the row on any other
    problem."""
    return parse_plan(read_document(path), str(path))


def parse_plan(raw: Any, source: str = "<plan>") -> Plan:
    return _build(validate_file(PlanFile, raw, source), source)


_Document = TypeVar("_Document", bound=BaseModel)


def validate_file(
    shape: type[_Document], raw: Any, source: str, error: type[PlanFileError] = PlanFileError
) -> _Document:
    """`raw` read as `shape`; its first problem is raised as `error`, naming the row and field."""
    try:
        return shape.model_validate(raw)
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise error(source, _describe_location(raw, problem["loc"]), problem["msg"]) from exc


def _describe_location(raw: Any, loc: tuple[Any, ...]) -> str:
    """``areas[1].components[0].actions[2].target_waktu`` plus the row's code when the file has one."""
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    node, code = raw, None
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("code"), str):
            code = node["code"]
    return f"{code} ({where})" if code else where


def _build(document: PlanFile, source: str) -> Plan:
    team_codes = {team.code for team in document.teams}
    if len(team_codes) != len(document.teams):
        raise PlanFileError(source, "teams", "team codes must be unique")
    areas = []
    for area_index, area_row in enumerate(document.areas):
        where = f"{area_row.code} (areas[{area_index}])"
        if area_row.code != roman(area_index + 1):
            raise PlanFileError(source, where, f"expected area {roman(area_index + 1)} at this position")
        if area_row.team not in team_codes:
            raise PlanFileError(source, where, f"unknown team {area_row.team!r}")
        components = []
        for component_index, component_row in enumerate(area_row.components, start=1):
            component_code = f"{area_row.code}.{component_index}"
            component_where = f"areas[{area_index}].components[{component_index - 1}]"
            _expect_code(source, component_row.code, component_code, component_where)
            actions = tuple(
                _build_action(
                    source,
                    document.year,
                    area_row,
                    component_code,
                    position,
                    row,
                    team_codes,
                    f"{component_where}.actions[{position - 1}]",
                )
                for position, row in enumerate(component_row.actions, start=1)
            )
            components.append(
                Component(component_code, area_row.code, component_index, component_row.name, actions)
            )
        areas.append(Area(area_row.code, area_index + 1, area_row.name, area_row.team, tuple(components)))
    decree = Decree(
        document.decree.title, document.decree.number, document.decree.date, document.decree.signed_by
    )
    teams = tuple(Team(team.code, team.name) for team in document.teams)
    return Plan(document.office, decree, document.year, teams, tuple(areas))


def _expect_code(source: str, found: str, expected: str, where: str) -> None:
    if found != expected:
        raise PlanFileError(
            source, f"{found} ({where})", f"code must be {expected!r} (its position in the plan)"
        )


def _build_action(
    source: str,
    year: int,
    area_row: AreaRow,
    component_code: str,
    position: int,
    row: ActionRow,
    team_codes: set[str],
    where: str,
) -> Action:
    code = f"{component_code}.{position}"
    _expect_code(source, row.code, code, where)
    located = f"{code} ({where})"
    if row.team not in team_codes:
        raise PlanFileError(source, f"{located}.team", f"unknown team {row.team!r}")
    if row.jadwal is not None:
        periods = tuple(_explicit_period(entry) for entry in row.jadwal)
        if len({period.key for period in periods}) != len(periods):
            raise PlanFileError(source, f"{located}.jadwal", "two entries share a key")
    else:
        try:
            periods = parse_target(row.target_waktu, year)
        except TargetParseError as exc:
            raise PlanFileError(source, f"{located}.target_waktu", exc.reason + f" in {exc.text!r}") from exc
    return Action(
        code=code,
        area_code=area_row.code,
        component_code=component_code,
        position=position,
        indikator=row.indikator,
        langkah_aksi=row.langkah_aksi,
        bukti_fisik=row.bukti_fisik,
        target_waktu=row.target_waktu,
        team_code=row.team,
        periods=tuple(sorted(periods, key=lambda p: (p.deadline, p.window_start))),
        lke=tuple(row.lke),
    )


def _explicit_period(entry: ScheduleEntry) -> DuePeriod:
    key = entry.key or re.sub(r"[^0-9a-z/-]+", "-", entry.label.lower()).strip("-")
    return DuePeriod(key, entry.label, entry.mulai, entry.batas)
