"""Stars subscriptions (first payment, renewals, cancel and resume), refunds from the bot and
from Telegram, every order transition (refused in code and by the database), and the whole
journey a buyer makes."""

import itertools
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError
from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.jobs import Maintenance
from app.services.catalog import PlanSpec
from app.services.entitlements import EntitlementService
from app.services.ledger import Ledger
from app.services.orders import IllegalTransition, OrderService
from app.services.payments import NoSubscription
from app.services.promos import PromoService
from app.web import SERVICES
from models import (
    ORDER_TRANSITIONS,
    Commission,
    EntitlementGrant,
    GrantSource,
    GrantStatus,
    LedgerEntry,
    Order,
    OrderKind,
    OrderStatus,
    OrderTransition,
    Payment,
    PaymentOutcome,
    Plan,
    StarSubscription,
    SubscriptionStatus,
    User,
)
from tests import updates
from tests.conftest import ADMIN_ID, load_example_catalog, send
from tests.test_payments import amount_of, buy, pay, payment_of, pre_checkout, receipts, tap

MONTHLY = "premium_monthly"  # a Stars subscription: 950 Stars every 30 days
DAY = 24 * 3600


@pytest.fixture
async def shop(client):
    await load_example_catalog()
    await send(client, updates.message("/start"))
    return client


async def subscribe(client, telegram):
    """Shop → monthly plan → Buy → the Pay link → the first payment of the subscription."""
    plan = await Plan.get(code=MONTHLY)
    await tap(client, f"plan:{plan.id}")
    quote = await plan.quotes.all().order_by("-created_at").first()
    await tap(client, f"quote:buy:{quote.id.hex}")
    link = telegram.called("createInvoiceLink")[-1].params
    assert telegram.invoices() == []
    first_end = int(time.time()) + 30 * DAY
    telegram.star_transactions.append(telegram.star_transaction("sub-1", quote.total_amount, 1001))
    answer = await send(
        client,
        updates.pre_checkout_query(payload=link["payload"], amount=amount_of(link)),
    )
    assert answer.status == 200
    assert telegram.called("answerPreCheckoutQuery")[-1].params["ok"] == "true"
    await send(
        client,
        payment_of(
            link, charge_id="sub-1", recurring=True, first_recurring=True, expires=first_end
        ),
    )
    return link, first_end


async def premium_end(user_id=updates.USER_ID):
    user = await User.get(telegram_id=user_id)
    grants = await EntitlementGrant.filter(user=user, key="premium", status=GrantStatus.ACTIVE)
    return max(grant.expires_at for grant in grants)


async def test_a_subscription_is_sold_through_a_pay_link_for_30_days(shop, telegram):
    link, first_end = await subscribe(shop, telegram)

    assert link["subscription_period"] == "2592000"
    assert link["currency"] == "XTR" and amount_of(link) <= 10_000
    pay_button = telegram.called("sendMessage")[-2].json("reply_markup")["inline_keyboard"][0][0]
    assert pay_button["url"].startswith("https://t.me/$invoice")
    [subscription] = await StarSubscription.all()
    assert (subscription.charge_id, subscription.status) == ("sub-1", SubscriptionStatus.ACTIVE)
    assert subscription.period_end == datetime.fromtimestamp(first_end, UTC)
    [order] = await Order.all()
    assert (order.kind, order.status, order.subscription_id) == (
        OrderKind.SUBSCRIPTION,
        OrderStatus.FULFILLED,
        subscription.id,
    )
    assert "renews every 30 days" in receipts(telegram)[-1]


