"""Marketing campaigns: links, attribution on /start (beside the affiliate program's), the
figures per campaign and the admin CLI."""

import asyncio
import logging
import os
import re
import secrets
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from app.db import close_db, connected, init_db
from app.money import Money
from app.services.affiliates import AffiliateService
from app.services.campaigns import (
    BadCampaignName,
    CampaignExists,
    CampaignService,
    UnknownCampaign,
    sign_up,
)
from app.services.ledger import Ledger
from app.services.users import START_PAYLOAD_RE, Profile, UserService
from models import (
    AffiliateClick,
    Campaign,
    CampaignClick,
    CampaignMember,
    Order,
    OrderStatus,
    Plan,
    Product,
    Referral,
    TrialUse,
    User,
)
from tests import updates
from tests.conftest import died_before_answering, load_example_catalog, one_line_error, send
from tests.fakes.telegram import BOT_USERNAME

campaigns = CampaignService()
affiliates = AffiliateService(2000, timedelta(days=30), {"USD": 5000}, Ledger())
LINK_RE = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=(c_[A-Za-z0-9]{{10}})")
# A new user's welcome: the greeting and the first step of the tour.
WELCOME = (
    "Welcome, Alice! I deliver trading signals that you can approve with one tap. "
    "Premium access and a referral program are here too.\n\n"
    "Step 1 of 3: What signals are\n"
    "A signal is a trade idea: an instrument, buy or sell, an entry, a stop loss and targets, "
    "live for a limited time. /signals shows the latest ones. Free signals are open to "
    "everyone; premium ones are shown in full to premium members, who can approve them for "
    "their execution client with one tap."
)
WELCOME_BACK = "Welcome back, Alice!\nSend /help to see everything I can do."


async def start(client, user_id, payload=None):
    text = f"/start {payload}" if payload else "/start"
    assert (await send(client, updates.message(text, user_id=user_id))).status == 200


async def member_of(telegram_id):
    member = await CampaignMember.get_or_none(user__telegram_id=telegram_id).prefetch_related(
        "campaign"
    )
    return None if member is None else (member.campaign.name, member.signed_up)


async def clicks():
    rows = await CampaignClick.all().order_by("id").prefetch_related("campaign")
    return [(c.campaign.name, c.telegram_user_id, c.new_user) for c in rows]


# Creating campaigns


async def test_a_campaign_gets_a_random_code_and_a_valid_deep_link_payload(db):
    created = [await campaigns.create(f"spring-{n}") for n in range(20)]

    payloads = [campaigns.payload(c) for c in created]
    assert all(re.fullmatch(r"c_[A-Za-z0-9]{10}", p) for p in payloads)
    assert all(START_PAYLOAD_RE.fullmatch(p) for p in payloads)  # Telegram's rule, ≤ 64
    assert len(set(payloads)) == 20
    assert [c.name for c in await campaigns.list()] == [f"spring-{n}" for n in range(20)]


@pytest.mark.parametrize("name", ["", "a" * 65, "two words", "émoji", "semi;colon", "new\nline"])
async def test_a_bad_name_is_refused(db, name):
    with pytest.raises(BadCampaignName) as refused:
        await campaigns.create(name)

    assert refused.value.code == "campaign.bad_name"
    assert "\n" not in refused.value.message
    assert await Campaign.all().count() == 0


async def test_names_use_letters_digits_and_underscore_dash_dot_up_to_64(db):
    for name in ("a", "Black_Friday-2026.v2", "x" * 64):
        assert (await campaigns.create(name)).name == name


async def test_a_taken_name_is_refused_and_the_campaign_kept(db):
    first = await campaigns.create("spring")

    with pytest.raises(CampaignExists) as refused:
        await campaigns.create("spring")

    assert refused.value.code == "campaign.exists"
    assert [(c.name, c.code) for c in await Campaign.all()] == [("spring", first.code)]


# Attribution on /start


