"""What waits between updates: albums whose items arrive one update each, and requests waiting for an
action to be picked from an inline keyboard. Both live in the database (store/pending.py), so a restart
or a second process on the same database carries on where the first stopped.

An album's items are seen in sequence (the Application handles one update at a time, in order): items
before the captioned one are held, the captioned one decides where the album goes, later items follow it.
Only Telegram's file ids are kept; files are downloaded once the target is known (file ids stay valid
across restarts). Entries expire after a few minutes (albums) or an hour (keyboards); a button pressed
after that is told the choice has expired.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from telegram.ext import CallbackContext

from bot.intake import FileRef
from bot.services import services_of
from plan.clock import Clock
from plan.errors import EvidenceTooLarge, UnsupportedEvidence, ZibotError
from plan.model import Status
from plan.periods import PeriodQuery, ReportArguments
from store import pending
from store.db import Database
from usecases.reporting import Filed, Target

# Albums arrive within seconds; a keyboard may wait while people think.
ALBUM_TTL = timedelta(minutes=5)
PICK_TTL = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Album:
    """One media group: where it goes (`target`), or that it was refused, or that it waits for a pick."""

    media_group_id: str
    held: tuple[FileRef, ...] = ()
    target: Target | None = None
    command: str = ""
    refused: bool = False
    problem: ZibotError | None = None  # a held item that cannot be evidence (a video, a file over 20 MB)
    pick_token: str | None = None
    answer: Filed | None = None  # what its items filed so far, told once after the last one


@dataclass(frozen=True, slots=True)
class Pick:
    """A command on a component with several actions, waiting for its action."""

    command: str
    user_id: int
    user_name: str
    chat_id: int
    arguments: ReportArguments
    files: tuple[FileRef, ...]
    links: tuple[str, ...]
    message_id: int
    media_group_id: str | None = None  # an album's later items join the pick
    number: int | None = None  # `/tarik`: the evidence number, waiting for its period


class PendingBook:
    """Albums and picks over the database; each call is one unit of work."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def album(self, media_group_id: str, chat_id: int, user_id: int) -> Album:
        """The album's entry, created on its first item."""
        now = self._clock.now()
        with self._database.unit_of_work() as session:
            found = pending.open_album(
                session,
                media_group_id,
                chat_id,
                user_id,
                _album_payload(Album(media_group_id)),
                now=now,
                expires_at=now + ALBUM_TTL,
            )
        return _album_of(found)

    def hold(self, media_group_id: str, files: tuple[FileRef, ...], problem: ZibotError | None) -> None:
        self._change_album(
            media_group_id,
            lambda album: dataclasses.replace(
                album, held=album.held + files, problem=album.problem or problem
            ),
        )

    def settle(self, media_group_id: str, target: Target, command: str) -> None:
        """The album goes to `target`: what was held is filed, later items follow."""
        self._change_album(
            media_group_id,
            lambda album: dataclasses.replace(album, target=target, command=command, held=()),
        )

    def refuse(self, media_group_id: str) -> None:
        """Its other items must not be filed somewhere by accident."""
        self._change_album(media_group_id, lambda album: dataclasses.replace(album, refused=True))

    def keep_answer(self, media_group_id: str, answer: Filed | None) -> None:
        """What the album filed so far (None: told; a later straggler starts anew)."""
        self._change_album(media_group_id, lambda album: dataclasses.replace(album, answer=answer))

    def wait_for_pick(self, media_group_id: str, token: str | None) -> None:
        """The album's held items went into the pick `token`, and later items join it (None: picked)."""
        self._change_album(
            media_group_id, lambda album: dataclasses.replace(album, pick_token=token, held=())
        )

    def add_pick(self, pick: Pick) -> str:
        now = self._clock.now()
        token = secrets.token_hex(4)
        with self._database.unit_of_work() as session:
            pending.add(
                session,
                token,
                pending.PICK,
                pick.chat_id,
                pick.user_id,
                pick.media_group_id,
                _pick_payload(pick),
                now=now,
                expires_at=now + PICK_TTL,
            )
        return token

    def pick(self, token: str, update_id: int) -> Pick | None:
        """The pick, unless it is gone or another press took it (the press `update_id` may see its own)."""
        with self._database.unit_of_work() as session:
            found = pending.get(session, token, now=self._clock.now())
        if found is None or found.kind != pending.PICK or found.taken_by_update not in (None, update_id):
            return None
        return _pick_of(found)

    def take_pick(self, token: str, update_id: int) -> Pick | None:
        """The pick, taken by the press `update_id`: a second press, here or in another process, finds
        nothing, while this press handled again after a crash takes it again and files what it holds."""
        with self._database.unit_of_work() as session:
            found = pending.claim(session, token, now=self._clock.now(), update_id=update_id)
        return _pick_of(found) if found is not None else None

    def join_pick(self, token: str, files: tuple[FileRef, ...]) -> bool:
        """A later album item joins the pick its album waits for; False when the pick is gone."""
        with self._database.unit_of_work() as session:
            found = pending.get(session, token, now=self._clock.now(), lock=True)
            if found is None or found.taken_by_update is not None:
                return False
            pick = _pick_of(found)
            pending.set_payload(
                session, token, _pick_payload(dataclasses.replace(pick, files=pick.files + files))
            )
        return True

    def _change_album(self, media_group_id: str, change: Callable[[Album], Album]) -> None:
        token = pending.album_token(media_group_id)
        with self._database.unit_of_work() as session:
            found = pending.get(session, token, now=self._clock.now(), lock=True)
            if found is not None:  # expired meanwhile: nothing left to change
                pending.set_payload(session, token, _album_payload(change(_album_of(found))))


