"""Failures a user can cause, named in the domain and turned into Indonesian once, in `bot/`."""

from __future__ import annotations


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
    """Every period of the action is done, or none has opened yet."""

    def __init__(self, action_code: str) -> None:
        super().__init__(f"{action_code} has no open period")
        self.action_code = action_code


class WrongTeam(ZibotError):
    def __init__(self, action_code: str, team_code: str) -> None:
        super().__init__(f"{action_code} belongs to team {team_code}")
        self.action_code = action_code
        self.team_code = team_code


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
