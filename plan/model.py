"""The action plan as immutable values: areas, components, actions, teams and their due periods."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

# An LKE question code as the evaluation sheet writes it ("PPA1A", "PPB2.a"): letters, digits, dots, dashes.
LKE_CODE_PATTERN = r"^[A-Z0-9][A-Z0-9.\-]*$"


class Status(enum.StrEnum):
    """Where one due period stands. Stored as these strings in the database."""

    BELUM = "belum"
    MENUNGGU_BUKTI = "menunggu_bukti"
    SELESAI = "selesai"
    DISETUJUI = "disetujui"
    DITOLAK = "ditolak"

    @property
    def label(self) -> str:
        """The Indonesian name every text uses (bot, CLI, spreadsheet)."""
        return _STATUS_LABELS[self]

    @property
    def is_done(self) -> bool:
        """Reported with evidence (awaiting review) or approved: no more reminders."""
        return self in (Status.SELESAI, Status.DISETUJUI)

    @property
    def is_report(self) -> bool:
        """The status a report sets, with evidence or still waiting for it: who reported, what /batal undoes."""
        return self in (Status.SELESAI, Status.MENUNGGU_BUKTI)


_STATUS_LABELS = {
    Status.BELUM: "belum",
    Status.MENUNGGU_BUKTI: "menunggu bukti",
    Status.SELESAI: "selesai (menunggu verifikasi)",
    Status.DISETUJUI: "disetujui",
    Status.DITOLAK: "ditolak",
}


def days_late(deadline: date, today: date, status: Status = Status.BELUM) -> int:
    """Days past the deadline of a period not yet done (the derived status terlambat); 0 otherwise."""
    if status.is_done or today <= deadline:
        return 0
    return (today - deadline).days


@dataclass(frozen=True, slots=True)
class DuePeriod:
    """One deadline of an action.

    `key` is stable across re-imports (``2022-06``, ``2022-01-w2``, ``2022-05/2022-11``, ``2022-q2``,
    ``2022-s1``) so statuses and evidence stay attached when a plan is edited.
    """

    key: str
    label: str
    window_start: date
    deadline: date

    def is_open_on(self, today: date) -> bool:
        return self.window_start <= today


@dataclass(frozen=True, slots=True)
class Team:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Action:
    """One indicator row of the decree, with its computed schedule."""

    code: str
    area_code: str
    component_code: str
    position: int
    indikator: str
    langkah_aksi: str
    bukti_fisik: str
    target_waktu: str
    team_code: str
    periods: tuple[DuePeriod, ...]
    # The LKE questions this row answers; optional in every plan format, empty when the plan names none.
    lke: tuple[str, ...] = ()

    @property
    def is_scheduled(self) -> bool:
        return bool(self.periods)

    def period(self, key: str) -> DuePeriod | None:
        return next((p for p in self.periods if p.key == key), None)


@dataclass(frozen=True, slots=True)
class Component:
    code: str
    area_code: str
    number: int
    name: str
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    number: int
    name: str
    team_code: str
    components: tuple[Component, ...]

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(action for component in self.components for action in component.actions)


@dataclass(frozen=True, slots=True)
class Decree:
    title: str
    number: str
    date: date
    signed_by: str


@dataclass(frozen=True)
class Plan:
    office: str
    decree: Decree
    year: int
    teams: tuple[Team, ...]
    areas: tuple[Area, ...]
    _by_code: dict[str, Action | Component | Area] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Action | Component | Area] = {}
        for area in self.areas:
            index[area.code] = area
            for component in area.components:
                index[component.code] = component
                for action in component.actions:
                    index[action.code] = action
        object.__setattr__(self, "_by_code", index)

    @property
    def actions(self) -> tuple[Action, ...]:
        return tuple(action for area in self.areas for action in area.actions)

    @property
    def components(self) -> tuple[Component, ...]:
        return tuple(component for area in self.areas for component in area.components)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def get(self, code: str) -> Action | Component | Area | None:
        """Exact lookup by canonical code; user input goes through `plan.codes.resolve`."""
        return self._by_code.get(code)

    def team(self, code: str) -> Team:
        return next(team for team in self.teams if team.code == code)

    def area_of(self, action: Action) -> Area:
        area = self._by_code[action.area_code]
        assert isinstance(area, Area)
        return area

    def component_of(self, action: Action) -> Component:
        component = self._by_code[action.component_code]
        assert isinstance(component, Component)
        return component
