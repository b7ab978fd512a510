"""Reporting use cases: report a period done (with evidence, or as menunggu bukti), add evidence, take a
report back, and the evidence waits of `/selesai KODE` followed by files.

A report with files runs in two units of work: `target()` checks who may report what and picks the
period, the bot downloads the files into the evidence store, then `file()` writes the rows. No
transaction stays open during a download, and a refused report never leaves a file behind.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from plan.codes import nearest_items, resolve, team_of
from plan.errors import (
    AlreadyReported,
    CannotCancel,
    NotAnAction,
    NothingOpen,
    UnknownCode,
    WrongTeam,
)
from plan.model import Action, Area, Component, DuePeriod, Plan, Status
from plan.periods import ReportArguments, Schedule
from plan.targets import MONTH_NAMES
from store import evidence_waits, repo
from store.models import EVIDENCE_WITHDRAWN
from store.repo import EvidenceItem, NewEvidence, PeriodState
from usecases.actor import Actor, change_status_by
from usecases.commands import CommandName

# The note of a cancellation in the status history, and the reason its evidence was withdrawn.
CANCELLED_NOTE = "dibatalkan"


@dataclass(frozen=True, slots=True)
class Target:
    """The period a report, evidence or cancellation goes to, with its status when it was chosen."""

    period_id: int
    action_code: str
    period_key: str
    period_label: str
    deadline: date
    team_code: str
    bukti_fisik: str
    status: Status


@dataclass(frozen=True, slots=True)
class Choice:
    """A component code with several actions, or a code not in the plan with actions it may have meant:
    the user picks one (an inline keyboard)."""

    code: str  # as typed, when `misspelt`
    name: str
    actions: tuple[tuple[str, str], ...]  # (action code, indikator)
    misspelt: bool = False


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """`/selesai` naming no period while the earliest open one may not be meant: the user picks one."""

    action_code: str
    periods: tuple[tuple[str, str], ...]  # (key, label), today's period first
    doubt: str | None  # the number that might have meant a month
    misspelt: str | None = None  # a word that nearly spells a month ("Juny"), as typed
    guess: str | None = None  # the month it nearly spells ("Juni"): "Maksud Anda Juni?"


@dataclass(frozen=True, slots=True)
class Filed:
    """What a report or a piece of evidence did to its period."""

    target: Target
    command: str
    previous: Status
    status: Status
    added: int
    duplicates: int
    evidence_total: int
    note: str | None
    wait_until: datetime | None = None

    def and_then(self, later: Filed) -> Filed:
        """This filing followed by `later` for the same period: an album's items added up."""
        return dataclasses.replace(
            later,
            command=self.command,
            previous=self.previous,
            added=self.added + later.added,
            duplicates=self.duplicates + later.duplicates,
            note=self.note,
            wait_until=self.wait_until,
        )


@dataclass(frozen=True, slots=True)
class Cancelled:
    target: Target
    previous: Status
    evidence_detached: int  # withdrawn with the report: on record, no longer the period's evidence


@dataclass(frozen=True, slots=True)
class EvidenceListing:
    """`/bukti KODE`: the evidence per period, and where new evidence would go (None: nowhere)."""

    action_code: str
    periods: tuple[tuple[PeriodState, tuple[EvidenceItem, ...]], ...]
    target: Target | None
    wait_until: datetime | None


@dataclass(frozen=True, slots=True)
class Wait:
    target: Target
    command: str
    note: str | None
    expires_at: datetime


def action_or_choice(plan: Plan, actor: Actor, code_text: str) -> Action | Choice:
    """The action a code means, after checking the actor may report for its team; a code not in the
    plan offers the nearest actions the actor may report (never one of them picked for them)."""
    actor.require_bound()
    item = _item_or_suggestions(plan, actor, code_text)
    if isinstance(item, Choice):
        return item
    actions = (item,) if isinstance(item, Action) else item.actions
    if isinstance(item, Area) and len(actions) > 1:
        raise NotAnAction(item.code, tuple(action.code for action in actions))
    team_code = team_of(item)
    if not actor.may_report(team_code):
        raise WrongTeam(item.code, team_code, plan.team(team_code).name)
    if len(actions) == 1:
        return actions[0]
    assert not isinstance(item, Action)
    return Choice(item.code, item.name, tuple((a.code, a.indikator) for a in actions))


def _item_or_suggestions(plan: Plan, actor: Actor, code_text: str) -> Action | Component | Area | Choice:
    try:
        return resolve(plan, code_text)
    except UnknownCode as unknown:
        # The actions meant (a component of one action stands for it), of teams the actor may report for.
        items = nearest_items(plan, unknown, actor.may_report)
        meant = [i if isinstance(i, Action) else i.actions[0] for i in items if _is_one_action(i)]
        if not meant:
            raise
        actions = tuple(dict.fromkeys((a.code, a.indikator) for a in meant))
        return Choice(unknown.code, "", actions, misspelt=True)


def _is_one_action(item: Action | Component | Area) -> bool:
    return isinstance(item, Action) or len(item.actions) == 1


