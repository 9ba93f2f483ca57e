"""Stars payments through the webhook, on the fake Bot API: the invoice, pre-checkout and each
of its refusals, the payment (exactly once, however it is delivered), payments that match no
order, receipts, commissions and the ledger."""

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from tortoise.transactions import in_transaction

from app.jobs import Maintenance
from app.services.entitlements import EntitlementService
from app.services.ledger import Ledger
from app.services.orders import PAYLOAD_RE, OrderService, payload_of
from app.web import SERVICES, create_app
from models import (
    Commission,
    EntitlementGrant,
    GrantSource,
    LedgerEntry,
    Order,
    OrderStatus,
    OrderTransition,
    Payment,
    PaymentOutcome,
    Plan,
    Product,
    Quote,
    QuoteStatus,
    User,
)
from tests import updates
from tests.conftest import (
    ADMIN_ID,
    SECRET,
    TEST_REDIS_URL,
    WEBHOOK,
    load_example_catalog,
    make_settings,
    requires_postgres,
    requires_redis,
    send,
    start_serve,
    wait_until_ready,
)
from tests.fakes.proxy import Proxy

LIFETIME = "premium_lifetime"  # a one-time plan: 24 500 Stars, 19 600 to a newcomer
STRANGER = 2002


@pytest.fixture
async def shop(client):
    await load_example_catalog()
    await send(client, updates.message("/start"))
    return client


async def tap(client, data, user_id=updates.USER_ID):
    response = await send(client, updates.callback_query(data, user_id=user_id))
    assert response.status == 200


async def quote_of(client, plan_code=LIFETIME, user_id=updates.USER_ID) -> Quote:
    plan = await Plan.get(code=plan_code)
    await tap(client, f"plan:{plan.id}", user_id)
    return await Quote.filter(plan=plan, user__telegram_id=user_id).order_by("-created_at").first()


async def buy(client, telegram, plan_code=LIFETIME, user_id=updates.USER_ID):
    """Shop → plan → Buy: the invoice the user got (its sendInvoice call's parameters)."""
    quote = await quote_of(client, plan_code, user_id)
    await tap(client, f"quote:buy:{quote.id.hex}", user_id)
    return telegram.invoices(user_id)[-1].params


def amount_of(invoice) -> int:
    import json

    [price] = json.loads(invoice["prices"])
    return price["amount"]


async def pre_checkout(client, telegram, invoice, user_id=updates.USER_ID, **changes):
    values = {"payload": invoice["payload"], "amount": amount_of(invoice), **changes}
    response = await send(client, updates.pre_checkout_query(user_id=user_id, **values))
    assert response.status == 200
    return telegram.called("answerPreCheckoutQuery")[-1].params


def payment_of(invoice, user_id=updates.USER_ID, charge_id="charge-1", **extra):
    return updates.successful_payment(
        user_id=user_id,
        payload=invoice["payload"],
        amount=amount_of(invoice),
        charge_id=charge_id,
        **extra,
    )


async def pay(client, telegram, invoice, user_id=updates.USER_ID, charge_id="charge-1"):
    """What Telegram does when the user pays: pre-checkout, then the payment message."""
    answer = await pre_checkout(client, telegram, invoice, user_id)
    assert answer["ok"] == "true", answer
    telegram.star_transactions.append(
        telegram.star_transaction(charge_id, amount_of(invoice), user_id)
    )
    response = await send(client, payment_of(invoice, user_id, charge_id))
    assert response.status == 200


def receipts(telegram, user_id=updates.USER_ID):
    return [text for text in telegram.sent_texts(user_id) if "Payment received" in text]


# The invoice


async def test_buy_sends_a_stars_invoice_for_the_quotes_total(shop, telegram):
    quote = await quote_of(shop)
    await tap(shop, f"quote:buy:{quote.id.hex}")

    [invoice] = telegram.invoices(updates.USER_ID)
    params = invoice.params
    assert params["currency"] == "XTR"
    assert amount_of(params) == quote.total_amount == 19600  # the newcomer offer: 20 % off
    assert params.get("provider_token", "") == ""
    assert params["title"] == "Premium signals · Lifetime"
    assert "order #" in params["description"]
    payload = params["payload"]
    assert len(payload.encode()) <= 128 and PAYLOAD_RE.fullmatch(payload)
    order = await Order.get()
    assert payload.startswith(f"order:{order.id}:")
    assert (order.status, order.amount, order.quote_id) == (
        OrderStatus.AWAITING_PAYMENT,
        19600,
        quote.id,
    )
    moves = await OrderTransition.filter(order=order).order_by("id")
    assert [(m.from_status, m.to_status, m.cause) for m in moves] == [
        (None, OrderStatus.CREATED, "quote"),
        (OrderStatus.CREATED, OrderStatus.AWAITING_PAYMENT, "invoice_sent"),
    ]


