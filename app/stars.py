"""The Bot API side of Stars payments: the gateway PaymentService talks to."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import TransactionPartnerUser

from app.services.payments import RefundRefused, StarTransaction, SubscriptionChangeRefused

PAGE = 100  # getStarTransactions returns at most 100 at a time
# A user paying one of our invoices (not a gift, paid media, a paid message …).
INVOICE_PAYMENT = "invoice_payment"


class BotStarsGateway:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def refund(self, telegram_user_id: int, charge_id: str) -> None:
        try:
            await self.bot.refund_star_payment(
                user_id=telegram_user_id, telegram_payment_charge_id=charge_id
            )
        except TelegramBadRequest as exc:
            raise RefundRefused(refusal_reason(exc.message), exc.message) from None

    async def set_subscription_cancelled(
        self, telegram_user_id: int, charge_id: str, cancelled: bool
    ) -> None:
        try:
            await self.bot.edit_user_star_subscription(
                user_id=telegram_user_id,
                telegram_payment_charge_id=charge_id,
                is_canceled=cancelled,
            )
        except TelegramBadRequest as exc:
            raise SubscriptionChangeRefused(exc.message) from None

    async def transactions(self) -> AsyncIterator[StarTransaction]:
        offset = 0
        while True:
            page = await self.bot.get_star_transactions(offset=offset, limit=PAGE)
            for transaction in page.transactions:
                yield StarTransaction(
                    id=transaction.id,
                    amount=transaction.amount,
                    date=transaction.date,
                    incoming=isinstance(transaction.source, TransactionPartnerUser)
                    and transaction.source.transaction_type == INVOICE_PAYMENT,
                    refund=isinstance(transaction.receiver, TransactionPartnerUser),
                )
            if len(page.transactions) < PAGE:
                return
            offset += PAGE


def refusal_reason(message: str) -> str:
    """Telegram's refusal of a refund as a code: already_refunded, charge_not_found, other."""
    upper = message.upper()
    if "ALREADY_REFUNDED" in upper:
        return "already_refunded"
    if "CHARGE_NOT_FOUND" in upper or "CHARGE_ID_INVALID" in upper:
        return "charge_not_found"
    return "other"
