"""The webhook: Telegram hears 200 only once the update is committed to the inbox.

PTB's own webhook server answers as soon as the update is in the in-memory queue (and fails the request
when the update cannot be parsed), so zibot serves its own small tornado handler, the same web server PTB
ships with. Tornado is imported only in webhook mode.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from bot.inbox import Inbox

logger = logging.getLogger(__name__)


class Webhook:
    def __init__(
        self,
        inbox_: Inbox,
        *,
        listen: str,
        port: int,
        url: str,
        url_path: str,
        secret: str,
        allowed_updates: Sequence[str],
    ) -> None:
        self.inbox = inbox_
        self.listen, self.port, self.url, self.url_path = listen, port, url, url_path
        self.secret = secret
        self.allowed_updates = list(allowed_updates)
        self._server: Any = None

    async def start(self) -> None:
        from tornado.httpserver import HTTPServer

        self._server = HTTPServer(_application(self.inbox, self.url_path, self.secret))
        self._server.listen(self.port, address=self.listen)
        # Listening first: Telegram may post the moment the webhook is set.
        await self.inbox.application.bot.set_webhook(
            self.url,
            secret_token=self.secret,
            allowed_updates=self.allowed_updates,
            drop_pending_updates=False,
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None


def _application(inbox_: Inbox, url_path: str, secret: str) -> Any:
    from tornado.web import Application, RequestHandler

    class UpdateHandler(RequestHandler):
        def post(self) -> None:
            token = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(token.encode(), secret.encode()):
                self.set_status(HTTPStatus.FORBIDDEN)
                return
            try:
                payload = json.loads(self.request.body)
                update_id = int(payload["update_id"])
            except (ValueError, TypeError, KeyError):
                logger.warning("webhook: a request without an update id; refused")
                self.set_status(HTTPStatus.BAD_REQUEST)
                return
            inbox_.accept([{**payload, "update_id": update_id}])  # committed before the 200 goes out
            self.set_status(HTTPStatus.OK)

        def log_exception(self, *args: Any) -> None:
            logger.exception("webhook: storing an update failed; Telegram will send it again")

    return Application([(rf"/{url_path.strip('/')}/?", UpdateHandler)], log_function=lambda _handler: None)
