"""Failures a user can cause, named in the domain and turned into Indonesian once, in `bot/`."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from plan.model import DuePeriod, Status


class ZibotError(Exception):
    """Base of every error a user or an operator can cause; never a bug."""


class UnknownCode(ZibotError):
    def __init__(self, code: str, nearest: tuple[str, ...]) -> None:
        super().__init__(f"unknown code {code!r}; nearest: {', '.join(nearest) or '-'}")
        self.code = code
        self.nearest = nearest


class UnknownPeriod(ZibotError):
    def __init__(self, action_code: str, text: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"{action_code} has no period {text!r}; choices: {', '.join(choices)}")
        self.action_code = action_code
        self.text = text
        self.choices = choices


class Unscheduled(ZibotError):
    def __init__(self, action_code: str) -> None:
        super().__init__(f"{action_code} has no target time")
        self.action_code = action_code


class NothingOpen(ZibotError):
    """Every period of the action is done, or none has opened yet (`upcoming`: the next one to open)."""

    def __init__(self, action_code: str, upcoming: DuePeriod | None = None) -> None:
        super().__init__(f"{action_code} has no open period")
        self.action_code = action_code
        self.upcoming = upcoming


class WrongTeam(ZibotError):
    def __init__(self, action_code: str, team_code: str, team_name: str = "") -> None:
        super().__init__(f"{action_code} belongs to team {team_code}")
        self.action_code = action_code
        self.team_code = team_code
        self.team_name = team_name or team_code


class HiddenTeam(ZibotError):
    """Someone outside a team (or in another team's group) asked for its details."""

    def __init__(self, code: str, team_code: str, team_name: str) -> None:
        super().__init__(f"{code} belongs to team {team_code}; details are for its members")
        self.code = code
        self.team_code = team_code
        self.team_name = team_name


class UnknownTeam(ZibotError):
    def __init__(self, text: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"no team matches {text!r}; choices: {', '.join(choices)}")
        self.text = text
        self.choices = choices


class PlanFileError(ZibotError):
    """A plan file that cannot be loaded; `where` names the row (e.g. ``areas[1].components[0].actions[2]``)."""

    def __init__(self, path: str, where: str, problem: str) -> None:
        super().__init__(f"{path}: {where}: {problem}")
        self.path = path
        self.where = where
        self.problem = problem


class PlanReadOnly(ZibotError):
    """A report or review while no plan covers the current year: the last plan is served read-only."""

    def __init__(self, year: int, current_year: int) -> None:
        super().__init__(f"the plan of {year} is read-only in {current_year}")
        self.year = year
        self.current_year = current_year


class ProposalGone(ZibotError):
    """A plan-import button pressed after its summary expired or the stored plan moved on."""

    def __init__(self, year: int | None) -> None:
        super().__init__(f"the summary of the plan {year or ''} no longer holds")
        self.year = year


class ProposalApplied(ZibotError):
    """A plan-import button pressed again after it applied its plan (a second tap, or the press handled
    again after a crash): nothing is imported twice."""

    def __init__(self, year: int) -> None:
        super().__init__(f"the changes to the plan of {year} are applied already")
        self.year = year


class OtherOffice(ZibotError):
    """A plan of another office than the one this deployment serves."""

    def __init__(self, office: str, served: str) -> None:
        super().__init__(f"plan of {office!r}; this deployment serves {served!r}")
        self.office = office
        self.served = served


class NoPlanForYear(ZibotError):
    """A year asked for (`/rekap 2021`, `--tahun 2021`) that no imported plan covers."""

    def __init__(self, year: int, years: tuple[int, ...]) -> None:
        super().__init__(f"no plan for {year}; stored: {', '.join(map(str, years)) or '-'}")
        self.year = year
        self.years = years


class PlanFileMissing(PlanFileError):
    """A plan file path (ZIBOT_PLAN, `zibot plan periksa FILE`) that names no file."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "file", "cannot read: no such file")


class UnknownScope(ZibotError):
    """A rekap asked for something that is neither a team, an area nor a month."""

    def __init__(self, text: str, choices: tuple[str, ...], month_meant: str | None = None) -> None:
        super().__init__(f"{text!r} is not a team, an area or a month; teams and areas: {', '.join(choices)}")
        self.text = text
        self.choices = choices
        self.month_meant = month_meant  # the month a misspelt word nearly spells ("Juny": Juni)


class NotAnAction(ZibotError):
    """A component or area code where one action is needed (it has several)."""

    def __init__(self, code: str, action_codes: tuple[str, ...]) -> None:
        super().__init__(f"{code} has several actions: {', '.join(action_codes)}")
        self.code = code
        self.action_codes = action_codes


class NotReported(ZibotError):
    """Only a reported period (selesai) can be approved or rejected; `status` is what it is instead."""

    def __init__(self, action_code: str, period_label: str | None, status: Status | None) -> None:
        super().__init__(f"{action_code} {period_label or ''} is not reported (status {status or '-'})")
        self.action_code = action_code
        self.period_label = period_label
        self.status = status


class WhichPeriod(ZibotError):
    """Several periods of the action could be meant; `choices` are their labels."""

    def __init__(self, action_code: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"{action_code}: which period? {', '.join(choices)}")
        self.action_code = action_code
        self.choices = choices


class ReasonRequired(ZibotError):
    """A rejection without a reason: the team would not know what to fix."""

    def __init__(self, action_code: str) -> None:
        super().__init__(f"rejecting {action_code} needs a reason")
        self.action_code = action_code


class UnboundChat(ZibotError):
    """A group no coordinator has bound to a team yet: it may only be told how to bind it."""

    def __init__(self, chat_id: int) -> None:
        super().__init__(f"chat {chat_id} is not bound to a team")
        self.chat_id = chat_id


class CommandError(ZibotError):
    """A command used by someone or somewhere it is not for, or without what it needs; `command` is its
    name without the slash."""

    template: ClassVar[str]  # the English message, with {command}

    def __init__(self, command: str) -> None:
        super().__init__(self.template.format(command=command))
        self.command = command


class CoordinatorOnly(CommandError):
    template = "/{command} is for coordinators only"


class LkeEvaluatorOnly(CommandError):
    """LKE answers and details are for the coordinators and the TPI evaluators only."""

    template = "/{command} is for coordinators and TPI evaluators only"


class LkePrivateOnly(CommandError):
    """LKE answers and details are shown in a private chat or the coordinator's chat, never in a group."""

    template = "/{command} works in a private chat or the coordinator's chat only"


class StaleLkeButton(ZibotError):
    """An LKE answer button that no longer holds: its question or option is not (or no longer) what was
    shown, or the answer changed since the buttons were made."""

    def __init__(self, code: str) -> None:
        super().__init__(f"the answer button of {code or '?'} no longer holds")
        self.code = code


class AlreadyReported(ZibotError):
    """A named period that is already done (selesai or disetujui): evidence goes through /bukti."""

    def __init__(self, action_code: str, period_label: str, status: Status) -> None:
        super().__init__(f"{action_code} {period_label} is already {status}")
        self.action_code = action_code
        self.period_label = period_label
        self.status = status


class NothingToCancel(ZibotError):
    """No report to take back (the period, or every period, is still `belum`)."""

    def __init__(self, action_code: str, period_label: str | None = None) -> None:
        super().__init__(f"{action_code} {period_label or ''} has no report to cancel")
        self.action_code = action_code
        self.period_label = period_label


class CannotCancel(ZibotError):
    """Only the reporter on the day of the report, or a coordinator, may take a report back; once the
    coordinator has decided (`status` disetujui or ditolak), only a coordinator."""

    def __init__(
        self,
        action_code: str,
        period_label: str,
        reporter: str | None,
        status: Status | None = None,
        period_key: str = "",
    ) -> None:
        super().__init__(
            f"{action_code} {period_label}: only {reporter or 'the reporter'} today or a coordinator"
        )
        self.action_code = action_code
        self.period_label = period_label
        self.reporter = reporter
        self.status = status
        self.period_key = period_key


class NoSuchEvidence(ZibotError):
    """`/tarik KODE [periode] NOMOR` names no evidence item standing (`period_label`: the one named)."""

    def __init__(self, action_code: str, period_label: str | None, number: int) -> None:
        super().__init__(f"{action_code} {period_label or ''} has no evidence number {number}")
        self.action_code = action_code
        self.period_label = period_label
        self.number = number


class CannotWithdraw(ZibotError):
    """A member may withdraw only their own evidence, on the day they sent it; a coordinator any."""

    def __init__(
        self, action_code: str, period_label: str, number: int, sender: str | None, *, own: bool
    ) -> None:
        super().__init__(
            f"{action_code} {period_label} #{number}: only its sender that day, or a coordinator"
        )
        self.action_code = action_code
        self.period_label = period_label
        self.number = number
        self.sender = sender
        self.own = own  # the asker sent it, on an earlier day


class EvidenceTooLarge(ZibotError):
    """Over Telegram's download limit for bots: the user should send a smaller file or a link."""

    def __init__(self, name: str | None, size: int | None, limit: int) -> None:
        super().__init__(f"{name or 'file'} ({size or '?'} bytes) is over the {limit}-byte limit")
        self.name = name
        self.size = size
        self.limit = limit


class UnsupportedEvidence(ZibotError):
    """A sticker, voice note, video... where a photo, document or link is needed."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"a {kind} cannot be evidence")
        self.kind = kind


class MalformedCommand(CommandError):
    """A command without what it needs (e.g. /selesai without a code); the usage is the answer."""

    template = "/{command} is missing its arguments"


class ExportTargetNotEmpty(ZibotError):
    """An evidence package is written into a new or empty directory only, never mixed with old files."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} exists and is not an empty directory; choose a new one or a .zip file")
        self.path = path


class PackageTooLarge(ZibotError):
    """An evidence package (or one part of a split one) over a size limit (Telegram's upload limit)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the evidence package would be {size} bytes, over the {limit}-byte limit")
        self.size = size
        self.limit = limit


# The LKE: its data file, question codes and answers.
class LkeFileError(PlanFileError):
    """An LKE data file that cannot be loaded; `where` names the question (or area) and field."""


class UnknownLkeQuestion(ZibotError):
    """Question codes the LKE does not have; nothing is changed."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        super().__init__(f"not LKE question codes: {', '.join(codes)}")
        self.codes = codes


class BadLkeAnswer(ZibotError):
    """An answer that does not fit its question; `expected` says what would."""

    def __init__(self, code: str, text: str, expected: str) -> None:
        super().__init__(f"{code}: {text!r} is not an answer; expected {expected}")
        self.code = code
        self.text = text
        self.expected = expected


class BadAnswersFile(ZibotError):
    """An answers file that is not a JSON object of question codes."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
