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

from app.i18n import _, current, date, localized
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
from app.wording import relative
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
    by_card = subscription.provider == SubscriptionProvider.STRIPE
    if subscription.status == SubscriptionStatus.CANCELLED:
        if by_card:
            text = _("Your {name} card subscription is cancelled: access ends {when} ({moment}).")
        else:
            text = _("Your {name} subscription is cancelled: access ends {when} ({moment}).")
    elif by_card:  # Stripe tells us of changes made in its portal
        text = _(
            "Your {name} card subscription renews {when} ({moment}); /billing manages the card."
        )
    else:
        # A user may also turn renewal off in Telegram, which Telegram does not tell bots.
        text = _(
            "Your {name} subscription renews {when} ({moment}), unless you turned renewal off "
            "in Telegram."
        )
    return text.format(
        name=f"{localized(plan.product, 'title')} · {localized(plan, 'title')}",
        when=relative(subscription.period_end, moment),
        moment=date(subscription.period_end),
    )


def access_line(access: Access, title: str, moment: datetime) -> str:
    if access.lifetime or access.expires_at is None:
        return _("• {title} — lifetime").format(title=title)
    if access.trial:
        text = _("• {title} — trial, ends {when} ({moment})")
    else:
        text = _("• {title} — ends {when} ({moment})")
    return text.format(
        title=title, when=relative(access.expires_at, moment), moment=date(access.expires_at)
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
            text = _("Your premium access ended {when} ({moment}). Renew to get it back:").format(
                when=relative(ended, moment), moment=date(ended)
            )
        elif await entitlements.had_any(user.id):  # withdrawn, not run out
            text = _("You have no premium access now.")
        else:
            text = _("You have no premium access yet.")
        return message.answer(text, reply_markup=shop_button(_("See the plans")))
    titles = await catalog.entitlement_titles(current())
    lines = [
        access_line(access, entitlement_title(access.key, titles), moment) for access in accesses
    ]
    keyboard = InlineKeyboardBuilder()
    for stars in await payments.subscriptions_of(user, moment):
        lines.append(renewal_line(stars, moment))
        cancelled = stars.status == SubscriptionStatus.CANCELLED
        label = _("Allow renewal · {plan}") if cancelled else _("Cancel renewal · {plan}")
        keyboard.button(
            text=label.format(plan=localized(stars.plan, "title")),
            callback_data=SubscriptionAction(
                action="resume" if cancelled else "cancel", subscription_id=stars.id
            ),
        )
    content = as_list(Bold(_("Your access")), *lines)
    # Someone on a trial has nothing to renew yet: they choose a plan.
    renew = _("See the plans") if all(access.trial for access in accesses) else _("Renew")
    keyboard.button(text=renew, callback_data=ShopOpen())
    if any(notifier.opens_channel(access.key) for access in accesses):
        # Invite links work once and for a day: a way to get a new one.
        keyboard.button(text=_("New channel invite"), callback_data=ChannelInvite())
    keyboard.adjust(1)
    return message.answer(**content.as_kwargs(), reply_markup=keyboard.as_markup())


async def channel_invite(
    query: CallbackQuery, user: User, entitlements: EntitlementService, notifier: Notifier
) -> None:
    key = notifier.channel_key
    if not notifier.opens_channel(key) or not await entitlements.has(user.id, key, now()):
        await query.answer(_("Your access does not include the channel."), show_alert=True)
        return
    if await notifier.open_channel(user, key):
        await query.answer()
        return
    await query.answer(
        _(
            "I couldn't create your invite just now. The team has been told, and I'll send it "
            "to you here as soon as it works."
        ),
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
    if cancel:
        text = _(
            "Renewal cancelled. Your access runs until {moment}; /subscription can allow "
            "renewal again before then."
        )
    elif subscription.provider == SubscriptionProvider.STRIPE:
        text = _("Renewal is on again: your card is charged on {moment}.")
    else:
        # Telegram lets the user turn renewal back on; it does not turn it on by itself.
        text = _(
            "Renewal allowed again. To renew on {moment}, turn renewal back on for this "
            "subscription in Telegram (Settings → My Stars)."
        )
    await redraw(query.message, None, text=text.format(moment=date(subscription.period_end)))
