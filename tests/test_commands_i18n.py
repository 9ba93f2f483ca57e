"""The command menus and the command reference in every language: `commands sync` publishes a
menu per scope (groups, private chats, each admin's chat) and per language, seeding gives old
databases the built-in translations, and `commands docs` writes the reference that docs/ holds."""

import asyncio
import json
import os
import re

from app.db import connected
from app.services.commands import BUILTIN_COMMANDS, CATEGORY_ORDER
from models import TelegramCommand
from tests import updates
from tests.conftest import ROOT, one_line_error, send

# What a Russian text may keep in Latin letters: names and codes.
LATIN_ALLOWED = {"API", "Telegram", "Stars"}
# The built-ins in menu order: by category, then position.
IN_ORDER = sorted(
    BUILTIN_COMMANDS, key=lambda s: (CATEGORY_ORDER.index(s.category), s.sort_order, s.command)
)
EVERYONE = [spec.command for spec in IN_ORDER if spec.category != "admin"]


def english_in(text):
    """Latin words of a Russian text, /commands and names aside."""
    words = re.findall(r"(?<![/\w])[A-Za-z][A-Za-z_]*", text)
    return [word for word in words if word not in LATIN_ALLOWED]


def descriptions(call):
    return {c["command"]: c["description"] for c in call.json("commands")}


def by_scope(telegram):
    """setMyCommands calls as {(scope type, chat id, language_code): call}, in call order."""
    found = {}
    for call in telegram.called("setMyCommands"):
        scope = call.json("scope")
        found[(scope["type"], scope.get("chat_id"), call.params.get("language_code"))] = call
    return found


async def in_database(work):
    """Run `work` against the CLI's database, in a task of its own (Tortoise's state is per
    context)."""

    async def run():
        async with connected(os.environ["DATABASE_URL"]):
            return await work()

    return await asyncio.create_task(run())


async def test_sync_publishes_every_scope_in_every_language(cli, telegram, monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "42,43")
    await cli("migrate")
    await cli("commands", "update", "refund", "--disable")

    code, out, err = await cli("commands", "sync")

    assert code == 0, err
    assert out == (
        f"Published {len(EVERYONE)} commands to Telegram (default, ru; private chats: default, ru; "
        "2 admins: default, ru); menu button: commands\n"
    )
    menus = by_scope(telegram)
    assert list(menus) == [
        ("default", None, None),
        ("default", None, "ru"),
        ("all_private_chats", None, None),
        ("all_private_chats", None, "ru"),
        ("chat", 42, None),
        ("chat", 42, "ru"),
        ("chat", 43, None),
        ("chat", 43, "ru"),
    ]
    for scope in ("default", "all_private_chats"):  # groups get the private chats' list
        english, russian = (
            descriptions(menus[scope, None, None]),
            descriptions(menus[scope, None, "ru"]),
        )
        assert list(english) == list(russian) == EVERYONE
        assert english["help"] == "List the commands"
        assert russian["help"] == "Список команд"
        assert russian["language"] == "Выбрать язык бота"
        assert all(not english_in(text) for text in russian.values()), russian
    for admin in (42, 43):
        english, russian = (
            descriptions(menus["chat", admin, None]),
            descriptions(menus["chat", admin, "ru"]),
        )
        assert list(russian) == [*EVERYONE, "broadcast"]  # /refund is disabled
        assert english["broadcast"] == "Compose a broadcast, or see how one goes"
        assert russian["broadcast"] == "Создать рассылку или узнать, как она идёт"
        assert russian["help"] == "Список команд"
    [button] = telegram.called("setChatMenuButton")
    assert button.json("menu_button")["type"] == "commands"
    assert "chat_id" not in button.params  # the default button, for every chat


async def test_an_admin_telegram_cannot_reach_is_skipped_with_a_warning(cli, telegram, monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "42,43")
    await cli("migrate")

    async def refuse_43(params):  # 43 never opened the chat with the bot
        if json.loads(params["scope"]).get("chat_id") == 43:
            telegram.fail("setMyCommands", 400, "Bad Request: chat not found")
        telegram.hooks["setMyCommands"] = refuse_43

    telegram.hooks["setMyCommands"] = refuse_43

    code, out, err = await cli("commands", "sync")

    assert code == 0
    assert "; 1 admin: default, ru); menu button: commands" in out
    assert err == (
        "warning: no admin menu for 43: Telegram refused: Bad Request: chat not found "
        "(they must open the chat with the bot first)\n"
    )
    assert ("chat", 42, "ru") in by_scope(telegram)
    assert telegram.called("setChatMenuButton")


