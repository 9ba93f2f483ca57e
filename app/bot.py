"""Build the Bot and the Dispatcher; the webhook app and polling share both."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import Message, User, WebhookInfo
from redis.asyncio import Redis

import handlers
from app import redis_client
from app.config import Settings
from app.db import close_db, init_db
from app.jobs import Maintenance, run_in_process
from app.lazy_types import warm_up
from app.metrics import Metrics
from app.notifier import Notifier
from app.services.affiliates import AffiliateService
from app.services.catalog import CatalogService
from app.services.commands import CommandRegistry
from app.services.entitlements import EntitlementService
from app.services.free_orders import FreeOrderService
from app.services.journal import UpdateJournal
from app.services.pricing import PricingService
from app.services.signals import ApiKeyService, SignalService
from app.services.throttle import Limiter, MemoryLimiter, RedisLimiter
from app.services.update_gate import UpdateGate
from app.services.users import UserService
from middlewares import (
    AuditMiddleware,
    ButtonGateMiddleware,
    CommandGateMiddleware,
    IdempotencyMiddleware,
    ThrottlingMiddleware,
    UserMiddleware,
)
from middlewares.throttling import Allowance

log = logging.getLogger(__name__)

# A Bot API call that hangs longer fails as a network error, inside the webhook's time budget.
BOT_API_TIMEOUT_S = 20
# aiogram parametrizes Response[T] on every Bot API call and pydantic caches such classes only
# weakly, so the garbage collector keeps discarding them and the next call rebuilds one (~5 ms;
# holding them raised full-service throughput by a fifth in bench/webhook.py).
PINNED_RESPONSE_TYPES = [Response[result] for result in (Message, bool, User, WebhookInfo)]


class ExpiredButtonAnswers(BaseRequestMiddleware):
    """A pressed button can be answered only for a while: a redelivered press (after a
    failure of ours) finds its answer refused. That is no error of the update: its other work
    goes on."""

    async def __call__(
        self, make_request: Any, bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as exc:
            if isinstance(method, AnswerCallbackQuery) and "query is too old" in exc.message:
                log.info("A button press was answered too late: %s", exc.message)
                return Response[bool](ok=True, result=True)
            raise


def create_bot(settings: Settings) -> Bot:
    settings.require("bot_token")
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_url), timeout=BOT_API_TIMEOUT_S
    )
    session.middleware(ExpiredButtonAnswers())
    return Bot(token=settings.bot_token.get_secret_value(), session=session)


def create_redis(settings: Settings) -> Redis | None:
    return redis_client.connect(settings.redis_url) if settings.redis_url else None


def limiter(redis: Redis | None, per_minute: int, name: str) -> Limiter:
    """A window shared by every worker through Redis, or this process's own without it."""
    return (
        RedisLimiter(redis, per_minute, name=name)
        if redis is not None
        else MemoryLimiter(per_minute)
    )


def create_dispatcher(settings: Settings, bot: Bot, redis: Redis | None) -> Dispatcher:
    """The Dispatcher with every middleware and router. Services reach handlers as workflow
    data; the database connects on the Dispatcher's start-up, for webhook and polling alike."""
    warm_up()  # the Telegram types every update needs, built before the first one
    registry = CommandRegistry(handlers.HANDLER_NAMES)
    users = UserService()
    entitlements = EntitlementService()
    catalog = CatalogService(settings.stars_per_usd)
    limiters = {
        Allowance.COMMANDS: limiter(
            redis, settings.throttle_rate, f"throttle:{Allowance.COMMANDS}"
        ),
        Allowance.STEPS: limiter(redis, settings.throttle_step_rate, f"throttle:{Allowance.STEPS}"),
    }
    free_orders = FreeOrderService(entitlements)
    journal = UpdateJournal()
    dp = Dispatcher(
        # Dialog state outlives no quote: it expires with QUOTE_TTL.
        storage=(
            RedisStorage(redis, state_ttl=settings.quote_lifetime, data_ttl=settings.quote_lifetime)
            if redis is not None
            else MemoryStorage()
        ),
        # The only conversation state is the promo-code dialog, which reads it where it is
        # needed; aiogram's FSM middleware would fetch it from Redis for every update.
        disable_fsm=True,
        settings=settings,
        registry=registry,
        users=users,
        entitlements=entitlements,
        free_orders=free_orders,
        catalog=catalog,
        pricing=PricingService(catalog, settings.quote_lifetime, settings.referral_discount_bp),
        affiliates=AffiliateService(
            settings.commission_bp,
            timedelta(days=settings.affiliate_hold_days),
            settings.affiliate_min_payout,
        ),
        signals=SignalService(),
        keys=ApiKeyService(),
        notifier=Notifier(bot, settings),
        journal=journal,
        redis=redis,
        metrics=Metrics(),
    )
    gate = UpdateGate(redis, bot.id) if redis is not None else None
    dp.update.outer_middleware(IdempotencyMiddleware(gate))
    dp.update.outer_middleware(AuditMiddleware(journal, dp["metrics"]))
    dp.update.outer_middleware(ThrottlingMiddleware(limiters, settings))
    dp.update.outer_middleware(UserMiddleware(users))
    dp.message.outer_middleware(
        CommandGateMiddleware(
            registry, settings, entitlements, handlers.PERSONAL, handlers.OPEN_WITHOUT_PREMIUM
        )
    )
    dp.callback_query.outer_middleware(ButtonGateMiddleware())
    dp.include_routers(*handlers.create_routers())
    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp


async def on_startup(
    dispatcher: Dispatcher,
    bot: Bot,
    settings: Settings,
    registry: CommandRegistry,
    redis: Redis | None,
) -> None:
    await init_db(settings.database_url)
    added = await registry.seed_builtins()
    if added:
        log.info("Seeded %d built-in commands", added)
    me = await bot.me()  # checks the token once; cached for the `/cmd@bot` checks
    log.info("Serving @%s", me.username)
    if redis is None:
        # One process without Redis runs the jobs itself; with Redis, `python -m app worker`.
        dispatcher["jobs"] = asyncio.create_task(run_in_process(Maintenance(settings, bot)))


async def on_shutdown(dispatcher: Dispatcher, redis: Redis | None) -> None:
    jobs = dispatcher.workflow_data.pop("jobs", None)
    if jobs is not None:
        jobs.cancel()
    if redis is not None:
        await redis.aclose()
    await close_db()
