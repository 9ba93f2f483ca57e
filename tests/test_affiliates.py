"""The affiliate program: joining, links, attribution, the referral discount, commissions on
sales and refunds, /stats, payouts and the admin CLI."""

import asyncio
import logging
import os
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.db import connected
from app.money import Money
from app.services.affiliates import AffiliateService, BelowMinimum, PayoutRequest
from app.services.catalog import CatalogService
from app.services.ledger import Ledger
from app.services.pricing import PricingService
from app.texts import quote_line
from models import (
    Affiliate,
    AffiliateClick,
    Commission,
    Payout,
    Referral,
    User,
)
from tests import updates
from tests.conftest import (
    ADMIN_ID,
    died_before_answering,
    load_example_catalog,
    one_line_error,
    pay_quote,
    send,
)
from tests.fakes.telegram import BOT_USERNAME

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HOLD = timedelta(days=30)
program = AffiliateService(2000, HOLD, {"USD": 5000, "XTR": 2500}, Ledger())
LINK_RE = re.compile(rf"https://t\.me/{BOT_USERNAME}\?start=(ref_[A-Za-z0-9]{{10}})")


async def start(client, user_id, payload=None):
    text = f"/start {payload}" if payload else "/start"
    assert (await send(client, updates.message(text, user_id=user_id))).status == 200


async def link_of(client, telegram, user_id):
    await send(client, updates.message("/referral_link", user_id=user_id))
    return LINK_RE.search(telegram.sent_texts(user_id)[-1]).group(1)


# Joining and links


async def test_affiliate_shows_the_terms_and_joining_gives_a_stable_link(client, telegram):
    await start(client, 1)

    await send(client, updates.message("/affiliate", user_id=1))
    offer = telegram.called("sendMessage")[-1]
    await send(client, updates.callback_query("aff:join", user_id=1))
    joined = telegram.screen(1)  # the offer turns into the link: no Join button left behind
    again = await link_of(client, telegram, 1)

    assert offer.params["text"] == (
        "Affiliate program\n\nYou earn 20 % of every purchase made by the people you bring, in the "
        "currency they pay in. A commission can be paid out 30 days after the purchase (refunds "
        "cancel it); payouts start at $50.00, €50.00, ⭐ 2,500.\n\nYou have not joined yet."
    )
    assert offer.json("reply_markup")["inline_keyboard"][0][0]["callback_data"] == "aff:join"
    payload = LINK_RE.search(joined).group(1)
    assert payload == again and len(payload) <= 64
    assert await Affiliate.all().count() == 1
    await send(client, updates.message("/affiliate", user_id=1))
    assert "You are in since" in telegram.sent_texts(1)[-1]


async def test_referral_link_joins_first_if_needed(client, telegram):
    await start(client, 1)

    payload = await link_of(client, telegram, 1)

    assert (await Affiliate.get()).code == payload.removeprefix("ref_")


async def test_codes_are_unguessable_and_distinct(db):
    users = [await User.create(telegram_id=n) for n in range(50)]
    codes = {(await program.join(user)).code for user in users}

    assert len(codes) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9]{10}", code) for code in codes)


# Attribution


async def test_a_new_user_through_a_link_is_attributed_and_counted(client, telegram):
    await start(client, 1)
    payload = await link_of(client, telegram, 1)

    await start(client, 2, payload)

    referral = await Referral.get().prefetch_related("user", "affiliate__user")
    assert (referral.user.telegram_id, referral.affiliate.user.telegram_id) == (2, 1)
    assert [(c.telegram_user_id, c.new_user) for c in await AffiliateClick.all()] == [(2, True)]


async def test_an_existing_user_counts_as_a_click_but_is_not_re_attributed(client, telegram):
    await start(client, 1)
    await start(client, 3)
    first, second = await link_of(client, telegram, 1), await link_of(client, telegram, 3)
    await start(client, 2, first)

    await start(client, 2, second)  # already registered: the first touch stands
    await start(client, 3, first)  # registered before using any link

    referrals = await Referral.all().prefetch_related("user", "affiliate__user")
    assert [(r.user.telegram_id, r.affiliate.user.telegram_id) for r in referrals] == [(2, 1)]
    assert sorted((c.telegram_user_id, c.new_user) for c in await AffiliateClick.all()) == [
        (2, False),
        (2, True),
        (3, False),
    ]


async def test_self_referral_and_cycles_are_refused(client, telegram):
    await start(client, 1)
    payload_1 = await link_of(client, telegram, 1)
    await start(client, 2, payload_1)  # 1 brings 2
    payload_2 = await link_of(client, telegram, 2)

    await start(client, 1, payload_1)  # one's own link
    await start(client, 1, payload_2)  # 2 cannot bring the one who brought them

    assert await Referral.filter(user__telegram_id=1).count() == 0
    assert (
        await AffiliateClick.filter(telegram_user_id=1, affiliate__user__telegram_id=1).count() == 0
    )