def _states(session: Session, plan: Plan, action: Action) -> list[PeriodState]:
    return repo.period_states(session, plan.year, action_codes=[action.code])


def _schedule(action: Action, states: Sequence[PeriodState], today: date) -> Schedule:
    periods = [DuePeriod(s.key, s.label, s.window_start, s.deadline) for s in states]
    return Schedule.of(action.code, periods, {s.key: s.status for s in states}, today)


def target_of(action: Action, state: PeriodState) -> Target:
    return Target(
        period_id=state.period_id,
        action_code=action.code,
        period_key=state.key,
        period_label=state.label,
        deadline=state.deadline,
        team_code=action.team_code,
        bukti_fisik=action.bukti_fisik,
        status=state.status,
    )


def target(
    session: Session,
    plan: Plan,
    actor: Actor,
    command: str,
    arguments: ReportArguments,
    today: date,
    *,
    holds_evidence: bool = False,
) -> Target | Choice | PeriodChoice:
    """Check who may report what and pick the period `/selesai` or `/bukti` (with evidence) goes to;
    a `/selesai` that names no period asks when the earliest open one may not be the one meant. A
    `/selesai` with files for a period someone reported already adds them to it as more evidence."""
    action = action_or_choice(plan, actor, arguments.code_text)
    if isinstance(action, Choice):
        return action
    states = _states(session, plan, action)
    schedule = _schedule(action, states, today)
    if arguments.misspelt is not None and arguments.doubt is not None:
        # Never guessed, never filed as a note: the month it nearly spells first, then the others.
        options = schedule.to_ask(arguments.doubt, doubt_first=True)
        if options:
            guess = MONTH_NAMES[arguments.doubt.first - 1]
            return PeriodChoice(action.code, _choices(options), None, arguments.misspelt, guess)
    if command == CommandName.SELESAI and arguments.period is None:
        options = schedule.to_ask(arguments.doubt)
        if options:
            doubt = arguments.doubt.text if arguments.doubt else None
            return PeriodChoice(action.code, _choices(options), doubt)
    try:
        choose = schedule.to_report if command == CommandName.SELESAI else schedule.for_evidence
        period = choose(arguments.period)
    except (AlreadyReported, NothingOpen) as refused:
        if command != CommandName.SELESAI or not holds_evidence:
            raise
        # The files are not thrown away: the period meant (the named one, else the latest started) is done.
        period = schedule.for_evidence(arguments.period)
        if not schedule.status(period).is_done:
            raise
        upcoming = refused.upcoming if isinstance(refused, NothingOpen) else None
        if upcoming is not None:  # more evidence for the done period, or an early report of the next?
            return PeriodChoice(
                action.code, ((period.key, period.label), (upcoming.key, upcoming.label)), None
            )
    return target_of(action, next(s for s in states if s.key == period.key))


def _choices(periods: Sequence[DuePeriod]) -> tuple[tuple[str, str], ...]:
    return tuple((p.key, p.label) for p in periods)


def picked(
    session: Session,
    plan: Plan,
    actor: Actor,
    command: str,
    offered: str,
    arguments: ReportArguments,
    today: date,
    *,
    holds_evidence: bool,
) -> None:
    """A button press, checked before the pick (and the files it holds) is used up: the action must be
    one the keyboard for `offered` showed, and a report or evidence must be one the actor may file now
    (a cancellation, or `/bukti` without files, is checked when it is carried out and holds nothing)."""
    shown = action_or_choice(plan, actor, offered)
    codes = tuple(code for code, _ in shown.actions) if isinstance(shown, Choice) else (shown.code,)
    # A forged button: only the offered actions may be picked (a period button keeps the code asked for).
    if arguments.code_text != offered and arguments.code_text not in codes:
        raise NotAnAction(shown.code, codes)
    if command != CommandName.BATAL and holds_evidence:
        target(session, plan, actor, command, arguments, today, holds_evidence=True)


def file(
    session: Session,
    chosen: Target,
    actor: Actor,
    command: str,
    evidence: Sequence[NewEvidence],
    *,
    note: str | None,
    now: datetime,
    wait: timedelta,
    message_id: int | None,
) -> Filed:
    """Write a report or evidence for a chosen period.

    `/selesai` with evidence makes the period selesai; without, menunggu bukti, and the reporter's next
    files in this chat within `wait` count as its evidence. Evidence alone (`/bukti`, a waited file)
    completes a period that was waiting for it and leaves any other status alone.
    """
    previous = repo.period_status(session, chosen.period_id)
    filed = repo.evidence_keys(session, chosen.period_id)
    known = set(filed)
    added = duplicates = 0
    for item in evidence:
        # The same file (by SHA-256) or link filed twice for one period is kept once.
        key = item.sha256 or item.url
        if key is not None and key in known:
            duplicates += 1
            continue
        repo.add_evidence(
            session,
            chosen.period_id,
            item,
            person_id=actor.person_id,
            chat_id=actor.chat_id,
            message_id=message_id,
            now=now,
        )
        added += 1
        known.add(key)
    status = _next_status(command, previous, has_evidence=bool(evidence))
    if status != previous:
        change_status_by(session, actor, chosen.period_id, status, now, note=note, previous=previous)
    wait_until = None
    if command == CommandName.SELESAI and not evidence:
        wait_until = open_wait(session, chosen, actor, command, note, now + wait)
    # Built from what was just written: the period held `filed`, this filing added `added`.
    return Filed(chosen, command, previous, status, added, duplicates, len(filed) + added, note, wait_until)


