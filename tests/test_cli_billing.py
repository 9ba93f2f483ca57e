"""`catalog`, `entitlements`, `promo`, `quote` and `worker` with good and bad input."""

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.db import connected
from app.money import Money
from app.services.catalog import CatalogService
from app.services.pricing import PricingService
from app.services.promos import PromoService
from app.services.users import Profile, UserService
from models import Plan, Quote, User
from tests import updates
from tests.conftest import EXAMPLE_CATALOG, load_example_catalog, one_line_error, send

BROKEN = """
[[products]]
code = "premium"
title = "Premium"
entitlements = ["premium", "Not A Key"]

  [[products.plans]]
  code = "premium_monthly"
  title = "1 month"
  duration_days = 31
  stars_subscription = true
  prices = { USD = "19.001", XTR = 950 }

  [[products.plans]]
  code = "premium_forever"
  title = "Forever"
  prices = { USD = "490.00" }
  floors = { USD = "500.00" }

[[products]]
code = "premium"
title = "Again"
entitlements = ["premium"]
plans = []
"""


@pytest.fixture
async def loaded(cli):
    await cli("migrate")
    code, _, err = await cli("catalog", "load", str(EXAMPLE_CATALOG))
    assert code == 0, err
    return cli


async def start_user(telegram_id=1001, username="alice"):
    """Register a user as /start does, in a task of its own (Tortoise's state is per context)."""

    async def register():
        async with connected(os.environ["DATABASE_URL"]):
            await UserService().register(Profile(telegram_id, username, "Alice", "en"), None)

    await asyncio.create_task(register())


async def test_catalog_load_applies_the_file_and_show_prints_it(loaded):
    code, out, _ = await loaded("catalog", "show")

    assert code == 0
    assert "premium: Premium signals\n  grants premium; 3-day trial; newcomer offer 20 %\n" in out
    assert (
        "    premium_monthly: 1 month, 30 days — €17.50, $19.00 (floor $9.00), ⭐ 950 (floor ⭐ 450)  [Stars subscription]"
        in out
    )
    assert (
        "    premium_yearly: 12 months, 365 days — €175.00, $190.00 (floor $95.00), ⭐ 9,500 (from USD)"
        in out
    )
    assert "    premium_lifetime: Lifetime, lifetime — $490.00, ⭐ 24,500" in out


async def test_catalog_load_reports_every_problem_with_its_place_and_changes_nothing(
    loaded, tmp_path
):
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN)

    code, out, err = await loaded("catalog", "load", str(broken))
    _, shown, _ = await loaded("catalog", "show")

    assert code == 1 and "Traceback" not in err
    lines = err.splitlines()
    assert lines == [
        "error: the catalog has 5 problems; nothing was changed:",
        "  file: product codes must be unique: premium repeated",
        "  products[0] (premium).entitlements[1]: 'Not A Key' is not an entitlement key: use 1-64 of a-z 0-9 _",
        "  products[0] (premium).plans[0] (premium_monthly).prices: 19.001 USD has more than 2 decimal places",
        "  products[0] (premium).plans[1] (premium_forever): give either duration_days or lifetime = true; "
        "floors.USD: the floor is above the price",
        "  products[1] (premium).plans: List should have at least 1 item after validation, not 0",
    ]
    assert "premium_yearly" in shown  # the catalog in the database is untouched


async def test_catalog_load_refuses_repeated_codes_and_bad_toml(loaded, tmp_path):
    repeated = tmp_path / "repeated.toml"
    repeated.write_text(
        EXAMPLE_CATALOG.read_text()
        .replace('code = "vip_monthly"', 'code = "premium_monthly"')
        .replace('"49.00"', '"49.001"')
    )
    garbage = tmp_path / "garbage.toml"
    garbage.write_text("[[products]\ncode = ")
    huge = tmp_path / "huge.toml"
    huge.write_text(EXAMPLE_CATALOG.read_text().replace('"490.00"', '"100000000000000000"'))

    code, _, err = await loaded("catalog", "load", str(repeated))
    assert code == 1
    assert "  file: plan codes must be unique: premium_monthly repeated" in err.splitlines()
    assert "49.001 USD has more than 2 decimal places" in err  # reported in the same run
    code, _, err = await loaded("catalog", "load", str(huge))
    assert code == 1 and "beyond any price" in err and "Traceback" not in err
    code, _, err = await loaded("catalog", "load", str(garbage))
    assert code == 1 and "not valid TOML" in err
    code, _, err = await loaded("catalog", "load", str(tmp_path / "missing.toml"))
    assert code == 1 and "cannot read" in err