async def test_a_second_buy_reuses_the_open_order_and_a_new_price_replaces_it(shop, telegram):
    quote = await quote_of(shop)
    await tap(shop, f"quote:buy:{quote.id.hex}")
    await tap(shop, f"quote:buy:{quote.id.hex}")

    first, again = telegram.invoices(updates.USER_ID)
    assert first.params["payload"] == again.params["payload"]
    assert await Order.all().count() == 1

    newer = await buy(shop, telegram)
    assert newer["payload"] != first.params["payload"]
    old, new = await Order.all().order_by("id")
    assert (old.status, new.status) == (OrderStatus.CANCELLED, OrderStatus.AWAITING_PAYMENT)
    assert (await OrderTransition.filter(order=old).order_by("-id").first()).cause == "replaced"
    # The replaced invoice can no longer be paid.
    answer = await pre_checkout(shop, telegram, first.params)
    assert (answer["ok"], answer["error_message"]) == (
        "false",
        "This invoice is no longer valid. Send /shop for a new one.",
    )


async def test_checkout_resends_the_invoice_waiting_for_payment_or_opens_the_shop(shop, telegram):
    await send(shop, updates.message("/checkout"))
    assert telegram.sent_texts()[-1].startswith("Premium access")

    invoice = await buy(shop, telegram)
    await send(shop, updates.message("/checkout"))

    assert telegram.invoices()[-1].params["payload"] == invoice["payload"]
    assert len(telegram.invoices()) == 2


# Paying


async def test_a_payment_gives_access_at_once_with_one_receipt(shop, telegram):
    invoice = await buy(shop, telegram)

    await pay(shop, telegram, invoice)

    order = await Order.get()
    user = await User.get(telegram_id=updates.USER_ID)
    assert order.status == OrderStatus.FULFILLED and order.paid_at is not None
    [grant] = await EntitlementGrant.filter(user=user)
    assert (grant.source, grant.source_ref, grant.expires_at) == (
        GrantSource.ORDER,
        f"order:{order.id}",
        None,
    )
    [payment] = await Payment.all()
    assert (payment.order_id, payment.amount, payment.outcome) == (
        order.id,
        19600,
        PaymentOutcome.APPLIED,
    )
    assert (await Quote.get(id=order.quote_id)).status == QuoteStatus.PAID
    [receipt] = receipts(telegram)
    assert receipt.startswith(
        f"✅ Payment received: ⭐ 19,600 for Premium signals · Lifetime (order #{order.id})."
    )
    assert "• Premium signals — for life" in receipt
    moves = (
        await OrderTransition.filter(order=order).order_by("id").values_list("to_status", flat=True)
    )
    assert moves == ["created", "awaiting_payment", "paid", "fulfilled"]
    assert await Ledger().check() == []
    # Premium works: a premium-only command answers.
    await send(shop, updates.message("/apikey"))
    assert telegram.sent_texts()[-1].startswith("Your API key for the approvals API")


@pytest.mark.parametrize("concurrent_copies", [2, 8])
async def test_a_payment_delivered_many_times_has_one_effect(shop, telegram, concurrent_copies):
    invoice = await buy(shop, telegram)
    assert (await pre_checkout(shop, telegram, invoice))["ok"] == "true"
    same = payment_of(invoice)
    other_ids = [payment_of(invoice, update_id=90_000 + n) for n in range(concurrent_copies)]

    await send(shop, same)
    await send(shop, same)  # Telegram redelivers the same update
    results = await asyncio.gather(*(send(shop, update) for update in other_ids))

    assert all(result.status in (200, 503) for result in results)
    for update in other_ids:  # whatever was sent back for later comes again
        await send(shop, update)
    assert await Payment.all().count() == 1
    assert await EntitlementGrant.all().count() == 1
    assert await LedgerEntry.all().count() == 1
    assert len(receipts(telegram)) == 1
    assert await Ledger().check() == []