async def test_two_renewals_extend_access_once_each(shop, telegram):
    link, first_end = await subscribe(shop, telegram)
    end_after_first = await premium_end()

    for n, charge in enumerate(["renew-1", "renew-2"], start=1):
        renewal = payment_of(
            link, charge_id=charge, recurring=True, expires=first_end + n * 30 * DAY
        )
        await send(shop, renewal)
        await send(shop, renewal)  # redelivered: no second month

    assert await premium_end() == end_after_first + timedelta(days=60)
    renewals = await Order.filter(kind=OrderKind.RENEWAL).order_by("id")
    assert [order.status for order in renewals] == [OrderStatus.FULFILLED] * 2
    assert await Payment.all().count() == 3
    subscription = await StarSubscription.get()
    assert subscription.period_end == datetime.fromtimestamp(first_end + 60 * DAY, UTC)
    assert len(receipts(telegram)) == 3
    assert await Ledger().check() == []


async def test_subscription_cancel_and_resume_from_subscription(shop, telegram):
    await subscribe(shop, telegram)

    subscription = await StarSubscription.get()
    await send(shop, updates.message("/subscription"))
    screen = telegram.sent_texts()[-1]
    assert "Your Premium signals · 1 month subscription renews in 30 days" in screen
    button = telegram.called("sendMessage")[-1].json("reply_markup")["inline_keyboard"][0][0]
    assert button == {
        "text": "Cancel renewal · 1 month",
        "callback_data": f"stars_sub:cancel:{subscription.id}",
    }
    await tap(shop, f"stars_sub:cancel:{subscription.id}")
    cancel = telegram.called("editUserStarSubscription")[-1].params
    assert (cancel["user_id"], cancel["telegram_payment_charge_id"], cancel["is_canceled"]) == (
        str(updates.USER_ID),
        "sub-1",
        "true",
    )
    assert (await StarSubscription.get()).status == SubscriptionStatus.CANCELLED
    assert telegram.screen().startswith("Renewal cancelled. Your access runs until")
    await send(shop, updates.message("/subscription"))
    assert "is cancelled: access ends" in telegram.sent_texts()[-1]

    await tap(shop, f"stars_sub:resume:{subscription.id}")

    assert telegram.called("editUserStarSubscription")[-1].params["is_canceled"] == "false"
    assert (await StarSubscription.get()).status == SubscriptionStatus.ACTIVE
    assert "turn renewal back on for this subscription in Telegram" in telegram.screen()


async def test_someone_elses_or_an_unknown_subscription_cannot_be_changed(shop, telegram):
    await subscribe(shop, telegram)
    subscription = await StarSubscription.get()
    await send(shop, updates.message("/start", user_id=2002))

    await tap(shop, f"stars_sub:cancel:{subscription.id}", user_id=2002)
    await tap(shop, "stars_sub:cancel:999")

    for answer in telegram.called("answerCallbackQuery")[-2:]:
        assert answer.params["text"] == (
            "That subscription has ended. /subscription shows what you have."
        )
    assert telegram.called("editUserStarSubscription") == []
    assert (await StarSubscription.get()).status == SubscriptionStatus.ACTIVE


# Refunds


async def test_an_admin_refunds_in_the_bot_and_exactly_that_order_is_undone(shop, telegram):
    invoice = await buy(shop, telegram)
    await pay(shop, telegram, invoice)
    order = await Order.get()
    user = await User.get(telegram_id=updates.USER_ID)
    await EntitlementService().grant(
        user, ["premium"], 7, GrantSource.ADMIN, "admin:42", datetime.now(UTC)
    )
    await send(shop, updates.message("/start", user_id=ADMIN_ID))

    await send(shop, updates.message(f"/refund {order.id} bought by mistake", user_id=ADMIN_ID))

    [refund] = telegram.called("refundStarPayment")
    assert refund.params["telegram_payment_charge_id"] == "charge-1"
    assert telegram.sent_texts(ADMIN_ID)[-1].startswith(f"Order #{order.id} refunded: ⭐ 19,600")
    assert "was refunded" in telegram.sent_texts(updates.USER_ID)[-1]
    order = await Order.get()
    assert order.status == OrderStatus.REFUNDED
    last = await OrderTransition.filter(order=order).order_by("-id").first()
    assert (last.cause, last.note) == ("refund_admin", "bought by mistake")
    grants = await EntitlementGrant.filter(user=user).order_by("id")
    assert [(g.source_ref, g.status) for g in grants] == [
        (f"order:{order.id}", GrantStatus.REVOKED),
        ("admin:42", GrantStatus.ACTIVE),  # other sources keep theirs
    ]
    assert (await Payment.get()).outcome == PaymentOutcome.REFUNDED
    assert await Ledger().check() == []

    # Refunding again is one clear line; so is Telegram saying it already did.
    await send(shop, updates.message(f"/refund {order.id}", user_id=ADMIN_ID))
    assert telegram.sent_texts(ADMIN_ID)[-1] == f"order #{order.id} was refunded already"


