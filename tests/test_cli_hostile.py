"""Hostile and absurd input to the command line: one line on stderr and a non-zero exit, never
a traceback, and nothing stored that should not be."""

import asyncio
import os
from datetime import UTC, datetime

import pytest

from app.db import connected
from app.services.entitlements import EntitlementService, GrantTooLong
from models import GrantSource, User
from tests.conftest import EXAMPLE_CATALOG, one_line_error, run_app_until
from tests.fakes.telegram import BOT_TOKEN


@pytest.fixture
async def loaded(cli):
    """The catalog loaded and user 1001 registered."""
    await cli("migrate")
    code, _, err = await cli("catalog", "load", str(EXAMPLE_CATALOG))
    assert code == 0, err
    await asyncio.create_task(register_alice())
    return cli


async def register_alice():
    async with connected(os.environ["DATABASE_URL"]):
        await User.create(telegram_id=1001, username="alice", first_name="Alice")


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/x?maxsize=abc",
        "postgres://postgres@127.0.0.1:5432/x?maxsize=-1",
        "postgres://postgres@[::1:5432/x",
        "postgres://postgres@127.0.0.1:99999/x",
    ],
)
async def test_a_malformed_database_url_is_one_line(cli, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)

    code, _, err = await cli("catalog", "show")

    assert "DATABASE_URL is invalid" in one_line_error(code, err)


async def test_an_unreachable_redis_stops_the_worker_with_one_line(clean_state, telegram):
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "DATABASE_URL": clean_state,
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "TELEGRAM_API_URL": telegram.url,
    }

    stderr = await run_app_until(["worker"], env, lambda: False, seconds=60)

    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("error: cannot reach Redis: ")


async def test_a_catalog_nested_thousands_deep_is_a_problem_not_a_crash(cli, tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("[[products]]\na = " + "[" * 5000 + "]" * 5000 + "\n")

    code, _, err = await cli("catalog", "load", str(deep))

    assert code == 1 and "Traceback" not in err
    assert "not valid TOML: nested too deep" in err


@pytest.mark.parametrize(
    ("original", "replacement", "problem"),
    [
        # A TOML float is a binary fraction, never an amount; 19.0 used to pass as 19.
        (
            'prices = { USD = "19.00", EUR = "17.50", XTR = 950 }',
            'prices = { USD = 19.0, EUR = "17.50", XTR = 950 }',
            "prices.USD",
        ),
        ('title = "1 month"', 'title = "1 month\\u0007"', "control characters"),
    ],
)
async def test_float_prices_and_control_characters_are_refused(
    cli, tmp_path, original, replacement, problem
):
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE_CATALOG.read_text().replace(original, replacement, 1))

    code, _, err = await cli("catalog", "load", str(bad))

    assert code == 1 and "Traceback" not in err
    assert "nothing was changed" in err and problem in err


@pytest.mark.parametrize(
    "argv",
    [
        ["promo", "create", "EDGE", "--percent", "5", "--valid-until", "9999-12-31T23:59:59-14:00"],
        ["promo", "create", "EDGE", "--percent", "5", "--valid-from", "0001-01-01T00:00:00+14:00"],
        ["entitlements", "grant", "1001", "premium", "--days", "٣٠"],  # Arabic-Indic digits
        ["affiliates", "mark-paid", "١", "--reference", "x"],
    ],
)
async def test_dates_at_the_calendars_edge_and_foreign_digits_are_usage_errors(loaded, argv):
    code, _, err = await loaded(*argv)

    assert code == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message", "listing"),
    [
        (["entitlements", "grant", "١٠٠١", "premium", "--days", "30"], "neither", None),
        (["promo", "create", "ß", "--percent", "5"], "invalid code", ["promo", "list"]),
        (
            [
                "commands",
                "add",
                "beep",
                "--category",
                "help",
                "--handler",
                "help.help",
                "--description",
                "bell\x07",
            ],
            "printable",
            ["commands", "list"],
        ),
    ],
)
async def test_lookalike_input_is_refused_not_stored_as_something_else(
    loaded, argv, message, listing
):
    """User 1001 exists but "١٠٠١" is not its id; "ß" is not the code SS; a bell is not text."""
    code, _, err = await loaded(*argv)

    assert message in one_line_error(code, err)
    if listing:
        _, listed, _ = await loaded(*listing)
        assert "SS" not in listed.split() and "beep" not in listed


async def test_grants_that_would_run_past_the_calendar_are_refused(db):
    user = await User.create(telegram_id=1001, first_name="Alice")
    service = EntitlementService()
    now = datetime(2026, 11, 26, tzinfo=UTC)
    with pytest.raises(GrantTooLong, match="grant lifetime access instead"):
        for n in range(100):  # a century each: the year 9000 comes within 70
            await service.grant(user, ["premium"], 36500, GrantSource.ADMIN, f"g{n}", now)
    access = await service.access(user.id, "premium", now)
    assert access.active and access.expires_at.year < 9000
