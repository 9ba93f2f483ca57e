"""/subscription: the user's access, renewal, and a new premium-channel invite."""

from __future__ import annotations

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
from app.wording import relative, utc
from handlers.billing.quotes import now
from models import User


class ChannelInvite(CallbackData, prefix="channel"):
    action: str = "invite"


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
    content = as_list(Bold("Your access"), *lines)
    keyboard = InlineKeyboardBuilder()
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
