"""Buying premium access: /shop with quotes, promo codes, free orders and trials, and
/subscription. /checkout and Stars payments arrive with payments, as modules of this package."""

from __future__ import annotations

from aiogram import F, Router

from app.keyboards import ShopOpen
from handlers.billing.promo import PromoDialog, promo_code_entered, typing_a_promo_code
from handlers.billing.quotes import PlanChoice, QuoteAction
from handlers.billing.shop import (
    TrialChoice,
    choose_plan,
    open_shop,
    open_shop_command,
    quote_action,
    start_trial,
)
from handlers.billing.subscription import ChannelInvite, channel_invite, subscription
from handlers.common import Handler, opens_soon, router_for

HANDLERS: dict[str, Handler] = {
    "billing.shop": open_shop_command,
    "billing.checkout": opens_soon("Payments"),
    "billing.subscription": subscription,
}
# Prices are this user's and access is theirs: answered in their private chat from a group.
PERSONAL = frozenset(HANDLERS)
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}

__all__ = ["HANDLERS", "OPEN_WITHOUT_PREMIUM", "PERSONAL", "PromoDialog", "create_router"]


def create_router() -> Router:
    router = router_for("billing", HANDLERS)
    router.message.register(promo_code_entered, typing_a_promo_code)
    router.callback_query.register(open_shop, ShopOpen.filter())
    router.callback_query.register(choose_plan, PlanChoice.filter())
    router.callback_query.register(quote_action, QuoteAction.filter(F.action.in_({"buy", "promo"})))
    router.callback_query.register(start_trial, TrialChoice.filter())
    router.callback_query.register(channel_invite, ChannelInvite.filter())
    return router