async def test_telegrams_word_of_an_admin_refund_arriving_first_tells_the_buyer_once(
    shop, telegram
):
    invoice = await buy(shop, telegram)
    await pay(shop, telegram, invoice)
    order = await Order.get()
    await send(shop, updates.message("/start", user_id=ADMIN_ID))
    told_before = len(telegram.sent_texts(updates.USER_ID))

    async def telegram_reports_it_meanwhile(params):
        await send(
            shop,
            updates.refunded_payment(
                payload=invoice["payload"], amount=order.amount, charge_id="charge-1"
            ),
        )

    telegram.hooks["refundStarPayment"] = telegram_reports_it_meanwhile
    await send(shop, updates.message(f"/refund {order.id}", user_id=ADMIN_ID))

    told = telegram.sent_texts(updates.USER_ID)[told_before:]
    assert [text for text in told if "was refunded" in text] == [told[0]]
    assert len(told) == 1
    assert telegram.sent_texts(ADMIN_ID)[-1].startswith(f"Order #{order.id} refunded")
    assert (await Order.get()).status == OrderStatus.REFUNDED


async def test_refund_errors_are_one_clear_line(shop, telegram):
    await send(shop, updates.message("/start", user_id=ADMIN_ID))
    for text, expected in [
        ("/refund", "Usage: /refund ORDER"),
        ("/refund twelve", "Usage: /refund ORDER"),
        ("/refund 999", "no order #999; `orders list` shows them"),
    ]:
        await send(shop, updates.message(text, user_id=ADMIN_ID))
        assert telegram.sent_texts(ADMIN_ID)[-1].startswith(expected), text

    invoice = await buy(shop, telegram)
    await pay(shop, telegram, invoice)
    telegram.fail("refundStarPayment", 400, "Bad Request: CHARGE_NOT_FOUND")
    await send(shop, updates.message(f"/refund {(await Order.get()).id}", user_id=ADMIN_ID))
    assert telegram.sent_texts(ADMIN_ID)[-1] == (
        "Telegram does not know this payment, so it cannot be refunded."
    )
    assert (await Order.get()).status == OrderStatus.FULFILLED


async def test_refund_is_an_admin_command_only(shop, telegram):
    invoice = await buy(shop, telegram)
    await pay(shop, telegram, invoice)

    await send(shop, updates.message(f"/refund {(await Order.get()).id}"))

    assert telegram.called("refundStarPayment") == []
    assert (await Order.get()).status == OrderStatus.FULFILLED


async def test_a_refund_made_by_telegram_has_the_same_effects_once(shop, telegram):
    invoice = await buy(shop, telegram)
    await pay(shop, telegram, invoice)
    refunded = updates.refunded_payment(
        payload=invoice["payload"], amount=amount_of(invoice), charge_id="charge-1"
    )

    await send(shop, refunded)
    await send(
        shop,
        updates.refunded_payment(
            payload=invoice["payload"], amount=amount_of(invoice), charge_id="charge-1"
        ),
    )

    assert (await Order.get()).status == OrderStatus.REFUNDED
    assert await EntitlementGrant.filter(status=GrantStatus.ACTIVE).count() == 0
    assert sum("was refunded" in text for text in telegram.sent_texts(updates.USER_ID)) == 1
    assert telegram.called("refundStarPayment") == []  # nothing to give back: Telegram did
    assert await Ledger().check() == []


