"""What the bot holds in memory between updates: albums whose items arrive one update each, and
requests waiting for an action to be picked from an inline keyboard.

Updates are handled one at a time in order (the Application is not concurrent), so an album's items
are seen in sequence: items before the captioned one are held, the captioned one decides where the
album goes, later items follow it. Entries expire after a few minutes; after a restart a held album
or an unanswered keyboard is simply gone, and the bot says so when a button is pressed.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from bot.intake import FileRef
from plan.errors import ZibotError
from plan.periods import ReportArguments
from store.reporting import Target

ALBUMS_KEY = "zibot.albums"
PICKS_KEY = "zibot.picks"
# Albums arrive within seconds; a keyboard may wait while people think.
ALBUM_TTL_SECONDS = 300.0
PICK_TTL_SECONDS = 3600.0


@dataclass
class Album:
    """One media group: where it goes (`target`), or that it was refused, or that it waits for a pick."""

    chat_id: int
    user_id: int
    held: list[FileRef] = field(default_factory=list)
    target: Target | None = None
    command: str = ""
    refused: bool = False
    problem: ZibotError | None = None  # a held item that cannot be evidence (a video, a file over 20 MB)
    pick_token: str | None = None
    seen: float = field(default_factory=time.monotonic)


@dataclass
class Pick:
    """A command on a component with several actions, waiting for its action."""

    command: str
    user_id: int
    user_name: str
    chat_id: int
    arguments: ReportArguments
    files: list[FileRef]
    links: tuple[str, ...]
    message_id: int
    media_group_id: str | None = None  # an album's later items join the pick
    created: float = field(default_factory=time.monotonic)


class AlbumBook:
    def __init__(self) -> None:
        self._albums: dict[str, Album] = {}

    def get(self, media_group_id: str) -> Album | None:
        self._expire()
        return self._albums.get(media_group_id)

    def album(self, media_group_id: str, chat_id: int, user_id: int) -> Album:
        """The album's entry, created on its first item."""
        self._expire()
        return self._albums.setdefault(media_group_id, Album(chat_id, user_id))

    def _expire(self) -> None:
        limit = time.monotonic() - ALBUM_TTL_SECONDS
        for key in [key for key, album in self._albums.items() if album.seen < limit]:
            del self._albums[key]


class PickBook:
    def __init__(self) -> None:
        self._picks: dict[str, Pick] = {}

    def add(self, pick: Pick) -> str:
        self._expire()
        token = secrets.token_hex(4)
        self._picks[token] = pick
        return token

    def get(self, token: str) -> Pick | None:
        self._expire()
        return self._picks.get(token)

    def pop(self, token: str) -> Pick | None:
        self._expire()
        return self._picks.pop(token, None)

    def _expire(self) -> None:
        limit = time.monotonic() - PICK_TTL_SECONDS
        for key in [key for key, pick in self._picks.items() if pick.created < limit]:
            del self._picks[key]


def albums_of(bot_data: dict[str, Any]) -> AlbumBook:
    return bot_data.setdefault(ALBUMS_KEY, AlbumBook())


def picks_of(bot_data: dict[str, Any]) -> PickBook:
    return bot_data.setdefault(PICKS_KEY, PickBook())
