"""`python -m app ...`: every subcommand with good and bad input. Bad input is one line on
stderr and a non-zero exit, never a traceback."""

import os

import pytest

from app.services.commands import BUILTIN_COMMANDS
from tests import updates
from tests.conftest import (
    SECRET,
    TEST_DATABASE_URL,
    TEST_REDIS_URL,
    one_line_error,
    requires_postgres,
    run_app_until,
)
from tests.fakes.telegram import BOT_TOKEN


async def test_migrate_applies_pending_migrations_and_seeds_the_builtins(cli):
    code, out, _ = await cli("migrate")

    assert code == 0
    assert "Applied" in out
    assert f"Seeded {len(BUILTIN_COMMANDS)} built-in commands" in out
    code, out, _ = await cli("migrate")
    assert "Applied 0 migrations: none pending" in out
    assert "Seeded 0 built-in commands" in out


async def test_commands_list_shows_a_readable_table(cli):
    await cli("migrate")

    code, out, _ = await cli("commands", "list")

    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "COMMAND",
        "CATEGORY",
        "ON",
        "AUTH",
        "PREMIUM",
        "ORDER",
        "HANDLER",
        "DESCRIPTION",
    ]
    assert lines[1].split()[:7] == ["/start", "help", "yes", "no", "no", "1", "help.start"]
    assert any(
        line.split()[:2] == ["/approve", "signals"] and "yes" in line.split()[4] for line in lines
    )
    assert len(lines) == 1 + len(BUILTIN_COMMANDS)


async def test_commands_add_update_and_remove(cli):
    await cli("migrate")

    added = await cli(
        "commands",
        "add",
        "buy",
        "--category",
        "billing",
        "--description",
        "Buy premium",
        "--handler",
        "billing.shop",
        "--premium",
        "--order",
        "5",
        "--translation",
        "de=Premium kaufen",
    )
    updated = await cli(
        "commands", "update", "buy", "--description", "Buy it now", "--disable", "--no-premium"
    )
    _, listing, _ = await cli("commands", "list")
    removed = await cli("commands", "remove", "/buy")
    _, after, _ = await cli("commands", "list")

    assert added[:2] == (0, "Added /buy → billing.shop\n")
    assert updated[:2] == (0, "Updated /buy\n")
    row = next(line for line in listing.splitlines() if line.startswith("/buy"))
    assert row.split()[:7] == ["/buy", "billing", "no", "yes", "no", "5", "billing.shop"]
    assert row.endswith("Buy it now")
    assert removed[:2] == (0, "Removed /buy\n")
    assert "/buy" not in after


