"""/affiliate, /referral_link, /stats and /payout."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message, Update
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.formatting import Bold, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.config import Settings
from app.money import Money, percent_text
from app.notifier import Notifier
from app.services.affiliates import (
    STATS_WINDOW,
    AffiliateService,
    BelowMinimum,
    Earnings,
    Stats,
)
from app.wording import plural
from handlers.common import Handler, redraw, router_for
from models import User

log = logging.getLogger(__name__)


class JoinProgram(CallbackData, prefix="aff"):
    action: str = "join"


def terms(settings: Settings, affiliates: AffiliateService) -> str:
    minimums = ", ".join(money.format() for money in affiliates.min_payout.values())
    share = percent_text(settings.affiliate.commission_bp)
    return (
        f"You earn {share} of every purchase made by the people "
        f"you bring, in the currency they pay in. A commission can be paid out "
        f"{plural(settings.affiliate.hold_days, 'day')} after the purchase (refunds cancel it); "
        "payouts "
        f"start at {minimums}."
    )


async def referral_link(bot: Bot, affiliates: AffiliateService, user: User) -> str:
    affiliate = await affiliates.join(user)
    return await create_start_link(bot, affiliates.payload(affiliate))


async def program(
    message: Message, user: User, settings: Settings, affiliates: AffiliateService
) -> SendMessage:
    affiliate = await affiliates.of(user)
    if affiliate is None:
        keyboard = InlineKeyboardBuilder()
        keyboard.button(text="Join the program", callback_data=JoinProgram())
        return message.answer(
            f"Affiliate program\n\n{terms(settings, affiliates)}\n\nYou have not joined yet.",
            reply_markup=keyboard.as_markup(),
        )
    return message.answer(
        f"Affiliate program\n\n{terms(settings, affiliates)}\n\n"
        f"You are in since {affiliate.joined_at:%Y-%m-%d}. /referral_link gives your link, "
        "/stats your figures, /payout pays out what is available."
    )


async def join(query: CallbackQuery, user: User, bot: Bot, affiliates: AffiliateService) -> None:
    await query.answer()
    link = await referral_link(bot, affiliates, user)
    await redraw(query.message, None, text=f"Welcome to the program! Your personal link:\n{link}")


async def link(message: Message, user: User, bot: Bot, affiliates: AffiliateService) -> SendMessage:
    return message.answer(
        f"Your personal link:\n{await referral_link(bot, affiliates, user)}\n"
        "Everyone who starts the bot through it for the first time is yours."
    )


def earnings_lines(recent: Stats, total: Stats) -> list[str]:
    """Per currency: pending, available and paid, in the last 30 days / all time."""
    lines = []
    for currency, ever in sorted(total.earnings.items()):
        lately = recent.earnings.get(currency) or Earnings.zero(currency)
        names = ["pending", "available", "paid"]
        if ever.requested.amount:
            names.insert(2, "requested")
        parts = [
            f"{name} {getattr(lately, name).format()} / {getattr(ever, name).format()}"
            for name in names
        ]
        lines.append(f"{currency}: {', '.join(parts)}")
    return lines


async def stats(message: Message, user: User, affiliates: AffiliateService) -> SendMessage:
    affiliate = await affiliates.of(user)
    if affiliate is None:
        return message.answer("Join the program first: /affiliate")
    now = datetime.now(UTC)
    recent = await affiliates.stats(affiliate, now, since=now - STATS_WINDOW)
    total = await affiliates.stats(affiliate, now, since=None)
    lines = [
        "30 days / all time",
        f"Clicks: {recent.clicks} / {total.clicks}",
        f"Sign-ups: {recent.signups} / {total.signups}",
        f"Paying referrals: {recent.paying} / {total.paying}",
        *(earnings_lines(recent, total) or ["Earnings: none yet"]),
    ]
    return message.answer(**as_list(Bold("Your referrals"), *lines).as_kwargs())


async def payout(
    message: Message,
    user: User,
    notifier: Notifier,
    affiliates: AffiliateService,
    event_update: Update,
) -> SendMessage:
    affiliate = await affiliates.of(user)
    if affiliate is None:
        return message.answer("Join the program first: /affiliate")
    try:
        # Keyed by the update: a redelivered /payout is answered with the same payouts.
        request = await affiliates.request_payout(
            affiliate, datetime.now(UTC), request_id=event_update.update_id
        )
    except BelowMinimum as below:
        have = ", ".join(m.format() for m in below.balances.values()) or "nothing yet"
        need = ", ".join(m.format() for m in below.minimums.values())
        return message.answer(f"Available now: {have}. Payouts start at {need}.")
    if not request.repeated:  # admins hear of each payout once
        who = f"@{user.username}" if user.username else str(user.telegram_id)
        for payout_ in request.payouts:
            await notifier.tell_admins(
                f"Payout #{payout_.id} requested by {who} ({user.telegram_id}): "
                f"{Money(payout_.amount, payout_.currency).format()}. When paid: "
                f"python -m app affiliates mark-paid {payout_.id} --reference ..."
            )
    amounts = ", ".join(Money(p.amount, p.currency).format() for p in request.payouts)
    return message.answer(f"Payout requested: {amounts}. We will be in touch to pay you.")


HANDLERS: dict[str, Handler] = {
    "affiliate.affiliate": program,
    "affiliate.referral_link": link,
    "affiliate.stats": stats,
    "affiliate.payout": payout,
}

# Answered in the sender's private chat when asked in a group. A referral link is meant to be
# shared, so it may be posted where it was asked for.
PERSONAL = frozenset({"affiliate.affiliate", "affiliate.stats", "affiliate.payout"})
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router() -> Router:
    router = router_for("affiliate", HANDLERS)
    router.callback_query.register(join, JoinProgram.filter())
    return router
