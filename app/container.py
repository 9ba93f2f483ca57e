"""The composition root: every service is built here, once, from the settings, the Bot and Redis,
and reaches the bot (as the Dispatcher's workflow data), the web app (`app[SERVICES]`), the jobs
and the CLI alike, so no entry point computes anything differently from another. A new service
is added here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import stripe
from aiogram import Bot
from redis.asyncio import Redis

import handlers
from app.broadcasting import Broadcaster
from app.config import Settings
from app.metrics import Metrics
from app.notifier import Notifier
from app.services.affiliates import AffiliateService
from app.services.broadcasts import BroadcastService
from app.services.campaigns import CampaignService
from app.services.cards import CardPayments, StripeRefunds, stripe_client
from app.services.catalog import CatalogService
from app.services.channel import ChannelQueue
from app.services.commands import CommandRegistry
from app.services.entitlements import EntitlementService
from app.services.journal import UpdateJournal
from app.services.ledger import Ledger
from app.services.orders import OrderService
from app.services.pacing import MemoryPacer, Pacer, RedisPacer
from app.services.payments import PaymentService, StarsGateway
from app.services.pricing import PricingService
from app.services.promos import PromoService
from app.services.reminders import ReminderService
from app.services.shop import ShopService
from app.services.signals import ApiKeyService, SignalService
from app.services.stripe_events import StripeEventStore
from app.services.throttle import Limiter, MemoryLimiter, RedisLimiter
from app.services.users import UserService
from app.settling import Settler
from app.stars import BotStarsGateway
from app.stripe_processing import StripeProcessor


@dataclass(frozen=True)
class Services:
    settings: Settings
    redis: Redis | None
    # None only for admin commands run without BOT_TOKEN: they change data and say nobody was
    # told. The bot, the web app and the jobs always have one.
    notifier: Notifier | None
    registry: CommandRegistry
    users: UserService
    entitlements: EntitlementService
    orders: OrderService
    payments: PaymentService
    ledger: Ledger
    # Telegram's side of Stars payments (refunds, subscriptions, transactions): None without a
    # Bot, like the notifier.
    stars: StarsGateway | None
    # What follows a Stars payment (apply or refund, then tell): needs the Bot, like the above.
    settler: Settler | None
    catalog: CatalogService
    pricing: PricingService
    promos: PromoService
    shop: ShopService
    affiliates: AffiliateService
    campaigns: CampaignService
    signals: SignalService
    keys: ApiKeyService
    reminders: ReminderService
    channel_queue: ChannelQueue
    journal: UpdateJournal
    metrics: Metrics
    stripe_events: StripeEventStore
    # Card payments: None unless STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set.
    cards: CardPayments | None
    # Acting on Stripe's events: with card payments on and a Bot to tell people.
    stripe_processor: StripeProcessor | None
    stripe_http: stripe.HTTPClient | None
    broadcasts: BroadcastService
    # Sends broadcasts and signal fan-out: needs the Bot, like the notifier.
    broadcaster: Broadcaster | None

    async def close(self) -> None:
        """Finish the Stripe events in hand and close the connections to Stripe."""
        if self.stripe_processor is not None:
            await self.stripe_processor.drain()
        if self.stripe_http is not None:
            await self.stripe_http.close_async()

    def as_workflow_data(self) -> dict[str, Any]:
        """What handlers and middlewares may ask for by name (`pricing: PricingService`),
        the container itself included as `services`."""
        return {field.name: getattr(self, field.name) for field in fields(self)} | {
            "services": self
        }

    def limiter(self, per_minute: int, name: str) -> Limiter:
        """A window shared by every worker through Redis, or this process's own without it."""
        if self.redis is None:
            return MemoryLimiter(per_minute)
        return RedisLimiter(self.redis, per_minute, name=name)


def build_services(settings: Settings, bot: Bot | None, redis: Redis | None) -> Services:
    catalog = CatalogService(settings.stars_per_usd)
    entitlements = EntitlementService()
    channel_queue = ChannelQueue()
    pricing = PricingService(catalog, settings.quote_lifetime, settings.referral_discount_bp)
    ledger = Ledger()
    affiliates = AffiliateService(
        settings.affiliate.commission_bp,
        settings.affiliate.hold,
        settings.affiliate.min_payout,
        ledger,
    )
    orders = OrderService(pricing, entitlements)
    payments = PaymentService(orders, entitlements, affiliates, ledger)
    notifier = Notifier(bot, settings, channel_queue) if bot is not None else None
    stars = BotStarsGateway(bot) if bot is not None else None
    settler = (
        Settler(payments, stars, notifier, catalog, entitlements)
        if notifier is not None and stars is not None
        else None
    )
    stripe_events = StripeEventStore()
    broadcasts = BroadcastService(settings.signals_channel_id)
    cards, stripe_processor, stripe_http = None, None, None
    if settings.stripe.enabled:
        client, stripe_http = stripe_client(settings.stripe)
        payments.card = StripeRefunds(client)
        cards = CardPayments(
            settings.stripe, client, pricing, orders, payments, entitlements, ledger
        )
        if settler is not None and notifier is not None:
            stripe_processor = StripeProcessor(stripe_events, cards, settler, notifier)
    return Services(
        settings=settings,
        redis=redis,
        notifier=notifier,
        registry=CommandRegistry(handlers.HANDLER_NAMES),
        users=UserService(),
        entitlements=entitlements,
        orders=orders,
        payments=payments,
        ledger=ledger,
        stars=stars,
        settler=settler,
        catalog=catalog,
        pricing=pricing,
        promos=PromoService(),
        shop=ShopService(catalog, pricing, entitlements),
        affiliates=affiliates,
        campaigns=CampaignService(),
        signals=SignalService(broadcasts),
        keys=ApiKeyService(),
        reminders=ReminderService(settings.reminder_days),
        channel_queue=channel_queue,
        journal=UpdateJournal(),
        metrics=Metrics(),
        stripe_events=stripe_events,
        cards=cards,
        stripe_processor=stripe_processor,
        stripe_http=stripe_http,
        broadcasts=broadcasts,
        broadcaster=(
            Broadcaster(
                bot,
                broadcasts,
                pacer(settings, redis, bot.id),
                settings.webhook_base_url,
                settings.broadcast.rate,
                channel_language=settings.signals_channel_language,
            )
            if bot is not None
            else None
        ),
    )


def pacer(settings: Settings, redis: Redis | None, bot_id: int) -> Pacer:
    """Telegram's pace for the bot's own messages, shared by every worker of this bot through
    Redis (Telegram's limits are per bot)."""
    rate = settings.broadcast.rate
    return MemoryPacer(rate) if redis is None else RedisPacer(redis, rate, f"pace:{bot_id}")
