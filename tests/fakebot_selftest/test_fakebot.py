"""Self-tests: the real python-telegram-bot stack talking HTTP to FakeBotApi."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakebot import MAX_DOWNLOAD_SIZE, FakeBotApi, compute_entities
from tests.fakebot.fixtures import fake_api  # noqa: F401
from tests.fakebot.models import FailureMode

PHOTO_BYTES = bytes(range(256)) * 40  # 10240 bytes, not valid JPEG but the bot only counts bytes


def make_bot(api: FakeBotApi, read_timeout: float = 5.0) -> Bot:
    return Bot(
        api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        request=HTTPXRequest(read_timeout=read_timeout),
    )


@pytest_asyncio.fixture
async def bot(fake_api: FakeBotApi) -> AsyncIterator[Bot]:  # noqa: F811
    async with make_bot(fake_api, read_timeout=0.5) as the_bot:
        yield the_bot


async def _ping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("pong")


async def _photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.photo
    data = await (await message.photo[-1].get_file()).download_as_bytearray()
    await message.reply_text(f"got {len(data)} bytes")


async def _menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    await update.effective_message.reply_text("choose", reply_markup=keyboard)


async def _button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"chose {query.data}")


async def test_real_application_polls_commands_photos_and_buttons(fake_api: FakeBotApi) -> None:  # noqa: F811
    api = fake_api
    app: Application = (
        ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url).build()
    )
    app.add_handler(CommandHandler("ping", _ping))
    app.add_handler(CommandHandler("menu", _menu))
    app.add_handler(CallbackQueryHandler(_button))
    app.add_handler(MessageHandler(filters.PHOTO, _photo))
    alice = api.user(1001, "Alice", "alice")
    dm = api.private(alice)
    group = api.group(-4001, "Test group")
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            api.send_text(dm, alice, "/ping")
            [reply] = await api.wait_for("sendMessage", chat_id=dm)
            assert reply.text == "pong"

            api.send_text(group, alice, "/ping@zibot_test_bot")
            await api.wait_for("sendMessage", chat_id=group.id)
            assert api.texts(chat_id=group) == ["pong"]

            photo_msg = api.send_photo(dm, alice, PHOTO_BYTES, caption="look")
            await api.wait_for(lambda c: c.method == "sendMessage" and "bytes" in (c.text or ""))
            assert api.texts(dm) == ["pong", f"got {len(PHOTO_BYTES)} bytes"]
            assert api.downloads == [api.builder.files[photo_msg["photo"][-1]["file_id"]].file_path]

            api.send_text(dm, alice, "/menu")
            [menu_call] = await api.wait_for(lambda c: c.text == "choose")
            assert menu_call.result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"
            api.press_button(menu_call, alice, "yes")
            [edit] = await api.wait_for("editMessageText")
            assert edit.params["message_id"] == menu_call.result["message_id"]
            assert edit.text == "chose yes"
            assert api.sent("answerCallbackQuery")
        finally:
            await app.updater.stop()
            await app.stop()
    assert api.tokens == {api.token}
    assert {"getMe", "deleteWebhook", "getUpdates"} <= {c.method for c in api.calls}


async def test_get_file_over_20mb_is_bad_request(fake_api: FakeBotApi, bot: Bot) -> None:  # noqa: F811
    bob = fake_api.user(1002, "Bob")
    msg = fake_api.send_document(
        fake_api.private(bob), bob, b"", "huge.zip", "application/zip", declared_size=MAX_DOWNLOAD_SIZE + 1
    )
    assert msg["document"]["file_size"] == MAX_DOWNLOAD_SIZE + 1
    with pytest.raises(BadRequest, match="too big"):
        await bot.get_file(msg["document"]["file_id"])
    small = fake_api.send_document(fake_api.private(bob), bob, b"%PDF-1.4", "a.pdf", "application/pdf")
    file = await bot.get_file(small["document"]["file_id"])
    stored = fake_api.builder.files[small["document"]["file_id"]]
    assert file.file_path == f"{fake_api.base_file_url}{fake_api.token}/{stored.file_path}"
    assert await file.download_as_bytearray() == b"%PDF-1.4"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own retry_after
@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("429", RetryAfter),
        ("500", (NetworkError, TelegramError)),
        ("forbidden", Forbidden),
        ("timeout", TimedOut),
    ],
)
async def test_failure_injection(fake_api: FakeBotApi, bot: Bot, mode: FailureMode, error: type) -> None:  # noqa: F811
    fake_api.fail_next("sendMessage", mode=mode, retry_after=1)
    started = time.monotonic()
    with pytest.raises(error) as excinfo:
        await bot.send_message(42, "first")
    if mode == "429":  # message only: reading .retry_after emits PTB's int->timedelta deprecation warning
        assert "Retry in 1" in str(excinfo.value)
    if mode == "timeout":
        assert time.monotonic() - started < 2  # the client gave up, the server did not block it
    # The failure was consumed: the server is still healthy and the retry succeeds.
    await bot.send_message(42, "second")
    assert fake_api.texts() == ["second"]
    failed = [c for c in fake_api.sent(include_failed=True) if c.failed]
    assert [c.text for c in failed] == ["first"]
    assert failed[0].error == mode


async def test_timeout_mode_is_a_slow_success_for_patient_clients(fake_api: FakeBotApi) -> None:  # noqa: F811
    fake_api.timeout_delay = 0.3
    fake_api.fail_next("sendMessage", mode="timeout")
    async with make_bot(fake_api, read_timeout=5) as patient:
        await patient.send_message(42, "slow")
    [call] = fake_api.sent()
    assert not call.failed and call.result["text"] == "slow"


async def test_migrated_group_raises_chat_migrated(fake_api: FakeBotApi, bot: Bot) -> None:  # noqa: F811
    carol = fake_api.user(1003, "Carol")
    old = fake_api.group(-4002, "Old group")
    new = fake_api.migrate_group(old, -1001234567890, carol)
    kinds = [(u["message"]["chat"]["id"], u["message"].get("migrate_to_chat_id")) for u in fake_api.updates]
    assert kinds == [(old.id, new.id), (new.id, None)]
    assert fake_api.updates[1]["message"]["migrate_from_chat_id"] == old.id
    with pytest.raises(ChatMigrated) as excinfo:
        await bot.send_message(old.id, "hello")
    assert excinfo.value.new_chat_id == new.id
    await bot.send_message(new.id, "hello")


async def test_album_and_long_polling_offsets(fake_api: FakeBotApi, bot: Bot) -> None:  # noqa: F811
    dave = fake_api.user(1004, "Dave", "dave")
    chat = fake_api.private(dave)
    first = fake_api.send_photo(chat, dave, b"one", caption="/scan both", media_group_id="album-1")
    second = fake_api.send_photo(chat, dave, b"two", media_group_id="album-1")
    assert second["message_id"] == first["message_id"] + 1
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 2
    assert {u.message.media_group_id for u in updates if u.message} == {"album-1"}
    assert updates[0].message and updates[0].message.caption_entities[0].type == "bot_command"
    # Confirming via offset drops them; an empty long poll returns after the (capped) timeout.
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    # A push while a long poll is waiting wakes it up immediately.
    asyncio.get_running_loop().call_later(0.1, fake_api.send_text, chat, dave, "hi")
    started = time.monotonic()
    woke = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1)
    assert len(woke) == 1 and woke[0].message and woke[0].message.text == "hi"
    assert time.monotonic() - started < 0.8


async def test_uploads_are_parsed_and_downloadable(fake_api: FakeBotApi, bot: Bot) -> None:  # noqa: F811
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Open", url="https://example.org")]])
    sent = await bot.send_photo(-4003, photo=b"PNGDATA", caption="cap", reply_markup=keyboard)
    [call] = fake_api.sent("sendPhoto")
    assert call.files["photo"].content == b"PNGDATA"
    assert call.params["reply_markup"] == keyboard.to_dict()
    assert sent.reply_markup == keyboard and sent.caption == "cap"
    downloaded = await (await sent.photo[-1].get_file()).download_as_bytearray()
    assert downloaded == b"PNGDATA"

    doc = await bot.send_document(-4003, document=b"a,b\n1,2\n", filename="t.csv", caption="table")
    assert doc.document and doc.document.file_name == "t.csv"
    [uploaded] = fake_api.sent("sendDocument")
    assert uploaded.file is not None and uploaded.file.filename == "t.csv"

    album = await bot.send_media_group(
        -4003, [InputMediaPhoto(b"p1", caption="first"), InputMediaPhoto(b"p2")]
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert len(fake_api.sent("sendMediaGroup")[0].files) == 2
    assert fake_api.texts(-4003) == ["cap", "table", "first"]


async def test_builders_produce_updates_ptb_accepts(fake_api: FakeBotApi, bot: Bot) -> None:  # noqa: F811
    erin = fake_api.user(1005, "Erin", "erin")
    chat = fake_api.group(-1009876543210, "Super", type="supergroup")
    text = fake_api.send_text(chat, erin, "/start@zibot_test_bot see https://example.org/x. ok")
    fake_api.send_text(chat, erin, "a reply", reply_to=text)
    fake_api.send_sticker(chat, erin)
    fake_api.send_voice(chat, erin, b"OggS", caption="/transcribe")
    fake_api.edit_text(text, "edited")
    parsed = [Update.de_json(u, bot) for u in fake_api.updates]
    assert parsed[0].message and parsed[0].message.parse_entities()
    assert parsed[1].message and parsed[1].message.reply_to_message
    assert parsed[1].message.reply_to_message.message_id == text["message_id"]
    assert parsed[2].message and parsed[2].message.sticker
    assert parsed[3].message and parsed[3].message.voice and parsed[3].message.caption == "/transcribe"
    assert parsed[4].edited_message and parsed[4].edited_message.text == "edited"
    assert [m["message_id"] for m in (u.get("message") or {} for u in fake_api.updates) if m] == [1, 2, 3, 4]


def test_entities_use_utf16_offsets() -> None:
    assert compute_entities("/ping@zibot_test_bot now") == [
        {"type": "bot_command", "offset": 0, "length": 20}
    ]
    assert compute_entities("\N{GRINNING FACE} https://a.example/b, done") == [
        {"type": "url", "offset": 3, "length": 19}
    ]
    assert compute_entities("no command /here") == []


async def test_misc_methods_and_wait_for_report(
    fake_api: FakeBotApi,  # noqa: F811
    bot: Bot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from telegram import BotCommand

    await bot.set_my_commands([BotCommand("ping", "Ping the bot")])
    assert [c.command for c in await bot.get_my_commands()] == ["ping"]
    me = await bot.get_me()
    assert me.username == "zibot_test_bot" and me.can_join_groups
    fake_api.set_member_status(-4004, me.id, "administrator")
    member = await bot.get_chat_member(-4004, me.id)
    assert member.status == "administrator"
    assert (await bot.get_chat(-4004)).type == "group"
    assert (await bot.get_webhook_info()).url == ""
    with caplog.at_level(logging.WARNING):
        assert await bot.do_api_request("someFutureMethod", api_kwargs={"x": 1}) is True
    assert "someFutureMethod" in caplog.text
    with pytest.raises(AssertionError, match=r"(?s)expected 1 matching call.*#7 someFutureMethod"):
        await fake_api.wait_for("sendMessage", timeout=0.2)
