"""The HTTP API beside the webhook: signal ingest for the signal engine, and approvals for
users' execution clients."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from app.infrastructure import OutageLog, is_infrastructure_error
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
from app.services.throttle import Limiter
from app.times import checked_time
from models import ApiKey

log = logging.getLogger(__name__)

API_OUTAGE = OutageLog(log, "HTTP requests")
SIGNALS_PATH = "/api/v1/signals"
APPROVALS_PATH = "/api/v1/signals/approvals"
MAX_SIGNAL_BYTES = 64 * 1024


def iso(moment: datetime) -> str:
    """UTC with a Z: safe to pass back in a query string as it is (a "+" would become a space)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def problem(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status, headers=headers)


class ApiLimits:
    """Every request to the HTTP APIs counts against its client address (wrong keys and bad
    signatures included, so nothing is guessed or flooded at speed, and before any work is
    done for it); an API key's requests count against the key as well."""

    def __init__(
        self, per_address: Limiter, per_key: Limiter, trusted_proxies: frozenset[str]
    ) -> None:
        self.per_address = per_address
        self.per_key = per_key
        self.trusted_proxies = trusted_proxies

    def address(self, request: web.Request) -> str:
        """The client's address; behind a trusted proxy, the last one it forwarded for."""
        remote = request.remote or "unknown"
        if remote not in self.trusted_proxies:
            return remote
        forwarded = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        untrusted = [hop for hop in forwarded if hop and hop not in self.trusted_proxies]
        return untrusted[-1] if untrusted else remote

    async def refuse_address(self, request: web.Request) -> web.Response | None:
        return await self._refuse(self.per_address, self.address(request))

    async def refuse_key(self, key: ApiKey) -> web.Response | None:
        return await self._refuse(self.per_key, key.id)

    @staticmethod
    async def _refuse(limiter: Limiter, who: str | int) -> web.Response | None:
        decision = await limiter.hit(who, uuid.uuid4().hex)
        if decision.allowed:
            return None
        return problem(
            429,
            f"too many requests: retry in {decision.retry_after} s",
            headers={"Retry-After": str(decision.retry_after)},
        )


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
    """The body, whole, or BodyRefused: compressed (415), too big (413), too slow to arrive
    (408). Telegram and the signal engine send plain bodies; a compressed one is refused before
    it is read: decoding it would be work (and a decompression bomb) for a caller not yet known,
    and a bad encoding used to end in a 500. Called after the caller's secret is checked."""
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise BodyRefused(415, "Content-Encoding is not accepted: send the body uncompressed")
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
async def unavailable_on_outage(request: web.Request, handler) -> web.StreamResponse:
    """A database that cannot be reached answers 503, so the caller retries later."""
    try:
        response = await handler(request)
    except Exception as exc:
        if not is_infrastructure_error(exc):
            raise
        API_OUTAGE.failed(exc)
        return problem(503, "temporarily unavailable, retry later")
    API_OUTAGE.served()
    return response


class SignalsApi:
    def __init__(
        self,
        secret: str | None,
        signals: SignalService,
        keys: ApiKeyService,
        entitlements: EntitlementService,
        limits: ApiLimits,
    ) -> None:
        self.secret = secret
        self.signals = signals
        self.keys = keys
        self.entitlements = entitlements
        self.limits = limits

    async def ingest(self, request: web.Request) -> web.Response:
        if self.secret is None:
            return problem(503, "the signals API is off: SIGNALS_SECRET is not set")
        if refused := await self.limits.refuse_address(request):
            return refused
        try:
            body = await read_body(request, MAX_SIGNAL_BYTES)
        except BodyRefused as exc:
            return problem(exc.status, exc.reason)
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
            signal, created = await self.signals.ingest(incoming, datetime.now(UTC))
        except SignalConflict:
            return problem(409, f"{incoming.external_id} exists with different content")
        return web.json_response(
            {"id": signal.id, "external_id": signal.external_id, "created": created},
            status=201 if created else 200,
        )

    async def approvals(self, request: web.Request) -> web.Response:
        if refused := await self.limits.refuse_address(request):
            return refused
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return problem(401, "send Authorization: Bearer <API key from /apikey>")
        now = datetime.now(UTC)
        key = await self.keys.authenticate(raw.strip(), now)
        if key is None:
            return problem(401, "unknown or revoked API key")
        if refused := await self.limits.refuse_key(key):
            return refused
        user = key.user
        if not await self.entitlements.has(user.id, PREMIUM_KEY, now):
            # The key is kept, not revoked: it works again when premium is renewed.
            return problem(403, "premium access has ended: the key works again after renewal")
        try:
            since, after = page_start(request.query)
        except ValueError as exc:
            return problem(400, str(exc))
        approvals = await self.signals.approvals_page(user, since=since, after=after)
        items = [
            {
                "approval_id": a.id,
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
        # The cursor for the next call: ids follow commit order, so nothing is skipped.
        next_after = approvals[-1].id if approvals else (after or 0)
        if not approvals and after is None:  # nothing since `since` yet: ask from the newest
            next_after = await self.signals.last_approval_id(user)
        return web.json_response({"approvals": items, "next_after": next_after})


PAGE_START = (
    "give since=<ISO 8601 time with a zone> for the first call, like "
    "since=2026-11-26T00:00:00Z, then after=<next_after of the answer before>"
)


def page_start(query) -> tuple[datetime | None, int | None]:
    """(since, after) of the approvals query: one of them, well formed."""
    if ("since" in query) == ("after" in query):
        raise ValueError(PAGE_START)
    if "after" in query:
        if not re.fullmatch(r"[0-9]{1,18}", query["after"]):
            raise ValueError(f"after must be an approval id: {PAGE_START}")
        return None, int(query["after"])
    try:
        return checked_time(datetime.fromisoformat(query["since"])), None
    except ValueError as exc:
        raise ValueError(f"{PAGE_START} ({exc})") from None


def add_routes(app: web.Application, api: SignalsApi) -> None:
    app.router.add_post(SIGNALS_PATH, api.ingest)
    app.router.add_get(APPROVALS_PATH, api.approvals)
