"""Card payments through Stripe, end to end against a local fake of Stripe's API reached
through the official SDK: "Pay by card" → Checkout Session → the events Stripe sends (signed by
the SDK's own helper, posted to the real webhook) → access, renewals, refunds and disputes, with
the ledger checked after each."""

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
import stripe

from app.db import close_db, init_db
from app.services.ledger import Ledger
from app.stripe_webhook import STRIPE_WEBHOOK_PATH
from app.web import SERVICES, create_app
from models import (
    Account,
    EntitlementGrant,
    GrantStatus,
    LedgerEntry,
    Order,
    OrderKind,
    OrderStatus,
    Payment,
    PaymentOutcome,
    Plan,
    StarSubscription,
    StripeCustomer,
    StripeEvent,
    StripeEventStatus,
    SubscriptionProvider,
    SubscriptionStatus,
    User,
)
from tests import updates
from tests.conftest import ADMIN_ID, load_example_catalog, make_settings, send
from tests.fakes.stripe import FakeStripe

WEBHOOK_SECRET = "whsec_test_cards_0123456789"
LIFETIME = "premium_lifetime"  # USD 490.00, one payment
MONTHLY = "premium_monthly"  # USD 19.00, renews every 30 days


@pytest.fixture
async def fake_stripe(aiohttp_server) -> FakeStripe:
    return await FakeStripe.serve(aiohttp_server)


@pytest.fixture
async def shop(aiohttp_client, clean_state, telegram, fake_stripe):
    settings = make_settings(
        clean_state,
        telegram,
        stripe={
            "secret_key": "sk_test_cards123",
            "webhook_secret": WEBHOOK_SECRET,
            "api_base": fake_stripe.url,
            "return_url": "https://example.com/back",
        },
    )
    client = await aiohttp_client(create_app(settings))
    await load_example_catalog()
    await send(client, updates.message("/start"))
    await send(client, updates.message("/start", user_id=ADMIN_ID))
    return client


async def tap(client, data, user_id=updates.USER_ID):
    response = await send(client, updates.callback_query(data, user_id=user_id))
    assert response.status == 200


async def card_checkout(client, telegram, fake, plan_code=LIFETIME, user_id=updates.USER_ID):
    """Shop → plan → "Pay by card": the Checkout Session the bot opened."""
    plan = await Plan.get(code=plan_code)
    await tap(client, f"plan:{plan.id}", user_id)
    markup = telegram.shown(user_id)[-1].json("reply_markup")
    assert "Pay by card" in [button["text"] for row in markup["inline_keyboard"] for button in row]
    quote = await plan.quotes.filter(currency="XTR").order_by("-created_at").first()
    await tap(client, f"quote:card:{quote.id.hex}", user_id)
    session_id = (
        await Order.filter(checkout_ref__isnull=False).order_by("-id").first()
    ).checkout_ref
    return fake.sessions[session_id]


async def deliver(client, events, *, times=1):
    """Stripe's deliveries of these events (each signed), then the work they started."""
    for event in events:
        body = json.dumps(event)
        for _ in range(times):
            header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
            response = await client.post(
                STRIPE_WEBHOOK_PATH,
                data=body.encode(),
                headers={"Stripe-Signature": header, "Content-Type": "application/json"},
            )
            assert response.status == 200, await response.text()
    await client.app[SERVICES].stripe_processor.drain()


async def premium_grants(user_id=updates.USER_ID):
    user = await User.get(telegram_id=user_id)
    return await EntitlementGrant.filter(user=user, key="premium").order_by("id")


def receipts(telegram, user_id=updates.USER_ID):
    return [text for text in telegram.sent_texts(user_id) if "Payment received" in text]


async def test_pay_by_card_opens_a_checkout_session_priced_from_the_quote(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)

    order = await Order.get()
    user = await User.get(telegram_id=updates.USER_ID)
    assert (order.currency, order.amount, order.status) == (
        "USD",
        session["amount_total"],
        OrderStatus.AWAITING_PAYMENT,
    )
    assert session["mode"] == "payment"
    assert session["client_reference_id"] == str(order.id)
    assert session["metadata"] == {"order_id": str(order.id)}
    assert session["success_url"] == "https://example.com/back"
    customer = await StripeCustomer.get(user=user)
    assert session["customer"] == customer.id
    assert fake_stripe.customers[customer.id]["metadata"] == {
        "telegram_user_id": str(updates.USER_ID)
    }
    [created] = [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]
    assert created.idempotency_key == f"checkout:{order.id}:{session['expires_at']}"
    assert created.params["locale"] == "en"  # the buyer's language
    assert session["expires_at"] >= int(order.created_at.timestamp()) + 30 * 60
    button = telegram.shown()[-1].json("reply_markup")["inline_keyboard"][0][0]
    assert button["url"] == session["url"]
    assert f"(order #{order.id})" in telegram.screen()


