"""Messaging and file methods of the fake Bot API (mixed into FakeBotApi).

Each implementation takes the recorded Call (params already decoded) and returns the ``result``
payload, or raises ApiError with the error Telegram itself would answer.
"""

from __future__ import annotations

import html
import mimetypes
import re
import time
from collections.abc import Callable
from typing import Any

from .builders import JsonDict, UpdateBuilder, UserSpec, compute_entities, utf16_len
from .models import MAX_DOWNLOAD_SIZE, ApiError, Call, api_method

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
# Extra fields PTB requires for the media kinds we only fake generically.
_GENERIC_MEDIA: dict[str, tuple[str, str, JsonDict]] = {
    "sendVideo": ("video", "mp4", {"width": 640, "height": 360, "duration": 1}),
    "sendAnimation": ("animation", "mp4", {"width": 320, "height": 240, "duration": 1}),
    "sendAudio": ("audio", "mp3", {"duration": 1}),
    "sendVoice": ("voice", "oga", {"duration": 1}),
    "sendSticker": (
        "sticker",
        "webp",
        {"width": 512, "height": 512, "is_animated": False, "is_video": False, "type": "regular"},
    ),
}


def _visible_text(text: str, parse_mode: Any) -> str:
    # Telegram strips HTML markup from the stored text; good enough for length checks and echoes.
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


def _inline_markup(params: JsonDict) -> JsonDict | None:
    # Message.reply_markup can only be an inline keyboard; reply keyboards are never echoed back.
    markup = params.get("reply_markup")
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


