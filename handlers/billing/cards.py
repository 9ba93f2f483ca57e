"""Paying by card through Stripe: "Pay by card" on a quote opens a Stripe Checkout page, and
/billing opens the Customer Portal (cards and card subscriptions). Both only while card
payments are on (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET set)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.config import Settings
from app.errors import DomainError
from app.i18n import _, current, date, localized, money
from app.services.cards import CardPayments
from app.services.payments import CardPaymentsOff
from app.texts import refusal
from handlers.billing.quotes import QuoteAction, now
from models import Plan, User


def plan_name(plan: Plan) -> str:
    """What the Stripe payment page says is bought, in the user's language."""
    return f"{localized(plan.product, 'title')} · {localized(plan, 'title')}"


async def return_url(settings: Settings, bot: Bot) -> str:
    """Where Stripe's pages send the buyer back: STRIPE_RETURN_URL, or this bot's chat."""
    if settings.stripe.return_url:
        return settings.stripe.return_url
    return f"https://t.me/{(await bot.me()).username}"


def link_button(text: str, url: str) -> InlineKeyboardMarkup:
    keyboard = InlineKeyboardBuilder()
    keyboard.button(text=text, url=url)
    return keyboard.as_markup()


async def pay_by_card(
    query: CallbackQuery,
    callback_data: QuoteAction,
    user: User,
    cards: CardPayments | None,
    settings: Settings,
    bot: Bot,
) -> None:
    """The quote's plan, priced in its card currency, on a Stripe Checkout page. The tap is
    answered at once; the page (or why there is none) follows as a message, since Stripe may
    take a few seconds."""
    await query.answer()
    if query.message is None:
        return
    try:
        if cards is None:
            raise CardPaymentsOff("card payments are off")
        checkout = await cards.checkout(
            user,
            callback_data.quote_id,
            await return_url(settings, bot),
            now(),
            locale=current(),
            name_of=plan_name,
        )
    except DomainError as refused:  # an old quote, no card price, Stripe down, ...
        await query.message.answer(refusal(refused))
        return
    plan = checkout.order.plan
    amount = money(checkout.amount)
    await query.message.answer(
        _(
            "{product} · {plan}: {amount} by card (order #{order_id}). The payment page is "
            "open until {moment}; your access starts as soon as the payment goes through."
        ).format(
            product=localized(plan.product, "title"),
            plan=localized(plan, "title"),
            amount=amount,
            order_id=checkout.order.id,
            moment=date(checkout.expires_at),
        ),
        reply_markup=link_button(_("Pay {amount}").format(amount=amount), checkout.url),
    )


async def billing_command(
    message: Message, user: User, cards: CardPayments | None, settings: Settings, bot: Bot
) -> SendMessage:
    """/billing: a Customer Portal link for the user's cards and card subscriptions."""
    if cards is None:
        return message.answer(_("Card payments are not available here; /subscription shows yours."))
    try:
        url = await cards.portal_url(user, await return_url(settings, bot))
    except DomainError as refused:
        return message.answer(refusal(refused))
    return message.answer(
        _("Manage your cards, card subscriptions and invoices on Stripe's page:"),
        reply_markup=link_button(_("Open billing"), url),
    )