async def test_a_second_checkout_reuses_the_customer_and_the_same_session(
    shop, telegram, fake_stripe
):
    first = await card_checkout(shop, telegram, fake_stripe)
    quote = await (await Plan.get(code=LIFETIME)).quotes.filter(currency="XTR").first()
    await tap(shop, f"quote:card:{quote.id.hex}")  # the same quote tapped again

    customers = [r for r in fake_stripe.requests if r.path == "/v1/customers"]
    assert len(customers) == 1 and len(fake_stripe.customers) == 1
    assert len(fake_stripe.sessions) == 1  # the order's open session, shown again
    assert telegram.shown()[-1].json("reply_markup")["inline_keyboard"][0][0]["url"] == first["url"]
    await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    assert len(fake_stripe.customers) == 1  # another plan, the same Customer


async def test_a_paid_session_gives_access_once_however_often_stripe_sends_it(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)

    await deliver(shop, fake_stripe.complete_session(session["id"]), times=5)

    order = await Order.get()
    assert order.status == OrderStatus.FULFILLED
    [payment] = await Payment.all()
    assert (payment.outcome, payment.currency, payment.amount) == (
        PaymentOutcome.APPLIED,
        "USD",
        session["amount_total"],
    )
    assert payment.charge_id == session["payment_intent"]
    [grant] = await premium_grants()
    assert (grant.source_ref, grant.status) == (f"order:{order.id}", GrantStatus.ACTIVE)
    assert len(receipts(telegram)) == 1
    assert await StripeEvent.filter(status=StripeEventStatus.PROCESSED).count() == 1
    fee = await LedgerEntry.get(kind="fee")
    assert fee.payment_id == payment.id
    balances = {(b.account, b.money.currency): b.money.amount for b in await Ledger().balances()}
    assert balances[(Account.REVENUE, "USD")] == -payment.amount
    assert balances[(Account.STRIPE_BALANCE, "USD")] > 0
    assert await Ledger().check() == []


async def test_the_same_event_delivered_concurrently_is_applied_once(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)
    [event] = fake_stripe.complete_session(session["id"])
    body = json.dumps(event)

    async def post():
        header = stripe.WebhookSignature.generate_signature_header(body, WEBHOOK_SECRET)
        response = await shop.post(
            STRIPE_WEBHOOK_PATH,
            data=body.encode(),
            headers={"Stripe-Signature": header, "Content-Type": "application/json"},
        )
        return response.status

    assert await asyncio.gather(*(post() for _ in range(5))) == [200] * 5
    await shop.app[SERVICES].stripe_processor.drain()

    assert await Payment.all().count() == 1
    assert len(await premium_grants()) == 1
    assert len(receipts(telegram)) == 1


async def test_an_unpaid_completion_waits_for_the_bank_then_fulfils(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)

    await deliver(shop, fake_stripe.complete_session(session["id"], paid=False))
    assert (await Order.get()).status == OrderStatus.AWAITING_PAYMENT
    assert await Payment.all().count() == 0

    await deliver(shop, fake_stripe.async_payment(session["id"], succeeded=True))
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert len(receipts(telegram)) == 1


