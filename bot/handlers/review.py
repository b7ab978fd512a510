"""/setujui and /tolak: coordinators verify reported periods; the team's group hears the verdict."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import report_texts
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, command_args
from bot.sender import sender_of
from plan.periods import split_arguments
from scheduler.sender import DeliveryError
from usecases import review
from usecases.commands import CommandName

logger = logging.getLogger(__name__)

_VERDICTS = {CommandName.SETUJUI: review.approve, CommandName.TOLAK: review.reject}


def register(application: Application) -> None:  # type: ignore[type-arg]
    for command in _VERDICTS:
        application.add_handler(CommandHandler(command, _review, filters=NEW_MESSAGES))


async def _review(update: Update, context: ZibotContext) -> None:
    now = context.now
    message = context.message
    assert message.text is not None
    command = message.text.split(maxsplit=1)[0].lstrip("/").split("@")[0].lower()
    with context.unit_of_work() as session:
        plan = context.writable_plan()
        arguments = split_arguments(plan, command_args(message.text).split(), now.date())
        outcome = _VERDICTS[command](
            session, plan, context.actor, arguments, now=now, message_id=message.message_id
        )
    if outcome is None:
        await context.reply(report_texts.review_usage(command))
        return
    notice = report_texts.team_notice(outcome, now.date())
    # Reviewed in the team's own group: the group reads the verdict here, with what to do next.
    in_team_chat = message.chat_id in outcome.team_chat_ids
    await context.reply(notice if in_team_chat else report_texts.reviewed(outcome))
    sender = sender_of(context)
    for chat_id in outcome.team_chat_ids:
        if chat_id == message.chat_id:
            continue
        try:
            await sender.send_notice(chat_id, notice)
        except DeliveryError as error:
            # The verdict is recorded either way; the team sees it in /status and the next reminder.
            logger.warning(
                "update %s: team chat %s not told of %s: %s", update.update_id, chat_id, outcome, error
            )
