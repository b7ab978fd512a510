"""bot/context.py: the actor of an update is identified once, however many handlers read it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot import context as bot_context
from plan.model import Status
from tests.e2e.conftest import Cast, StartBot
from usecases.actor import Actor, Speaker


async def test_a_waited_file_in_a_group_identifies_its_sender_once(
    start_bot: StartBot, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = await start_bot(evidence_wait_minutes=10, teams=["TL"])
    await bot.ask(cast.tl_group, cast.ani, "/selesai II.3.2")
    identified: list[int] = []
    real = bot_context.identify

    def counting(session: Session, speaker: Speaker, **options: Any) -> Actor:
        identified.append(speaker.telegram_user_id)
        return real(session, speaker, **options)

    monkeypatch.setattr(bot_context, "identify", counting)
    # Two handlers read the actor of this update: the waited evidence and the membership one after it.
    since = bot.mark()
    bot.api.send_photo(cast.tl_group, cast.ani, b"\xff\xd8 foto monev")
    [answer] = await bot.answers(cast.tl_group, since)
    assert "II.3.2" in answer
    assert bot.period("II.3.2", "2022-06").status == Status.SELESAI
    assert identified == [cast.ani.id]