@pytest.mark.parametrize("payload", ["ref_UNKNOWN123", "ref_!!", "ref_", "ref_abc", "promo_x"])
async def test_unknown_or_garbled_codes_are_ignored_for_the_user_and_logged(
    client, telegram, caplog, payload
):
    caplog.set_level(logging.INFO)
    await start(client, 1)
    await link_of(client, telegram, 1)

    await start(client, 2, payload)

    assert telegram.sent_texts(2)[-1].startswith("Welcome, Alice!")
    assert await Referral.all().count() == 0
    assert await AffiliateClick.all().count() == 0
    assert ("Ignored an unknown referral code" in caplog.text) == payload.startswith("ref_")


# The referral discount


async def test_a_referred_user_gets_the_referral_line_on_their_first_purchase(db):
    await load_example_catalog()
    catalog = CatalogService(Decimal(50))
    pricing = PricingService(catalog, timedelta(minutes=15), referral_discount_bp=1000)
    referrer, buyer = await User.create(telegram_id=1), await User.create(telegram_id=2)
    await Referral.create(affiliate=await program.join(referrer), user=buyer)
    monthly, vip = (
        await catalog.plan_by_code("premium_monthly"),
        await catalog.plan_by_code("vip_monthly"),
    )

    first = await pricing.preview(buyer, monthly, "USD", NOW)
    paid = await pricing.quote(buyer, monthly, "USD", NOW)
    await pay_quote(paid.id)
    later = await pricing.preview(buyer, vip, "USD", NOW)
    unreferred = await pricing.preview(referrer, monthly, "USD", NOW)

    assert [(line.rule, line.amount.amount) for line in first.lines] == [
        ("newcomer", -380),
        ("referral", -152),
    ]
    assert quote_line(first.lines[1]) == "referral discount, 10 % off"
    assert first.total == Money(1368, "USD")
    assert later.lines == []
    assert [line.rule for line in unreferred.lines] == ["newcomer"]


# Commissions


async def referred_pair():
    referrer, buyer = await User.create(telegram_id=1), await User.create(telegram_id=2)
    affiliate = await program.join(referrer)
    await Referral.create(affiliate=affiliate, user=buyer)
    return affiliate, buyer


async def test_a_sale_earns_the_referrer_a_pending_commission_rounded_down(db):
    affiliate, buyer = await referred_pair()

    commission = await program.record_sale("order-1", buyer, Money(1999, "USD"), NOW)

    assert (commission.amount, commission.currency, commission.available_at) == (
        399,
        "USD",
        NOW + HOLD,
    )
    assert (await program.balances(affiliate, NOW)) == {}
    assert (await program.balances(affiliate, NOW + HOLD)) == {"USD": Money(399, "USD")}


async def test_each_sale_counts_once_and_unreferred_sales_earn_nothing(db):
    affiliate, buyer = await referred_pair()
    stranger = await User.create(telegram_id=3)

    await program.record_sale("order-1", buyer, Money(1900, "USD"), NOW)
    await program.record_sale("order-1", buyer, Money(1900, "USD"), NOW)

    assert await Commission.all().count() == 1
    assert await program.record_sale("order-2", stranger, Money(1900, "USD"), NOW) is None


async def test_a_refund_cancels_a_pending_commission(db):
    affiliate, buyer = await referred_pair()
    await program.record_sale("order-1", buyer, Money(1900, "USD"), NOW)

    await program.record_refund("order-1", NOW + 5 * DAY)
    await program.record_refund("order-1", NOW + 6 * DAY)

    commission = await Commission.get()
    assert commission.cancelled_at == NOW + 5 * DAY
    assert await Commission.all().count() == 1
    assert (await program.balances(affiliate, NOW + HOLD)) == {}


async def test_a_refund_after_the_hold_books_a_negative_adjustment_once(db):
    affiliate, buyer = await referred_pair()
    await program.record_sale("order-1", buyer, Money(1900, "USD"), NOW)
    await program.record_sale("order-2", buyer, Money(50000, "USD"), NOW)

    await program.record_refund("order-1", NOW + 40 * DAY)
    await program.record_refund("order-1", NOW + 41 * DAY)

    assert (await program.balances(affiliate, NOW + 40 * DAY)) == {"USD": Money(10000, "USD")}
    assert await Commission.filter(kind="refund").count() == 1


