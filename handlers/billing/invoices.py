"""Invoices: what a user pays an order with."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import CallbackQuery, LabeledPrice
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.i18n import _, localized, money
from app.money import Money
from app.services.orders import AlreadySubscribed, OrderService, payload_of
from app.services.payments import SUBSCRIPTION_PERIOD_S
from app.services.pricing import QuotePaid, QuoteUnavailable
from app.texts import refusal
from handlers.billing.quotes import duration_text, now
from models import Order, OrderKind, Plan, User

# Telegram's limits for an invoice's title and description.
TITLE_MAX, DESCRIPTION_MAX = 32, 255


def invoice_texts(order: Order, plan: Plan) -> tuple[str, str]:
    title = f"{localized(plan.product, 'title')} · {localized(plan, 'title')}"
    description = localized(plan.product, "description") or title
    if order.kind == OrderKind.SUBSCRIPTION:
        period = _("(renews every 30 days until cancelled, order #{order_id})")
    else:
        period = _("({duration}, order #{order_id})")
    # Kept whole: support asks for the number.
    suffix = " " + period.format(duration=duration_text(plan.duration_days), order_id=order.id)
    return title[:TITLE_MAX], description[: DESCRIPTION_MAX - len(suffix)] + suffix


async def send_invoice(bot: Bot, user: User, order: Order, plan: Plan) -> None:
    """The order's invoice in the user's private chat: an invoice message for a one-time
    purchase, a Pay button on a subscription link for a Stars subscription."""
    title, description = invoice_texts(order, plan)
    prices = [LabeledPrice(label=title, amount=order.amount)]
    if order.kind == OrderKind.SUBSCRIPTION:
        link = await bot.create_invoice_link(
            title=title,
            description=description,
            payload=payload_of(order),
            currency=order.currency,
            prices=prices,
            subscription_period=SUBSCRIPTION_PERIOD_S,
        )
        builder = InlineKeyboardBuilder()
        amount = money(Money(order.amount, order.currency))
        builder.button(text=_("Subscribe for {amount} a month").format(amount=amount), url=link)
        await bot.send_message(
            user.telegram_id,
            _(
                "{title}: {amount} every 30 days, renewed by Telegram until you cancel in "
                "/subscription."
            ).format(title=title, amount=amount),
            reply_markup=builder.as_markup(),
        )
        return
    await bot.send_invoice(
        user.telegram_id,
        title=title,
        description=description,
        payload=payload_of(order),
        currency=order.currency,
        prices=prices,
    )


async def buy(
    query: CallbackQuery, quote_id: str, user: User, orders: OrderService, bot: Bot
) -> None:
    """Buy on a quote: its order (the same one on a second tap) and the invoice to pay it."""
    try:
        checkout = await orders.checkout(user, quote_id, now())
    except (QuotePaid, QuoteUnavailable, AlreadySubscribed) as refused:
        await query.answer(refusal(refused), show_alert=isinstance(refused, AlreadySubscribed))
        return
    await query.answer()
    order = checkout.order
    await send_invoice(bot, user, order, order.plan)
    await orders.invoice_sent(order, now())
