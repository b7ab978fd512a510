"""Which teams' periods `/rekap` and `/tugas` show: what was asked (teams, an area, a month, in any order),
narrowed to what the asker may see.

- A coordinator sees anything; in a team's group, a bare command means that group's team (`semua`, a
  team or an area asks for something else), so the whole office's overdue list is not posted to a team.
- A member sees their own teams: in a group its team, in private every team they were seen in. Asking
  for another team, or another team's area, is refused naming only that team, showing none of it.
"""

from __future__ import annotations

from dataclasses import replace

from plan.errors import HiddenTeam
from plan.model import Plan
from plan.progress import Scope, parse_scope
from usecases.actor import Actor

EVERY_TEAM_WORD = "semua"


def visible_scope(plan: Plan, actor: Actor, text: str) -> Scope | None:
    """The scope `actor` asked for in `text` and may see; None for someone in no team at all."""
    actor.require_bound()
    words = text.split()
    every_team = any(word.lower() == EVERY_TEAM_WORD for word in words)
    asked = parse_scope(plan, " ".join(word for word in words if word.lower() != EVERY_TEAM_WORD))
    area_team = next((a.team_code for a in plan.areas if a.code == asked.area_code), None)
    if actor.is_coordinator:
        if actor.chat_team is None or every_team or asked.team_codes or area_team:
            return asked
        return replace(asked, team_codes=(actor.chat_team,))
    if not actor.teams:
        return None
    for team_code in (*asked.team_codes, *([area_team] if area_team else [])):
        if team_code not in actor.teams:
            raise HiddenTeam(team_code, team_code, plan.team(team_code).name)
    return replace(asked, team_codes=asked.team_codes or ((area_team,) if area_team else actor.teams))
