"""Admin commands in the bot (only ADMIN_IDS reach them: the command gate checks the sender
server-side). /refund ORDER gives a Stars payment back."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Router
from aiogram.methods import SendMessage
from aiogram.types import Message

from app.errors import DomainError
from app.money import STARS, Money
from app.notifier import Notifier
from app.services.payments import PaymentService, StarsGateway
from app.texts import for_operator, refund_notice
from handlers.common import Handler, router_for
from middlewares.commands import ResolvedCommand

USAGE = (
    "Usage: /refund ORDER [reason], like /refund 12 bought twice. The buyer's /orders shows "
    "the order number, and so does python -m app orders list."
)


async def refund_command(
    message: Message,
    command: ResolvedCommand,
    payments: PaymentService,
    stars: StarsGateway | None,
    notifier: Notifier,
) -> SendMessage:
    number, _, reason = (command.args or "").strip().partition(" ")
    argument = number.removeprefix("#")
    if not argument.isdigit() or len(argument) > 10:
        return message.answer(USAGE)
    assert stars is not None, "the bot always has a gateway"
    moment = datetime.now(UTC)
    try:
        refund = await payments.refund_order(
            int(argument), "refund_admin", moment, stars, reason=reason.strip()
        )
    except DomainError as refused:
        return message.answer(for_operator(refused, moment))
    amount = Money(refund.payment.amount, refund.payment.currency).format()
    told = ""
    if refund.told_by_telegram:
        told = "; the user was told"
    elif refund.user is not None:
        order_id = refund.order.id if refund.order is not None else None
        by_card = refund.payment.currency != STARS
        outcome = await notifier.send(refund.user, refund_notice(amount, order_id, by_card))
        await notifier.apply(refund.changes, {refund.user.id: refund.user})
        told = "; the user was told" if outcome == "sent" else "; the user blocked the bot"
    note = " (Telegram had refunded it already)" if refund.already_at_telegram else ""
    return message.answer(f"Order #{argument} refunded: {amount} back to the buyer{note}{told}.")


HANDLERS: dict[str, Handler] = {"admin.refund": refund_command}
PERSONAL: frozenset[str] = frozenset()
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router() -> Router:
    return router_for("admin", HANDLERS)