async def test_commands_add_without_a_handler_needs_one_named(cli):
    await cli("migrate")

    code, out, err = await cli(
        "commands", "add", "stats2", "--category", "affiliate", "--description", "x"
    )

    assert "needs --handler" in one_line_error(code, err)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [
                "commands",
                "add",
                "Bad-Name",
                "--category",
                "help",
                "--description",
                "d",
                "--handler",
                "help.help",
            ],
            "invalid command name",
        ),
        (
            [
                "commands",
                "add",
                "x" * 33,
                "--category",
                "help",
                "--description",
                "d",
                "--handler",
                "help.help",
            ],
            "invalid command name",
        ),
        (
            [
                "commands",
                "add",
                "new",
                "--category",
                "games",
                "--description",
                "d",
                "--handler",
                "help.help",
            ],
            "unknown category 'games'",
        ),
        (
            [
                "commands",
                "add",
                "new",
                "--category",
                "help",
                "--description",
                "d",
                "--handler",
                "help.nope",
            ],
            "unknown handler 'help.nope'",
        ),
        (
            [
                "commands",
                "add",
                "help",
                "--category",
                "help",
                "--description",
                "d",
                "--handler",
                "help.help",
            ],
            "/help already exists",
        ),
        (
            [
                "commands",
                "add",
                "new",
                "--category",
                "help",
                "--description",
                "d" * 257,
                "--handler",
                "help.help",
            ],
            "1-256 characters",
        ),
        (
            [
                "commands",
                "add",
                "new",
                "--category",
                "help",
                "--description",
                "  ",
                "--handler",
                "help.help",
            ],
            "1-256 characters",
        ),
        (
            [
                "commands",
                "add",
                "new",
                "--category",
                "help",
                "--description",
                "d",
                "--handler",
                "help.help",
                "--translation",
                "german",
            ],
            "LANG=TEXT",
        ),
        (
            [
                "commands",
                "add",
                "new",
                "--category",
                "help",
                "--description",
                "d",
                "--handler",
                "help.help",
                "--translation",
                "deu=x",
            ],
            "invalid language code",
        ),
        (["commands", "update", "ghost", "--disable"], "no command /ghost"),
        (["commands", "update", "shop"], "nothing to change"),
        (["commands", "update", "shop", "--category", "games"], "unknown category"),
        (["commands", "update", "shop", "--handler", "x.y"], "unknown handler"),
        (["commands", "remove", "ghost"], "no command /ghost"),
        (["commands", "remove", "help"], "built in"),
    ],
)
async def test_bad_registry_input_is_one_line_and_a_non_zero_exit(cli, argv, message):
    await cli("migrate")

    code, _, err = await cli(*argv)

    assert message in one_line_error(code, err)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["commands"],
        ["commands", "add", "x"],
        ["commands", "add", "x", "--category", "help", "--description", "d", "--order", "first"],
        ["commands", "update", "shop", "--enable", "--disable"],
        ["webhook", "set", "--max-connections", "0"],
        ["webhook", "set", "--max-connections", "101"],
        ["webhook", "set", "--max-connections", "many"],
    ],
)
async def test_bad_arguments_are_one_line_usage_errors(cli, argv):
    code, _, err = await cli(*argv)

    assert code == 2
    assert err.startswith("python -m app")
    one_line_error(code, err)


async def test_commands_sync_publishes_the_menu_per_language(cli, telegram):
    await cli("migrate")
    await cli("commands", "update", "help", "--translation", "de=Befehle anzeigen")
    await cli("commands", "update", "stats", "--disable")
    await cli(
        "commands",
        "add",
        "ops",
        "--category",
        "admin",
        "--description",
        "Ops",
        "--handler",
        "help.help",
    )

    code, out, _ = await cli("commands", "sync")

    assert code == 0
    # /stats disabled; the admin commands (and /ops) are not in everyone's menu.
    menu = len([spec for spec in BUILTIN_COMMANDS if spec.category != "admin"]) - 1
    assert out == (
        f"Published {menu} commands to Telegram (default, de, ru; "
        "private chats: default, de, ru; admins: none in ADMIN_IDS); menu button: commands\n"
    )
    calls = telegram.called("setMyCommands")
    scopes = [(c.json("scope")["type"], c.params.get("language_code")) for c in calls]
    assert scopes == [
        ("default", None),
        ("default", "de"),
        ("default", "ru"),
        ("all_private_chats", None),
        ("all_private_chats", "de"),
        ("all_private_chats", "ru"),
    ]
    default, german = calls[0], calls[1]
    names = [c["command"] for c in default.json("commands")]
    assert names == [
        "start",
        "help",
        "language",
        "signals",
        "approve",
        "apikey",
        "notifications",
        "shop",
        "checkout",
        "subscription",
        "orders",
        "paysupport",
        "terms",
        "billing",
        "affiliate",
        "referral_link",
        "payout",
    ]
    assert {"command": "help", "description": "Befehle anzeigen"} in german.json("commands")
    assert {"command": "start", "description": "Start the bot and register"} in german.json(
        "commands"
    )


async def test_commands_sync_reports_telegrams_refusal_in_one_line(cli, telegram):
    await cli("migrate")
    telegram.fail("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID")

    code, _, err = await cli("commands", "sync")

    assert "Telegram refused: Bad Request: BOT_COMMAND_INVALID" in one_line_error(code, err)


