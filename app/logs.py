"""Logging for the `zibot` command line: quiet by default, detailed with --verbose, never the token.

The bot token is part of every Bot API URL, and python-telegram-bot and httpx put URLs and the token into
messages and exception texts (`InvalidToken: The token ... was rejected`, httpx's request lines). A filter
on every root handler rewrites each record, its arguments and its traceback before any handler formats it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
REDACTED = "[token disembunyikan]"
# PTB logs its own traceback before re-raising when the start-up calls (getMe, setWebhook) fail; `zibot
# run` says what went wrong in one line instead.
_BOOTSTRAP_ABORT = "Network Retry Loop (Bootstrap"


def secrets_of(token: str) -> tuple[str, ...]:
    """The whole token and its secret half (after the bot id), longest first, so either is caught alone."""
    token = token.strip()
    if not token:
        return ()
    _, _, secret = token.partition(":")
    return tuple(part for part in (token, secret) if len(part) >= 8)


class RedactSecrets(logging.Filter):
    """Replaces the given secrets wherever they occur in a record: message, arguments, traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(sorted({s for s in secrets if s}, key=len, reverse=True))
        self._formatter = logging.Formatter()

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg, record.args = self.scrub(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


class DropBootstrapAbort(logging.Filter):
    """Drops PTB's start-up failure traceback: the error reaches `zibot run`, which reports it itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name.startswith("telegram") and str(record.msg).startswith(_BOOTSTRAP_ABORT))


ZIBOT_LOGGERS = ("app", "bot", "plan", "reports", "scheduler", "store")


def configure(*, verbose: bool, secrets: Iterable[str] = ()) -> None:
    """Warnings only by default; with `verbose`, DEBUG from zibot and INFO from the libraries."""
    # A no-op when the root logger already has handlers (pytest's): their level stays the host's.
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format=FORMAT)
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets | DropBootstrapAbort)]:
            handler.removeFilter(old)
        handler.addFilter(RedactSecrets(secrets))
        handler.addFilter(DropBootstrapAbort())
    for name in ZIBOT_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if verbose else logging.NOTSET)


def report_progress(names: Iterable[str] = ZIBOT_LOGGERS) -> None:
    """From now on these loggers say what they do (INFO), unless --verbose already shows more: a running
    bot logs its reminder passes, while a start-up that fails stays one line."""
    for name in names:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)