async def test_a_new_user_through_a_campaign_link_signs_up_for_it(client, telegram):
    spring = await campaigns.create("spring")

    await start(client, 2, campaigns.payload(spring))

    assert await member_of(2) == ("spring", True)
    assert await clicks() == [("spring", 2, True)]
    assert telegram.sent_texts(2) == [WELCOME]


async def test_an_existing_user_is_attributed_but_not_counted_as_a_sign_up(client, telegram):
    spring = await campaigns.create("spring")
    await start(client, 3)

    await start(client, 3, campaigns.payload(spring))

    assert await member_of(3) == ("spring", False)
    assert await clicks() == [("spring", 3, False)]
    assert telegram.sent_texts(3)[-1] == WELCOME_BACK


async def test_the_first_campaign_stays_when_the_user_comes_through_another(client, telegram):
    spring, summer = await campaigns.create("spring"), await campaigns.create("summer")

    await start(client, 2, campaigns.payload(spring))
    await start(client, 2, campaigns.payload(summer))
    await start(client, 2, campaigns.payload(spring))

    assert await member_of(2) == ("spring", True)
    assert await clicks() == [("spring", 2, True), ("summer", 2, False), ("spring", 2, False)]
    assert await CampaignMember.all().count() == 1


async def test_a_redelivered_start_counts_one_click_and_keeps_the_sign_up(client, telegram):
    spring = await campaigns.create("spring")
    update = updates.message(f"/start {campaigns.payload(spring)}", user_id=2)

    await died_before_answering(client, update)  # registered and counted; the welcome lost
    assert (await send(client, update)).status == 200  # Telegram's redelivery
    assert (await send(client, update)).status == 200  # and one more, after the answer

    assert await clicks() == [("spring", 2, True)]
    assert await member_of(2) == ("spring", True)
    assert telegram.sent_texts(2) == [WELCOME]  # a new user's welcome, once


@pytest.mark.parametrize("payload", ["c_UNKNOWN123", "c_!!", "c_", "c_abc", "c_abcdefghijk"])
async def test_unknown_or_garbled_campaign_codes_are_ignored_and_logged(
    client, telegram, caplog, payload
):
    caplog.set_level(logging.INFO)
    await campaigns.create("spring")

    await start(client, 2, payload)

    assert telegram.sent_texts(2) == [WELCOME]
    assert await CampaignClick.all().count() == await CampaignMember.all().count() == 0
    assert "Ignored an unknown campaign code" in caplog.text


async def test_referral_links_still_attribute_and_neither_link_passes_for_the_other(
    client, telegram
):
    spring = await campaigns.create("spring")
    await start(client, 1)
    await send(client, updates.message("/referral_link", user_id=1))
    referral = re.search(r"\?start=(ref_\w+)", telegram.sent_texts(1)[-1]).group(1)
    code = referral.removeprefix("ref_")

    await start(client, 2, referral)  # the affiliate's link
    await start(client, 3, campaigns.payload(spring))  # the campaign's
    await start(client, 4, f"c_{code}")  # the affiliate's code behind the campaign prefix
    await start(client, 5, f"ref_{spring.code}")  # and the other way round

    referrals = await Referral.all().prefetch_related("user", "affiliate__user")
    assert [(r.user.telegram_id, r.affiliate.user.telegram_id) for r in referrals] == [(2, 1)]
    assert [(c.telegram_user_id, c.new_user) for c in await AffiliateClick.all()] == [(2, True)]
    assert await member_of(2) is None
    assert await member_of(3) == ("spring", True)
    assert await clicks() == [("spring", 3, True)]
    assert await member_of(4) is None and await member_of(5) is None