async def test_a_refund_reverses_the_referrers_commission(client, telegram):
    await load_example_catalog()
    await send(client, updates.message("/start", user_id=2002))
    await send(client, updates.message("/affiliate", user_id=2002))
    await tap(client, "aff:join", 2002)
    from models import Affiliate

    await send(client, updates.message(f"/start ref_{(await Affiliate.get()).code}"))
    invoice = await buy(client, telegram)
    await pay(client, telegram, invoice)
    await send(client, updates.message("/start", user_id=ADMIN_ID))

    await send(client, updates.message(f"/refund {(await Order.get()).id}", user_id=ADMIN_ID))

    [commission] = await Commission.all()
    assert commission.cancelled_at is not None  # pending: cancelled outright
    assert await Ledger().check() == []


# Transitions


async def test_every_legal_transition_is_made_and_every_illegal_one_refused(db):
    await load_example_catalog()
    user = await User.create(telegram_id=1, first_name="A")
    plan = await Plan.get(code=MONTHLY)
    orders = OrderService(None, None)  # type: ignore[arg-type]
    now = datetime.now(UTC)
    for old, new in itertools.product(OrderStatus, OrderStatus):
        if old == new:
            continue
        async with in_transaction() as connection:
            order = await orders.create(user, plan, "XTR", 1, "test", now, connection)
        await walk_to(orders, order, old, now)
        if new in ORDER_TRANSITIONS[old]:
            await orders.move(order, new, "test", now)
            assert (await Order.get(id=order.id)).status == new
        else:
            with pytest.raises(IllegalTransition):
                await orders.move(order, new, "test", now)
            # The database refuses it too, whoever writes.
            with pytest.raises(IntegrityError):
                await connections.get("default").execute_query(
                    f"UPDATE orders SET status = '{new}' WHERE id = {order.id}"
                )
            assert (await Order.get(id=order.id)).status == old
        await Order.filter(id=order.id, open_key__isnull=False).update(open_key=None)
    assert await OrderTransition.filter(cause="test").count() > 0
    with pytest.raises(IntegrityError):
        await connections.get("default").execute_query(
            "INSERT INTO orders (user_id, plan_id, kind, currency, amount, status, token,"
            f" created_at) VALUES ('{user.id}', {plan.id}, 'one_time', 'XTR', 1, 'paid', 't',"
            f" '{now.isoformat()}')"
        )


PATHS = {
    OrderStatus.CREATED: [],
    OrderStatus.AWAITING_PAYMENT: [OrderStatus.AWAITING_PAYMENT],
    OrderStatus.PAID: [OrderStatus.PAID],
    OrderStatus.FULFILLED: [OrderStatus.PAID, OrderStatus.FULFILLED],
    OrderStatus.EXPIRED: [OrderStatus.EXPIRED],
    OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
    OrderStatus.REFUNDED: [OrderStatus.PAID, OrderStatus.REFUNDED],
}


async def walk_to(orders, order, status, now):
    for step in PATHS[status]:
        await orders.move(order, step, "setup", now)


async def test_a_second_open_order_for_the_same_plan_is_refused_by_the_database(db):
    await load_example_catalog()
    user = await User.create(telegram_id=1, first_name="A")
    plan = await Plan.get(code=MONTHLY)
    now = datetime.now(UTC)
    async with in_transaction() as connection:
        await OrderService.create(user, plan, "XTR", 1, "test", now, connection)
    with pytest.raises(IntegrityError):
        async with in_transaction() as connection:
            await OrderService.create(user, plan, "XTR", 1, "test", now, connection)


# The journey


