"""The HTTP API beside the webhook: signal ingest for the signal engine, and approvals for
users' execution clients."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from app.infrastructure import is_infrastructure_error
from app.server import BODY_TIMEOUT_S
from app.services.entitlements import PREMIUM_KEY, EntitlementService
from app.services.signals import (
    PROBLEM_SEPARATOR,
    ApiKeyService,
    PriceRange,
    SignalConflict,
    SignalIn,
    SignalService,
    check_signature,
)
from app.times import checked_time

log = logging.getLogger(__name__)

SIGNALS_PATH = "/api/v1/signals"
APPROVALS_PATH = "/api/v1/signals/approvals"
MAX_SIGNAL_BYTES = 64 * 1024


def iso(moment: datetime) -> str:
    """UTC with a Z: safe to pass back in a query string as it is (a "+" would become a space)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def problem(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


# The names a field path may show; pydantic adds the alternatives it tried for a union.
FIELD_NAMES = set(SignalIn.model_fields) | set(PriceRange.model_fields)


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Each bad field with its message. Checks across fields come as "field: message" pairs."""
    errors = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        parts = [str(p) for p in error["loc"] if isinstance(p, int) or p in FIELD_NAMES]
        where = ".".join(dict.fromkeys(parts))
        if where:
            errors.append({"field": where, "message": message})
            continue
        for problem in message.split(PROBLEM_SEPARATOR):
            field, _, text = problem.partition(": ")
            errors.append(
                {"field": field, "message": text} if text else {"field": "body", "message": field}
            )
    return errors


class BodyRefused(Exception):
    """A request body we will not read: its 4xx status and the reason to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_body(request: web.Request, limit: int) -> bytes:
    """The body, whole, or BodyRefused: too big (413), too slow to arrive (408)."""
    too_big = BodyRefused(413, f"the body is over {limit} bytes")
    if (request.content_length or 0) > limit:
        raise too_big
    try:
        async with asyncio.timeout(BODY_TIMEOUT_S):
            body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise too_big from None
    except TimeoutError:
        raise BodyRefused(408, f"the body did not arrive within {BODY_TIMEOUT_S} s") from None
    if len(body) > limit:
        raise too_big
    return body


@web.middleware
async def identity_bodies_only(request: web.Request, handler) -> web.StreamResponse:
    """Telegram and the signal engine send plain bodies. A compressed one is refused before it
    is read: decoding it would be work (and a decompression bomb) for an unauthenticated
    caller, and a bad encoding used to end in a 500."""
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        return problem(415, "Content-Encoding is not accepted: send the body uncompressed")
    return await handler(request)


@web.middleware
async def unavailable_on_outage(request: web.Request, handler) -> web.StreamResponse:
    """A database that cannot be reached answers 503, so the caller retries later."""
    try:
        return await handler(request)
    except Exception as exc:
        if not is_infrastructure_error(exc):
            raise
        log.warning("%s %s not served: %r", request.method, request.path, exc)
        return problem(503, "temporarily unavailable, retry later")


class SignalsApi:
    def __init__(
        self,
        secret: str | None,
        signals: SignalService,
        keys: ApiKeyService,
        entitlements: EntitlementService,
    ) -> None:
        self.secret = secret
        self.signals = signals
        self.keys = keys
        self.entitlements = entitlements

    async def ingest(self, request: web.Request) -> web.Response:
        if self.secret is None:
            return problem(503, "the signals API is off: SIGNALS_SECRET is not set")
        try:
            body = await read_body(request, MAX_SIGNAL_BYTES)
        except BodyRefused as refused:
            return problem(refused.status, refused.reason)
        refusal = check_signature(
            self.secret,
            request.headers.get("X-Timestamp"),
            request.headers.get("X-Signature"),
            body,
            datetime.now(UTC),
        )
        if refusal:
            return problem(401, refusal)
        try:
            payload = json.loads(body, parse_float=Decimal)  # prices never become floats
        except (ValueError, RecursionError):
            return problem(400, "the body is not JSON")
        try:
            incoming = SignalIn.model_validate(payload, context={"now": datetime.now(UTC)})
        except ValidationError as exc:
            return problem(422, "the signal is invalid", errors=field_errors(exc))
        try:
            signal, created = await self.signals.ingest(incoming)
        except SignalConflict:
            return problem(409, f"{incoming.external_id} exists with different content")
        return web.json_response(
            {"id": signal.id, "external_id": signal.external_id, "created": created},
            status=201 if created else 200,
        )

    async def approvals(self, request: web.Request) -> web.Response:
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return problem(401, "send Authorization: Bearer <API key from /apikey>")
        now = datetime.now(UTC)
        user = await self.keys.authenticate(raw.strip(), now)
        if user is None:
            return problem(401, "unknown or revoked API key")
        if not await self.entitlements.has(user.id, PREMIUM_KEY, now):
            # The key is kept, not revoked: it works again when premium is renewed.
            return problem(403, "premium access has ended: the key works again after renewal")
        try:
            since = checked_time(datetime.fromisoformat(request.query["since"]))
        except (KeyError, ValueError) as exc:
            reason = f" ({exc})" if isinstance(exc, ValueError) else ""
            return problem(400, f"give since=<ISO 8601 time>, like 2026-11-26T00:00:00Z{reason}")
        approvals = await self.signals.approvals_since(user, since)
        items = [
            {
                "signal_id": a.signal.id,
                "external_id": a.signal.external_id,
                "instrument": a.signal.instrument,
                "side": a.signal.side,
                "entry": {"low": a.signal.entry_low, "high": a.signal.entry_high},
                "stop_loss": a.signal.stop_loss,
                "take_profits": a.signal.take_profits,
                "timeframe": a.signal.timeframe,
                "valid_until": iso(a.signal.valid_until),
                "approved_at": iso(a.created_at),
            }
            for a in approvals
        ]
        return web.json_response(
            {
                "approvals": items,
                "next_since": items[-1]["approved_at"] if items else iso(since),
            }
        )


def add_routes(app: web.Application, api: SignalsApi) -> None:
    app.router.add_post(SIGNALS_PATH, api.ingest)
    app.router.add_get(APPROVALS_PATH, api.approvals)
