"""/subscription: the user's access, renewal, and a new premium-channel invite."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.formatting import Bold, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.keyboards import ShopOpen, shop_button
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
from models import StarSubscription, SubscriptionStatus, User

log = logging.getLogger(__name__)


class ChannelInvite(CallbackData, prefix="channel"):
    action: str = "invite"


class SubscriptionAction(CallbackData, prefix="stars_sub"):
    action: str  # "cancel" or "resume"


def renewal_line(subscription: StarSubscription, moment: datetime) -> str:
    plan = subscription.plan
    end = f"{relative(subscription.period_end, moment)} ({utc(subscription.period_end)})"
    if subscription.status == SubscriptionStatus.CANCELLED:
        return f"Your {plan.title} subscription is cancelled: access ends {end}."
    return f"Your {plan.title} subscription renews by itself {end}."


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
    stars = await payments.subscription_of(user)
    if stars is not None and stars.period_end > moment:
        lines.append(renewal_line(stars, moment))
        if stars.status == SubscriptionStatus.CANCELLED:
            keyboard.button(
                text="Resume renewal", callback_data=SubscriptionAction(action="resume")
            )
        else:
            keyboard.button(
                text="Cancel renewal", callback_data=SubscriptionAction(action="cancel")
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
    """Cancel or resume the user's own Stars subscription (theirs by the user, never by data
    in the button)."""
    assert stars is not None, "the bot always has a gateway"
    cancel = callback_data.action == "cancel"
    try:
        subscription = await payments.set_cancelled(user, cancel, now(), stars)
    except NoSubscription as none:
        await query.answer(refusal(none), show_alert=True)
        return
    except SubscriptionChangeRefused as refused:
        log.info("Subscription of %s not changed: %s", user.telegram_id, refused)
        await query.answer(refusal(refused), show_alert=True)
        return
    await query.answer()
    end = utc(subscription.period_end)
    text = (
        f"Renewal cancelled. Your access runs until {end}; resume any time before then in "
        "/subscription."
        if cancel
        else f"Renewal resumed: your subscription renews by itself on {end}."
    )
    await redraw(query.message, None, text=text)
