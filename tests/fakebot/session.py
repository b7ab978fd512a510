"""Bot identity, setup, getUpdates long polling and chat-info methods (mixed into FakeBotApi)."""

from __future__ import annotations

import asyncio
import contextlib
import json

from .builders import JsonDict, UpdateBuilder, UserSpec
from .models import ApiError, Call, api_method

QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
# Update types Telegram leaves out unless explicitly requested via allowed_updates.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Methods that only need to say "ok"; answered silently (unknown methods log a warning).
_TRUE_METHODS = (
    *("sendChatAction", "deleteMessage", "deleteMessages", "leaveChat"),
    *("pinChatMessage", "unpinChatMessage", "unpinAllChatMessages", "setMessageReaction"),
    *("setChatMenuButton", "setMyDescription", "setMyShortDescription", "setMyName", "close", "logOut"),
)
# Flags PTB requires on ChatMemberAdministrator / ChatMemberRestricted.
_ADMIN_RIGHTS = (
    *("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members"),
    *("can_promote_members", "can_change_info", "can_invite_users", "can_post_stories"),
    *("can_edit_stories", "can_delete_stories", "can_pin_messages"),
)
_RESTRICTED_FLAGS = (
    *("can_change_info", "can_invite_users", "can_pin_messages", "can_send_messages", "can_send_polls"),
    *("can_send_other_messages", "can_add_web_page_previews", "can_manage_topics", "can_send_audios"),
    *("can_send_documents", "can_send_photos", "can_send_videos", "can_send_video_notes"),
    *("can_send_voice_notes", "can_edit_tag"),
)
_GIFT_TYPES = (
    "unlimited_gifts",
    "limited_gifts",
    "unique_gifts",
    "premium_subscription",
    "gifts_from_channels",
)


class SessionMethods:
    """Mixin; FakeBotApi provides the state declared here."""

    builder: UpdateBuilder
    bot_user: UserSpec
    webhook_url: str
    commands: dict[tuple[str, str], list[JsonDict]]
    member_status: dict[tuple[int, int], str]
    max_poll_timeout: float
    answered_queries: set[str]
    _pending: list[JsonDict]
    _allowed_updates: list[str] | None
    _update_event: asyncio.Event
    _closing: asyncio.Event

    # ---- identity / setup --------------------------------------------------------------------
    @api_method("getMe")
    def _get_me(self, call: Call) -> JsonDict:
        return {
            **self.bot_user.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    @api_method(*_TRUE_METHODS)
    def _answer_true(self, call: Call) -> bool:
        return True

    @api_method("answerCallbackQuery")
    def _answer_callback_query(self, call: Call) -> bool:
        # One answer per press: a second one (a press handled again after a restart) is refused, as
        # Telegram refuses an answer to a query answered before or too old.
        query_id = str(call.params.get("callback_query_id", ""))
        if query_id in self.answered_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        self.answered_queries.add(query_id)
        return True

    @api_method("setWebhook")
    def _set_webhook(self, call: Call) -> bool:
        self.webhook_url = str(call.params.get("url") or "")
        return True

    @api_method("deleteWebhook")
    def _delete_webhook(self, call: Call) -> bool:
        self.webhook_url = ""
        if call.params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    @api_method("getWebhookInfo")
    def _get_webhook_info(self, call: Call) -> JsonDict:
        pending = len(self._pending)
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": pending}

    @staticmethod
    def _commands_key(call: Call) -> tuple[str, str]:
        # Commands are stored per (scope, language_code), like Telegram.
        scope = call.params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(call.params.get("language_code") or "")

    @api_method("setMyCommands")
    def _set_my_commands(self, call: Call) -> bool:
        self.commands[self._commands_key(call)] = list(call.params.get("commands") or [])
        return True

    @api_method("getMyCommands")
    def _get_my_commands(self, call: Call) -> list[JsonDict]:
        return self.commands.get(self._commands_key(call), [])

    @api_method("deleteMyCommands")
    def _delete_my_commands(self, call: Call) -> bool:
        self.commands.pop(self._commands_key(call), None)
        return True

    # ---- updates -----------------------------------------------------------------------------
    def _deliverable(self, limit: int) -> list[JsonDict]:
        wanted = set(self._allowed_updates or [])

        def allowed(update: JsonDict) -> bool:
            kind = next((k for k in update if k != "update_id"), "")
            return kind in wanted if wanted else kind not in _OPT_IN_UPDATES

        return [u for u in self._pending if allowed(u)][:limit]

    @api_method("getUpdates")
    async def _get_updates(self, call: Call) -> list[JsonDict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        params = call.params
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0.0), self.max_poll_timeout)
        if params.get("allowed_updates") is not None:  # persists across calls, like Telegram
            self._allowed_updates = list(params["allowed_updates"])
        # The offset confirms everything older; a negative offset keeps only the last -offset updates.
        if offset > 0:
            self._pending[:] = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending[:] = self._pending[offset:]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._update_event  # grab before checking, so a push in between still wakes us
            batch = self._deliverable(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing.is_set():
                return batch
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # ---- chats -------------------------------------------------------------------------------
    def _member_dict(self, chat_id: int, user_id: int) -> JsonDict:
        status = self.member_status.get((chat_id, user_id), "member")
        member: JsonDict = {"status": status, "user": self.builder.user_dict(user_id)}
        if status == "administrator":
            member.update(dict.fromkeys(_ADMIN_RIGHTS, True), can_be_edited=False, is_anonymous=False)
        elif status == "creator":
            member["is_anonymous"] = False
        elif status == "restricted":
            member.update(dict.fromkeys(_RESTRICTED_FLAGS, False), is_member=True, until_date=0)
        elif status == "kicked":
            member["until_date"] = 0
        return member

    @api_method("getChat")
    def _get_chat(self, call: Call) -> JsonDict:
        chat = self.builder.chat_dict(call.params.get("chat_id", 0))
        gifts = dict.fromkeys(_GIFT_TYPES, False)
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}

    @api_method("getChatMember")
    def _get_chat_member(self, call: Call) -> JsonDict:
        return self._member_dict(int(call.params.get("chat_id", 0)), int(call.params.get("user_id", 0)))

    @api_method("getChatAdministrators")
    def _get_chat_administrators(self, call: Call) -> list[JsonDict]:
        chat_id = int(call.params.get("chat_id", 0))
        admins = [
            uid
            for (cid, uid), status in self.member_status.items()
            if cid == chat_id and status in ("administrator", "creator")
        ]
        return [self._member_dict(chat_id, uid) for uid in admins]