class MessagingMethods:
    """Mixin: sending/editing messages and files; FakeBotApi provides the state declared here."""

    builder: UpdateBuilder
    bot_user: UserSpec

    # ---- helpers -----------------------------------------------------------------------------
    def _bot_message(self, call: Call) -> JsonDict:
        """Skeleton of a message the bot sends to params.chat_id (validates chat and reply target)."""
        params = call.params
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(chat_id, int) and chat_id in self.builder.migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self.builder.migrated[chat_id]},
            )
        chat = self.builder.chat_dict(chat_id)
        reply_params = params.get("reply_parameters") or {}
        reply_id = reply_params.get("message_id") or params.get("reply_to_message_id")
        reply_to = None
        if reply_id:
            reply_to = self.builder.lookup(chat["id"], int(reply_id))
            allow_missing = reply_params.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            )
            if reply_to is None and not allow_missing:
                raise ApiError(400, "Bad Request: message to be replied not found")
        return self.builder.new_message(chat, self.bot_user, reply_to)

    def _finish(self, call: Call, msg: JsonDict) -> JsonDict:
        markup = _inline_markup(call.params)
        if markup:
            msg["reply_markup"] = markup
        if call.params.get("message_thread_id"):
            msg["message_thread_id"] = call.params["message_thread_id"]
        return self.builder.store(msg)

    def _set_caption(self, call: Call, msg: JsonDict) -> None:
        caption = call.params.get("caption")
        if not isinstance(caption, str) or not caption:
            return
        shown = _visible_text(caption, call.params.get("parse_mode"))
        if utf16_len(shown) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        msg["caption"] = shown
        entities = call.params.get("caption_entities") or compute_entities(shown)
        if entities:
            msg["caption_entities"] = entities

    def _media_input(self, call: Call, field: str, value: Any = None) -> tuple[bytes, str | None, str | None]:
        """(content, filename, mime_type) of an uploaded file, a known file_id or a URL."""
        value = call.params.get(field) if value is None else value
        attach = (
            value[len("attach://") :] if isinstance(value, str) and value.startswith("attach://") else None
        )
        upload = call.files.get(attach or field)
        if upload is not None:
            return upload.content, upload.filename, upload.content_type
        if isinstance(value, str) and value in self.builder.files:
            stored = self.builder.files[value]
            return stored.content, stored.file_path.rsplit("/", 1)[-1], None
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return b"", value.rsplit("/", 1)[-1] or None, None
        raise ApiError(400, f"Bad Request: wrong remote file identifier specified: {field} not found")

    def _media_payload(self, call: Call, kind: str, value: Any = None) -> Any:
        """The message field (photo sizes / document / ...) for an outgoing media item."""
        content, filename, mime = self._media_input(call, kind, value)
        if kind == "photo":
            return self.builder.photo_sizes(content)
        if kind == "document":
            name = filename or "document"
            return self.builder.document_dict(content, name, mime or mimetypes.guess_type(name)[0])
        method = "send" + kind[0].upper() + kind[1:]
        _, ext, extra = _GENERIC_MEDIA.get(method, (kind, "bin", {}))
        stored = self.builder.register_file(content, kind, ext)
        payload = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, **extra}
        payload["file_size"] = stored.file_size
        if mime:
            payload["mime_type"] = mime
        return payload

    def _edit_target(self, call: Call) -> JsonDict | None:
        """The stored message an edit* call refers to, or None for inline messages."""
        if call.params.get("inline_message_id"):
            return None
        chat_id, message_id = call.params.get("chat_id"), call.params.get("message_id")
        if chat_id is None or message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        msg = self.builder.lookup(int(chat_id), int(message_id))
        if msg is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return msg

    def _edit(self, call: Call, change: Callable[[JsonDict], None]) -> JsonDict | bool:
        """An edit* call: `change` and the call's keyboard applied to the stored message (an inline
        message is not stored here: its edit just succeeds)."""
        msg = self._edit_target(call)
        if msg is None:
            return True
        before = dict(msg)
        change(msg)
        # Editing without reply_markup drops the inline keyboard, like Telegram does.
        markup = _inline_markup(call.params)
        msg.pop("reply_markup", None)
        if markup:
            msg["reply_markup"] = markup
        if msg == before:
            raise ApiError(400, NOT_MODIFIED)
        msg["edit_date"] = max(int(time.time()), msg["date"])
        return self.builder.store(msg)

    # ---- sending -----------------------------------------------------------------------------
    @api_method("sendMessage")
    def _send_message(self, call: Call) -> JsonDict:
        text = call.params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        shown = _visible_text(text, call.params.get("parse_mode"))
        if utf16_len(shown) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        msg = self._bot_message(call)
        msg["text"] = shown
        entities = call.params.get("entities") or compute_entities(shown)
        if entities:
            msg["entities"] = entities
        return self._finish(call, msg)

    @api_method("sendPhoto", "sendDocument", *_GENERIC_MEDIA)
    def _send_media(self, call: Call) -> JsonDict:
        kind = call.method[len("send") :].lower()
        msg = self._bot_message(call)
        msg[kind] = self._media_payload(call, kind)
        self._set_caption(call, msg)
        return self._finish(call, msg)

    @api_method("sendMediaGroup")
    def _send_media_group(self, call: Call) -> list[JsonDict]:
        media = call.params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise ApiError(400, "Bad Request: wrong number of media specified; must be 2-10 items")
        group_id = str(13_000_000_000_000_000 + len(self.builder.messages))
        messages = []
        for item in media:
            msg = self._bot_message(call)
            msg["media_group_id"] = group_id
            msg[item["type"]] = self._media_payload(call, item["type"], item.get("media"))
            item_call = Call(call.method, {**call.params, **item}, call.files)
            self._set_caption(item_call, msg)
            messages.append(self.builder.store(msg))
        return messages

    @api_method("editMessageText")
    def _edit_message_text(self, call: Call) -> JsonDict | bool:
        text = call.params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        shown = _visible_text(text, call.params.get("parse_mode"))

        def new_text(msg: JsonDict) -> None:
            msg["text"] = shown
            msg.pop("entities", None)
            entities = call.params.get("entities") or compute_entities(shown)
            if entities:
                msg["entities"] = entities

        return self._edit(call, new_text)

    @api_method("editMessageCaption")
    def _edit_message_caption(self, call: Call) -> JsonDict | bool:
        def new_caption(msg: JsonDict) -> None:
            msg.pop("caption", None)
            msg.pop("caption_entities", None)
            self._set_caption(call, msg)

        return self._edit(call, new_caption)

    @api_method("editMessageReplyMarkup")
    def _edit_message_reply_markup(self, call: Call) -> JsonDict | bool:
        return self._edit(call, lambda msg: None)  # only the keyboard changes

    # ---- files ---------------------------------------------------------------------------
    @api_method("getFile")
    def _get_file(self, call: Call) -> JsonDict:
        stored = self.builder.files.get(str(call.params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.file_size > MAX_DOWNLOAD_SIZE:
            raise ApiError(400, "Bad Request: file is too big")
        return stored.as_api_file()