async def test_a_concurrent_first_touch_loses_quietly_and_the_click_still_counts(db, monkeypatch):
    """Two /starts of one user through two campaigns at the same moment: both see no member
    yet, the second insert breaks the one-to-one, and its /start still goes through with its
    click recorded (the failed insert is rolled back to a savepoint, not the whole /start)."""
    users = UserService()
    spring, summer = await campaigns.create("spring"), await campaigns.create("summer")
    profile = Profile(7, "bob", "Bob", "en")
    await sign_up(users, affiliates, campaigns, profile, campaigns.payload(spring), 1)

    async def nobody_yet(*args, **kwargs):
        return False  # as the other /start saw it, before this one committed

    monkeypatch.setattr(CampaignMember, "exists", nobody_yet)
    user, first = await sign_up(users, affiliates, campaigns, profile, campaigns.payload(summer), 2)

    assert (user.telegram_id, first) == (7, False)
    assert await member_of(7) == ("spring", True)
    assert await clicks() == [("spring", 7, True), ("summer", 7, False)]


# Figures

DAY = timedelta(days=1)


async def an_order(user, plan, currency, amount, status, created_at):
    """An order as the payment flows leave it: created, then moved step by step to `status`
    (the database refuses any other way)."""
    order = await Order.create(
        user=user,
        plan=plan,
        currency=currency,
        amount=amount,
        token=secrets.token_urlsafe(16),
        created_at=created_at,
    )
    path = {
        OrderStatus.CREATED: [],
        OrderStatus.EXPIRED: [OrderStatus.EXPIRED],
        OrderStatus.PAID: [OrderStatus.PAID],
        OrderStatus.FULFILLED: [OrderStatus.PAID, OrderStatus.FULFILLED],
        OrderStatus.REFUNDED: [OrderStatus.PAID, OrderStatus.REFUNDED],
    }[status]
    for step in path:
        await Order.filter(id=order.id).update(status=step)
    return order


async def seed_known_figures():
    """spring: ann and ben signed up through it, cid (a user already) clicked it later; dan
    signed up through summer and then clicked spring too; eve came through no campaign;
    autumn has no one. Everyone joined 10 days ago; what happened 20 days ago was before."""
    await load_example_catalog()
    premium, vip = await Product.get(code="premium"), await Product.get(code="vip")
    plan = await Plan.get(code="premium_monthly")
    spring, summer = await campaigns.create("spring"), await campaigns.create("summer")
    await campaigns.create("autumn")
    ann, ben, cid, dan, eve = [
        await User.create(telegram_id=n, first_name=name)
        for n, name in enumerate(("Ann", "Ben", "Cid", "Dan", "Eve"), start=1)
    ]
    link = {c: campaigns.payload(c) for c in (spring, summer)}
    await campaigns.track_start(ann, link[spring], True, 1)
    await campaigns.track_start(ann, link[spring], False, 2)  # a second click
    await campaigns.track_start(ann, link[spring], False, 2)  # the same message again: no click
    await campaigns.track_start(ben, link[spring], True, 3)
    await campaigns.track_start(cid, link[spring], False, 4)
    await campaigns.track_start(dan, link[summer], True, 5)
    await campaigns.track_start(dan, link[spring], False, 6)  # a click; summer stays his
    await campaigns.track_start(eve, "c_UNKNOWN123", True, 7)

    now = datetime.now(UTC)
    joined, before, after = now - 10 * DAY, now - 20 * DAY, now - 5 * DAY
    await CampaignMember.all().update(created_at=joined)
    for user, product, when in (
        (ann, premium, after),  # counts
        (ann, vip, after),  # counts
        (ben, premium, after),  # counts
        (cid, premium, before),  # before cid joined: not spring's doing
        (dan, premium, after),  # summer's
        (eve, premium, after),  # no campaign
    ):
        trial = await TrialUse.create(user=user, product=product)
        await TrialUse.filter(id=trial.id).update(created_at=when)
    for user, currency, amount, status, when in (
        (ann, "USD", 1900, OrderStatus.FULFILLED, after),  # counts
        (ann, "XTR", 950, OrderStatus.PAID, after),  # counts
        (ann, "USD", 1500, OrderStatus.REFUNDED, after),  # money came in: counts
        (ann, "USD", 1900, OrderStatus.CREATED, after),  # never paid
        (ann, "USD", 700, OrderStatus.PAID, now + DAY),  # after the time asked about
        (ben, "USD", 1900, OrderStatus.EXPIRED, after),  # never paid: ben is not paying
        (cid, "USD", 1000, OrderStatus.FULFILLED, before),  # before cid joined
        (cid, "USD", 500, OrderStatus.PAID, after),  # counts: cid pays, but signed up before
        (dan, "XTR", 500, OrderStatus.FULFILLED, after),  # summer's
        (eve, "USD", 9999, OrderStatus.PAID, after),  # no campaign
    ):
        await an_order(user, plan, currency, amount, status, when)
    return now