def pending_of(context: CallbackContext) -> PendingBook:  # type: ignore[type-arg]
    services = services_of(context)
    return PendingBook(services.database, services.clock)


# ---- payloads: JSON the bot writes and reads back ----------------------------------------------------
def _album_payload(album: Album) -> dict[str, Any]:
    return {
        "held": [dataclasses.asdict(ref) for ref in album.held],
        "target": _target_json(album.target) if album.target else None,
        "command": album.command,
        "refused": album.refused,
        "problem": _problem_json(album.problem) if album.problem else None,
        "pick_token": album.pick_token,
        "answer": _filed_json(album.answer) if album.answer else None,
    }


def _album_of(found: pending.Pending) -> Album:
    data = found.payload
    assert found.media_group_id is not None
    return Album(
        media_group_id=found.media_group_id,
        held=tuple(FileRef(**ref) for ref in data["held"]),
        target=_target_of(data["target"]) if data["target"] else None,
        command=data["command"],
        refused=data["refused"],
        problem=_problem_of(data["problem"]) if data["problem"] else None,
        pick_token=data["pick_token"],
        answer=_filed_of(data["answer"]) if data.get("answer") else None,  # rows from before answers
    )


def _pick_payload(pick: Pick) -> dict[str, Any]:
    arguments = pick.arguments
    return {
        "command": pick.command,
        "user_name": pick.user_name,
        "code_text": arguments.code_text,
        "period": dataclasses.asdict(arguments.period) if arguments.period else None,
        "note": arguments.note,
        "doubt": dataclasses.asdict(arguments.doubt) if arguments.doubt else None,
        "misspelt": arguments.misspelt,
        "files": [dataclasses.asdict(ref) for ref in pick.files],
        "links": list(pick.links),
        "message_id": pick.message_id,
        "number": pick.number,
    }


def _pick_of(found: pending.Pending) -> Pick:
    data = found.payload
    period = PeriodQuery(**data["period"]) if data["period"] else None
    doubt = PeriodQuery(**data["doubt"]) if data.get("doubt") else None  # rows written before doubts
    return Pick(
        command=data["command"],
        user_id=found.user_id,
        user_name=data["user_name"],
        chat_id=found.chat_id,
        arguments=ReportArguments(data["code_text"], period, data["note"], doubt, data.get("misspelt")),
        files=tuple(FileRef(**ref) for ref in data["files"]),
        links=tuple(data["links"]),
        message_id=data["message_id"],
        media_group_id=found.media_group_id,
        number=data.get("number"),  # rows written before /tarik have none
    )


def _target_json(target: Target) -> dict[str, Any]:
    return {**dataclasses.asdict(target), "deadline": target.deadline.isoformat()}


def _target_of(data: dict[str, Any]) -> Target:
    return Target(
        **{**data, "deadline": date.fromisoformat(data["deadline"]), "status": Status(data["status"])}
    )


def _filed_json(filed: Filed) -> dict[str, Any]:
    return {
        **dataclasses.asdict(filed),
        "target": _target_json(filed.target),
        "wait_until": filed.wait_until.isoformat() if filed.wait_until else None,
    }


def _filed_of(data: dict[str, Any]) -> Filed:
    wait_until = data["wait_until"]
    return Filed(
        **{
            **data,
            "target": _target_of(data["target"]),
            "previous": Status(data["previous"]),
            "status": Status(data["status"]),
            "wait_until": datetime.fromisoformat(wait_until) if wait_until else None,
        }
    )


def _problem_json(problem: ZibotError) -> dict[str, Any]:
    # files_of() refuses an item with one of these two; nothing else is held as a problem.
    if isinstance(problem, EvidenceTooLarge):
        return {"too_large": [problem.name, problem.size, problem.limit]}
    assert isinstance(problem, UnsupportedEvidence), problem
    return {"unsupported": problem.kind}


def _problem_of(data: dict[str, Any]) -> ZibotError:
    if "too_large" in data:
        return EvidenceTooLarge(*data["too_large"])
    return UnsupportedEvidence(data["unsupported"])
