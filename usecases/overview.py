"""What `/tugas` and `/status` show: open due periods per team, and one action or component in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from plan.codes import nearest_items, resolve, team_of
from plan.errors import MalformedCommand, UnknownCode
from plan.model import Action, Area, Component, Plan, Status
from plan.progress import EVERYTHING, Scope
from store import repo
from store.repo import EvidenceItem, PeriodState
from usecases.actor import Actor
from usecases.commands import CommandName
from usecases.scope import visible_scope


@dataclass(frozen=True, slots=True)
class Task:
    """An open or overdue due period, with its action's words."""

    state: PeriodState
    action: Action

    def is_overdue(self, today: date) -> bool:
        return today > self.state.deadline


@dataclass(frozen=True, slots=True)
class TaskList:
    """`/tugas`: whose tasks (None: every team; empty: nobody knows their team yet), the area and month
    asked for, and the tasks."""

    teams: tuple[str, ...] | None
    items: tuple[Task, ...]
    scope: Scope = EVERYTHING


@dataclass(frozen=True, slots=True)
class PeriodView:
    state: PeriodState
    report: repo.StatusEntry | None  # the latest report (who, when, note); None while belum
    latest: repo.StatusEntry | None  # the latest change of any kind (a review's reason, a cancellation)
    evidence: tuple[EvidenceItem, ...]


@dataclass(frozen=True, slots=True)
class ActionView:
    action: Action
    team_name: str
    periods: tuple[PeriodView, ...]


@dataclass(frozen=True, slots=True)
class StatusView:
    """`/status KODE`: every action of the code in full; an area lists its components instead."""

    code: str
    title: str
    actions: tuple[ActionView, ...]
    components: tuple[tuple[str, str], ...] = ()


def open_tasks(session: Session, plan: Plan, scope: Scope, today: date) -> list[Task]:
    """Periods in `scope` that still want a report, soonest deadline first: those whose window has
    started, or for a month asked for, every period due that month (so a team can look ahead)."""
    tasks = []
    for state in repo.period_states(session, plan.year):
        if not scope.holds_team(state.team_code) or state.status.is_done:
            continue
        if scope.area_code is not None and state.action_code.split(".")[0] != scope.area_code:
            continue
        if scope.month is None and state.window_start > today:
            continue
        if scope.month is not None and not scope.month.holds(state.deadline):
            continue
        action = plan.get(state.action_code)
        if isinstance(action, Action):
            tasks.append(Task(state, action))
    return tasks


def tasks_for(session: Session, plan: Plan, actor: Actor, text: str, today: date) -> TaskList:
    """`/tugas [tim] [area] [bulan]`: in a team group that team, in private the person's teams, every
    team for a coordinator (in a team group: that team unless asked otherwise); see usecases/scope.py."""
    scope = visible_scope(plan, actor, text)
    if scope is None:
        return TaskList((), ())
    teams = scope.team_codes or None
    return TaskList(teams, tuple(open_tasks(session, plan, scope, today)), scope)


@dataclass(frozen=True, slots=True)
class CodeChoice:
    """`/status` with a code the plan lacks: the nearest codes the actor may see, to pick one."""

    typed: str
    codes: tuple[tuple[str, str], ...]  # (code, indikator or name)


def status_of(session: Session, plan: Plan, actor: Actor, code_text: str) -> StatusView | CodeChoice:
    """`/status KODE`: for the members of the code's team (in a group: the group's team) and coordinators;
    a code the plan lacks offers the nearest ones they may see."""
    actor.require_bound()
    if not code_text:
        raise MalformedCommand(CommandName.STATUS)
    try:
        item = resolve(plan, code_text)
    except UnknownCode as unknown:
        shown = nearest_items(plan, unknown, actor.may_report)
        if not shown:
            raise
        titles = (i.indikator if isinstance(i, Action) else i.name for i in shown)
        return CodeChoice(unknown.code, tuple(zip((i.code for i in shown), titles, strict=True)))
    team_code = team_of(item)
    actor.require_team(item.code, team_code, plan.team(team_code).name)
    if isinstance(item, Area):
        return StatusView(item.code, item.name, (), tuple((c.code, c.name) for c in item.components))
    actions = (item,) if isinstance(item, Action) else item.actions
    title = plan.component_of(item).name if isinstance(item, Action) else item.name
    assert isinstance(item, Action | Component)
    states = repo.period_states(session, plan.year, action_codes=[a.code for a in actions])
    period_ids = [s.period_id for s in states]
    evidence = repo.evidence_for(session, period_ids)
    reports: dict[int, repo.StatusEntry] = {}
    latest: dict[int, repo.StatusEntry] = {}
    by_key = {(s.action_code, s.key): s.period_id for s in states}
    for entry in repo.history(session, period_ids):  # oldest first: the last one written wins
        period_id = by_key[(entry.action_code, entry.period_key)]
        latest[period_id] = entry
        if entry.to_status.is_report:
            reports[period_id] = entry
    views = []
    for action in actions:
        periods = []
        for state in (s for s in states if s.action_code == action.code):
            report = reports.get(state.period_id) if state.status != Status.BELUM else None
            filed = tuple(e for e in evidence if e.action_code == action.code and e.period_key == state.key)
            periods.append(PeriodView(state, report, latest.get(state.period_id), filed))
        views.append(ActionView(action, plan.team(action.team_code).name, tuple(periods)))
    return StatusView(item.code, title, tuple(views))
