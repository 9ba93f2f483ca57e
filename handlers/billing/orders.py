"""/orders, /paysupport and /terms."""

from __future__ import annotations

from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.utils.formatting import Bold, as_list

from app.config import Settings
from app.i18n import N_, _
from app.keyboards import shop_button
from app.services.orders import OrderService
from app.texts import order_line
from models import User


async def orders_command(message: Message, user: User, orders: OrderService) -> SendMessage:
    """The user's orders, newest first: what, how much, when, and where it stands."""
    mine = await orders.of_user(user)
    if not mine:
        return message.answer(
            _("You have no orders yet."), reply_markup=shop_button(_("See the plans"))
        )
    lines = [order_line(order) for order in mine]
    content = as_list(Bold(_("Your orders")), *lines, _("/paysupport if anything is wrong."))
    return message.answer(**content.as_kwargs())


# The defaults of PAYMENTS_SUPPORT and PAYMENTS_TERMS (app/config.py), marked for the catalogs so
# they are answered in the user's language; an operator's own words are sent as written.
DEFAULT_ANSWERS = (
    N_(
        "Questions about a payment? Quote your order number from /orders when you contact "
        "us. Refunds go back to the Telegram Stars balance that paid."
    ),
    N_(
        "Premium access is a digital service, delivered in this chat the moment a payment "
        "lands, for the period the plan names. Subscriptions renew every 30 days until "
        "cancelled in /subscription; access then runs to the end of the paid period. "
        "/paysupport says how to reach us about a payment."
    ),
)


async def paysupport(message: Message, settings: Settings) -> SendMessage:
    return message.answer(_(settings.payments.support))


async def terms(message: Message, settings: Settings) -> SendMessage:
    return message.answer(_(settings.payments.terms))
