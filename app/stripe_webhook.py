"""`POST /api/v1/stripe/webhook`: Stripe's events, their signature verified by the SDK, each
stored once before it is acknowledged."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime

import stripe
from aiohttp import web

from app.api import BodyRefused, problem, read_body
from app.config import StripeSettings
from app.services.stripe_events import StripeEventStore
from app.stripe_processing import StripeProcessor

STRIPE_WEBHOOK_PATH = "/api/v1/stripe/webhook"
# Stripe's events are a few kilobytes; a checkout session with many line items stays far below.
MAX_EVENT_BYTES = 512 * 1024
# Stripe's own default: a signature older than this is a replay.
TOLERANCE_S = stripe.Webhook.DEFAULT_TOLERANCE
# An event id as Stripe makes them, and as long as stripe_events.id holds.
EVENT_ID_RE = re.compile(r"evt_[A-Za-z0-9_]{1,251}")


def signed_timestamp(header: str) -> int:
    """The timestamp the SDK verified the signature over: read by the SDK's own parser (the
    first `t` item of the header's `k=v` list, int()ed, so ` t= 17…`, `t=+17…` and a `t` after
    the signatures all count), so no layout it accepts can slip past the check here. Stable
    within the pinned stripe major version; the tests cover it."""
    timestamp, _ = stripe.WebhookSignature._get_timestamp_and_signatures(
        header, stripe.WebhookSignature.EXPECTED_SCHEME
    )
    return int(timestamp)


def signature_refusal(text: str, header: str | None, secrets: tuple[str, ...]) -> str | None:
    """Why the body (decoded: the SDK signs and checks text) is not Stripe's, or None. The SDK
    checks the signatures (any of several `v1` ones, as Stripe sends while an endpoint's secret
    is rolled) and the age; a timestamp from the future, which the SDK lets through, is then
    refused here."""
    if not header:
        return "the Stripe-Signature header is missing"
    reason = "no secret configured"
    for secret in secrets:  # two while we roll ours: either may have signed
        try:
            stripe.WebhookSignature.verify_header(text, header, secret, TOLERANCE_S)
        except stripe.SignatureVerificationError as exc:
            reason = str(exc.user_message or exc).split(". ")[0]
            continue
        if signed_timestamp(header) > time.time() + TOLERANCE_S:
            return "the signature's timestamp is in the future"
        return None
    return f"the signature does not verify: {reason}"


class StripeWebhook:
    def __init__(
        self,
        settings: StripeSettings,
        events: StripeEventStore,
        processor: StripeProcessor | None,
    ) -> None:
        self.settings = settings
        self.events = events
        self.processor = processor  # acts on each new event, after Stripe has its answer

    async def receive(self, request: web.Request) -> web.Response:
        if not self.settings.enabled:
            return problem(
                503, "card payments are off: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are unset"
            )
        try:
            body = await read_body(request, MAX_EVENT_BYTES)
        except BodyRefused as exc:
            return problem(exc.status, exc.reason)
        try:
            # Stripe sends UTF-8 JSON; the SDK would decode it too, and raise on anything else.
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return problem(400, "the body is not UTF-8")
        secrets = tuple(secret.get_secret_value() for secret in self.settings.webhook_secret)
        refusal = signature_refusal(text, request.headers.get("Stripe-Signature"), secrets)
        if refusal:
            return problem(400, refusal)
        try:
            event = json.loads(text)  # the text that was verified, not a re-detected encoding
        except (ValueError, RecursionError):
            return problem(400, "the body is not JSON")
        if (
            not isinstance(event, dict)
            or not EVENT_ID_RE.fullmatch(str(event.get("id", "")))
            or not isinstance(event.get("type"), str)
            or not isinstance(event.get("data"), dict)
        ):
            return problem(400, "the body is not a Stripe event")
        acted_on = self.processor is None or self.processor.acts_on(str(event.get("type")))
        new = await self.events.record(event, datetime.now(UTC), acted_on)
        if new and acted_on and self.processor is not None:
            self.processor.start(event["id"])
        return web.json_response({"received": event["id"], "duplicate": not new})


def add_stripe_routes(app: web.Application, webhook: StripeWebhook) -> None:
    app.router.add_post(STRIPE_WEBHOOK_PATH, webhook.receive)