def _next_status(command: str, previous: Status, *, has_evidence: bool) -> Status:
    if command == CommandName.SELESAI and not previous.is_done:
        return Status.SELESAI if has_evidence else Status.MENUNGGU_BUKTI
    if has_evidence and previous == Status.MENUNGGU_BUKTI:
        return Status.SELESAI
    return previous


def open_wait(
    session: Session, chosen: Target, actor: Actor, command: str, note: str | None, expires_at: datetime
) -> datetime:
    """The actor's next files in this chat until `expires_at` are evidence for `chosen`."""
    evidence_waits.put(
        session, actor.chat_id, actor.telegram_user_id, chosen.period_id, command, note, expires_at
    )
    return expires_at


def active_wait(
    session: Session, plan: Plan, chat_id: int, telegram_user_id: int, now: datetime
) -> Wait | None:
    """The evidence wait of this person in this chat, if it has not expired (expired ones are dropped)."""
    stored = evidence_waits.current(session, chat_id, telegram_user_id, now)
    if stored is None:
        return None
    state = repo.period_state(session, stored.period_id)
    action = plan.get(state.action_code)
    assert isinstance(action, Action)
    return Wait(target_of(action, state), stored.command, stored.note, stored.expires_at)


def list_evidence(
    session: Session,
    plan: Plan,
    actor: Actor,
    arguments: ReportArguments,
    today: date,
    now: datetime,
    wait: timedelta,
) -> EvidenceListing | Choice:
    """`/bukti KODE [periode]` without evidence, for the team's members and coordinators: what is filed,
    and a wait for more evidence on the period it would go to."""
    actor.require_bound()
    item = _item_or_suggestions(plan, actor, arguments.code_text)
    if isinstance(item, Choice):
        return item
    actions = (item,) if isinstance(item, Action) else item.actions
    team_code = team_of(item)
    actor.require_team(item.code, team_code, plan.team(team_code).name)
    if len(actions) > 1:
        if isinstance(item, Area):
            raise NotAnAction(item.code, tuple(action.code for action in actions))
        return Choice(item.code, item.name, tuple((a.code, a.indikator) for a in actions))
    action = actions[0]
    states = _states(session, plan, action)
    schedule = _schedule(action, states, today)
    named = schedule.for_evidence(arguments.period) if arguments.period is not None else None
    shown = states if named is None else [s for s in states if s.key == named.key]
    chosen: Target | None = None
    try:
        period = named or schedule.for_evidence()
        chosen = target_of(action, next(s for s in states if s.key == period.key))
    except NothingOpen:
        chosen = None  # nothing has started yet: a listing, but nowhere to add
    evidence = repo.evidence_for(session, [s.period_id for s in shown])
    listing = tuple((state, tuple(e for e in evidence if e.period_key == state.key)) for state in shown)
    wait_until = open_wait(session, chosen, actor, CommandName.BUKTI, None, now + wait) if chosen else None
    return EvidenceListing(action.code, listing, chosen, wait_until)


def cancel(
    session: Session, plan: Plan, actor: Actor, arguments: ReportArguments, now: datetime
) -> Cancelled | Choice:
    """`/batal`: the reporter on the day of the report, or a coordinator, takes a report back to belum.
    Its evidence is withdrawn with it (on record, no longer counted or packaged); the history keeps both
    the report and its cancellation."""
    action = action_or_choice(plan, actor, arguments.code_text)
    if isinstance(action, Choice):
        return action
    states = _states(session, plan, action)
    period = _schedule(action, states, now.date()).to_cancel(arguments.period)
    chosen = target_of(action, next(s for s in states if s.key == period.key))
    if not actor.is_coordinator:
        report = _last_report(session, chosen.period_id)
        own_today = (
            report is not None
            and report.telegram_user_id == actor.telegram_user_id
            and report.at.astimezone(now.tzinfo).date() == now.date()
        )
        if not chosen.status.is_report or not own_today:
            reporter = report.person_name if report is not None else None
            reviewed = None if chosen.status.is_report else chosen.status
            raise CannotCancel(action.code, chosen.period_label, reporter, reviewed, chosen.period_key)
    evidence_waits.drop_for_period(session, chosen.period_id)
    detached = change_status_by(
        session,
        actor,
        chosen.period_id,
        Status.BELUM,
        now,
        note=CANCELLED_NOTE,
        evidence_aside=EVIDENCE_WITHDRAWN,
    )
    return Cancelled(chosen, chosen.status, detached)


def _last_report(session: Session, period_id: int) -> repo.StatusEntry | None:
    reports = [entry for entry in repo.history(session, [period_id]) if entry.to_status.is_report]
    return reports[-1] if reports else None
