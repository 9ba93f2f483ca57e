from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import PreCheckoutQuery, TelegramObject, Update

from app.i18n import _, choose, current, use
from app.keyboards import fresh_price_button
from app.services.payments import PaymentService
from app.services.users import UserService
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

    def __init__(self, payments: PaymentService, users: UserService) -> None:
        self.payments = payments
        self.users = users

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
        refusal, plan_id, language = await self._check(query)
        # A refusal is in the payer's language: the one chosen with /language, when it could
        # be read in time, else Telegram's (the language middleware's choice so far).
        with use(language or current()):
            error_message = _(REFUSALS[refusal]) if refusal else None
            try:
                await bot.answer_pre_checkout_query(
                    query.id, ok=refusal is None, error_message=error_message
                )
            except TelegramAPIError as exc:  # too late, or gone: a redelivery would fare no better
                log.warning("Pre-checkout %s not answered: %r", query.id, exc)
                return None
            if refusal in FRESH_PRICE_REFUSALS and plan_id is not None:
                await self._offer_fresh_price(bot, query.from_user.id, plan_id)
        return None

    async def _check(self, query: PreCheckoutQuery) -> tuple[str | None, int | None, str | None]:
        """Why to refuse (a code) and the plan of a fresh price, as PaymentService says; and,
        for a refusal, the language the payer chose, if any."""
        try:
            async with asyncio.timeout(CHECK_BUDGET_S):
                refusal, plan_id = await self.payments.pre_checkout_refusal(
                    query.from_user.id,
                    query.invoice_payload,
                    query.currency,
                    query.total_amount,
                    datetime.now(UTC),
                )
        except Exception as exc:  # whatever failed, the payer gets an answer
            log.warning("Pre-checkout %s refused, payments unavailable: %r", query.id, exc)
            return "payment.down", None, None
        if refusal is None:
            return None, plan_id, None
        return refusal, plan_id, await self._chosen_language(query)

    async def _chosen_language(self, query: PreCheckoutQuery) -> str | None:
        """The language the payer chose with /language, or None (none chosen, or no answer in
        time: Telegram's language stays)."""
        try:
            async with asyncio.timeout(CHECK_BUDGET_S / 4):
                payer = await self.users.find(query.from_user.id)
        except Exception as exc:
            log.info("Pre-checkout %s: the payer's language not read: %r", query.id, exc)
            return None
        if payer is None or not payer.language:
            return None
        return choose(payer.language, query.from_user.language_code)

    @staticmethod
    async def _offer_fresh_price(bot: Bot, chat_id: int, plan_id: int) -> None:
        try:
            await bot.send_message(
                chat_id,
                _("The price on that invoice is no longer valid. Here is today's:"),
                reply_markup=fresh_price_button(plan_id),
            )
        except TelegramAPIError as exc:
            log.info("Fresh price not offered to %s: %r", chat_id, exc)
