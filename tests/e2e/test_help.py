"""/start and /bantuan, and the command menu registered at start."""

from tests.e2e.conftest import Cast, StartBot
from usecases.commands import CommandName


async def test_help_in_private_lists_commands_and_evidence_forms(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    [answer] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/start")
    commands = (
        "/tugas",
        "/status",
        "/selesai",
        "/bukti",
        "/batal",
        "/rekap",
        "/daftar",
        "/setujui",
        "/tolak",
        "/ekspor",
    )
    for command in commands:
        assert command in answer
    assert "/selesai II.1" in answer and "10 menit" in answer
    assert "Kota Surakarta" in answer
    [again] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/bantuan")
    assert again == answer


async def test_help_in_groups_says_whether_the_group_is_bound(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot(evidence_wait_minutes=5)
    [unbound] = await bot.ask(cast.unbound_group, cast.ani, "/bantuan")
    assert "belum terhubung" in unbound and "/daftar" in unbound
    bot.bind(cast.tl_group, "TL")
    [bound] = await bot.ask(cast.tl_group, cast.ani, "/bantuan@zibot_test_bot")
    assert "Tim Penata tata Laksana" in bound and "5 menit" in bound


async def test_the_command_menu_is_registered(start_bot: StartBot, cast: Cast) -> None:
    bot = await start_bot()
    await bot.settle()
    [menu] = bot.api.sent("setMyCommands")
    names = {command["command"] for command in menu.params["commands"]}
    # /bantuan explains the same commands the menu offers, and marks the same ones as the coordinator's.
    [help_text] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/bantuan")
    helped = {line.split()[0].lstrip("/"): line for line in help_text.splitlines() if line.startswith("/")}
    assert set(helped) == names
    for command in menu.params["commands"]:
        assert ("Koordinator" in command["description"]) == ("koordinator" in helped[command["command"]])
    assert names == set(CommandName)  # every command word, and nothing else


async def test_every_command_in_the_menu_has_a_handler(start_bot: StartBot, cast: Cast) -> None:
    """A word in the menu that no handler takes would get "tidak saya kenal": each one gets its own answer."""
    bot = await start_bot(teams=["TL"])
    for name in CommandName:
        answers = await bot.ask(bot.api.private(cast.coordinator), cast.coordinator, f"/{name}")
        assert answers and all("tidak saya kenal" not in answer for answer in answers), name


async def test_a_mistyped_command_suggests_the_right_one(start_bot: StartBot, cast: Cast) -> None:
    """`/selsai` on a phone keyboard must not vanish in silence; other bots' commands stay theirs."""
    bot = await start_bot(teams=["TL"])
    [answer] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/selsai II.1")
    assert "/selsai" in answer and "/selesai" in answer
    [answer] = await bot.ask(bot.api.private(cast.ani), cast.ani, "/halo")
    assert "/halo" in answer and "/bantuan" in answer
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/Bukt II.1")
    assert "/bukti" in answer
    [answer] = await bot.report(cast.tl_group, cast.ani, b"\xff\xd8 foto", "/seleai II.1")
    assert "/selesai" in answer
    assert bot.evidence("II.1.1") == []
    [answer] = await bot.ask(cast.tl_group, cast.ani, "/halo@zibot_test_bot")
    assert "/bantuan" in answer
    # In a group, a command that is nothing like ours, or addressed to another bot, is not ours to answer.
    since = bot.mark()
    bot.api.send_text(cast.tl_group, cast.ani, "/poll makan siang")
    bot.api.send_text(cast.tl_group, cast.ani, "/selsai@other_bot II.1")
    await bot.settle()
    assert bot.sent_since(cast.tl_group, since) == []