async def test_catalog_load_deactivates_what_left_the_file(loaded, tmp_path):
    smaller = tmp_path / "smaller.toml"
    text = EXAMPLE_CATALOG.read_text()
    smaller.write_text(text[: text.index('[[products]]\ncode = "vip"')])

    code, out, _ = await loaded("catalog", "load", str(smaller))
    _, shown, _ = await loaded("catalog", "show")

    assert code == 0
    assert "Deactivated products no longer in the file: vip" in out
    assert "Deactivated plans no longer in the file: vip_monthly" in out
    assert "vip: VIP channel [inactive]" in shown


async def test_entitlements_grant_list_and_revoke(loaded):
    await start_user()

    code, out, _ = await loaded(
        "entitlements", "grant", "@Alice", "premium", "--days", "30", "--note", "goodwill"
    )
    assert code == 0 and out.startswith("Granted premium to @alice (1001): access until ")
    assert out.endswith(" UTC (told the user)\n")
    code, out, _ = await loaded("entitlements", "grant", "1001", "vip_channel", "--lifetime")
    assert out == "Granted vip_channel to @alice (1001): lifetime access (told the user)\n"
    code, out, _ = await loaded("entitlements", "list", "1001")
    assert code == 0
    assert "Access now:\n  premium: until " in out and "  vip_channel: lifetime\n" in out
    assert "premium granted — goodwill" in out
    code, out, _ = await loaded("entitlements", "revoke", "1001", "premium")
    assert (code, out) == (
        0,
        "Revoked premium from @alice (1001): no access left (told the user)\n",
    )


async def test_users_are_told_what_admins_give_and_take_back(loaded, telegram):
    await start_user()

    await loaded("entitlements", "grant", "1001", "premium", "--days", "30", "--note", "sorry!")
    await loaded("entitlements", "grant", "1001", "vip_channel", "--lifetime")
    await loaded("entitlements", "revoke", "1001", "vip_channel")
    code, out, _ = await loaded("entitlements", "revoke", "1001", "premium", "--silent")

    told = telegram.sent_texts(1001)
    assert told[0].startswith(
        "🎁 You've been given 30 days of Premium signals: your access now ends in 30 days ("
    )
    assert "sorry!" not in told[0]  # the note is for the records
    assert told[1:] == [
        "🎁 You've been given lifetime access to VIP channel.",
        "Your access to VIP channel has been withdrawn.",
    ]
    assert (code, out) == (
        0,
        "Revoked premium from @alice (1001): no access left (not told: --silent)\n",
    )


async def test_a_grant_stands_when_the_user_cannot_be_told(loaded, telegram):
    await start_user()
    telegram.block_bot()

    code, out, _ = await loaded("entitlements", "grant", "1001", "premium", "--days", "30")

    assert code == 0 and out.endswith("(not told: the user blocked the bot)\n")
    _, listed, _ = await loaded("entitlements", "list", "1001")
    assert "Access now:\n  premium: until " in listed


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["entitlements", "grant", "999", "premium", "--days", "30"],
            "no user 999: they must /start the bot first",
        ),
        (["entitlements", "grant", "@nobody", "premium", "--days", "30"], "no user @nobody"),
        (
            ["entitlements", "grant", "alice", "premium", "--days", "30"],
            "neither a Telegram id nor an @username",
        ),
        (["entitlements", "revoke", "1001", "premium"], "nothing to revoke"),
        (["entitlements", "list", "42"], "no user 42"),
    ],
)
async def test_entitlements_bad_input_is_one_line(loaded, argv, message):
    await start_user()

    code, _, err = await loaded(*argv)

    assert message in one_line_error(code, err)


@pytest.mark.parametrize(
    "argv",
    [
        ["entitlements", "grant", "1001", "Premium!", "--days", "30"],
        ["entitlements", "grant", "1001", "premium"],
        ["entitlements", "grant", "1001", "premium", "--days", "0"],
        ["entitlements", "grant", "1001", "premium", "--days", "30", "--lifetime"],
        ["entitlements", "revoke", "1001", "premium", "--source", "gift"],
        ["promo", "create", "X", "--percent", "ten"],
        ["promo", "create", "X", "--percent", "nan"],
        ["promo", "create", "X", "--percent", "Infinity"],
        ["promo", "create", "X", "--amount", "USD5"],
        ["promo", "create", "X", "--amount", "USD=5.001"],
        ["promo", "create", "X", "--percent", "5", "--valid-until", "tomorrow"],
        ["quote", "--user", "1001"],
        ["quote", "--user", "1001", "--plan", "premium_monthly", "--currency", "ZZZ"],
    ],
)
async def test_bad_arguments_are_usage_errors(loaded, argv):
    code, _, err = await loaded(*argv)

    assert code == 2
    one_line_error(code, err)