async def test_a_failed_bank_payment_cancels_the_order_and_says_so(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"], paid=False))

    await deliver(shop, fake_stripe.async_payment(session["id"], succeeded=False))

    assert (await Order.get()).status == OrderStatus.CANCELLED
    assert "nothing was charged" in telegram.sent_texts(updates.USER_ID)[-1]


async def test_an_expired_session_expires_its_order(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)

    expired = fake_stripe.expire_session(session["id"])
    await deliver(shop, expired)

    order = await Order.get()
    assert (order.status, order.open_key) == (OrderStatus.EXPIRED, None)
    assert [t.cause for t in await order.transitions.all().order_by("id")][-1] == "session_expired"
    await deliver(shop, expired)  # sent again: nothing more
    assert await order.transitions.all().count() == 3


async def test_an_amount_that_differs_from_the_order_is_flagged_and_refunded(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)

    await deliver(shop, fake_stripe.complete_session(session["id"], amount_total=100))

    payment = await Payment.get()
    assert (payment.outcome, payment.problem) == (PaymentOutcome.REFUNDED, "amount")
    assert (await Order.get()).status == OrderStatus.AWAITING_PAYMENT
    assert await EntitlementGrant.all().count() == 0
    assert "(amount): refunded automatically" in telegram.sent_texts(ADMIN_ID)[-1]
    [refund] = fake_stripe.refunds.values()
    assert refund["payment_intent"] == payment.charge_id
    assert await Ledger().check() == []


async def test_a_card_subscription_starts_renews_and_is_refunded(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    assert session["mode"] == "subscription"

    await deliver(shop, fake_stripe.complete_session(session["id"]))

    [subscription] = await StarSubscription.all()
    assert subscription.provider == SubscriptionProvider.STRIPE
    assert subscription.charge_id == session["subscription"]
    first_end = (await premium_grants())[-1].expires_at
    assert len(receipts(telegram)) == 1
    assert await Payment.all().count() == 1  # the session and its invoice: one payment

    await deliver(shop, fake_stripe.renew(subscription.charge_id), times=2)

    renewals = await Order.filter(kind=OrderKind.RENEWAL)
    assert [order.status for order in renewals] == [OrderStatus.FULFILLED]
    assert (await premium_grants())[-1].expires_at > first_end
    assert len(receipts(telegram)) == 2

    first_order = await Order.get(kind=OrderKind.SUBSCRIPTION)
    await send(shop, updates.message(f"/refund {first_order.id}", user_id=ADMIN_ID))

    assert telegram.sent_texts(ADMIN_ID)[-1].startswith(f"Order #{first_order.id} refunded")
    assert "refunded to your card" in telegram.sent_texts(updates.USER_ID)[-1]
    theirs = fake_stripe.subscriptions[subscription.charge_id]
    assert theirs["cancel_at_period_end"] is True
    assert (await StarSubscription.get()).status == SubscriptionStatus.ENDED
    # Stripe's word of the refund (charge.refunded) changes nothing more.
    await deliver(shop, fake_stripe.events_of("charge.refunded"))
    assert await LedgerEntry.filter(kind="refund").count() == 1
    told = [t for t in telegram.sent_texts(updates.USER_ID) if "refunded to your card" in t]
    assert len(told) == 1
    assert await Ledger().check() == []


async def test_invoice_paid_before_the_session_completes_is_applied_once(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    events = fake_stripe.complete_session(session["id"])
    completed = [e for e in events if e["type"] == "checkout.session.completed"]
    paid = [e for e in events if e["type"] == "invoice.paid"]

    await deliver(shop, paid)
    await deliver(shop, completed)

    assert await Payment.all().count() == 1
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert len(receipts(telegram)) == 1


async def test_a_declined_renewal_keeps_access_through_the_grace_period(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    subscription = await StarSubscription.get()

    await deliver(shop, fake_stripe.renew(subscription.charge_id, paid=False))

    told = telegram.sent_texts(updates.USER_ID)[-1]
    assert "card was declined" in told and "/billing" in told
    grace = await EntitlementGrant.get(source_ref__startswith="grace:")
    assert grace.duration_days == 3
    assert grace.status == GrantStatus.ACTIVE


async def test_a_subscription_cancelled_then_ended_in_the_portal_follows(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    subscription = await StarSubscription.get()

    await deliver(shop, fake_stripe.cancel_subscription(subscription.charge_id))
    assert (await StarSubscription.get()).status == SubscriptionStatus.CANCELLED

    await deliver(
        shop, fake_stripe.cancel_subscription(subscription.charge_id, at_period_end=False)
    )
    assert (await StarSubscription.get()).status == SubscriptionStatus.ENDED
    assert "has ended" in telegram.sent_texts(updates.USER_ID)[-1]


async def test_a_partial_refund_in_stripe_is_booked_and_keeps_the_access(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    payment = await Payment.get()

    await deliver(shop, fake_stripe.refund_in_dashboard(payment.provider_charge_id, 1000), times=2)

    payment = await Payment.get()
    assert (payment.outcome, payment.refunded_amount) == (PaymentOutcome.APPLIED, 1000)
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert "$10.00 of your payment" in telegram.sent_texts(updates.USER_ID)[-1]
    assert await Ledger().check() == []

    await deliver(shop, fake_stripe.refund_in_dashboard(payment.provider_charge_id))

    payment = await Payment.get()
    assert payment.outcome == PaymentOutcome.REFUNDED
    assert (await Order.get()).status == OrderStatus.REFUNDED
    assert [g.status for g in await premium_grants()] == [GrantStatus.REVOKED]
    assert await Ledger().check() == []


async def test_a_refund_that_arrives_before_its_payment_is_applied_after_it(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)
    completed = fake_stripe.complete_session(session["id"])
    charge_id = fake_stripe.payment_intents[session["payment_intent"]]["latest_charge"]
    refunded = fake_stripe.refund_in_dashboard(charge_id)

    await deliver(shop, refunded)  # nothing to refund yet: it waits, retried with backoff
    event = await StripeEvent.get(type="charge.refunded")
    assert (event.status, event.attempts) == (StripeEventStatus.FAILED, 1)

    await deliver(shop, completed)
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert await shop.app[SERVICES].stripe_processor.process_due(later) == 1

    assert (await Payment.get()).outcome == PaymentOutcome.REFUNDED
    assert (await Order.get()).status == OrderStatus.REFUNDED
    assert await Ledger().check(later) == []


async def test_a_dispute_revokes_flags_and_tells_admins_and_a_won_one_is_booked(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    payment = await Payment.get()

    [opened] = fake_stripe.dispute(payment.provider_charge_id)
    await deliver(shop, [opened], times=2)

    assert (await Order.get()).status == OrderStatus.REFUNDED
    assert [g.status for g in await premium_grants()] == [GrantStatus.REVOKED]
    assert "disputed card payment" in telegram.sent_texts(ADMIN_ID)[-1]
    assert await Ledger().check() == []
    # Card payments are closed to them; Stars stay open.
    quote = await (await Plan.get(code=LIFETIME)).quotes.filter(currency="XTR").first()
    await tap(shop, f"quote:card:{quote.id.hex}")
    assert "not available for your account" in telegram.sent_texts(updates.USER_ID)[-1]

    await deliver(shop, fake_stripe.close_dispute(opened["data"]["object"]["id"], "won"))

    assert (await Payment.get()).dispute_status == "won"
    assert "is won" in telegram.sent_texts(ADMIN_ID)[-1]
    assert await Ledger().check() == []


async def test_a_failing_handler_is_retried_with_backoff_and_applied_once(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)
    events = fake_stripe.complete_session(session["id"])
    for _ in range(3):  # the SDK's first try and its two retries
        fake_stripe.fail_next("GET", "/v1/checkout/sessions/", status=500)

    await deliver(shop, events)

    event = await StripeEvent.get()
    assert (event.status, event.attempts) == (StripeEventStatus.FAILED, 1)
    assert "APIError" in event.last_error
    assert (await Order.get()).status == OrderStatus.AWAITING_PAYMENT
    processor = shop.app[SERVICES].stripe_processor
    assert await processor.process_due(datetime.now(UTC)) == 0  # not before its backoff
    later = datetime.now(UTC) + timedelta(minutes=1)
    assert await processor.process_due(later) == 1
    assert await processor.process_due(later + timedelta(hours=1)) == 0

    assert (await StripeEvent.get()).status == StripeEventStatus.PROCESSED
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert len(receipts(telegram)) == 1


async def test_unknown_event_types_are_stored_and_acknowledged(shop, fake_stripe):
    event = {
        "id": "evt_unknown_1",
        "object": "event",
        "type": "customer.created",
        "created": fake_stripe.now(),
        "livemode": False,
        "data": {"object": {"id": "cus_x", "object": "customer"}},
    }

    await deliver(shop, [event])

    assert (await StripeEvent.get()).status == StripeEventStatus.IGNORED


async def test_billing_sends_a_portal_link_once_the_user_has_paid_by_card(
    shop, telegram, fake_stripe
):
    await send(shop, updates.message("/billing"))
    assert telegram.sent_texts(updates.USER_ID)[-1] == (
        "You have not paid by card yet, so there is nothing to manage."
    )

    await card_checkout(shop, telegram, fake_stripe)
    await send(shop, updates.message("/billing"))

    [portal] = fake_stripe.portal_sessions.values()
    customer = await StripeCustomer.get()
    assert (portal["customer"], portal["return_url"]) == (customer.id, "https://example.com/back")
    button = telegram.shown()[-1].json("reply_markup")["inline_keyboard"][0][0]
    assert button["url"] == portal["url"]


async def test_stripe_down_at_checkout_is_a_clear_answer(shop, telegram, fake_stripe):
    plan = await Plan.get(code=LIFETIME)
    await tap(shop, f"plan:{plan.id}")
    quote = await plan.quotes.filter(currency="XTR").first()
    for _ in range(3):  # the SDK's first try and its two retries
        fake_stripe.fail_next("POST", "/v1/customers", status=500)

    await tap(shop, f"quote:card:{quote.id.hex}")

    assert telegram.called("answerCallbackQuery")[-1].params.get("text") is None  # at once
    assert telegram.sent_texts(updates.USER_ID)[-1].startswith(
        "Card payments are briefly unavailable"
    )
    assert await StripeCustomer.all().count() == 0


async def test_without_stripe_there_is_no_card_button(client, telegram):
    await load_example_catalog()
    await send(client, updates.message("/start"))
    plan = await Plan.get(code=LIFETIME)

    await tap(client, f"plan:{plan.id}")

    markup = telegram.shown()[-1].json("reply_markup")
    assert "Pay by card" not in [b["text"] for row in markup["inline_keyboard"] for b in row]
    await send(client, updates.message("/billing"))
    assert "not available" in telegram.sent_texts(updates.USER_ID)[-1]


async def test_subscription_shows_a_card_subscription_and_cancels_it_at_stripe(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    subscription = await StarSubscription.get()

    await send(shop, updates.message("/subscription"))

    assert "card subscription renews" in telegram.screen()
    await tap(shop, f"stars_sub:cancel:{subscription.id}")

    assert fake_stripe.subscriptions[subscription.charge_id]["cancel_at_period_end"] is True
    assert (await StarSubscription.get()).status == SubscriptionStatus.CANCELLED
    await tap(shop, f"stars_sub:resume:{subscription.id}")
    assert fake_stripe.subscriptions[subscription.charge_id]["cancel_at_period_end"] is False
    assert telegram.screen().startswith("Renewal is on again: your card is charged on")


async def test_a_card_refund_while_stripe_is_down_is_one_clear_line(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    order = await Order.get()
    for _ in range(3):  # the SDK's first try and its two retries
        fake_stripe.fail_next("POST", "/v1/refunds", status=503)

    await send(shop, updates.message(f"/refund {order.id}", user_id=ADMIN_ID))

    assert "Card payments are briefly unavailable" in telegram.sent_texts(ADMIN_ID)[-1]
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert (await Payment.get()).outcome == PaymentOutcome.APPLIED

    await send(shop, updates.message(f"/refund {order.id}", user_id=ADMIN_ID))  # Stripe is back
    assert (await Order.get()).status == OrderStatus.REFUNDED
    assert await Ledger().check() == []


async def test_orders_refund_in_the_cli_refunds_a_card_order_through_stripe(
    shop, telegram, fake_stripe, cli, monkeypatch, clean_state
):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    order = await Order.get()
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_cards123")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("STRIPE_API_BASE", fake_stripe.url)

    await close_db()  # the CLI opens the database on its own loop; the app's is closed first
    code, out, err = await cli("orders", "refund", str(order.id), "--reason", "duplicate")

    # (stderr may carry Tortoise's warning that the CLI's thread has its own event loop)
    assert code == 0 and "Traceback" not in err
    assert out.startswith(f"Refunded order #{order.id}: $392.00 back to ")  # 20 % newcomer offer
    [refund] = fake_stripe.refunds.values()
    assert refund["payment_intent"] == session["payment_intent"]
    [request] = [r for r in fake_stripe.requests if r.path == "/v1/refunds"]
    assert request.idempotency_key == f"refund:{session['payment_intent']}"
    assert "refunded to your card" in telegram.sent_texts(updates.USER_ID)[-1]
    code, out, _ = await cli("ledger", "check")
    assert code == 0, out
    await init_db(clean_state)  # the app's again, for the fixtures to close


async def test_a_card_subscription_paid_for_a_replaced_order_is_refunded_and_stopped(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    quote = await (await Plan.get(code=MONTHLY)).quotes.filter(currency="XTR").first()
    await tap(shop, f"quote:buy:{quote.id.hex}")  # Stars instead: the card order is replaced

    await deliver(shop, fake_stripe.complete_session(session["id"]))

    payment = await Payment.get()
    assert (payment.outcome, payment.problem) == (PaymentOutcome.REFUNDED, "replaced")
    assert fake_stripe.subscriptions[session["subscription"]]["cancel_at_period_end"] is True
    assert await StarSubscription.all().count() == 0
    assert await Ledger().check() == []


async def test_an_early_fraud_inquiry_takes_nothing_back(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    payment = await Payment.get()
    [opened] = fake_stripe.dispute(payment.provider_charge_id)
    fake_stripe.disputes[opened["data"]["object"]["id"]]["status"] = "warning_needs_response"

    await deliver(shop, [opened])

    assert (await Payment.get()).dispute_status == ""
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert [g.status for g in await premium_grants()] == [GrantStatus.ACTIVE]


async def test_a_won_dispute_after_a_partial_refund_books_back_what_it_took(
    shop, telegram, fake_stripe
):
    session = await card_checkout(shop, telegram, fake_stripe)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    payment = await Payment.get()
    await deliver(shop, fake_stripe.refund_in_dashboard(payment.provider_charge_id, 1000))
    [opened] = fake_stripe.dispute(payment.provider_charge_id)
    await deliver(shop, [opened])

    await deliver(shop, fake_stripe.close_dispute(opened["data"]["object"]["id"], "won"))

    balances = {(b.account, b.money.currency): b.money.amount for b in await Ledger().balances()}
    assert balances[(Account.REVENUE, "USD")] == -(payment.amount - 1000)
    assert await Ledger().check() == []


async def test_a_session_no_order_of_ours_is_behind_is_stored_and_ignored(
    shop, telegram, fake_stripe
):
    client = fake_stripe.client()
    session = await client.v1.checkout.sessions.create_async(
        {
            "mode": "payment",
            "success_url": "https://example.com/",
            "line_items": [
                {
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": 500,
                        "product_data": {"name": "A Payment Link's"},
                    },
                    "quantity": 1,
                }
            ],
        }
    )

    await deliver(shop, fake_stripe.complete_session(session.id))

    event = await StripeEvent.get()
    assert (event.status, event.last_error) == (
        StripeEventStatus.IGNORED,
        "no order of ours (None)",
    )
    assert await Payment.all().count() == 0


async def test_admins_hear_once_of_an_event_that_keeps_failing(shop, telegram, fake_stripe):
    session = await card_checkout(shop, telegram, fake_stripe)
    fake_stripe.complete_session(session["id"])  # never delivered: the refund finds nothing
    charge_id = fake_stripe.payment_intents[session["payment_intent"]]["latest_charge"]
    await deliver(shop, fake_stripe.refund_in_dashboard(charge_id))
    processor = shop.app[SERVICES].stripe_processor
    told_before = len(telegram.sent_texts(ADMIN_ID))

    for hours in range(1, 8):
        await processor.process_due(datetime.now(UTC) + timedelta(hours=hours))

    event = await StripeEvent.get(type="charge.refunded")
    assert (event.status, event.attempts) == (StripeEventStatus.FAILED, 8)
    [alert] = telegram.sent_texts(ADMIN_ID)[told_before:]
    assert alert.startswith(f"⚠️ Stripe event {event.id} (charge.refunded) failed 6 times")


async def test_the_payment_page_speaks_the_buyers_language(
    shop, telegram, fake_stripe, monkeypatch
):
    monkeypatch.setattr(updates, "LANGUAGE", "ru")
    plan = await Plan.get(code=LIFETIME)
    await tap(shop, f"plan:{plan.id}")
    quote = await plan.quotes.filter(currency="XTR").order_by("-created_at").first()

    await tap(shop, f"quote:card:{quote.id.hex}")

    [created] = [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]
    assert created.params["locale"] == "ru"
    [line] = created.params["line_items"]
    assert line["price_data"]["product_data"]["name"] == "Премиум-сигналы · Навсегда"
    assert "Премиум-сигналы · Навсегда" in telegram.screen()
