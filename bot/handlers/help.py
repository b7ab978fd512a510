"""/start and /bantuan: what the bot does, its commands, and how to send evidence; an answer to a
mistyped command (``/selsai``), which would otherwise vanish in silence with its photo; and to an edited
command of ours, which changes nothing."""

from __future__ import annotations

import difflib
import logging
import re

from telegram import Chat, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import texts
from bot.commands import ANY_OF_OURS, HELP_ALIASES
from bot.context import ZibotContext
from bot.handlers.common import NEW_MESSAGES, wait_minutes
from usecases.commands import CommandName

logger = logging.getLogger(__name__)

# After every other handler (group 0) had its chance: only commands nobody handled are looked at here.
UNKNOWN_GROUP = 1
_TYPED_COMMAND = re.compile(r"/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>\w+))?(?=\s|$)")


def register(application: Application) -> None:  # type: ignore[type-arg]
    application.add_handler(CommandHandler([CommandName.BANTUAN, *HELP_ALIASES], _help, filters=NEW_MESSAGES))
    # Commands answer new messages only: an edit of one is told it changed nothing.
    edited = filters.UpdateType.EDITED_MESSAGE & (
        filters.Regex(ANY_OF_OURS) | filters.CaptionRegex(ANY_OF_OURS)
    )
    application.add_handler(MessageHandler(edited, _edited))
    typed = filters.COMMAND | filters.CaptionRegex(_TYPED_COMMAND.pattern)
    application.add_handler(MessageHandler(NEW_MESSAGES & typed, _unknown), group=UNKNOWN_GROUP)


async def _help(update: Update, context: ZibotContext) -> None:
    services, actor = context.services, context.actor
    team_name = context.plan.team(actor.chat_team).name if actor.chat_team else None
    text = texts.help_text(
        context.plan.office,
        team_name=team_name,
        in_group=actor.in_group,
        wait_minutes=wait_minutes(services),
    )
    await context.reply(text)


async def _unknown(update: Update, context: ZibotContext) -> None:
    message = context.message
    typed = _TYPED_COMMAND.match(message.text if message.text is not None else message.caption or "")
    if typed is None:
        return
    name, addressed = typed["name"].lower(), typed["bot"]
    if addressed and addressed.lower() != context.bot.username.lower():
        return  # another bot's command
    known = sorted(
        command
        for handlers in context.application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    )
    if name in known:
        return
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
    # A group may hold other bots: only a near miss of ours, or a command addressed to us, is answered.
    if message.chat.type != Chat.PRIVATE and not addressed and not close:
        return
    await context.reply(texts.unknown_command(name, close[0] if close else None))


async def _edited(update: Update, context: ZibotContext) -> None:
    logger.info("update %s: edited command ignored", update.update_id)
    await context.reply(texts.edited_ignored())
