"""The teams of a plan read from a table: declared ones (a workbook's team sheet) or named in the rows.

A decree names its teams in full ("Tim Manajemen Perubahan"); the bot needs short codes for `/daftar MP`
and for the rekap. Declared teams carry their codes. Otherwise the team first named in area N takes the
code of the N-th area of change of every ZI plan (PermenPANRB 90/2021: Manajemen Perubahan, Tata Laksana,
SDM, Akuntabilitas, Pengawasan, Pelayanan Publik), so every year's plan gives the same team the same code
and the groups bound to it stay bound; a further team in the same area takes its initials.
"""

from __future__ import annotations

import re

AREA_TEAM_CODES = ("MP", "TL", "SDM", "AK", "PW", "PP")
_GENERIC_WORDS = {"tim", "dan", "di", "ke", "dari", "yang", "untuk", "serta"}


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


class TeamBook:
    def __init__(self, declared: tuple[tuple[str, str], ...] | None) -> None:
        self.declared = declared is not None
        self.teams: list[tuple[str, str]] = list(declared or ())

    def resolve(self, text: str, area_index: int) -> str | None:
        """The code of the team this cell names (its code or its name); None for an undeclared team."""
        wanted = _key(text)
        for code, name in self.teams:
            if wanted in (_key(code), _key(name)):
                return code
        if self.declared:
            return None
        code = self._new_code(text, area_index)
        self.teams.append((code, text))
        return code

    def choices(self) -> str:
        return ", ".join(f"{code} = {name}" for code, name in self.teams) or "belum ada"

    def _new_code(self, name: str, area_index: int) -> str:
        taken = {code for code, _ in self.teams}
        if area_index < len(AREA_TEAM_CODES) and AREA_TEAM_CODES[area_index] not in taken:
            return AREA_TEAM_CODES[area_index]
        words = [word for word in re.findall(r"[A-Za-z0-9]+", name) if word.lower() not in _GENERIC_WORDS]
        initials = "".join(word[0] for word in words).upper()[:8] or "T"
        if not initials[0].isalpha():
            initials = "T" + initials
        code, suffix = initials[:10], 2
        while code in taken:
            code, suffix = f"{initials[:8]}{suffix}", suffix + 1
        return code