def figures(row):
    return (
        row.campaign.name,
        row.clicks,
        row.signups,
        row.members,
        row.trials,
        row.paying,
        row.paid_orders,
        row.conversion,
        row.revenue,
    )


async def test_stats_on_known_figures(db):
    now = await seed_known_figures()

    rows = await campaigns.stats(now=now)

    assert [figures(row) for row in rows] == [
        # clicks: ann ×2, ben, cid, dan; sign-ups ann, ben; members + cid; trials ann ×2, ben;
        # paying ann, cid; orders ann ×3, cid ×1; conversion: of ann and ben, ann paid.
        (
            "spring",
            5,
            2,
            3,
            3,
            2,
            4,
            Fraction(1, 2),
            {"USD": Money(1900 + 1500 + 500, "USD"), "XTR": Money(950, "XTR")},
        ),
        ("summer", 1, 1, 1, 1, 1, 1, Fraction(1, 1), {"XTR": Money(500, "XTR")}),
        ("autumn", 0, 0, 0, 0, 0, 0, None, {}),
    ]
    assert [figures(row) for row in await campaigns.stats("summer", now=now)] == [figures(rows[1])]


async def test_stats_of_an_unknown_campaign_are_refused(db):
    await campaigns.create("spring")

    with pytest.raises(UnknownCampaign) as refused:
        await campaigns.stats("Spring", now=datetime.now(UTC))

    assert refused.value.code == "campaign.unknown"


# The admin CLI


async def test_campaigns_cli_creates_lists_and_shows_figures_with_the_bots_link(cli, telegram):
    await cli("migrate")

    code, created, err = await cli("campaigns", "create", "spring")
    _, listed, _ = await cli("campaigns", "list")
    _, empty, _ = await cli("campaigns", "stats", "spring")

    assert code == 0 and "Traceback" not in err
    payload = LINK_RE.fullmatch(created.strip().removeprefix("Created campaign spring: ")).group(1)
    campaign = await asyncio.create_task(campaign_named("spring"))
    assert payload == f"c_{campaign.code}"
    assert re.fullmatch(
        rf"spring  \d{{4}}-\d\d-\d\d  https://t\.me/{BOT_USERNAME}\?start={payload}\n", listed
    )
    assert empty.splitlines()[:2] == [
        "campaign  clicks  sign-ups  members  trials  paying  paid orders  conversion  revenue",
        "spring         0         0        0       0       0            0           -  -",
    ]


async def campaign_named(name):
    async with connected(os.environ["DATABASE_URL"]):
        return await Campaign.get(name=name)


async def test_campaigns_cli_stats_print_the_known_figures(cli):
    await cli("migrate")

    async def seed():
        async with connected(os.environ["DATABASE_URL"]):
            await seed_known_figures()

    await asyncio.create_task(seed())  # Tortoise's state is per context: a task of its own

    code, out, err = await cli("campaigns", "stats")
    _, one, _ = await cli("campaigns", "stats", "summer")

    assert code == 0 and "Traceback" not in err
    assert out.splitlines() == [
        "campaign  clicks  sign-ups  members  trials  paying  paid orders  conversion  revenue",
        "spring         5         2        3       3       2            4      50.0 %  $39.00, ⭐ 950",
        "summer         1         1        1       1       1            1     100.0 %  ⭐ 500",
        "autumn         0         0        0       0       0            0           -  -",
        "Conversion is the share of sign-ups who paid; trials and orders count from the time a "
        "member joined the campaign.",
    ]
    assert one.splitlines()[1:3] == [
        "summer         1         1        1       1       1            1     100.0 %  ⭐ 500",
        "Conversion is the share of sign-ups who paid; trials and orders count from the time a "
        "member joined the campaign.",
    ]