async def test_promo_create_list_show_and_disable(loaded):
    code, out, _ = await loaded(
        "promo",
        "create",
        "black-friday",
        "--percent",
        "25",
        "--max-uses",
        "100",
        "--max-uses-per-user",
        "1",
        "--products",
        "premium",
        "--valid-until",
        "2026-12-01T00:00",
        "--first-purchase-only",
    )
    assert (code, out) == (
        0,
        "Created BLACK-FRIDAY: 25 % off (100 uses; 1 per user; until 2026-12-01 00:00; "
        "products premium; first purchase only)\n",
    )
    await loaded("promo", "create", "FIVE", "--amount", "USD=5.00", "--amount", "XTR=250")
    # The README's form: one flag, several amounts.
    code, out, _ = await loaded(
        "promo", "create", "ONE", "--amount", "USD=1.00", "EUR=1.00", "--max-uses", "1"
    )
    assert (code, out) == (0, "Created ONE: €1.00, $1.00 off (1 use)\n")  # not "1 uses"

    _, listing, _ = await loaded("promo", "list")
    _, shown, _ = await loaded("promo", "show", "black-friday")
    _, disabled, _ = await loaded("promo", "disable", "five")
    _, after, _ = await loaded("promo", "list")

    assert listing.splitlines()[1] == "FIVE: $5.00, ⭐ 250 off"
    assert shown.endswith("Used: 0 paid, 0 held by open quotes\n")
    assert disabled == "Disabled FIVE\n"
    assert after.splitlines()[1] == "FIVE: $5.00, ⭐ 250 off [disabled]"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["promo", "create", "bad code!", "--percent", "5"], "invalid code"),
        (["promo", "create", "X", "--percent", "0"], "above 0 and at most 100"),
        (["promo", "create", "X", "--percent", "150"], "above 0 and at most 100"),
        (["promo", "create", "X", "--percent", "12.345"], "2 decimals"),
        (["promo", "create", "X", "--amount", "USD=0"], "above zero"),
        (["promo", "create", "X", "--amount", "USD=1", "--amount", "USD=2"], "given twice"),
        (["promo", "create", "X", "--percent", "5", "--products", "nope"], "unknown product nope"),
        (
            ["promo", "create", "X", "--percent", "5", "--plans", "premium_monthly,nah"],
            "unknown plan nah",
        ),
        (
            [
                "promo",
                "create",
                "X",
                "--percent",
                "5",
                "--valid-from",
                "2026-12-02",
                "--valid-until",
                "2026-12-01",
            ],
            "after --valid-from",
        ),
        (["promo", "create", "X", "--percent", "5", "--max-uses", "0"], "at least 1"),
        (["promo", "show", "GHOST"], "no promo code GHOST"),
        (["promo", "disable", "ghost"], "no promo code GHOST"),
    ],
)
async def test_promo_bad_input_is_one_line(loaded, argv, message):
    code, _, err = await loaded(*argv)

    assert message in one_line_error(code, err)


async def test_promo_create_refuses_a_duplicate(loaded):
    await loaded("promo", "create", "ONCE", "--percent", "5")

    code, _, err = await loaded("promo", "create", "once", "--percent", "5")

    assert "promo code ONCE already exists" in one_line_error(code, err)


async def test_quote_shows_what_the_user_would_get(loaded):
    await start_user()
    await loaded("promo", "create", "SAVE10", "--percent", "10")

    code, out, _ = await loaded(
        "quote",
        "--user",
        "@alice",
        "--plan",
        "premium_monthly",
        "--currency",
        "usd",
        "--promo",
        "save10",
    )

    assert code == 0
    assert out == (
        "Premium signals · 1 month (premium_monthly) for @alice (1001)\n"
        "  $19.00  price\n"
        "  -$3.80  newcomer offer, 20 % off\n"
        "  -$1.52  promo code SAVE10, 10 % off\n"
        "  $13.68  total\n"
    )
    _, shown, _ = await loaded("promo", "show", "SAVE10")
    assert "0 held by open quotes" in shown  # support looking does not use it up


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["quote", "--user", "1001", "--plan", "nope"], "no plan nope"),
        (
            ["quote", "--user", "1001", "--plan", "premium_monthly", "--currency", "GBP"],
            "has no GBP price",
        ),
        (
            ["quote", "--user", "1001", "--plan", "premium_monthly", "--promo", "NOPE"],
            "There is no such promo code",
        ),
        (["quote", "--user", "7", "--plan", "premium_monthly"], "no user 7"),
    ],
)
async def test_quote_bad_input_is_one_line(loaded, argv, message):
    await start_user()

    code, _, err = await loaded(*argv)

    assert message in one_line_error(code, err)