async def test_a_refund_after_payout_is_owed_back_from_later_earnings(db):
    affiliate, buyer = await referred_pair()
    await program.record_sale("order-1", buyer, Money(30000, "USD"), NOW)  # 6000
    [payout] = (await program.request_payout(affiliate, NOW + HOLD)).payouts
    await program.mark_paid(payout.id, "bank transfer 42", NOW + HOLD)

    await program.record_refund("order-1", NOW + HOLD + DAY)

    assert (await program.balances(affiliate, NOW + HOLD + DAY)) == {"USD": Money(-6000, "USD")}
    stats = await program.stats(affiliate, NOW + HOLD + DAY, since=None)
    assert (stats.earnings["USD"].paid, stats.earnings["USD"].available) == (
        Money(6000, "USD"),
        Money(-6000, "USD"),
    )


# Stats and payouts in the bot


async def test_stats_show_known_figures_for_30_days_and_all_time(client, telegram):
    await start(client, 1)
    payload = await link_of(client, telegram, 1)
    for user_id in (2, 3, 4):
        await start(client, user_id, payload)
    await start(client, 2, payload)  # a returning click
    buyers = {u.telegram_id: u for u in await User.filter(telegram_id__in=[2, 3])}
    now = datetime.now(UTC)
    await program.record_sale(
        "s1", buyers[2], Money(10000, "USD"), now - 40 * DAY
    )  # 2000, available
    await program.record_sale("s2", buyers[3], Money(2500, "XTR"), now)  # 500 Stars, pending
    await Commission.filter(sale_id="s1").update(created_at=now - 40 * DAY)
    old = await Referral.get(user__telegram_id=4)
    await Referral.filter(id=old.id).update(created_at=now - 40 * DAY)
    await AffiliateClick.filter(telegram_user_id=4).update(created_at=now - 40 * DAY)

    await send(client, updates.message("/stats", user_id=1))

    assert telegram.sent_texts(1)[-1] == (
        "Your referrals\n"
        "30 days / all time\n"
        "Clicks: 3 / 4\n"
        "Sign-ups: 2 / 3\n"
        "Paying referrals: 1 / 2\n"
        "USD: pending $0.00 / $0.00, available $0.00 / $20.00, paid $0.00 / $0.00\n"
        "XTR: pending ⭐ 500 / ⭐ 500, available ⭐ 0 / ⭐ 0, paid ⭐ 0 / ⭐ 0"
    )


async def test_payout_waits_for_the_minimum_then_tells_the_admins(client, telegram):
    await start(client, 1)
    payload = await link_of(client, telegram, 1)
    await start(client, 2, payload)
    buyer = await User.get(telegram_id=2)
    long_ago = datetime.now(UTC) - 31 * DAY
    await program.record_sale("small", buyer, Money(10000, "USD"), long_ago)  # $20 available

    await send(client, updates.message("/payout", user_id=1))
    assert (
        telegram.sent_texts(1)[-1]
        == "Available now: $20.00. Payouts start at $50.00, €50.00, ⭐ 2,500."
    )

    await program.record_sale("big", buyer, Money(20000, "USD"), long_ago)  # $40 more
    await send(client, updates.message("/payout", user_id=1))
    await send(client, updates.message("/payout", user_id=1))

    payout = await Payout.get()
    assert telegram.sent_texts(1)[-2] == "Payout requested: $60.00. We will be in touch to pay you."
    assert (
        telegram.sent_texts(1)[-1]
        == "Available now: nothing yet. Payouts start at $50.00, €50.00, ⭐ 2,500."
    )
    assert telegram.sent_texts(ADMIN_ID) == [
        f"Payout #{payout.id} requested by @alice (1): $60.00. When paid: "
        f"python -m app affiliates mark-paid {payout.id} --reference ..."
    ]
    assert await Commission.filter(payout=payout).count() == 2


async def test_below_minimum_is_refused_in_the_service(db):
    affiliate, buyer = await referred_pair()
    await program.record_sale("s", buyer, Money(100, "USD"), NOW)

    with pytest.raises(BelowMinimum) as below:
        await program.request_payout(affiliate, NOW + HOLD)

    assert below.value.balances == {"USD": Money(20, "USD")}


# The admin CLI


@pytest.fixture
async def with_payout(cli):
    await cli("migrate")

    async def setup():
        async with connected(os.environ["DATABASE_URL"]):
            affiliate, buyer = await referred_pair()
            await User.filter(telegram_id=1).update(username="alice")
            await program.record_sale("s", buyer, Money(30000, "USD"), NOW)
            await program.record_sale("t", buyer, Money(1000, "XTR"), datetime.now(UTC))
            await program.request_payout(affiliate, NOW + HOLD)

    await asyncio.create_task(setup())  # Tortoise's state is per context: a task of its own
    return cli


