"""Paying in Telegram Stars: /checkout, the payment itself, its receipt, and refunds made by
Telegram. Invoices are sent by invoices.py; pre-checkout is answered by
middlewares/pre_checkout.py, ahead of everything that could hold it back."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.types import Message, Update

from app.infrastructure import is_infrastructure_error
from app.money import Money
from app.notifier import Notifier, who
from app.services.catalog import CatalogService, entitlement_title
from app.services.entitlements import EntitlementService
from app.services.orders import OrderService
from app.services.payments import (
    PaymentFacts,
    PaymentService,
    RefundRefused,
    StarsGateway,
)
from app.services.shop import ShopService
from app.texts import refund_notice
from app.wording import utc
from handlers.billing.invoices import send_invoice
from handlers.billing.quotes import now
from handlers.billing.shop import render_shop
from models import Order, OrderKind, User

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
    stars: StarsGateway | None,
    notifier: Notifier,
    catalog: CatalogService,
    entitlements: EntitlementService,
    event_update: Update,
) -> None:
    paid = message.successful_payment
    assert paid is not None, "registered for successful payments"
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
    try:
        settlement = await payments.settle(recorded, user, now())
    except Exception as exc:
        if is_infrastructure_error(exc):
            raise  # Telegram redelivers; the recorded payment is settled then
        # A failure that a redelivery would only repeat: the money goes back instead.
        log.exception("Payment %s could not be applied; refunding it", recorded.charge_id)
        settlement = await payments.give_up(recorded, "error", now())
    payment = settlement.payment
    amount = Money(payment.amount, payment.currency).format()
    payer = who(user) if user is not None else str(payer_id)
    if settlement.refund_due:
        assert stars is not None, "the bot always has a gateway"
        try:
            await payments.refund_unmatched(payment, now(), stars)
        except RefundRefused as refused:
            await notifier.tell_admins(
                f"⚠️ Payment {payment.charge_id} of {amount} by {payer} paid for nothing we "
                f"can give ({payment.problem}) and Telegram refused to refund it: "
                f"{refused.message}. `python -m app payments refund {payment.charge_id}` tries "
                "again."
            )
            return
        await message.answer(
            f"I could not give you what this payment of {amount} was for, so it was refunded "
            "in full. Send /shop to buy again, or /paysupport for help."
        )
        await notifier.tell_admins(
            f"Payment {payment.charge_id} of {amount} by {payer} paid for nothing we can give "
            f"({payment.problem}): refunded automatically."
        )
        return
    order = settlement.order
    if order is None or user is None:
        return  # refunded since; nothing to confirm
    if settlement.first and settlement.late:
        await notifier.tell_admins(
            f"Payment {payment.charge_id} of {amount} by {payer} arrived after its order "
            f"closed: fulfilled as order #{order.id}."
        )
    if settlement.first:
        await notifier.apply(settlement.changes, {user.id: user})
    if not await payments.claim_receipt(payment, event_update.update_id):
        return
    await message.answer(await receipt(order, amount, user, catalog, entitlements))
    await payments.receipt_sent(payment, now())


async def receipt(
    order: Order, amount: str, user: User, catalog: CatalogService, entitlements: EntitlementService
) -> str:
    """What the payment bought and until when."""
    plan = order.plan
    moment = now()
    titles = await catalog.entitlement_titles()
    lines = [
        f"✅ Payment received: {amount} for {plan.product.title} · {plan.title} "
        f"(order #{order.id})."
    ]
    for key in plan.product.entitlements:
        access = await entitlements.access(user.id, key, moment)
        if access.active:
            until = "for life" if access.expires_at is None else f"until {utc(access.expires_at)}"
            lines.append(f"• {entitlement_title(key, titles)} — {until}")
    if order.kind != OrderKind.ONE_TIME:
        lines.append("It renews every 30 days until you cancel it in /subscription.")
    lines.append("/orders lists your orders; /paysupport if anything is wrong.")
    return "\n".join(lines)


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
    amount = Money(result.payment.amount, result.payment.currency).format()
    await message.answer(
        refund_notice(amount, result.order.id if result.order is not None else None)
    )
    await notifier.apply(result.changes, {user.id: user})
