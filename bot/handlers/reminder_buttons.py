"""The "how to report" button under each reminder: answers with a short alert, changes nothing."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot import reminder_texts
from bot.context import ZibotContext
from bot.handlers.common import unless_done_before
from plan.model import Action

logger = logging.getLogger(__name__)


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CallbackQueryHandler(_how_to, pattern=rf"^{reminder_texts.BUTTON_PREFIX}\|"))


async def _how_to(update: Update, context: ZibotContext) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    _, code, key = [*query.data.split("|", 2), "", ""][:3]
    action = context.plan.get(code)
    period = action.period(key) if isinstance(action, Action) else None
    if isinstance(action, Action) and period is not None:
        text = reminder_texts.how_to_report(action, period)
    else:
        logger.info(
            "update %s: reminder button for %s %s, no longer in the plan", update.update_id, code, key
        )
        text = reminder_texts.unknown_button()
    with unless_done_before():
        await query.answer(text, show_alert=True)