async def test_affiliates_cli_lists_shows_and_pays_out(with_payout, telegram):
    cli = with_payout

    code, listed, _ = await cli("affiliates", "list")
    code_show, shown, _ = await cli("affiliates", "show", "@alice")
    code_payouts, payouts, _ = await cli("affiliates", "payouts")

    assert code == code_show == code_payouts == 0
    assert "@alice" in listed and "clicks    0  sign-ups    1  paying    1" in listed
    assert "USD: pending $0.00, available $0.00, requested $60.00, paid $0.00" in shown
    assert "XTR: pending ⭐ 200" in shown
    payout = re.search(r"#(\d+)", payouts).group(1)
    assert "$60.00  requested" in payouts

    code, out, _ = await cli("affiliates", "mark-paid", payout, "--reference", "SEPA 2026-11-27")
    assert (code, out) == (
        0,
        f"Payout #{payout} of $60.00 is paid (SEPA 2026-11-27; told the user)\n",
    )
    assert telegram.sent_texts(1) == [
        f"💸 Your payout #{payout} of $60.00 has been paid. Thank you for bringing people to us!"
    ]
    _, requested, _ = await cli("affiliates", "payouts")
    _, paid, _ = await cli("affiliates", "payouts", "--status", "paid")
    assert requested == "No requested payouts.\n"
    assert f"#{payout}" in paid and "paid" in paid


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["affiliates", "show", "@nobody"], "no user @nobody"),
        (["affiliates", "show", "2"], "2 has not joined the affiliate program"),
        (["affiliates", "mark-paid", "999", "--reference", "x"], "no payout #999"),
    ],
)
async def test_affiliates_cli_bad_input_is_one_line(with_payout, argv, message):
    code, _, err = await with_payout(*argv)

    assert message in one_line_error(code, err)


async def test_a_paid_payout_cannot_be_marked_paid_again(with_payout, telegram):
    _, payouts, _ = await with_payout("affiliates", "payouts")
    number = re.search(r"#(\d+)", payouts).group(1)
    await with_payout("affiliates", "mark-paid", number, "--reference", "SEPA 1")

    code, _, err = await with_payout("affiliates", "mark-paid", number, "--reference", "SEPA 2")

    assert one_line_error(code, err) == (
        f"error: payout #{number} was paid on {datetime.now(UTC):%Y-%m-%d} (SEPA 1); "
        "nothing changed"
    )
    _, shown, _ = await with_payout("affiliates", "show", "@alice")
    assert f"Payout #{number} $60.00 paid" in shown and "SEPA 1" in shown
    assert "SEPA 2" not in shown
    assert len(telegram.sent_texts(1)) == 1  # told once


@pytest.mark.parametrize(
    "argv",
    [
        ["affiliates", "mark-paid", "abc", "--reference", "x"],
        ["affiliates", "mark-paid", "1"],
        ["affiliates", "payouts", "--status", "lost"],
        ["affiliates"],
    ],
)
async def test_affiliates_cli_bad_arguments_are_usage_errors(with_payout, argv):
    code, _, err = await with_payout(*argv)

    assert code == 2
    one_line_error(code, err)


async def test_a_start_redelivered_after_a_crash_keeps_its_referral_and_counts_once(
    client, telegram
):
    await start(client, 1)
    payload = await link_of(client, telegram, 1)
    update = updates.message(f"/start {payload}", user_id=2)

    await died_before_answering(client, update)  # registered and credited; the welcome lost
    assert (await send(client, update)).status == 200

    referral = await Referral.get().prefetch_related("user")
    assert referral.user.telegram_id == 2
    assert [(c.telegram_user_id, c.new_user) for c in await AffiliateClick.all()] == [(2, True)]
    [welcome] = telegram.sent_texts(2)  # a new user's, with the tour: once
    assert welcome.startswith(
        "Welcome, Alice! I deliver trading signals that you can approve with one tap. "
        "Premium access and a referral program are here too.\n\nStep 1 of 3:"
    )


async def test_payout_requests_at_the_same_moment_make_one_payout(db):
    affiliate, buyer = await referred_pair()
    await program.record_sale("s", buyer, Money(30000, "USD"), NOW)

    results = await asyncio.gather(
        *(program.request_payout(affiliate, NOW + HOLD) for _ in range(4)), return_exceptions=True
    )

    assert sum(isinstance(r, PayoutRequest) for r in results) == 1
    assert all(isinstance(r, (PayoutRequest, BelowMinimum)) for r in results)
    assert [p.amount for p in await Payout.all()] == [6000]
