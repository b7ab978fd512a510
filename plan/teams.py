"""Find a team the way a coordinator types it: its code, or a recognisable part of its name."""

from __future__ import annotations

from plan.errors import UnknownTeam
from plan.model import Plan, Team


def find_team(plan: Plan, text: str) -> Team:
    wanted = " ".join(text.lower().split())
    if not wanted:
        raise UnknownTeam(text, _choices(plan))
    for team in plan.teams:
        if team.code.lower() == wanted:
            return team
    matches = [team for team in plan.teams if wanted in team.name.lower()]
    if len(matches) == 1:
        return matches[0]
    raise UnknownTeam(text, _choices(plan))


def _choices(plan: Plan) -> tuple[str, ...]:
    return tuple(f"{team.code} ({team.name})" for team in plan.teams)