async def test_shop_promo_buy_pay_premium_subscription_orders_refund(shop, telegram):
    await PromoService().create("SAVE10", percent=Decimal(10))
    plan = await Plan.get(code="premium_lifetime")
    await send(shop, updates.message("/shop"))
    await tap(shop, f"plan:{plan.id}")
    quote = await plan.quotes.all().first()
    await tap(shop, f"quote:promo:{quote.id.hex}")
    await send(shop, updates.message("save10"))
    assert "Promo code SAVE10, 10 % off" in telegram.screen()
    promo_quote = await plan.quotes.all().order_by("-created_at").first()
    await tap(shop, f"quote:buy:{promo_quote.id.hex}")
    invoice = telegram.invoices()[-1].params
    assert amount_of(invoice) == promo_quote.total_amount < quote.total_amount

    await send(shop, updates.message("/approve"))
    assert telegram.sent_texts()[-1].startswith("⭐ /approve comes with premium access")
    await pay(shop, telegram, invoice)
    await send(shop, updates.message("/approve"))
    assert "comes with premium access" not in telegram.sent_texts()[-1]  # premium works
    await send(shop, updates.message("/subscription"))
    assert "Premium signals — lifetime" in telegram.sent_texts()[-1]
    await send(shop, updates.message("/orders"))
    order = await Order.get(quote_id=promo_quote.id)
    assert f"#{order.id}" in telegram.sent_texts()[-1] and "paid" in telegram.sent_texts()[-1]

    await send(shop, updates.message("/start", user_id=ADMIN_ID))
    await send(shop, updates.message(f"/refund {order.id}", user_id=ADMIN_ID))
    await send(shop, updates.message("/orders"))
    assert "refunded" in telegram.sent_texts()[-1]
    await send(shop, updates.message("/subscription"))
    assert telegram.sent_texts()[-1] == "You have no premium access now."
    assert await Ledger().check() == []


def test_the_catalog_refuses_a_stars_subscription_over_telegrams_ceiling():
    with pytest.raises(ValidationError, match="costs at most 10000 Stars"):
        PlanSpec(
            code="dear",
            title="Dear",
            duration_days=30,
            prices={"XTR": 10_001},
            stars_subscription=True,
        )
    PlanSpec(
        code="fine", title="Fine", duration_days=30, prices={"XTR": 10_000}, stars_subscription=True
    )


async def test_a_subscription_plan_priced_past_the_ceiling_from_usd_is_bought_once(shop, telegram):
    # premium_yearly has no XTR price: 190 USD at STARS_PER_USD is 9 500 Stars; make it dearer.
    await Plan.filter(code="premium_monthly").update(stars_subscription=False)
    plan = await Plan.get(code="premium_yearly")
    await Plan.filter(id=plan.id).update(stars_subscription=True, duration_days=30)
    from models import PlanPrice

    await PlanPrice.filter(plan=plan, currency="USD").update(amount=50_000)

    invoice = await buy(shop, telegram, "premium_yearly")

    assert amount_of(invoice) > 10_000
    assert telegram.called("createInvoiceLink") == []
    assert (await Order.get()).kind == OrderKind.ONE_TIME


# /paysupport and /terms


async def test_paysupport_and_terms_answer_from_the_settings(
    aiohttp_client, clean_state, telegram, tmp_path
):
    from app.web import create_app
    from tests.conftest import make_settings

    terms_file = tmp_path / "terms.txt"
    terms_file.write_text("Our terms, from a file.")
    settings = make_settings(
        clean_state,
        telegram,
        payments={"support": "Write to @helpdesk.", "terms_file": str(terms_file)},
    )
    client = await aiohttp_client(create_app(settings))

    await send(client, updates.message("/paysupport"))
    await send(client, updates.message("/terms"))

    assert telegram.sent_texts()[-2:] == ["Write to @helpdesk.", "Our terms, from a file."]


async def test_paysupport_and_terms_have_defaults_and_answer_in_groups(client, telegram):
    await send(client, updates.message("/paysupport", chat_id=-100, chat_type="supergroup"))
    await send(client, updates.message("/terms", chat_id=-100, chat_type="supergroup"))

    support, terms = telegram.sent_texts(-100)
    assert "order number from /orders" in support
    assert "renew every 30 days" in terms