async def test_a_payment_for_an_order_of_nobody_is_refunded_and_admins_told(shop, telegram):
    forged = {"payload": "order:999:AAAAAAAAAAAAAAAAAAAAAA", "prices": '[{"amount": 500}]'}
    telegram.star_transactions.append(telegram.star_transaction("charge-x", 500, 1001))

    await send(shop, payment_of(forged, charge_id="charge-x"))

    [refund] = telegram.called("refundStarPayment")
    assert (refund.params["user_id"], refund.params["telegram_payment_charge_id"]) == (
        str(updates.USER_ID),
        "charge-x",
    )
    [payment] = await Payment.all()
    assert (payment.outcome, payment.problem) == (PaymentOutcome.REFUNDED, "unknown_order")
    assert "refunded in full" in telegram.sent_texts(updates.USER_ID)[-1]
    assert "refunded automatically" in telegram.sent_texts(ADMIN_ID)[-1]
    assert await EntitlementGrant.all().count() == 0
    assert await Ledger().check() == []


async def test_a_payment_arriving_after_its_order_expired_is_fulfilled_by_a_new_order(
    shop, telegram
):
    invoice = await buy(shop, telegram)
    assert (await pre_checkout(shop, telegram, invoice))["ok"] == "true"
    await Order.filter().update(status=OrderStatus.EXPIRED, open_key=None)  # the job ran

    await send(shop, payment_of(invoice))

    old, late = await Order.all().order_by("id")
    assert (old.status, late.status, late.amount) == (
        OrderStatus.EXPIRED,
        OrderStatus.FULFILLED,
        19600,
    )
    assert telegram.called("refundStarPayment") == []
    assert len(receipts(telegram)) == 1
    assert f"fulfilled as order #{late.id}" in telegram.sent_texts(ADMIN_ID)[-1]


async def test_a_payment_for_a_product_removed_meanwhile_is_refunded(shop, telegram):
    invoice = await buy(shop, telegram)
    await Product.filter(code="premium").update(active=False)

    await send(shop, payment_of(invoice))

    assert len(telegram.called("refundStarPayment")) == 1
    assert (await Payment.get()).problem == "unavailable"
    assert (await Order.get()).status == OrderStatus.AWAITING_PAYMENT


async def test_a_referred_buyer_earns_the_referrer_a_commission_booked_in_the_ledger(
    client, telegram
):
    await load_example_catalog()
    await send(client, updates.message("/start", user_id=STRANGER))
    await send(client, updates.message("/affiliate", user_id=STRANGER))
    await tap(client, "aff:join", STRANGER)
    from models import Affiliate

    code = (await Affiliate.get()).code
    await send(client, updates.message(f"/start ref_{code}"))
    invoice = await buy(client, telegram)

    await pay(client, telegram, invoice)

    [commission] = await Commission.all()
    assert commission.sale_id == f"order:{(await Order.get()).id}"
    assert commission.sale_amount == amount_of(invoice)
    kinds = sorted(await LedgerEntry.all().values_list("kind", flat=True))
    assert kinds == ["commission", "payment"]
    assert await Ledger().check() == []


# Pre-checkout


async def test_pre_checkout_refuses_someone_elses_order(shop, telegram):
    invoice = await buy(shop, telegram)
    await send(shop, updates.message("/start", user_id=STRANGER))

    answer = await pre_checkout(shop, telegram, invoice, user_id=STRANGER)

    assert (answer["ok"], answer["error_message"]) == (
        "false",
        "This invoice belongs to someone else. Send /shop to get your own.",
    )


async def test_pre_checkout_refuses_an_expired_quote_and_offers_a_fresh_price(shop, telegram):
    invoice = await buy(shop, telegram)
    await Quote.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    answer = await pre_checkout(shop, telegram, invoice)

    assert answer["ok"] == "false" and "expired" in answer["error_message"]
    offer = telegram.called("sendMessage")[-1]
    plan = await Plan.get(code=LIFETIME)
    assert offer.json("reply_markup")["inline_keyboard"][0][0]["callback_data"] == (
        f"plan:{plan.id}"
    )


async def test_pre_checkout_refuses_a_changed_amount(shop, telegram):
    invoice = await buy(shop, telegram)

    answer = await pre_checkout(shop, telegram, invoice, amount=1)

    assert (answer["ok"], answer["error_message"]) == (
        "false",
        "The price has changed. Tap the button in the chat for today's.",
    )


