"""POST /api/v1/stripe/webhook: Stripe's signature verified by the SDK (signed here by the SDK's
own helper), each event stored once before it is acknowledged, and off until configured."""

import asyncio
import json
import time

import pytest
import stripe

from app.stripe_webhook import STRIPE_WEBHOOK_PATH
from app.web import create_app
from models import StripeEvent, StripeEventStatus
from tests.conftest import make_settings

SECRET = "whsec_test_current_0123456789"
OLD_SECRET = "whsec_test_previous_0123456789"


def event(event_id="evt_1", kind="customer.created") -> str:
    """A signed event of a type nothing acts on: stored (as ignored), nothing more."""
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": {"id": "cus_test_1", "object": "customer"}},
        }
    )


def signed(body: str, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=at)
    return {"Stripe-Signature": header, "Content-Type": "application/json"}


@pytest.fixture
async def stripe_client(aiohttp_client, clean_state, telegram):
    settings = make_settings(
        clean_state,
        telegram,
        stripe={"secret_key": "sk_test_abc123", "webhook_secret": f"{SECRET}"},
    )
    return await aiohttp_client(create_app(settings))


async def post(client, body: str, headers: dict[str, str]):
    response = await client.post(STRIPE_WEBHOOK_PATH, data=body.encode(), headers=headers)
    return response.status, await response.json()


async def test_a_signed_event_is_stored_once_then_acknowledged(stripe_client):
    body = event()

    status, answer = await post(stripe_client, body, signed(body))

    assert (status, answer) == (200, {"received": "evt_1", "duplicate": False})
    stored = await StripeEvent.get(id="evt_1")
    assert (stored.type, stored.status, stored.payload["data"]["object"]["id"]) == (
        "customer.created",
        StripeEventStatus.IGNORED,
        "cus_test_1",
    )


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (lambda body: {}, "the Stripe-Signature header is missing"),
        (lambda body: signed(body, "whsec_someone_else"), "the signature does not verify"),
        (lambda body: signed(body + " "), "the signature does not verify"),
        (
            lambda body: signed(body, at=int(time.time()) - 301),
            "the signature does not verify: Timestamp outside the tolerance zone",
        ),
        (
            lambda body: signed(body, at=int(time.time()) + 301),
            "the signature's timestamp is in the future",
        ),
        (lambda body: {"Stripe-Signature": "v1=abc"}, "the signature does not verify"),
    ],
    ids=["missing", "wrong secret", "tampered body", "stale", "future", "garbled"],
)
async def test_an_unverified_body_is_refused_and_nothing_is_stored(stripe_client, headers, reason):
    body = event()

    status, answer = await post(stripe_client, body, headers(body))

    assert status == 400
    assert answer["error"].startswith(reason)
    assert await StripeEvent.all().count() == 0


async def test_while_stripe_rolls_the_secret_either_signature_verifies(stripe_client):
    body = event()
    now = int(time.time())
    old = signed(body, OLD_SECRET, now)["Stripe-Signature"]
    new = signed(body, SECRET, now)["Stripe-Signature"]
    # Stripe signs with both secrets for a while: one t=, two v1= signatures.
    both = f"{old},{new.split(',', 1)[1]}"

    status, _ = await post(stripe_client, body, {"Stripe-Signature": both})

    assert status == 200


async def test_while_we_roll_ours_two_configured_secrets_are_accepted(
    aiohttp_client, clean_state, telegram
):
    settings = make_settings(
        clean_state,
        telegram,
        stripe={"secret_key": "sk_test_abc123", "webhook_secret": f"{SECRET},{OLD_SECRET}"},
    )
    client = await aiohttp_client(create_app(settings))
    first, second = event("evt_1"), event("evt_2")

    assert (await post(client, first, signed(first, SECRET)))[0] == 200
    assert (await post(client, second, signed(second, OLD_SECRET)))[0] == 200
    assert (await post(client, first, signed(first, "whsec_neither")))[0] == 400


async def test_the_same_event_five_times_and_at_once_is_stored_once(stripe_client):
    body = event()

    answers = [await post(stripe_client, body, signed(body)) for _ in range(5)]
    answers += await asyncio.gather(*(post(stripe_client, body, signed(body)) for _ in range(5)))

    assert [status for status, _ in answers] == [200] * 10
    assert [answer["duplicate"] for _, answer in answers].count(False) == 1
    assert await StripeEvent.all().count() == 1


async def test_a_signed_body_that_is_no_event_is_refused(stripe_client):
    for body in ("[1, 2]", '{"id": "cs_1"}', "not json"):
        status, answer = await post(stripe_client, body, signed(body))
        assert status == 400, body
    assert await StripeEvent.all().count() == 0


async def test_stripe_is_off_until_configured(client):
    body = event()

    response = await client.post(STRIPE_WEBHOOK_PATH, data=body.encode(), headers=signed(body))

    assert response.status == 503
    assert (await response.json())["error"] == (
        "card payments are off: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are unset"
    )
    assert await StripeEvent.all().count() == 0


def future_signed(body: str, layout: str) -> dict[str, str]:
    """A valid signature over a timestamp beyond the tolerance, its `t=` item laid out in one of
    the ways the SDK's own parser reads (the first `t` item of the `k=v` list, int()ed)."""
    at = int(time.time()) + 3600
    signature = signed(body, at=at)["Stripe-Signature"].split(",", 1)[1]
    header = {
        "plain": f"t={at},{signature}",
        "padded": f"t= {at} ,{signature}",
        "t last": f"{signature},t={at}",
        "two t items": f"t={at},{signature},t={int(time.time())}",
        "two t items, the first padded": f"t={at} ,{signature},t={int(time.time())}",
        "plus sign": f"t=+{at},{signature}",
        "underscores": f"t={str(at)[:4]}_{str(at)[4:]},{signature}",
    }[layout]
    # The SDK verifies each of these: the future is all that is wrong with them.
    stripe.WebhookSignature.verify_header(body, header, SECRET, 300)
    return {"Stripe-Signature": header, "Content-Type": "application/json"}


@pytest.mark.parametrize(
    "layout",
    [
        "plain",
        "padded",
        "t last",
        "two t items",
        "two t items, the first padded",
        "plus sign",
        "underscores",
    ],
)
async def test_a_future_timestamp_is_refused_however_the_header_lays_it_out(stripe_client, layout):
    body = event()

    status, answer = await post(stripe_client, body, future_signed(body, layout))

    assert (status, answer["error"]) == (400, "the signature's timestamp is in the future")
    assert await StripeEvent.all().count() == 0


async def test_a_timestamp_within_the_tolerance_ahead_is_accepted(stripe_client):
    body = event()

    status, _ = await post(stripe_client, body, signed(body, at=int(time.time()) + 60))

    assert status == 200


@pytest.mark.parametrize("signature", ["valid", "none"])
async def test_a_body_that_is_not_utf8_is_refused_and_nothing_is_stored(stripe_client, signature):
    body = event().encode()[:-1] + b' , "x": "\xff\xfe"}'
    # Signed over its Latin-1 reading: the SDK would decode the body as UTF-8, and fail.
    header = signed(body.decode("latin-1"))["Stripe-Signature"]
    headers = {"Content-Type": "application/json", "Stripe-Signature": header}
    if signature == "none":
        headers["Stripe-Signature"] = "t=1,v1=abc"

    response = await stripe_client.post(STRIPE_WEBHOOK_PATH, data=body, headers=headers)

    assert response.status == 400
    assert (await response.json())["error"] == "the body is not UTF-8"
    assert await StripeEvent.all().count() == 0
