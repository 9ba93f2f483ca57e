"""/subscription: the user's access, renewal, and a new premium-channel invite."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.formatting import Bold, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.keyboards import MAX_ROW_ID, ShopOpen, shop_button
from app.notifier import Notifier
from app.services.catalog import CatalogService, entitlement_title
from app.services.entitlements import Access, EntitlementService
from app.services.payments import (
    NoSubscription,
    PaymentService,
    StarsGateway,
    SubscriptionChangeRefused,
)
from app.texts import refusal
from app.wording import relative, utc
from handlers.billing.quotes import now
from handlers.common import redraw
from models import StarSubscription, SubscriptionProvider, SubscriptionStatus, User

log = logging.getLogger(__name__)


class ChannelInvite(CallbackData, prefix="channel"):
    action: str = "invite"


class SubscriptionAction(CallbackData, prefix="stars_sub"):
    action: str  # "cancel" or "resume"
    # Which of the user's subscriptions: checked to be theirs, never trusted.
    subscription_id: int = Field(ge=1, le=MAX_ROW_ID)


def renewal_line(subscription: StarSubscription, moment: datetime) -> str:
    plan = subscription.plan
    name = f"{plan.product.title} · {plan.title}"
    end = f"{relative(subscription.period_end, moment)} ({utc(subscription.period_end)})"
    by_card = subscription.provider == SubscriptionProvider.STRIPE
    what = f"{name} card subscription" if by_card else f"{name} subscription"
    if subscription.status == SubscriptionStatus.CANCELLED:
        return f"Your {what} is cancelled: access ends {end}."
    if by_card:  # Stripe tells us of changes made in its portal
        return f"Your {what} renews {end}; /billing manages the card."
    # A user may also turn renewal off in Telegram, which Telegram does not tell bots.
    return f"Your {what} renews {end}, unless you turned renewal off in Telegram."


def access_line(access: Access, title: str, moment: datetime) -> str:
    if access.lifetime or access.expires_at is None:
        return f"• {title} — lifetime"
    kind = "trial, " if access.trial else ""
    return (
        f"• {title} — {kind}ends {relative(access.expires_at, moment)} ({utc(access.expires_at)})"
    )


async def subscription(
    message: Message,
    user: User,
    catalog: CatalogService,
    entitlements: EntitlementService,
    notifier: Notifier,
    payments: PaymentService,
) -> SendMessage:
    moment = now()
    accesses = await entitlements.summary(user.id, moment)
    if not accesses:
        ended = await entitlements.last_end(user.id, moment)
        if ended:
            text = (
                f"Your premium access ended {relative(ended, moment)} ({utc(ended)}). "
                "Renew to get it back:"
            )
        elif await entitlements.had_any(user.id):  # withdrawn, not run out
            text = "You have no premium access now."
        else:
            text = "You have no premium access yet."
        return message.answer(text, reply_markup=shop_button("See the plans"))
    titles = await catalog.entitlement_titles()
    lines = [
        access_line(access, entitlement_title(access.key, titles), moment) for access in accesses
    ]
    keyboard = InlineKeyboardBuilder()
    for stars in await payments.subscriptions_of(user, moment):
        lines.append(renewal_line(stars, moment))
        cancelled = stars.status == SubscriptionStatus.CANCELLED
        keyboard.button(
            text=f"{'Allow renewal' if cancelled else 'Cancel renewal'} · {stars.plan.title}",
            callback_data=SubscriptionAction(
                action="resume" if cancelled else "cancel", subscription_id=stars.id
            ),
        )
    content = as_list(Bold("Your access"), *lines)
    # Someone on a trial has nothing to renew yet: they choose a plan.
    renew = "See the plans" if all(access.trial for access in accesses) else "Renew"
    keyboard.button(text=renew, callback_data=ShopOpen())
    if any(notifier.opens_channel(access.key) for access in accesses):
        # Invite links work once and for a day: a way to get a new one.
        keyboard.button(text="New channel invite", callback_data=ChannelInvite())
    keyboard.adjust(1)
    return message.answer(**content.as_kwargs(), reply_markup=keyboard.as_markup())


async def channel_invite(
    query: CallbackQuery, user: User, entitlements: EntitlementService, notifier: Notifier
) -> None:
    key = notifier.channel_key
    if not notifier.opens_channel(key) or not await entitlements.has(user.id, key, now()):
        await query.answer("Your access does not include the channel.", show_alert=True)
        return
    if await notifier.open_channel(user, key):
        await query.answer()
        return
    await query.answer(
        "I couldn't create your invite just now. The team has been told, and I'll send it "
        "to you here as soon as it works.",
        show_alert=True,
    )


async def subscription_action(
    query: CallbackQuery,
    callback_data: SubscriptionAction,
    user: User,
    payments: PaymentService,
    stars: StarsGateway | None,
) -> None:
    """Cancel or resume the user's own subscription, Stars or card (theirs by the user, never
    by data in the button)."""
    assert stars is not None, "the bot always has a gateway"
    cancel = callback_data.action == "cancel"
    try:
        subscription = await payments.set_cancelled(
            user, callback_data.subscription_id, cancel, now(), stars
        )
    except (NoSubscription, SubscriptionChangeRefused) as refused:
        log.info("Subscription of %s not changed: %s", user.telegram_id, refused)
        await query.answer(refusal(refused), show_alert=True)
        return
    await query.answer()
    end = utc(subscription.period_end)
    if cancel:
        text = (
            f"Renewal cancelled. Your access runs until {end}; /subscription can allow "
            "renewal again before then."
        )
    elif subscription.provider == SubscriptionProvider.STRIPE:
        text = f"Renewal is on again: your card is charged on {end}."
    else:
        # Telegram lets the user turn renewal back on; it does not turn it on by itself.
        text = (
            f"Renewal allowed again. To renew on {end}, turn renewal back on for this "
            "subscription in Telegram (Settings → My Stars)."
        )
    await redraw(query.message, None, text=text)
