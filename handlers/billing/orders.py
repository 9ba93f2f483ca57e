"""/orders, /paysupport and /terms."""

from __future__ import annotations

from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.utils.formatting import Bold, as_list

from app.config import Settings
from app.keyboards import shop_button
from app.money import Money
from app.services.orders import OrderService
from app.texts import ORDER_STATUSES
from models import User


async def orders_command(message: Message, user: User, orders: OrderService) -> SendMessage:
    """The user's orders, newest first: what, how much, when, and where it stands."""
    mine = await orders.of_user(user)
    if not mine:
        return message.answer("You have no orders yet.", reply_markup=shop_button("See the plans"))
    lines = [
        f"#{order.id} · {order.created_at:%Y-%m-%d} · {order.plan.product.title} · "
        f"{order.plan.title} · {price(order.amount, order.currency)} · "
        f"{ORDER_STATUSES[order.status]}"
        for order in mine
    ]
    content = as_list(Bold("Your orders"), *lines, "/paysupport if anything is wrong.")
    return message.answer(**content.as_kwargs())


def price(amount: int, currency: str) -> str:
    return "free" if amount == 0 else Money(amount, currency).format()


async def paysupport(message: Message, settings: Settings) -> SendMessage:
    return message.answer(settings.payments.support)


async def terms(message: Message, settings: Settings) -> SendMessage:
    return message.answer(settings.payments.terms)
