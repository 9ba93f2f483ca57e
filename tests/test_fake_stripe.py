"""The fake Stripe API driven through the real SDK, so app tests can trust what it answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import stripe
from aiohttp import ClientSession

from tests.fakes.stripe import API_VERSION, FakeStripe, parse_params


@pytest.fixture
async def fake(aiohttp_server) -> FakeStripe:
    return await FakeStripe.serve(aiohttp_server)


@pytest.fixture
async def client(fake: FakeStripe) -> AsyncIterator[stripe.StripeClient]:
    http_client = stripe.AIOHTTPClient()
    yield stripe.StripeClient(
        "sk_test_123",
        base_addresses={"api": fake.url},
        http_client=http_client,
        max_network_retries=0,
    )
    await http_client.close_async()


def payment_params(fake: FakeStripe, **extra: Any) -> dict[str, Any]:
    return {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 1500,
                    "product_data": {"name": "VIP signals"},
                },
                "quantity": 2,
            }
        ],
        "client_reference_id": "42",
        "metadata": {"order_id": "7"},
        "payment_intent_data": {"metadata": {"order_id": "7"}},
        "success_url": "https://bot.example.com/ok",
        "cancel_url": "https://bot.example.com/cancel",
        "expires_at": fake.now() + 3600,
        **extra,
    }


def subscription_params(customer: str) -> dict[str, Any]:
    return {
        "mode": "subscription",
        "customer": customer,
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": 999,
                    "product_data": {"name": "Monthly"},
                    "recurring": {"interval": "month"},
                },
                "quantity": 1,
            }
        ],
        "subscription_data": {"metadata": {"plan": "monthly"}},
        "success_url": "https://bot.example.com/ok",
    }


async def paid_session(fake: FakeStripe, client: stripe.StripeClient) -> Any:
    session = await client.v1.checkout.sessions.create_async(payment_params(fake))
    fake.complete_session(session.id)
    return await client.v1.checkout.sessions.retrieve_async(session.id)


def test_parse_params_nests_like_stripe() -> None:
    pairs = [
        ("line_items[0][price_data][currency]", "usd"),
        ("line_items[0][quantity]", "1"),
        ("metadata[order_id]", "7"),
        ("metadata[0]", "kept as a key"),
        ("expand[]", "latest_charge"),
        ("expand[]", "customer"),
    ]
    assert parse_params(pairs) == {
        "line_items": [{"price_data": {"currency": "usd"}, "quantity": "1"}],
        "metadata": {"order_id": "7", "0": "kept as a key"},
        "expand": ["latest_charge", "customer"],
    }


async def test_customer_create_and_idempotent_replay(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    params = {"metadata": {"telegram_user_id": "42"}}
    options = {"idempotency_key": "customer-42"}
    first = await client.v1.customers.create_async(params, options)  # type: ignore[arg-type]
    again = await client.v1.customers.create_async(params, options)  # type: ignore[arg-type]

    assert first.id.startswith("cus_") and again.id == first.id
    assert first.metadata["telegram_user_id"] == "42"
    assert list(fake.customers) == [first.id]
    assert [r.idempotency_key for r in fake.requests] == ["customer-42", "customer-42"]
    assert fake.requests[0].params == {"metadata": {"telegram_user_id": "42"}}
    assert (await client.v1.customers.retrieve_async(first.id)).id == first.id

    with pytest.raises(stripe.IdempotencyError):
        await client.v1.customers.create_async({"metadata": {"x": "1"}}, options)  # type: ignore[arg-type]


async def test_unknown_id_and_missing_key(fake: FakeStripe, client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as raised:
        await client.v1.customers.retrieve_async("cus_nope")
    assert raised.value.http_status == 404
    assert raised.value.code == "resource_missing" and raised.value.param == "id"

    async with ClientSession() as http:
        response = await http.post(f"{fake.url}/v1/customers", data={"email": "a@b.c"})
        body = await response.json()
    assert response.status == 401
    assert body["error"]["type"] == "invalid_request_error"
    assert "API key" in body["error"]["message"]


async def test_payment_session_and_completion(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    session = await client.v1.checkout.sessions.create_async(payment_params(fake))

    assert session.id.startswith("cs_test_") and session.url == f"{fake.url}/pay/{session.id}"
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert (session.amount_total, session.currency) == (3000, "usd")
    assert session.metadata["order_id"] == "7" and session.client_reference_id == "42"
    async with ClientSession() as http, http.get(session.url) as page:
        assert page.status == 200

    [completed] = fake.complete_session(session.id)

    assert completed["type"] == "checkout.session.completed"
    assert completed["id"].startswith("evt_") and completed["object"] == "event"
    assert completed["api_version"] == API_VERSION and completed["livemode"] is False
    paid = completed["data"]["object"]
    assert (paid["id"], paid["status"], paid["payment_status"]) == (session.id, "complete", "paid")
    intent = fake.payment_intents[paid["payment_intent"]]
    assert intent["status"] == "succeeded" and intent["metadata"] == {"order_id": "7"}
    assert fake.events == [completed]


async def test_expand_latest_charge_balance_transaction(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    session = await paid_session(fake, client)

    intent = await client.v1.payment_intents.retrieve_async(
        session.payment_intent, {"expand": ["latest_charge.balance_transaction"]}
    )

    charge = intent.latest_charge
    assert isinstance(charge, stripe.Charge) and charge.id.startswith("ch_")
    txn = charge.balance_transaction
    assert isinstance(txn, stripe.BalanceTransaction) and txn.id.startswith("txn_")
    fee = round(3000 * 0.029) + 30
    assert (txn.amount, txn.fee, txn.net, txn.currency) == (3000, fee, 3000 - fee, "usd")
    plain = await client.v1.charges.retrieve_async(charge.id)
    assert plain.balance_transaction == txn.id


async def test_expires_at_and_success_url_refused(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    for expires_at in (fake.now() + 60, fake.now() + 25 * 3600):
        with pytest.raises(stripe.InvalidRequestError) as raised:
            await client.v1.checkout.sessions.create_async(
                payment_params(fake, expires_at=expires_at)
            )
        assert raised.value.http_status == 400 and raised.value.param == "expires_at"

    params = payment_params(fake)
    del params["success_url"]
    with pytest.raises(stripe.InvalidRequestError) as raised:
        await client.v1.checkout.sessions.create_async(params)
    assert raised.value.param == "success_url"
    assert fake.sessions == {}


async def test_list_auto_paging(fake: FakeStripe, client: stripe.StripeClient) -> None:
    since = fake.now()
    created = [
        (await client.v1.checkout.sessions.create_async(payment_params(fake))).id for _ in range(5)
    ]

    page = await client.v1.checkout.sessions.list_async({"created": {"gte": since}, "limit": 2})
    assert len(page.data) == 2 and page.has_more

    seen = [s.id async for s in page.auto_paging_iter()]
    assert seen == created[::-1]  # newest first
    assert [r.params.get("starting_after") for r in fake.requests[-3:]] == [
        None,
        created[3],
        created[1],
    ]
    later = await client.v1.checkout.sessions.list_async({"created": {"gte": since + 3600}})
    assert later.data == [] and not later.has_more


async def test_refunds_full_partial_and_too_much(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    session = await paid_session(fake, client)
    intent = fake.payment_intents[session.payment_intent]

    partial = await client.v1.refunds.create_async(
        {"payment_intent": intent["id"], "amount": 1000, "metadata": {"order_id": "7"}}
    )
    assert partial.id.startswith("re_") and partial.amount == 1000
    assert partial.charge == intent["latest_charge"] and partial.status == "succeeded"
    charge = fake.charges[intent["latest_charge"]]
    assert (charge["amount_refunded"], charge["refunded"]) == (1000, False)

    with pytest.raises(stripe.InvalidRequestError) as raised:
        await client.v1.refunds.create_async({"charge": charge["id"], "amount": 2001})
    assert raised.value.param == "amount"

    rest = await client.v1.refunds.create_async({"charge": charge["id"]})
    assert rest.amount == 2000
    assert (charge["amount_refunded"], charge["refunded"]) == (3000, True)
    with pytest.raises(stripe.InvalidRequestError) as raised:
        await client.v1.refunds.create_async({"payment_intent": intent["id"]})
    assert raised.value.code == "charge_already_refunded"

    refunded = fake.events_of("charge.refunded")
    assert len(refunded) == 2
    last = refunded[-1]["data"]["object"]
    assert last["amount_refunded"] == 3000 and last["refunded"] is True
    assert [r["id"] for r in last["refunds"]["data"]] == [rest.id, partial.id]


async def test_refund_in_dashboard_and_dispute(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    session = await paid_session(fake, client)
    charge_id = fake.payment_intents[session.payment_intent]["latest_charge"]

    [refunded] = fake.refund_in_dashboard(charge_id, 500)
    assert refunded["type"] == "charge.refunded"
    assert refunded["data"]["object"]["amount_refunded"] == 500

    [opened] = fake.dispute(charge_id)
    dispute = opened["data"]["object"]
    assert opened["type"] == "charge.dispute.created" and dispute["id"].startswith("dp_")
    assert (dispute["charge"], dispute["amount"]) == (charge_id, 2500)
    [closed] = fake.close_dispute(dispute["id"], "lost")
    assert closed["type"] == "charge.dispute.closed"
    assert closed["data"]["object"]["status"] == "lost"


async def test_subscription_checkout_renewal_and_cancel(
    fake: FakeStripe, client: stripe.StripeClient
) -> None:
    customer = await client.v1.customers.create_async({"email": "a@example.com"})
    session = await client.v1.checkout.sessions.create_async(subscription_params(customer.id))
    assert (session.mode, session.amount_total, session.currency) == ("subscription", 999, "eur")

    events = fake.complete_session(session.id)

    assert [e["type"] for e in events] == [
        "customer.subscription.created",
        "invoice.paid",
        "checkout.session.completed",
    ]
    invoice = events[1]["data"]["object"]
    sub_id = events[2]["data"]["object"]["subscription"]
    assert invoice["billing_reason"] == "subscription_create" and invoice["status"] == "paid"
    assert invoice["parent"]["subscription_details"]["subscription"] == sub_id
    assert invoice["subscription"] == sub_id and invoice["amount_paid"] == 999
    assert invoice["payments"]["data"][0]["payment"]["payment_intent"].startswith("pi_")
    subscription = await client.v1.subscriptions.retrieve_async(sub_id)
    assert subscription.status == "active" and subscription.metadata["plan"] == "monthly"
    period_end = subscription["items"].data[0]["current_period_end"]
    assert subscription["current_period_end"] == period_end
    assert 28 * 86400 <= period_end - subscription["current_period_start"] <= 31 * 86400

    [renewed] = fake.renew(sub_id)
    renewal = renewed["data"]["object"]
    assert renewed["type"] == "invoice.paid"
    assert renewal["billing_reason"] == "subscription_cycle"
    assert fake.subscriptions[sub_id]["current_period_start"] == period_end

    failed, updated = fake.renew(sub_id, paid=False)
    assert (failed["type"], failed["data"]["object"]["status"]) == (
        "invoice.payment_failed",
        "open",
    )
    assert updated["type"] == "customer.subscription.updated"
    assert updated["data"]["object"]["status"] == "past_due"

    invoices = await client.v1.invoices.list_async({"subscription": sub_id, "limit": 1})
    assert [i.id async for i in invoices.auto_paging_iter()] == [
        failed["data"]["object"]["id"],
        renewal["id"],
        invoice["id"],
    ]

    scheduled = await client.v1.subscriptions.update_async(sub_id, {"cancel_at_period_end": True})
    assert scheduled.cancel_at_period_end and scheduled.status == "past_due"
    canceled = await client.v1.subscriptions.cancel_async(sub_id)
    assert canceled.status == "canceled"
    assert fake.events[-1]["type"] == "customer.subscription.deleted"

    portal = await client.v1.billing_portal.sessions.create_async(
        {"customer": customer.id, "return_url": "https://t.me/bot"}
    )
    assert portal.object == "billing_portal.session" and portal.url.startswith(fake.url)


async def test_async_payment_and_expiry(fake: FakeStripe, client: stripe.StripeClient) -> None:
    session = await client.v1.checkout.sessions.create_async(payment_params(fake))
    [completed] = fake.complete_session(session.id, paid=False)
    assert completed["data"]["object"]["payment_status"] == "unpaid"
    [settled] = fake.async_payment(session.id, succeeded=True)
    assert settled["type"] == "checkout.session.async_payment_succeeded"
    assert settled["data"]["object"]["payment_status"] == "paid"

    other = await client.v1.checkout.sessions.create_async(payment_params(fake))
    expired = await client.v1.checkout.sessions.expire_async(other.id)
    assert expired.status == "expired"
    assert fake.events[-1]["type"] == "checkout.session.expired"
    with pytest.raises(stripe.InvalidRequestError):
        await client.v1.checkout.sessions.expire_async(other.id)


async def test_injected_failure(fake: FakeStripe, client: stripe.StripeClient) -> None:
    fake.fail_next("POST", "/v1/checkout/sessions")

    with pytest.raises(stripe.APIError) as raised:
        await client.v1.checkout.sessions.create_async(payment_params(fake))
    assert raised.value.http_status == 500

    session = await client.v1.checkout.sessions.create_async(payment_params(fake))
    assert list(fake.sessions) == [session.id]