async def test_worker_needs_redis(loaded):
    code, _, err = await loaded("worker")

    assert "REDIS_URL is not set" in one_line_error(code, err)


async def test_quote_for_support_counts_the_users_own_open_quote_as_theirs(loaded, shop_quote):
    await loaded("promo", "create", "ONEEACH", "--percent", "10", "--max-uses-per-user", "1")
    await shop_quote("ONEEACH")  # the user has an open quote holding their one use

    code, out, _ = await loaded(
        "quote", "--user", "1001", "--plan", "premium_monthly", "--promo", "oneeach"
    )

    assert code == 0 and "promo code ONEEACH, 10 % off" in out


@pytest.fixture
def shop_quote(loaded):
    async def quote(code):
        async def in_task():
            async with connected(os.environ["DATABASE_URL"]):
                catalog = CatalogService(Decimal(50))
                user = await User.get(telegram_id=1001)
                plan = await catalog.plan_by_code("premium_monthly")
                await PricingService(catalog, timedelta(minutes=15)).quote(
                    user, plan, "XTR", datetime.now(UTC), code
                )

        await start_user()
        await asyncio.create_task(in_task())

    return quote


# Support sees the user's quote


def quote_rows_in_the_bot(text):
    """(label, amount) per line of the bot's quote message, the total last."""
    rows = []
    for line in text.splitlines():
        label, _, amount = line.rpartition(": ")
        if label and not label.startswith("This price"):
            free = label == "Total" and amount == "Free"  # the CLI says ⭐ 0 (free: …)
            rows.append((label[:1].lower() + label[1:], "⭐ 0" if free else amount))
    return rows


def quote_rows_in_the_cli(out):
    rows = []
    for line in out.splitlines()[1:]:
        amount, label = line.strip().split("  ", 1)
        rows.append((label.strip().removesuffix(" (free: no payment needed)"), amount))
    return rows


@pytest.mark.parametrize(
    ("promo", "referred"),
    [
        (None, False),  # the newcomer offer alone
        ({"code": "SAVE10", "percent": Decimal(10)}, False),
        ({"code": "FIVE", "percent": None, "amounts": [Money(250, "XTR")]}, False),
        ({"code": "DEEP", "percent": Decimal(60)}, False),  # stopped by the plan's floor
        ({"code": "GIFT", "percent": Decimal(100)}, False),  # free
        (None, True),  # the referral discount
        ({"code": "SAVE10", "percent": Decimal(10)}, True),  # every rule at once
    ],
)
async def test_the_cli_quote_is_the_quote_the_bot_gives(
    client, settings, telegram, promo, referred
):
    await load_example_catalog()
    if referred:
        await send(client, updates.message("/start", user_id=1))
        await send(client, updates.message("/referral_link", user_id=1))
        payload = telegram.sent_texts(1)[-1].rsplit("start=", 1)[1].split()[0]
        await send(client, updates.message(f"/start {payload}"))
    else:
        await send(client, updates.message("/start"))
    monthly = await Plan.get(code="premium_monthly")
    await send(client, updates.callback_query(f"plan:{monthly.id}"))
    if promo is not None:
        await PromoService().create(**promo)
        quote = await Quote.get()
        await send(client, updates.callback_query(f"quote:promo:{quote.id.hex}"))
        await send(client, updates.message(promo["code"].lower()))
    in_the_bot = quote_rows_in_the_bot(telegram.screen(updates.USER_ID))

    # Its own process, as support runs it, on the database the bot writes to.
    argv = ["quote", "--user", str(updates.USER_ID), "--plan", "premium_monthly"]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        *argv,
        *(["--promo", promo["code"]] if promo else []),
        env={**os.environ, "DATABASE_URL": settings.database_url, "LOG_LEVEL": "WARNING"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = (stream.decode() for stream in await process.communicate())

    assert process.returncode == 0, err
    assert quote_rows_in_the_cli(out) == in_the_bot
    assert in_the_bot[0] == ("price", "⭐ 950") and in_the_bot[-1][0] == "total"
    assert len(in_the_bot) == 2 + (1 + (promo is not None) + referred)