async def test_commands_sync_needs_the_bot_token(cli, monkeypatch):
    await cli("migrate")
    monkeypatch.delenv("BOT_TOKEN")

    code, _, err = await cli("commands", "sync")

    assert "BOT_TOKEN is not set" in one_line_error(code, err)


async def test_webhook_set_info_and_delete(cli, telegram):
    code, out, _ = await cli("webhook", "set", "--max-connections", "80", "--drop-pending-updates")

    assert code == 0
    call = telegram.called("setWebhook")[0]
    assert call.params["url"] == "https://bot.example.com/api/v1/telegram/webhook"
    assert call.params["secret_token"] == SECRET
    assert call.params["max_connections"] == "80"
    assert call.params["drop_pending_updates"] == "true"
    assert call.json("allowed_updates") == ["callback_query", "message"]
    assert SECRET not in out

    code, out, _ = await cli("webhook", "info")
    assert code == 0
    assert "URL:               https://bot.example.com/api/v1/telegram/webhook" in out
    assert "Max connections:   80" in out

    code, out, _ = await cli("webhook", "delete", "--drop-pending-updates")
    assert (code, out) == (0, "Webhook deleted, pending updates dropped\n")
    assert telegram.called("deleteWebhook")[0].params["drop_pending_updates"] == "true"


async def test_webhook_set_needs_the_public_url(cli, monkeypatch):
    monkeypatch.delenv("WEBHOOK_BASE_URL")

    code, _, err = await cli("webhook", "set")

    assert "WEBHOOK_BASE_URL is not set" in one_line_error(code, err)


async def test_webhook_commands_report_an_unreachable_bot_api(cli, monkeypatch):
    monkeypatch.setenv("TELEGRAM_API_URL", "http://127.0.0.1:9")

    code, _, err = await cli("webhook", "info")

    assert "cannot reach the Bot API" in one_line_error(code, err)


async def test_serve_needs_the_webhook_secret(cli, monkeypatch):
    monkeypatch.delenv("WEBHOOK_SECRET")

    code, _, err = await cli("serve")

    assert "WEBHOOK_SECRET is not set" in one_line_error(code, err)


@pytest.mark.parametrize("argv", [["commands", "list"], ["commands", "remove", "x"], ["migrate"]])
async def test_commands_on_an_unreachable_database_are_one_line(cli, monkeypatch, argv):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:9/nothing")

    code, _, err = await cli(*argv)

    assert "cannot reach a service" in one_line_error(code, err)


async def test_polling_needs_the_bot_token(cli, monkeypatch):
    monkeypatch.delenv("BOT_TOKEN")

    code, _, err = await cli("polling")

    assert "BOT_TOKEN is not set" in one_line_error(code, err)


async def test_polling_serves_updates_with_the_same_handlers(clean_state, telegram):
    telegram.webhook["url"] = "https://old.example.com/hook"
    telegram.pending_updates.append(updates.message("/help", user_id=31337))
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "DATABASE_URL": clean_state,
        "TELEGRAM_API_URL": telegram.url,
        "LOG_LEVEL": "WARNING",
    }
    if TEST_REDIS_URL:
        env["REDIS_URL"] = TEST_REDIS_URL
    stderr = await run_app_until(["polling"], env, lambda: telegram.sent_texts(31337))

    assert telegram.called("deleteWebhook"), "polling must remove the webhook first"
    assert telegram.sent_texts(31337)[0].startswith("Here is what I can do"), stderr
    assert "Traceback" not in stderr


@requires_postgres
async def test_a_database_that_refuses_the_login_is_one_line(cli, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", TEST_DATABASE_URL.replace("postgres@", "nobody@", 1))

    code, _, err = await cli("commands", "list")

    assert "nobody" in one_line_error(code, err)


async def test_admin_commands_print_no_library_chatter_at_info_level(cli, monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "INFO")

    code, out, err = await cli("migrate")

    assert code == 0
    assert err == ""