async def test_refunding_a_subscription_stops_its_renewals(shop, telegram):
    await subscribe(shop, telegram)
    await send(shop, updates.message("/start", user_id=ADMIN_ID))

    await send(shop, updates.message(f"/refund {(await Order.get()).id}", user_id=ADMIN_ID))

    [cancel] = telegram.called("editUserStarSubscription")
    assert (cancel.params["telegram_payment_charge_id"], cancel.params["is_canceled"]) == (
        "sub-1",
        "true",
    )
    assert (await StarSubscription.get()).status == SubscriptionStatus.ENDED
    assert await Ledger().check() == []


async def test_telegram_refusing_a_subscription_change_is_said_plainly(shop, telegram):
    await subscribe(shop, telegram)
    telegram.fail("editUserStarSubscription", 400, "Bad Request: SUBSCRIPTION_EXPIRED")

    await tap(shop, f"stars_sub:cancel:{(await StarSubscription.get()).id}")

    answer = telegram.called("answerCallbackQuery")[-1].params
    assert answer["text"] == "Telegram did not accept that change. Please try again later."
    assert (await StarSubscription.get()).status == SubscriptionStatus.ACTIVE


# What the review found: subscriptions and refunds at the edges


async def test_a_renewal_is_applied_while_an_unpaid_order_for_the_plan_is_open(shop, telegram):
    link, first_end = await subscribe(shop, telegram)
    await Plan.filter(code=MONTHLY).update(stars_subscription=False)  # so Buy opens an order
    await buy(shop, telegram, MONTHLY)  # an invoice left unpaid
    assert await Order.filter(status=OrderStatus.AWAITING_PAYMENT).count() == 1

    await send(shop, payment_of(link, charge_id="renew-1", recurring=True))

    renewal = await Order.get(kind=OrderKind.RENEWAL)
    assert renewal.status == OrderStatus.FULFILLED
    assert (await Payment.get(charge_id="renew-1")).outcome == PaymentOutcome.APPLIED


async def test_a_renewal_redelivered_under_another_update_id_extends_once(shop, telegram):
    link, first_end = await subscribe(shop, telegram)
    end_after_first = await premium_end()

    for update_id in (70_001, 70_002):
        await send(shop, payment_of(link, charge_id="renew-1", recurring=True, update_id=update_id))

    assert await premium_end() == end_after_first + timedelta(days=30)
    assert await Order.filter(kind=OrderKind.RENEWAL).count() == 1


async def test_a_second_subscription_to_the_same_plan_is_refused(shop, telegram):
    link, _ = await subscribe(shop, telegram)
    plan = await Plan.get(code=MONTHLY)
    await tap(shop, f"plan:{plan.id}")
    quote = await plan.quotes.all().order_by("-created_at").first()

    await tap(shop, f"quote:buy:{quote.id.hex}")

    answer = telegram.called("answerCallbackQuery")[-1].params
    assert answer["text"] == "You have this subscription already. /subscription shows it."
    assert len(telegram.called("createInvoiceLink")) == 1


async def test_the_same_pay_link_paid_from_two_devices_is_refunded_and_stopped(shop, telegram):
    link, _ = await subscribe(shop, telegram)

    await send(shop, payment_of(link, charge_id="sub-2", recurring=True, first_recurring=True))

    second = await Payment.get(charge_id="sub-2")
    assert (second.outcome, second.problem) == (PaymentOutcome.REFUNDED, "already_subscribed")
    [stop] = telegram.called("editUserStarSubscription")
    assert (stop.params["telegram_payment_charge_id"], stop.params["is_canceled"]) == (
        "sub-2",
        "true",
    )
    assert await StarSubscription.all().count() == 1