async def test_pre_checkout_refuses_a_product_no_longer_on_sale(shop, telegram):
    invoice = await buy(shop, telegram)
    await Product.filter(code="premium").update(active=False)

    answer = await pre_checkout(shop, telegram, invoice)

    assert answer["ok"] == "false" and "no longer on sale" in answer["error_message"]


@pytest.mark.parametrize(
    "payload",
    ["", "quote:1", "order:1:wrong-token-000000000", "order:99999:" + "A" * 22, "x" * 128],
)
async def test_pre_checkout_refuses_a_forged_payload(shop, telegram, payload):
    invoice = await buy(shop, telegram)

    answer = await pre_checkout(shop, telegram, invoice, payload=payload)

    assert (answer["ok"], answer["error_message"]) == (
        "false",
        "This invoice is not valid. Send /shop to buy.",
    )


async def test_pre_checkout_is_answered_while_the_user_is_throttled(
    aiohttp_client, clean_state, telegram
):
    client = await aiohttp_client(create_app(make_settings(clean_state, telegram, throttle_rate=1)))
    await load_example_catalog()
    await send(client, updates.message("/start"))
    invoice = await buy(client, telegram)
    for _ in range(3):
        await send(client, updates.message("/help"))

    answer = await pre_checkout(client, telegram, invoice)

    assert answer["ok"] == "true"


@requires_postgres
async def test_pre_checkout_is_answered_while_postgres_is_cut_off(
    aiohttp_client, clean_state, telegram, caplog
):
    proxy = Proxy("127.0.0.1", 5432)
    await proxy.start()
    url = clean_state.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    client = await aiohttp_client(create_app(make_settings(url, telegram)))
    await load_example_catalog()
    await send(client, updates.message("/start"))
    invoice = await buy(client, telegram)
    caplog.set_level(logging.WARNING)

    await proxy.cut()
    answer = await pre_checkout(client, telegram, invoice)

    assert (answer["ok"], answer["error_message"]) == (
        "false",
        "Payments are briefly unavailable. Please try again in a minute.",
    )
    await proxy.start()
    assert (await pre_checkout(client, telegram, invoice))["ok"] == "true"
    await proxy.cut()


