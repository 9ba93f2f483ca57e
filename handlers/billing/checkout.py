"""Paying in Telegram Stars: /checkout, the payment itself, its receipt, and refunds made by
Telegram. Invoices are sent by invoices.py; pre-checkout is answered by
middlewares/pre_checkout.py, ahead of everything that could hold it back."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.types import Message, Update

from app.money import Money
from app.notifier import Notifier
from app.services.orders import OrderService
from app.services.payments import (
    PaymentFacts,
    PaymentService,
    StarsGateway,
)
from app.services.shop import ShopService
from app.settling import Settler
from app.texts import refund_notice
from handlers.billing.invoices import send_invoice
from handlers.billing.quotes import now
from handlers.billing.shop import render_shop
from models import User

log = logging.getLogger(__name__)


async def checkout_command(
    message: Message, user: User, orders: OrderService, shop: ShopService, bot: Bot
) -> SendMessage | None:
    """/checkout: the invoice of the user's order waiting for payment, or the shop."""
    order = await orders.payable(user, now())
    if order is None:
        content, keyboard = await render_shop(user, shop)
        return message.answer(**content.as_kwargs(), reply_markup=keyboard)
    await send_invoice(bot, user, order, order.plan)
    await orders.invoice_sent(order, now())
    return None


async def payment_received(
    message: Message,
    user: User | None,
    payments: PaymentService,
    settler: Settler | None,
    event_update: Update,
) -> None:
    paid = message.successful_payment
    assert paid is not None, "registered for successful payments"
    assert settler is not None, "the bot always has one"
    facts = PaymentFacts(
        charge_id=paid.telegram_payment_charge_id,
        provider_charge_id=paid.provider_payment_charge_id,
        currency=paid.currency,
        amount=paid.total_amount,
        payload=paid.invoice_payload,
        is_recurring=bool(paid.is_recurring),
        is_first_recurring=bool(paid.is_first_recurring),
        subscription_expires_at=(
            datetime.fromtimestamp(paid.subscription_expiration_date, UTC)
            if paid.subscription_expiration_date
            else None
        ),
    )
    payer_id = message.from_user.id if message.from_user else message.chat.id
    recorded = await payments.record(facts, payer_id, now())  # first of all: never lose it
    # An outage raises: Telegram redelivers, or the maintenance job finishes the payment.
    await settler.finish(recorded, user, message.answer, receipt_claim=event_update.update_id)


async def payment_refunded(
    message: Message,
    user: User,
    payments: PaymentService,
    stars: StarsGateway | None,
    notifier: Notifier,
) -> None:
    """A refund made outside the bot (Telegram tells us with a refunded_payment message): the
    same effects as ours, once."""
    refunded = message.refunded_payment
    assert refunded is not None, "registered for refunded payments"
    assert stars is not None, "the bot always has a gateway"
    result = await payments.refunded(
        refunded.telegram_payment_charge_id, "refund_telegram", now(), stars
    )
    if result is None:
        return
    amount = Money(result.payment.amount, result.payment.currency)
    await message.answer(
        refund_notice(amount, result.order.id if result.order is not None else None)
    )
    await notifier.apply(result.changes, {user.id: user})