async def test_a_late_first_subscription_payment_starts_the_subscription(shop, telegram):
    plan = await Plan.get(code=MONTHLY)
    await tap(shop, f"plan:{plan.id}")
    quote = await plan.quotes.all().first()
    await tap(shop, f"quote:buy:{quote.id.hex}")
    link = telegram.called("createInvoiceLink")[-1].params
    await Order.all().update(status=OrderStatus.EXPIRED, open_key=None)  # the job ran

    await send(shop, payment_of(link, charge_id="sub-1", recurring=True, first_recurring=True))

    late = await Order.filter(status=OrderStatus.FULFILLED).get()
    [subscription] = await StarSubscription.all()
    assert (late.kind, late.subscription_id, subscription.charge_id) == (
        OrderKind.SUBSCRIPTION,
        subscription.id,
        "sub-1",
    )


async def test_a_late_first_subscription_payment_is_renewed_like_any_other(shop, telegram):
    plan = await Plan.get(code=MONTHLY)
    await tap(shop, f"plan:{plan.id}")
    quote = await plan.quotes.all().first()
    await tap(shop, f"quote:buy:{quote.id.hex}")
    link = telegram.called("createInvoiceLink")[-1].params
    await Order.all().update(status=OrderStatus.EXPIRED, open_key=None)  # the job ran
    first_end = int(time.time()) + 30 * DAY
    await send(
        shop,
        payment_of(
            link, charge_id="sub-1", recurring=True, first_recurring=True, expires=first_end
        ),
    )
    end_after_first = await premium_end()

    # Telegram's renewal carries the payload of the order the invoice was made for.
    await send(
        shop, payment_of(link, charge_id="renew-1", recurring=True, expires=first_end + 30 * DAY)
    )

    renewal = await Payment.get(charge_id="renew-1")
    assert (renewal.outcome, renewal.problem) == (PaymentOutcome.APPLIED, "")
    assert await premium_end() == end_after_first + timedelta(days=30)
    assert telegram.called("refundStarPayment") == []
    assert await Ledger().check() == []


async def test_a_renewal_of_a_subscription_unknown_here_is_refunded_and_stopped(shop, telegram):
    link, _ = await subscribe(shop, telegram)
    await Order.all().update(subscription_id=None)  # the renewal finds nothing to extend

    await send(shop, payment_of(link, charge_id="renew-1", recurring=True))

    renewal = await Payment.get(charge_id="renew-1")
    assert (renewal.outcome, renewal.problem) == (PaymentOutcome.REFUNDED, "unknown_subscription")
    [stop] = telegram.called("editUserStarSubscription")
    assert (stop.params["telegram_payment_charge_id"], stop.params["is_canceled"]) == (
        "sub-1",
        "true",
    )


async def test_a_refund_made_in_telegram_stops_the_subscriptions_renewals(shop, telegram):
    link, _ = await subscribe(shop, telegram)

    await send(
        shop,
        updates.refunded_payment(
            payload=link["payload"], amount=amount_of(link), charge_id="sub-1"
        ),
    )

    [stop] = telegram.called("editUserStarSubscription")
    assert stop.params["is_canceled"] == "true"
    assert (await StarSubscription.get()).status == SubscriptionStatus.ENDED
    await send(shop, payment_of(link, charge_id="renew-1", recurring=True))
    assert (await Payment.get(charge_id="renew-1")).problem == "subscription_ended"


async def test_telegrams_word_of_a_refund_arriving_mid_refund_does_not_spoil_it(shop, telegram):
    """Our refundStarPayment goes through and Telegram's refunded_payment is handled before our
    own bookkeeping: the refund still succeeds, once, and the admin hears so."""
    invoice = await buy(shop, telegram)
    await pay(shop, telegram, invoice)
    order = await Order.get()
    services = shop.app[SERVICES]

    class TelegramTellsFirst:
        async def refund(self, telegram_user_id, charge_id):
            await services.payments.refunded(charge_id, "refund_telegram", datetime.now(UTC), self)

        async def set_subscription_cancelled(self, telegram_user_id, charge_id, cancelled):
            raise AssertionError("not a subscription")

    refund = await services.payments.refund_order(
        order.id, "refund_admin", datetime.now(UTC), TelegramTellsFirst()
    )

    assert refund.order is not None and refund.order.status == OrderStatus.REFUNDED
    assert await LedgerEntry.filter(kind="refund").count() == 1
    assert await Ledger().check() == []