@requires_postgres
@requires_redis
async def test_a_payment_sent_to_two_serve_processes_at_once_has_one_effect(
    db, telegram, unused_tcp_port_factory
):
    await load_example_catalog()
    user = await User.create(telegram_id=updates.USER_ID, first_name="Alice")
    plan = await Plan.get(code=LIFETIME)
    now = datetime.now(UTC)
    async with in_transaction() as connection:
        order = await OrderService.create(user, plan, "XTR", 24500, "test", now, connection)
    invoice = {"payload": payload_of(order), "prices": '[{"amount": 24500}]'}
    copies = [payment_of(invoice)] * 2 + [
        payment_of(invoice, update_id=95_000 + n) for n in range(4)
    ]
    ports = [unused_tcp_port_factory(), unused_tcp_port_factory()]
    workers = [await start_serve(port, db, telegram.url, TEST_REDIS_URL) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        async with aiohttp.ClientSession() as session:
            for base, worker in zip(bases, workers):
                await wait_until_ready(base, worker)

            async def deliver(update, base):
                for _ in range(100):  # Telegram redelivers until it gets a 2xx
                    async with session.post(
                        base + WEBHOOK,
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                    ) as response:
                        if response.status == 200:
                            return
                        assert response.status == 503
                    await asyncio.sleep(0.05)
                raise AssertionError("never acknowledged")

            await asyncio.gather(*(deliver(update, base) for update in copies for base in bases))
    finally:
        for worker in workers:
            worker.terminate()
            await worker.wait()

    assert await Payment.all().count() == 1
    assert await EntitlementGrant.all().count() == 1
    assert (await Order.get(id=order.id)).status == OrderStatus.FULFILLED
    assert len(receipts(telegram)) == 1
    assert await Ledger().check() == []


async def test_an_outage_in_the_middle_of_a_payment_leaves_nothing_half_done(
    shop, telegram, monkeypatch
):
    """The payment is recorded first; whatever fails while its effects are made rolls them
    all back, and Telegram's redelivery applies them whole, once."""
    invoice = await buy(shop, telegram)
    payments = shop.app[SERVICES].payments
    record_sale = payments.affiliates.record_sale
    calls = []

    async def fails_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise ConnectionError("the database went away")
        return await record_sale(*args, **kwargs)

    monkeypatch.setattr(payments.affiliates, "record_sale", fails_once)
    update = payment_of(invoice)

    first = await send(shop, update)
    assert first.status == 503
    [payment] = await Payment.all()
    assert payment.outcome == PaymentOutcome.RECEIVED  # the money is on record
    assert await EntitlementGrant.all().count() == 0
    assert await LedgerEntry.all().count() == 0
    assert (await Order.get()).status == OrderStatus.AWAITING_PAYMENT

    again = await send(shop, update)

    assert again.status == 200
    assert (await Payment.get()).outcome == PaymentOutcome.APPLIED
    assert await EntitlementGrant.all().count() == 1
    assert len(receipts(telegram)) == 1
    assert await Ledger().check() == []


async def test_a_payment_an_outage_left_half_done_is_finished_by_the_job(
    shop, telegram, monkeypatch
):
    """Telegram gave up redelivering before the database came back: the maintenance job
    applies the recorded payment, sends the one receipt, and ledger check is clean."""
    invoice = await buy(shop, telegram)
    payments = shop.app[SERVICES].payments
    record_sale = payments.affiliates.record_sale
    outage = [True]

    async def down_while_outage(*args, **kwargs):
        if outage[0]:
            raise ConnectionError("the database went away")
        return await record_sale(*args, **kwargs)

    monkeypatch.setattr(payments.affiliates, "record_sale", down_while_outage)
    assert (await send(shop, payment_of(invoice))).status == 503
    maintenance = Maintenance(shop.app[SERVICES])
    later = datetime.now(UTC) + timedelta(minutes=5)

    assert (await maintenance.run(later)).payments == 0  # still down: tried again next pass
    outage[0] = False
    report = await maintenance.run(later)

    assert report.payments == 1
    assert (await Payment.get()).outcome == PaymentOutcome.APPLIED
    assert (await Order.get()).status == OrderStatus.FULFILLED
    assert len(receipts(telegram)) == 1
    assert (await maintenance.run(later)).payments == 0
    assert await Ledger().check(later) == []


async def test_a_refund_an_outage_held_up_is_made_by_the_job_and_a_refused_one_left_to_admins(
    shop, telegram
):
    telegram.fail("refundStarPayment", 502, "Bad Gateway", times=2)
    for charge_id in ("c-1", "c-2"):  # each pays for nothing; Telegram is down to refund it
        forged = {"payload": f"order:9{charge_id[-1]}:forged", "prices": '[{"amount": 50}]'}
        assert (await send(shop, payment_of(forged, charge_id=charge_id))).status == 503
    assert {p.outcome for p in await Payment.all()} == {PaymentOutcome.REFUND_DUE}
    maintenance = Maintenance(shop.app[SERVICES])
    later = datetime.now(UTC) + timedelta(minutes=5)
    telegram.fail("refundStarPayment", 400, "Bad Request: CHARGE_NOT_FOUND")  # c-1's

    report = await maintenance.run(later)

    assert report.payments == 2
    c1, c2 = await Payment.all().order_by("id")
    assert (c1.outcome, c1.refund_refused_at is not None) == (PaymentOutcome.REFUND_DUE, True)
    assert (c2.outcome, c2.refund_refused_at) == (PaymentOutcome.REFUNDED, None)
    assert "c-1 of ⭐ 50 by" in telegram.sent_texts(ADMIN_ID)[-2]
    assert "Telegram refused to refund it" in telegram.sent_texts(ADMIN_ID)[-2]
    assert "refunded in full" in telegram.sent_texts(updates.USER_ID)[-1]
    assert (await maintenance.run(later)).payments == 0  # the refused one is an admin's now
    [problem] = await Ledger().check(later + timedelta(minutes=10))
    assert problem.startswith(f"payment #{c1.id} (c-1, ⭐ 50) is refund due since")


async def test_a_payment_that_fails_for_a_bug_of_ours_is_refunded_not_lost(
    shop, telegram, monkeypatch
):
    invoice = await buy(shop, telegram)
    payments = shop.app[SERVICES].payments

    async def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(payments.affiliates, "record_sale", broken)

    response = await send(shop, payment_of(invoice))

    assert response.status == 200
    payment = await Payment.get()
    assert (payment.outcome, payment.problem) == (PaymentOutcome.REFUNDED, "error")
    assert len(telegram.called("refundStarPayment")) == 1
    assert "refunded in full" in telegram.sent_texts(updates.USER_ID)[-1]
    assert "(error): refunded automatically" in telegram.sent_texts(ADMIN_ID)[-1]
    assert await EntitlementGrant.all().count() == 0
    assert await Ledger().check() == []


async def test_a_receipt_that_could_not_be_sent_is_sent_on_redelivery_once(shop, telegram):
    invoice = await buy(shop, telegram)
    update = payment_of(invoice)
    telegram.fail("sendMessage", 502, "Bad Gateway")

    assert (await send(shop, update)).status == 503  # Telegram redelivers
    refused = len(receipts(telegram))  # the attempt Telegram answered with 502
    assert (await send(shop, update)).status == 200
    assert (await send(shop, update)).status == 200

    assert refused == 1 and len(receipts(telegram)) == 2  # then one delivered, and no more
    assert await Payment.all().count() == 1
    assert await EntitlementGrant.all().count() == 1


async def test_a_payment_from_someone_who_never_started_the_bot_is_refunded(shop, telegram):
    invoice = await buy(shop, telegram)

    await send(shop, payment_of(invoice, user_id=STRANGER, charge_id="stranger-1"))

    assert (await Payment.get()).problem == "unknown_user"
    [refund] = telegram.called("refundStarPayment")
    assert refund.params["user_id"] == str(STRANGER)
    assert (
        "by 2002 paid for nothing we can give (unknown_user)" in telegram.sent_texts(ADMIN_ID)[-1]
    )


async def test_unpaid_orders_close_when_their_price_has_run_out(shop, telegram):
    await buy(shop, telegram)
    maintenance = Maintenance(shop.app[SERVICES])
    await Quote.all().update(expires_at=datetime.now(UTC) - timedelta(minutes=5))

    early = await maintenance.run(datetime.now(UTC))  # within the grace for late payments
    later = await maintenance.run(datetime.now(UTC) + timedelta(minutes=10))

    assert (early.orders, later.orders) == (0, 1)
    order = await Order.get()
    assert (order.status, order.open_key) == (OrderStatus.EXPIRED, None)


async def test_commissions_their_reversals_and_payouts_are_booked(db):
    from app.money import Money
    from app.services.affiliates import AffiliateService
    from models import Affiliate, Referral

    ledger = Ledger()
    program = AffiliateService(2000, timedelta(0), {"XTR": 100}, ledger)
    referrer = await User.create(telegram_id=1, first_name="R")
    buyers = [await User.create(telegram_id=n, first_name="B") for n in (2, 3)]
    affiliate = await program.join(referrer)
    for buyer in buyers:
        await Referral.create(affiliate=affiliate, user=buyer)
    then = datetime.now(UTC) - timedelta(days=1)
    await program.record_sale("order:1", buyers[0], Money(1000, "XTR"), then)
    await program.record_sale("order:2", buyers[1], Money(2000, "XTR"), then)
    await program.record_refund("order:1", datetime.now(UTC))  # available: a negative adjustment
    [payout] = (await program.request_payout(await Affiliate.get(), datetime.now(UTC))).payouts
    await program.mark_paid(payout.id, "bank transfer 42", datetime.now(UTC))

    kinds = sorted(await LedgerEntry.all().values_list("kind", flat=True))
    assert kinds == ["commission", "commission", "commission_reversal", "payout"]
    balances = {(b.account, b.money.amount) for b in await ledger.balances()}
    assert balances == {
        ("commission_expense", 400),
        ("affiliate_payable", 0),
        ("paid_out", -400),
    }
    assert await ledger.check() == []


async def test_a_purchase_extends_access_from_where_it_ends_now(shop, telegram):
    user = await User.get(telegram_id=updates.USER_ID)
    start = datetime.now(UTC)
    await EntitlementService().grant(user, ["premium"], 7, GrantSource.ADMIN, "admin:42", start)
    invoice = await buy(shop, telegram, "premium_yearly")

    await pay(shop, telegram, invoice)

    grants = await EntitlementGrant.filter(user=user).order_by("granted_at")
    assert grants[1].starts_at == grants[0].expires_at  # the year starts when the week ends
    assert grants[1].expires_at - start >= timedelta(days=372)
    until = grants[1].expires_at
    assert f"• Premium signals — until {until:%b} {until.day}, {until:%Y}" in receipts(telegram)[-1]
