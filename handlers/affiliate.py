"""/affiliate, /referral_link, /stats and /payout."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message, Update
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.formatting import Bold, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.config import Settings
from app.i18n import N_, _, date, money, ngettext, number, percent
from app.money import Money
from app.notifier import Notifier
from app.services.affiliates import (
    STATS_WINDOW,
    AffiliateService,
    BelowMinimum,
    Earnings,
    Stats,
)
from handlers.common import Handler, redraw, router_for
from models import Payout, User

log = logging.getLogger(__name__)


class JoinProgram(CallbackData, prefix="aff"):
    action: str = "join"


def terms(settings: Settings, affiliates: AffiliateService) -> str:
    minimums = ", ".join(money(minimum) for minimum in affiliates.min_payout.values())
    hold_days = settings.affiliate.hold_days
    return _(
        "You earn {share} of every purchase made by the people you bring, in the currency they "
        "pay in. A commission can be paid out {days} after the purchase (refunds cancel it); "
        "payouts start at {minimums}."
    ).format(
        share=percent(settings.affiliate.commission_bp),
        days=ngettext("{n} day", "{n} days", hold_days).format(n=number(hold_days)),
        minimums=minimums,
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
        keyboard.button(text=_("Join the program"), callback_data=JoinProgram())
        return message.answer(
            f"{_('Affiliate program')}\n\n{terms(settings, affiliates)}\n\n"
            + _("You have not joined yet."),
            reply_markup=keyboard.as_markup(),
        )
    return message.answer(
        f"{_('Affiliate program')}\n\n{terms(settings, affiliates)}\n\n"
        + _(
            "You are in since {date}. /referral_link gives your link, /stats your figures, "
            "/payout pays out what is available."
        ).format(date=date(affiliate.joined_at))
    )


async def join(query: CallbackQuery, user: User, bot: Bot, affiliates: AffiliateService) -> None:
    await query.answer()
    link = await referral_link(bot, affiliates, user)
    await redraw(
        query.message,
        None,
        text=_("Welcome to the program! Your personal link:\n{link}").format(link=link),
    )


async def link(message: Message, user: User, bot: Bot, affiliates: AffiliateService) -> SendMessage:
    return message.answer(
        _(
            "Your personal link:\n{link}\n"
            "Everyone who starts the bot through it for the first time is yours."
        ).format(link=await referral_link(bot, affiliates, user))
    )


# The states of a commission as /stats names them.
EARNINGS_LABELS = {
    "pending": N_("pending"),
    "available": N_("available"),
    "requested": N_("requested"),
    "paid": N_("paid"),
}


def earnings_lines(recent: Stats, total: Stats) -> list[str]:
    """Per currency: pending, available and paid, in the last 30 days / all time."""
    lines = []
    for currency, ever in sorted(total.earnings.items()):
        lately = recent.earnings.get(currency) or Earnings.zero(currency)
        names = ["pending", "available", "paid"]
        if ever.requested.amount:
            names.insert(2, "requested")
        parts = [
            f"{_(EARNINGS_LABELS[name])} {money(getattr(lately, name))} / "
            f"{money(getattr(ever, name))}"
            for name in names
        ]
        lines.append(f"{currency}: {', '.join(parts)}")
    return lines


async def stats(message: Message, user: User, affiliates: AffiliateService) -> SendMessage:
    affiliate = await affiliates.of(user)
    if affiliate is None:
        return message.answer(_("Join the program first: /affiliate"))
    now = datetime.now(UTC)
    recent = await affiliates.stats(affiliate, now, since=now - STATS_WINDOW)
    total = await affiliates.stats(affiliate, now, since=None)
    lines = [
        _("30 days / all time"),
        _("Clicks: {recent} / {total}").format(
            recent=number(recent.clicks), total=number(total.clicks)
        ),
        _("Sign-ups: {recent} / {total}").format(
            recent=number(recent.signups), total=number(total.signups)
        ),
        _("Paying referrals: {recent} / {total}").format(
            recent=number(recent.paying), total=number(total.paying)
        ),
        *(earnings_lines(recent, total) or [_("Earnings: none yet")]),
    ]
    return message.answer(**as_list(Bold(_("Your referrals")), *lines).as_kwargs())


def payout_alert(payout_: Payout, user: User) -> Callable[[], str]:
    """The admins' news of a payout request, written in each admin's language; the command
    stays as the CLI takes it."""
    who = f"@{user.username}" if user.username else str(user.telegram_id)

    def words() -> str:
        return _(
            "Payout #{id} requested by {who} ({telegram_id}): {amount}. When paid: "
            "python -m app affiliates mark-paid {id} --reference ..."
        ).format(
            id=payout_.id,
            who=who,
            telegram_id=user.telegram_id,
            amount=money(Money(payout_.amount, payout_.currency)),
        )

    return words


async def payout(
    message: Message,
    user: User,
    notifier: Notifier,
    affiliates: AffiliateService,
    event_update: Update,
) -> SendMessage:
    affiliate = await affiliates.of(user)
    if affiliate is None:
        return message.answer(_("Join the program first: /affiliate"))
    try:
        # Keyed by the update: a redelivered /payout is answered with the same payouts.
        request = await affiliates.request_payout(
            affiliate, datetime.now(UTC), request_id=event_update.update_id
        )
    except BelowMinimum as below:
        have = ", ".join(money(m) for m in below.balances.values()) or _("nothing yet")
        need = ", ".join(money(m) for m in below.minimums.values())
        return message.answer(
            _("Available now: {have}. Payouts start at {need}.").format(have=have, need=need)
        )
    if not request.repeated:  # admins hear of each payout once
        for payout_ in request.payouts:
            await notifier.tell_admins(payout_alert(payout_, user))
    amounts = ", ".join(money(Money(p.amount, p.currency)) for p in request.payouts)
    return message.answer(
        _("Payout requested: {amounts}. We will be in touch to pay you.").format(amounts=amounts)
    )


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
