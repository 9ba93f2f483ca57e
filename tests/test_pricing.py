"""Quotes: every rule and its order, rounding, floors, free orders, currencies, XTR derivation,
expiry, and promo codes with their limits under load."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.money import Money
from app.services.catalog import CatalogService, NoPrice
from app.services.pricing import PricingService, PromoRejected, QuoteUnavailable
from app.services.promos import PromoService
from app.texts import quote_line, refusal
from models import PlanPrice, PromoReservation, Quote, User
from tests.conftest import load_example_catalog, pay_quote

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TTL = timedelta(minutes=15)


@pytest.fixture
async def shop(db):
    await load_example_catalog()
    catalog = CatalogService(Decimal(50))
    return catalog, PricingService(catalog, TTL)


async def user(telegram_id=1001) -> User:
    return await User.create(telegram_id=telegram_id, first_name="Alice")


async def plan(catalog, code="premium_monthly"):
    return await catalog.plan_by_code(code)


async def promo(code="SAVE10", **options):
    options.setdefault("percent", Decimal(10))
    return await PromoService().create(code, **options)


def amounts(draft):
    return [(line.rule, line.amount.amount) for line in draft.lines], draft.total.amount


async def test_a_newcomer_gets_the_products_first_purchase_offer(shop):
    catalog, pricing = shop
    draft = await pricing.preview(await user(), await plan(catalog), "USD", NOW)

    assert draft.base == Money(1900, "USD")
    assert amounts(draft) == ([("newcomer", -380)], 1520)
    assert quote_line(draft.lines[0]) == "newcomer offer, 20 % off"


async def test_no_newcomer_offer_after_a_paid_purchase_of_the_product(shop):
    catalog, pricing = shop
    buyer, monthly = await user(), await plan(catalog)
    paid = await pricing.quote(buyer, monthly, "USD", NOW)
    await pay_quote(paid.id)

    yearly = await plan(catalog, "premium_yearly")
    draft = await pricing.preview(buyer, yearly, "USD", NOW)

    assert amounts(draft) == ([], 19000)


async def test_the_promo_code_applies_after_the_newcomer_offer_on_the_running_total(shop):
    catalog, pricing = shop
    await promo("SAVE10", percent=Decimal(10))

    draft = await pricing.preview(await user(), await plan(catalog), "USD", NOW, "SAVE10")

    # 1900 - 20 % = 1520; 10 % of 1520 = 152 (not 10 % of 1900).
    assert amounts(draft) == ([("newcomer", -380), ("promo", -152)], 1368)


async def test_each_discount_is_rounded_to_the_minor_unit_in_the_buyers_favour(shop):
    catalog, pricing = shop
    await promo("THIRD", percent=Decimal("33.33"))

    draft = await pricing.preview(await user(), await plan(catalog), "USD", NOW, "third")

    # 33.33 % of 1520 = 506.616 cents: the discount rounds up to 507.
    assert amounts(draft) == ([("newcomer", -380), ("promo", -507)], 1013)


async def test_a_total_never_goes_below_the_plans_floor(shop):
    catalog, pricing = shop
    await promo("DEEP", percent=Decimal(90))

    draft = await pricing.preview(await user(), await plan(catalog), "USD", NOW, "DEEP")

    assert amounts(draft) == ([("newcomer", -380), ("promo", -620)], 900)  # floor $9.00
    assert quote_line(draft.lines[1]).endswith("(limited by the plan's minimum price)")


async def test_a_fixed_promo_takes_its_amount_in_the_quotes_currency(shop):
    catalog, pricing = shop
    await promo("FIVE", percent=None, amounts=[Money(500, "USD"), Money(250, "XTR")])
    buyer, monthly = await user(), await plan(catalog)

    usd = await pricing.preview(buyer, monthly, "USD", NOW, "FIVE")
    stars = await pricing.preview(buyer, monthly, "XTR", NOW, "FIVE")

    assert amounts(usd) == ([("newcomer", -380), ("promo", -500)], 1020)
    assert amounts(stars) == ([("newcomer", -190), ("promo", -250)], 510)
    assert quote_line(usd.lines[1]) == "promo code FIVE, $5.00 off"
    with pytest.raises(PromoRejected) as refused:
        await pricing.preview(buyer, monthly, "EUR", NOW, "FIVE")
    assert refused.value.rule == "not_for_currency"
    assert refusal(refused.value) == "This promo code does not apply to prices in EUR."


async def test_a_100_percent_code_makes_a_free_order_despite_the_floor(shop):
    catalog, pricing = shop
    await promo("GIFT", percent=Decimal(100))

    quote = await pricing.quote(await user(), await plan(catalog), "USD", NOW, "GIFT")

    assert quote.total_amount == 0
    assert [line["amount"] for line in quote.lines] == [-380, -1520]


async def test_a_stored_quote_holds_facts_and_its_words_are_built_when_shown(shop):
    catalog, pricing = shop
    await promo("SAVE10")

    quote = await pricing.quote(await user(), await plan(catalog), "USD", NOW, "save10")

    assert quote.lines == [
        {"rule": "newcomer", "percent_bp": 2000, "amount": -380},
        {"rule": "promo", "code": "SAVE10", "percent_bp": 1000, "amount": -152},
    ]
    shown = [quote_line(line) for line in pricing.draft_of(quote).lines]
    assert shown == ["newcomer offer, 20 % off", "promo code SAVE10, 10 % off"]


async def test_a_quote_stored_with_words_still_renders(shop):
    catalog, pricing = shop
    quote = await pricing.quote(await user(), await plan(catalog), "USD", NOW)
    quote.lines = [{"rule": "newcomer", "reason": "newcomer offer, 20 % off", "amount": -380}]

    (line,) = pricing.draft_of(quote).lines

    assert (quote_line(line), line.amount) == ("newcomer offer, 20 % off", Money(-380, "USD"))


async def test_stars_prices_come_from_the_plan_or_from_usd_rounded_up(db):
    await load_example_catalog()
    buyer = await user()
    for rate, expected in ((Decimal(50), 9500), (Decimal("33.33"), 6333)):
        catalog = CatalogService(rate)
        pricing = PricingService(catalog, TTL)
        explicit = await pricing.preview(buyer, await plan(catalog), "XTR", NOW)
        derived = await pricing.preview(buyer, await plan(catalog, "premium_yearly"), "XTR", NOW)

        assert explicit.base == Money(950, "XTR")  # the plan's own Stars price wins
        assert derived.base == Money(expected, "XTR")  # 190 USD x rate, up to whole Stars


async def test_a_currency_without_a_price_is_refused(shop):
    catalog, pricing = shop
    with pytest.raises(NoPrice):
        await pricing.preview(await user(), await plan(catalog), "GBP", NOW)


async def test_a_stored_quote_holds_for_its_ttl_and_only_for_its_user(shop):
    catalog, pricing = shop
    buyer, other = await user(1), await user(2)
    quote = await pricing.quote(buyer, await plan(catalog), "XTR", NOW)

    assert quote.expires_at == NOW + TTL
    assert (
        await pricing.open_quote(buyer, quote.id.hex, NOW + TTL - timedelta(seconds=1))
    ).id == quote.id
    for who, when, quote_id in (
        (buyer, NOW + TTL, quote.id.hex),  # expired
        (other, NOW, quote.id.hex),  # someone else's
        (buyer, NOW, uuid.uuid4().hex),  # unknown
        (buyer, NOW, "not-a-uuid"),  # tampered
    ):
        with pytest.raises(QuoteUnavailable):
            await pricing.open_quote(who, quote_id, when)


@pytest.mark.parametrize(
    ("options", "plan_code", "rule", "message"),
    [
        (
            {"valid_from": NOW + timedelta(days=1)},
            "premium_monthly",
            "not_yet",
            "can be used in 24 hours (from Nov 27, 2026 12:00 UTC)",
        ),
        ({"valid_until": NOW}, "premium_monthly", "expired", "has expired"),
        ({"products": ["vip"]}, "premium_monthly", "not_for_plan", "not valid for this plan"),
        (
            {"plans": ["premium_yearly"]},
            "premium_monthly",
            "not_for_plan",
            "not valid for this plan",
        ),
        ({"max_uses": 1}, "premium_monthly", "used_up", "used up"),
    ],
)
async def test_a_refused_code_names_the_rule_that_refused_it(
    shop, options, plan_code, rule, message
):
    catalog, pricing = shop
    code = await promo("RULE", **options)
    if rule == "used_up":
        await pricing.quote(await user(99), await plan(catalog), "XTR", NOW, code.code)

    with pytest.raises(PromoRejected) as refused:
        await pricing.quote(await user(), await plan(catalog, plan_code), "XTR", NOW, "rule")

    assert refused.value.rule == rule
    assert message in refusal(refused.value, NOW)


async def test_unknown_and_disabled_codes_say_which(shop):
    catalog, pricing = shop
    await promo("OLD")
    await PromoService().disable("old")
    buyer, monthly = await user(), await plan(catalog)

    for code, rule, message in (
        ("NOPE", "unknown", "There is no such promo code. Check the spelling and try again."),
        ("OLD", "disabled", "This promo code is no longer valid."),
    ):
        with pytest.raises(PromoRejected) as refused:
            await pricing.quote(buyer, monthly, "XTR", NOW, code)
        assert (refused.value.rule, refusal(refused.value, NOW)) == (rule, message)


async def test_a_first_purchase_code_is_refused_after_a_purchase(shop):
    catalog, pricing = shop
    await promo("WELCOME", first_purchase_only=True)
    buyer, monthly = await user(), await plan(catalog)
    assert (await pricing.preview(buyer, monthly, "XTR", NOW, "WELCOME")).promo is not None
    paid = await pricing.quote(buyer, monthly, "XTR", NOW)
    await pay_quote(paid.id)

    with pytest.raises(PromoRejected) as refused:
        await pricing.quote(buyer, monthly, "XTR", NOW, "WELCOME")

    assert refused.value.rule == "first_purchase_only"


async def test_100_concurrent_quotes_for_a_code_with_10_uses_left_reserve_exactly_10(shop):
    catalog, pricing = shop
    monthly = await plan(catalog)
    code = await promo("RUSH", max_uses=12)
    for early in (1, 2):  # two uses already paid
        quote = await pricing.quote(await user(early), monthly, "XTR", NOW, "RUSH")
        await PromoReservation.filter(quote_id=quote.id).update(redeemed_at=NOW)
    buyers = [await user(1000 + n) for n in range(100)]

    results = await asyncio.gather(
        *(pricing.quote(buyer, monthly, "XTR", NOW, "rush") for buyer in buyers),
        return_exceptions=True,
    )

    succeeded = [r for r in results if isinstance(r, Quote)]
    refused = [r for r in results if isinstance(r, PromoRejected)]
    assert (len(succeeded), len(refused)) == (10, 90)
    assert {r.rule for r in refused} == {"used_up"}
    assert await PromoReservation.filter(promo=code).count() == 12


async def test_an_expired_reservation_frees_the_use(shop):
    catalog, pricing = shop
    monthly = await plan(catalog)
    await promo("ONCE", max_uses=1)
    await pricing.quote(await user(1), monthly, "XTR", NOW, "ONCE")
    with pytest.raises(PromoRejected):
        await pricing.quote(await user(2), monthly, "XTR", NOW + TTL - timedelta(seconds=1), "ONCE")

    later = await pricing.quote(await user(3), monthly, "XTR", NOW + TTL, "ONCE")

    assert later.promo_id is not None


async def test_a_new_quote_takes_over_the_users_own_reservation(shop):
    catalog, pricing = shop
    monthly = await plan(catalog)
    await promo("MINE", max_uses_per_user=1, max_uses=1)
    buyer = await user()
    first = await pricing.quote(buyer, monthly, "XTR", NOW, "MINE")

    second = await pricing.quote(buyer, monthly, "XTR", NOW + timedelta(minutes=1), "MINE")

    assert second.promo_id is not None
    with pytest.raises(QuoteUnavailable):
        await pricing.open_quote(buyer, first.id.hex, NOW + timedelta(minutes=1))
    with pytest.raises(PromoRejected) as refused:
        await pricing.quote(await user(2), monthly, "XTR", NOW + timedelta(minutes=1), "MINE")
    assert refused.value.rule == "used_up"


async def test_a_preview_reserves_nothing(shop):
    catalog, pricing = shop
    await promo("LOOK", max_uses=1)

    await pricing.preview(await user(1), await plan(catalog), "XTR", NOW, "LOOK")

    assert await PromoReservation.all().count() == 0
    assert await Quote.all().count() == 0


async def test_a_code_that_takes_nothing_off_uses_nothing_up(shop):
    catalog, pricing = shop
    monthly = await plan(catalog)
    await PlanPrice.filter(plan=monthly, currency="XTR").update(floor_amount=950)  # floor = price
    await promo("FLOORED", max_uses=1)

    quote = await pricing.quote(await user(), await plan(catalog), "XTR", NOW, "FLOORED")

    assert (quote.total_amount, quote.lines, quote.promo_id) == (950, [], None)
    assert await PromoReservation.all().count() == 0