async def test_seeding_gives_an_old_registry_the_russian_descriptions(cli):
    await cli("migrate")

    async def as_seeded_before_translations():
        await TelegramCommand.all().update(translations={})
        await TelegramCommand.filter(command="help").update(translations={"de": "Befehle"})
        await TelegramCommand.filter(command="start").update(translations={"ru": "Поехали"})
        await TelegramCommand.filter(command="signals").update(description="Gold signals only")

    await in_database(as_seeded_before_translations)

    code, out, _ = await cli("migrate")

    assert code == 0
    assert "Seeded 0 built-in commands" in out

    async def translations():
        return {c.command: c.translations for c in await TelegramCommand.all()}

    found = await in_database(translations)
    assert found["help"] == {"de": "Befehle", "ru": "Список команд"}
    assert found["start"] == {"ru": "Поехали"}  # an admin's own words stay
    assert found["signals"] == {}  # our Russian would not translate the admin's description
    assert found["shop"] == {"ru": "Премиум-тарифы и цены"}
    assert all(found[spec.command] for spec in BUILTIN_COMMANDS if spec.command != "signals")


async def test_help_in_russian_lists_the_russian_descriptions(client, telegram):
    await send(client, updates.message("/help", language_code="ru"))

    text = telegram.sent_texts()[-1]
    assert "/help — Список команд" in text
    assert "/shop — Премиум-тарифы и цены" in text
    assert "List the commands" not in text


async def test_the_committed_command_reference_is_up_to_date(cli, tmp_path):
    await cli("migrate")

    code, out, err = await cli("commands", "docs", "--out", str(tmp_path))

    assert code == 0, err
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["commands.md", "commands.ru.md"]
    for name in written:
        committed = ROOT / "docs" / name
        assert committed.exists() and committed.read_bytes() == (tmp_path / name).read_bytes(), (
            f"docs/{name} is stale: run `python -m app commands docs` and commit docs/"
        )


async def test_the_reference_shows_the_registry_in_each_language(cli, tmp_path):
    await cli("migrate")
    await cli("commands", "update", "stats", "--disable")
    await cli(
        "commands",
        "add",
        "news",
        "--category",
        "signals",
        "--description",
        "Market news",
        "--handler",
        "signals.signals",
        "--premium",
        "--translation",
        "ru=Новости рынка",
    )

    code, out, _ = await cli("commands", "docs", "--out", str(tmp_path))

    assert code == 0
    assert out == (
        f"Wrote the reference of {len(BUILTIN_COMMANDS)} commands: "
        f"{tmp_path / 'commands.md'}, {tmp_path / 'commands.ru.md'}\n"
    )
    english = (tmp_path / "commands.md").read_text()
    russian = (tmp_path / "commands.ru.md").read_text()
    assert "- `/news` — Market news *(needs premium access)*\n" in english
    assert "- `/refund` — Refund an order's Stars payment *(admins only)*\n" in english
    assert "## Premium access\n" in english
    assert "# Команды бота\n" in russian
    assert "## Премиум-доступ\n" in russian
    assert "- `/news` — Новости рынка *(нужен премиум-доступ)*\n" in russian
    assert "- `/help` — Список команд *(работает и до /start)*\n" in russian
    assert "- `/start` — Запустить бота и зарегистрироваться\n" in russian
    assert "*(только для администраторов)*" in russian
    assert "/stats" not in english and "/stats" not in russian  # disabled: the bot ignores it
    prose = re.sub(r"<!--.*?-->|`[^`]*`|\(commands(\.ru)?\.md\)|\[English\]", "", russian)
    assert english_in(prose) == []


async def test_docs_to_a_file_is_one_line_and_a_non_zero_exit(cli, tmp_path):
    await cli("migrate")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")

    code, _, err = await cli("commands", "docs", "--out", str(a_file))

    assert "is a file: give a folder" in one_line_error(code, err)
    assert a_file.read_text() == "mine"