async def test_campaigns_cli_without_campaigns_says_how_to_make_one(cli):
    await cli("migrate")

    for action in ("list", "stats"):
        code, out, _ = await cli("campaigns", action)
        assert (code, out) == (0, "No campaigns yet: `python -m app campaigns create NAME`\n")


async def test_campaigns_cli_without_bot_token_prints_the_payload_in_the_links_form(
    cli, monkeypatch
):
    await cli("migrate")
    monkeypatch.delenv("BOT_TOKEN")

    code, out, _ = await cli("campaigns", "create", "spring")

    assert code == 0
    first, second = out.splitlines()
    assert re.fullmatch(
        r"Created campaign spring: https://t\.me/<bot username>\?start=c_[A-Za-z0-9]{10}", first
    )
    assert second == (
        "(BOT_TOKEN is not set, so the bot's username is unknown: put it in place of "
        "<bot username>)"
    )


async def test_campaigns_cli_when_telegram_cannot_say_the_username_still_creates(cli, telegram):
    await cli("migrate")
    telegram.fail("getMe", 401, "Unauthorized")

    code, out, err = await cli("campaigns", "create", "spring")

    assert code == 0 and "Traceback" not in err
    assert "https://t.me/<bot username>?start=c_" in out
    assert "Telegram did not tell the bot's username" in out
    _, listed, _ = await cli("campaigns", "list")
    assert listed.startswith("spring  ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["campaigns", "create", "two words"],
            "error: 'two words' is not a campaign name: use 1-64 of letters, digits, _ - .",
        ),
        (
            ["campaigns", "create", "a" * 65],
            "is not a campaign name: use 1-64 of letters, digits, _ - .",
        ),
        (
            ["campaigns", "create", "spring"],
            "error: a campaign named spring exists already; pick another name",
        ),
        (
            ["campaigns", "stats", "winter"],
            "error: no campaign winter; `python -m app campaigns list` shows them",
        ),
        (
            ["campaigns", "stats", "new\nline"],
            "error: no campaign 'new\\nline'; `python -m app campaigns list` shows them",
        ),
    ],
)
async def test_campaigns_cli_bad_input_is_one_line(cli, argv, message):
    await cli("migrate")
    await cli("campaigns", "create", "spring")

    code, out, err = await cli(*argv)

    assert message in one_line_error(code, err)
    assert out == ""
    _, listed, _ = await cli("campaigns", "list")
    assert len(listed.splitlines()) == 1  # spring alone


@pytest.mark.parametrize(
    "argv", [["campaigns"], ["campaigns", "create"], ["campaigns", "stats", "a", "b"]]
)
async def test_campaigns_cli_bad_arguments_are_usage_errors(cli, argv):
    code, _, err = await cli(*argv)

    assert code == 2
    one_line_error(code, err)


async def test_a_campaign_made_in_the_cli_brings_users_through_the_bot(
    client, telegram, cli, clean_state
):
    """The CLI and the bot on the same database: the link the CLI prints signs a user up, and
    the CLI's figures count them."""
    await close_db()  # the CLI opens the database on its own loop; the app's is closed first
    _, created, _ = await cli("campaigns", "create", "spring")
    await init_db(clean_state)
    payload = LINK_RE.search(created).group(1)

    await start(client, 2, payload)
    await start(client, 3)
    await start(client, 3, payload)

    await close_db()
    code, out, err = await cli("campaigns", "stats", "spring")
    await init_db(clean_state)  # the app's again, for the fixtures to close
    assert code == 0, err
    assert out.splitlines()[1] == (
        "spring         2         1        2       0       0            0       0.0 %  -"
    )
