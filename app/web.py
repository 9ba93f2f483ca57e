"""The aiohttp web app: Telegram's webhook, health, readiness and metrics."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import payload, web
from pydantic import ValidationError

from app.api import (
    ApiLimits,
    BodyRefused,
    SignalsApi,
    add_routes,
    read_body,
    unavailable_on_outage,
)
from app.bot import create_bot, create_dispatcher, create_redis
from app.config import WEBHOOK_PATH, Settings
from app.container import Services, build_services
from app.db import ping_db
from app.infrastructure import is_infrastructure_error
from app.services.journal import UpdateInProgress
from app.stripe_webhook import StripeWebhook, add_stripe_routes

log = logging.getLogger(__name__)

SERVICES = web.AppKey("services", Services)
OPS_TOKEN = web.AppKey[str | None]("ops_token")  # a union is no class: given as the parameter
OPS_PATHS = frozenset({"/readyz", "/metrics"})

MAX_BODY_BYTES = 1024 * 1024
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
READINESS_TIMEOUT_S = 2
# Telegram gives up on a webhook call after about a minute and sends the update again. Past
# this budget the attempt is cancelled and answered 503, so the answer still reaches Telegram.
PROCESSING_TIMEOUT_S = 45
# How soon Telegram should come back when it cannot be served now.
RETRY_AFTER_S = "5"


class BadUpdate(ValueError):
    """The body is not a Telegram Update; the message says why, for the 400 answer."""


def telegram_integer(text: str) -> int:
    """Every number Telegram sends fits 64 bits; a larger one could not be stored and would
    fail every redelivery, so the whole body is refused (json calls this for each integer)."""
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise BadUpdate("not a Telegram Update (a number beyond 64 bits)")
    return value


def parse_update(body: bytes, bot: Bot) -> Update:
    try:
        payload = json.loads(body, parse_int=telegram_integer)
    except BadUpdate:
        raise
    except (ValueError, RecursionError):  # bad bytes, bad JSON, absurd numbers or nesting
        raise BadUpdate("the body is not JSON") from None
    try:
        update = Update.model_validate(payload, context={"bot": bot})
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"]) or "body"
        raise BadUpdate(f"not a Telegram Update ({where}: {exc.errors()[0]['msg']})") from None
    if update.update_id < 0:
        raise BadUpdate("not a Telegram Update (update_id out of range)")
    return update


class WebhookHandler(SimpleRequestHandler):
    """aiogram's handler, made strict: the secret is compared as bytes (any header content gets a
    401, never an exception), bad bodies get a 4xx with a reason, and the update is processed
    before Telegram is answered, so a failure of ours makes Telegram redeliver it."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, *, secret_token: str) -> None:
        super().__init__(dispatcher, bot, handle_in_background=False, secret_token=secret_token)
        self.expected_secret = secret_token.encode()

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, self.expected_secret)

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            body = await read_body(request, MAX_BODY_BYTES)
        except BodyRefused as refused:
            return web.Response(status=refused.status, text=refused.reason)
        try:
            update = parse_update(body, bot)
        except BadUpdate as exc:
            return web.Response(status=400, text=str(exc))
        try:
            # feed_update, not feed_webhook_update: the latter answers 200 after 55 s and goes on
            # in the background, where a later failure could no longer make Telegram redeliver.
            async with asyncio.timeout(PROCESSING_TIMEOUT_S):
                result = await self.dispatcher.feed_update(bot, update, **self.data)
        except UpdateInProgress:
            return self._retry_later("this update is being processed by another attempt")
        except Exception as exc:
            if not is_infrastructure_error(exc):
                raise  # our bug: aiohttp logs it and answers 500, and Telegram redelivers
            return self._retry_later("temporarily unavailable")
        if not isinstance(result, TelegramMethod):
            result = None
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    def _build_response_writer(
        self, bot: Bot, result: TelegramMethod[Any] | None
    ) -> payload.Payload:
        """The Bot API call in the webhook's answer as JSON, which Telegram takes as well as
        aiogram's form data at a fraction of the cost (the multipart body took a tenth of the
        service's CPU in bench/webhook.py). A call that uploads a file keeps the form."""
        if result is None:
            return payload.JsonPayload({})
        files: dict[str, Any] = {}
        call: dict[str, Any] = {"method": result.__api_method__}
        for key, value in result.model_dump(warnings=False).items():
            prepared = bot.session.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None:
                call[key] = prepared
        if files:
            return super()._build_response_writer(bot=bot, result=result)
        return payload.BytesPayload(
            json.dumps(call, ensure_ascii=False, separators=(",", ":")).encode(),
            content_type="application/json",
        )

    @staticmethod
    def _retry_later(reason: str) -> web.Response:
        return web.Response(status=503, text=reason, headers={"Retry-After": RETRY_AFTER_S})


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@web.middleware
async def ops_token_required(request: web.Request, handler) -> web.StreamResponse:
    """/readyz and /metrics tell how the service is doing and what it serves; with OPS_TOKEN
    set they answer only `Authorization: Bearer <OPS_TOKEN>`. /healthz stays open for load
    balancers: it says nothing but "up"."""
    token = request.app[OPS_TOKEN]
    if token is None or request.path not in OPS_PATHS:
        return await handler(request)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode()):
        return web.json_response({"error": "send Authorization: Bearer <OPS_TOKEN>"}, status=401)
    return await handler(request)