async def test_a_refund_landing_mid_resume_leaves_the_subscription_ended(shop, telegram):
    await subscribe(shop, telegram)
    services = shop.app[SERVICES]
    subscription = await StarSubscription.get()
    user = await User.get(telegram_id=updates.USER_ID)

    class RefundedMeanwhile:
        async def set_subscription_cancelled(self, telegram_user_id, charge_id, cancelled):
            await services.payments.record_refund(charge_id, "refund_telegram", datetime.now(UTC))

    with pytest.raises(NoSubscription):
        await services.payments.set_cancelled(
            user, subscription.id, False, datetime.now(UTC), RefundedMeanwhile()
        )

    assert (await StarSubscription.get()).status == SubscriptionStatus.ENDED


async def test_the_newcomer_price_is_good_for_one_purchase_only(shop, telegram):
    lifetime = await buy(shop, telegram)  # 20 % off: a first purchase of premium
    yearly = await buy(shop, telegram, "premium_yearly")  # also quoted as a first purchase
    await pay(shop, telegram, lifetime)

    answer = await pre_checkout(shop, telegram, yearly)

    assert (answer["ok"], answer["error_message"]) == (
        "false",
        "The price has changed. Tap the button in the chat for today's.",
    )


async def test_an_old_invoice_paid_after_the_plan_was_bought_again_is_refunded(shop, telegram):
    old = await buy(shop, telegram)
    assert (await pre_checkout(shop, telegram, old))["ok"] == "true"
    newer = await buy(shop, telegram)  # replaces the old order
    await pay(shop, telegram, newer, charge_id="charge-new")

    await send(shop, payment_of(old, charge_id="charge-old"))

    assert (await Payment.get(charge_id="charge-old")).problem == "already_bought"
    assert await Order.filter(status=OrderStatus.FULFILLED).count() == 1


async def test_a_pre_checkout_telegram_no_longer_accepts_is_acknowledged(shop, telegram):
    invoice = await buy(shop, telegram)
    telegram.fail("answerPreCheckoutQuery", 400, "Bad Request: QUERY_ID_INVALID")

    response = await send(
        shop, updates.pre_checkout_query(payload=invoice["payload"], amount=amount_of(invoice))
    )

    assert response.status == 200


def test_the_migrations_guard_allows_exactly_the_moves_the_code_allows():
    """PostgreSQL's trigger is frozen in migration 6; SQLite's is built from ORDER_TRANSITIONS:
    both must list the same moves."""
    from app.db import MIGRATIONS_DIR, legal_moves

    [migration] = MIGRATIONS_DIR.glob("models/6_*.py")
    text = migration.read_text()
    listed = text[text.index("NOT IN (") : text.index(") THEN")]
    assert sorted(
        move.strip(" '") for move in listed.removeprefix("NOT IN (").split(",")
    ) == sorted(legal_moves())


async def test_a_renewal_that_does_not_come_lets_access_lapse_with_the_usual_reminder(
    shop, telegram
):
    await subscribe(shop, telegram)
    end = await premium_end()
    maintenance = Maintenance(shop.app[SERVICES])

    report = await maintenance.run(end + timedelta(minutes=1))

    assert report.expired == 1
    user = await User.get(telegram_id=updates.USER_ID)
    assert not await EntitlementService().has(user.id, "premium", end + timedelta(minutes=1))
    assert telegram.sent_texts()[-1] == (
        "Your access to Premium signals has ended. Renew to get it back."
    )
