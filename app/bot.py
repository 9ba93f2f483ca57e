"""Build the Bot and the Dispatcher; the webhook app and polling share both."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import DefaultKeyBuilder, RedisStorage
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import Message, User, WebhookInfo
from redis.asyncio import Redis

import handlers
from app import redis_client
from app.config import Settings
from app.container import Services
from app.db import close_db, init_db
from app.guides import load_guides
from app.i18n import translator
from app.jobs import Maintenance, run_in_process
from app.lazy_types import warm_up
from app.services.update_gate import UpdateGate
from handlers.admin import BroadcastDialog
from handlers.billing import PromoDialog
from middlewares import (
    AuditMiddleware,
    ButtonGateMiddleware,
    CommandGateMiddleware,
    IdempotencyMiddleware,
    LanguageMiddleware,
    PreCheckoutMiddleware,
    ThrottlingMiddleware,
    UserMiddleware,
)
from middlewares.language import ChosenLanguages
from middlewares.throttling import Allowance

log = logging.getLogger(__name__)

# A Bot API call that hangs longer fails as a network error, inside the webhook's time budget.
BOT_API_TIMEOUT_S = 20
# aiogram parametrizes Response[T] on every Bot API call and pydantic caches such classes only
# weakly, so the garbage collector keeps discarding them and the next call rebuilds one (~5 ms;
# holding them raised full-service throughput by a fifth in bench/webhook.py).
PINNED_RESPONSE_TYPES = [Response[Message], Response[bool], Response[User], Response[WebhookInfo]]


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
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_url), timeout=BOT_API_TIMEOUT_S
    )
    session.middleware(ExpiredButtonAnswers())
    return Bot(token=settings.required_bot_token, session=session)


def create_redis(settings: Settings) -> Redis | None:
    return redis_client.connect(settings.redis_url) if settings.redis_url else None


def create_dispatcher(services: Services, bot: Bot) -> Dispatcher:
    """The Dispatcher with every middleware and router. Services reach handlers as workflow
    data; the database connects on the Dispatcher's start-up, for webhook and polling alike."""
    warm_up()  # the Telegram types every update needs, built before the first one
    settings, redis = services.settings, services.redis
    limiters = {
        Allowance.COMMANDS: services.limiter(
            settings.throttle_rate, f"throttle:{Allowance.COMMANDS}"
        ),
        Allowance.STEPS: services.limiter(
            settings.throttle_step_rate, f"throttle:{Allowance.STEPS}"
        ),
    }
    dp = Dispatcher(
        # Dialog state outlives no quote: it expires with QUOTE_TTL.
        storage=(
            RedisStorage(
                redis,
                # Dialogs keep apart by destiny (the promo code's, an admin's broadcast).
                key_builder=DefaultKeyBuilder(with_destiny=True),
                state_ttl=settings.quote_lifetime,
                data_ttl=settings.quote_lifetime,
            )
            if redis is not None
            else MemoryStorage()
        ),
        # The only conversation state is the promo-code dialog, which reads it where it is
        # needed; aiogram's FSM middleware would fetch it from Redis for every update.
        disable_fsm=True,
        **services.as_workflow_data(),
    )
    dp["promo_dialog"] = PromoDialog(dp.storage, bot.id)
    dp["broadcast_dialog"] = BroadcastDialog(dp.storage, bot.id)
    # Read and checked now: a broken guide stops the start with one line naming it.
    dp["guides"] = load_guides(settings.guides_dir)
    gate = UpdateGate(redis, bot.id, services.journal) if redis is not None else None
    chosen_languages = ChosenLanguages()
    dp.update.outer_middleware(LanguageMiddleware(translator(), chosen_languages))
    # Next: a pre-checkout query is answered before anything could hold it back.
    dp.update.outer_middleware(PreCheckoutMiddleware(services.payments, services.users))
    throttling = ThrottlingMiddleware(limiters, settings)
    dp.update.outer_middleware(IdempotencyMiddleware(gate, throttling.hit_for))
    dp.update.outer_middleware(AuditMiddleware(services.journal, services.metrics))
    dp.update.outer_middleware(throttling)
    dp.update.outer_middleware(
        UserMiddleware(services.users, services.entitlements, chosen_languages)
    )
    dp.message.outer_middleware(
        CommandGateMiddleware(
            services.registry,
            settings,
            handlers.PERSONAL,
            handlers.OPEN_WITHOUT_PREMIUM,
        )
    )
    dp.callback_query.outer_middleware(ButtonGateMiddleware())
    dp.include_routers(*handlers.create_routers())
    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp


async def on_startup(dispatcher: Dispatcher, bot: Bot, services: Services) -> None:
    await init_db(services.settings.database_url)
    added = await services.registry.seed_builtins()
    if added:
        log.info("Seeded %d built-in commands", added)
    me = await bot.me()  # checks the token once; cached for the `/cmd@bot` checks
    log.info("Serving @%s", me.username)
    if services.redis is None:
        # One process without Redis runs the jobs and sends the broadcasts itself; with Redis,
        # `python -m app worker` does.
        dispatcher["jobs"] = asyncio.create_task(run_in_process(Maintenance(services)))
        if services.broadcaster is not None:
            dispatcher["sender"] = asyncio.create_task(services.broadcaster.run())


async def on_shutdown(dispatcher: Dispatcher, redis: Redis | None, services: Services) -> None:
    jobs = dispatcher.workflow_data.pop("jobs", None)
    if jobs is not None:
        jobs.cancel()
    sender = dispatcher.workflow_data.pop("sender", None)
    if sender is not None and services.broadcaster is not None:
        await services.broadcaster.shut_down(sender)
    if redis is not None:
        await redis.aclose()
    await services.users.write_last_seen()
    await close_db()