async def readyz(request: web.Request) -> web.Response:
    checks: dict[str, str] = {}
    redis = request.app[SERVICES].redis
    probes: dict[str, Awaitable[object]] = {"database": ping_db()}
    if redis is not None:
        probes["redis"] = redis.ping()
    for name, probe in probes.items():
        try:
            await asyncio.wait_for(probe, READINESS_TIMEOUT_S)
            checks[name] = "ok"
        except Exception as exc:
            log.warning("Readiness: %s does not answer: %r", name, exc)
            checks[name] = "unavailable"
    ready = all(state == "ok" for state in checks.values())
    return web.json_response(checks, status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    registry = request.app[SERVICES].metrics
    return web.Response(body=registry.render(), headers={"Content-Type": registry.content_type})


# The redirect of a broadcast's URL button (see app/broadcasting.py click_url).
CLICK_PATH = r"/b/{broadcast:[0-9]{1,9}}/{button:[0-9]{1,2}}"


async def broadcast_click(request: web.Request) -> web.Response:
    """Count a press of a broadcast's link button and forward to its URL. Only URLs stored
    with a broadcast are forwarded to: this is no open redirect."""
    services = request.app[SERVICES]
    url = await services.broadcasts.click(
        int(request.match_info["broadcast"]), int(request.match_info["button"])
    )
    if url is None:
        return web.Response(status=404, text="no such broadcast button")
    raise web.HTTPFound(url)


def create_app(settings: Settings) -> web.Application:
    bot = create_bot(settings)  # BOT_TOKEN first: nothing works without it
    secret_token = settings.required_webhook_secret
    services = build_services(settings, bot, create_redis(settings))
    dispatcher = create_dispatcher(services, bot)
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[ops_token_required, unavailable_on_outage],
    )
    app[SERVICES] = services
    app[OPS_TOKEN] = settings.ops_token.get_secret_value() if settings.ops_token else None
    WebhookHandler(dispatcher, bot, secret_token=secret_token).register(app, path=WEBHOOK_PATH)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    app.router.add_get(CLICK_PATH, broadcast_click)
    secret = settings.signals_secret.get_secret_value() if settings.signals_secret else None
    limits = ApiLimits(
        per_address=services.limiter(settings.api_rate, "api:address"),
        per_key=services.limiter(settings.api_key_rate, "api:key"),
        trusted_proxies=settings.trusted_proxies,
    )
    api = SignalsApi(secret, services.signals, services.keys, services.entitlements, limits)
    add_routes(app, api)
    webhook = StripeWebhook(settings.stripe, services.stripe_events, services.stripe_processor)
    add_stripe_routes(app, webhook)
    # Before the dispatcher's own shutdown, which closes the database: the Stripe events in
    # hand are finished first.
    app.on_shutdown.append(lambda _app: services.close())
    setup_application(app, dispatcher, bot=bot)
    return app
