from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import PreCheckoutQuery, TelegramObject, Update

from app.keyboards import fresh_price_button
from app.services.payments import PaymentService
from app.texts import REFUSALS

log = logging.getLogger(__name__)

# Telegram cancels a payment whose pre-checkout query is not answered within 10 seconds: the
# check gets this long, and a database that does not answer in time gets "try again".
CHECK_BUDGET_S = 4.0
FRESH_PRICE_REFUSALS = frozenset({"payment.quote_expired", "payment.amount_changed"})


class PreCheckoutMiddleware(BaseMiddleware):
    """Answers every pre-checkout query at once, ahead of the journal, the idempotency gate,
    the throttle and the user lookup: nothing may hold it past Telegram's 10 seconds, and a
    database outage answers "try again in a minute" instead of a 503 whose redelivery would
    come too late. Only a check, so answering a redelivery again does no harm."""

    def __init__(self, payments: PaymentService) -> None:
        self.payments = payments

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(update, Update), "an outer middleware of dp.update"
        query = update.pre_checkout_query
        if query is None:
            return await handler(update, data)
        bot: Bot = data["bot"]
        refusal, plan_id = await self._check(query)
        try:
            await bot.answer_pre_checkout_query(
                query.id, ok=refusal is None, error_message=REFUSALS[refusal] if refusal else None
            )
        except TelegramAPIError as exc:  # too late, or gone: a redelivery would fare no better
            log.warning("Pre-checkout %s not answered: %r", query.id, exc)
            return None
        if refusal in FRESH_PRICE_REFUSALS and plan_id is not None:
            await self._offer_fresh_price(bot, query.from_user.id, plan_id)
        return None

    async def _check(self, query: PreCheckoutQuery) -> tuple[str | None, int | None]:
        try:
            async with asyncio.timeout(CHECK_BUDGET_S):
                return await self.payments.pre_checkout_refusal(
                    query.from_user.id,
                    query.invoice_payload,
                    query.currency,
                    query.total_amount,
                    datetime.now(UTC),
                )
        except Exception as exc:  # whatever failed, the payer gets an answer
            log.warning("Pre-checkout %s refused, payments unavailable: %r", query.id, exc)
            return "payment.down", None

    @staticmethod
    async def _offer_fresh_price(bot: Bot, chat_id: int, plan_id: int) -> None:
        try:
            await bot.send_message(
                chat_id,
                "The price on that invoice is no longer valid. Here is today's:",
                reply_markup=fresh_price_button(plan_id),
            )
        except TelegramAPIError as exc:
            log.info("Fresh price not offered to %s: %r", chat_id, exc)
