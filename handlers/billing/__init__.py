"""Buying premium access: /shop with quotes, promo codes, free orders and trials; /checkout
and Stars payments; card payments through Stripe and /billing; /subscription; /orders;
/paysupport and /terms."""

from __future__ import annotations

from aiogram import F, Router

from app.keyboards import PlanChoice, ShopOpen
from handlers.billing.cards import billing_command, pay_by_card
from handlers.billing.checkout import checkout_command, payment_received, payment_refunded
from handlers.billing.orders import orders_command, paysupport, terms
from handlers.billing.promo import PromoDialog, promo_code_entered, typing_a_promo_code
from handlers.billing.quotes import QuoteAction
from handlers.billing.shop import (
    TrialChoice,
    choose_plan,
    open_shop,
    open_shop_command,
    quote_action,
    start_trial,
)
from handlers.billing.subscription import (
    ChannelInvite,
    SubscriptionAction,
    channel_invite,
    subscription,
    subscription_action,
)
from handlers.common import Handler, router_for

HANDLERS: dict[str, Handler] = {
    "billing.shop": open_shop_command,
    "billing.checkout": checkout_command,
    "billing.subscription": subscription,
    "billing.orders": orders_command,
    "billing.paysupport": paysupport,
    "billing.terms": terms,
    "billing.billing": billing_command,
}
# Prices are this user's and access is theirs: answered in their private chat from a group.
PERSONAL = frozenset(HANDLERS) - {"billing.paysupport", "billing.terms"}
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}

__all__ = ["HANDLERS", "OPEN_WITHOUT_PREMIUM", "PERSONAL", "PromoDialog", "create_router"]


def create_router() -> Router:
    router = router_for("billing", HANDLERS)
    router.message.register(promo_code_entered, typing_a_promo_code)
    router.callback_query.register(open_shop, ShopOpen.filter())
    router.callback_query.register(choose_plan, PlanChoice.filter())
    router.callback_query.register(quote_action, QuoteAction.filter(F.action.in_({"buy", "promo"})))
    router.callback_query.register(pay_by_card, QuoteAction.filter(F.action == "card"))
    router.callback_query.register(start_trial, TrialChoice.filter())
    router.callback_query.register(channel_invite, ChannelInvite.filter())
    router.callback_query.register(subscription_action, SubscriptionAction.filter())
    router.message.register(payment_received, F.successful_payment)
    router.message.register(payment_refunded, F.refunded_payment)
    return router
