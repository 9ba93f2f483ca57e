from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.middlewares.user_context import EventContext
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import TelegramObject, Update

from app.config import Settings
from app.i18n import ngettext, number
from app.services.throttle import Hit, Limiter, RedisLimiter
from app.services.update_gate import THROTTLE_DECISION
from models import UpdateStatus

log = logging.getLogger(__name__)


class Allowance(StrEnum):
    """The window an update counts against. Commands ask the bot for work; button presses and
    other messages (a promo code typed into a dialog, say) are the steps of a visit, so a
    normal visit to the shop never runs into the limit that stops a flood of commands."""

    COMMANDS = "commands"
    STEPS = "steps"


def is_payment(update: Update) -> bool:
    return update.pre_checkout_query is not None or (
        update.message is not None and update.message.successful_payment is not None
    )


def is_group_chatter(update: Update) -> bool:
    """A message in a group that is not a command: the bot never answers it, so it must not use
    up the sender's allowance for what they do ask of the bot."""
    message = update.message
    return (
        message is not None
        and message.chat.type != ChatType.PRIVATE
        and not (message.text or "").startswith("/")
    )


def allowance_of(update: Update) -> Allowance | None:
    """None for what is never held back: payments, and group chatter the bot ignores anyway."""
    if is_payment(update) or is_group_chatter(update):
        return None
    if update.message is not None and (update.message.text or "").startswith("/"):
        return Allowance.COMMANDS
    return Allowance.STEPS


class ThrottlingMiddleware(BaseMiddleware):
    """Per user and minute: THROTTLE_RATE commands and THROTTLE_STEP_RATE button presses and
    other messages. A pressed button is always answered (an alert when throttled), or its
    spinner would turn forever; the first message over the limit gets one polite answer and the
    rest of that window is dropped. Admins and payments are never held back."""

    def __init__(self, limiters: dict[Allowance, Limiter], settings: Settings) -> None:
        self.limiters = limiters
        self.settings = settings

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(update, Update), "an outer middleware of dp.update"
        context: EventContext = data["event_context"]
        user_id = context.user_id
        limiter = self._limiter_for(update, user_id)
        if user_id is None or limiter is None:
            return await handler(update, data)
        # Counted with the update's claim in Redis, mostly; else now.
        decision = data.get(THROTTLE_DECISION) or await limiter.hit(user_id, update.update_id)
        if decision.allowed:
            return await handler(update, data)
        data["audit"].status = UpdateStatus.THROTTLED
        # In the language middleware's choice: the user is not loaded yet (nor should be).
        wait = decision.retry_after
        if update.callback_query is not None:
            # Answered in the webhook's response: no extra Bot API call during a flood.
            return AnswerCallbackQuery(
                callback_query_id=update.callback_query.id,
                text=ngettext(
                    "Too many taps at once. Please try again in {n} second.",
                    "Too many taps at once. Please try again in {n} seconds.",
                    wait,
                ).format(n=number(wait)),
                show_alert=True,
            )
        if decision.notify:
            await self._tell(data["bot"], context.chat_id or user_id, wait)
        return None

    def hit_for(self, update: Update, data: dict[str, Any]) -> Hit | None:
        """What counting this update takes in Redis, for the update gate to do along with its
        claim; None when it is not counted, or not in Redis."""
        user_id = data["event_context"].user_id
        limiter = self._limiter_for(update, user_id)
        if user_id is None or not isinstance(limiter, RedisLimiter):
            return None
        return limiter.hit_of(user_id, update.update_id)

    def _limiter_for(self, update: Update, user_id: int | None) -> Limiter | None:
        allowance = allowance_of(update)
        if user_id is None or allowance is None or self.settings.is_admin(user_id):
            return None
        return self.limiters[allowance]

    @staticmethod
    async def _tell(bot: Bot, chat_id: int, wait: int) -> None:
        text = ngettext(
            "You're sending requests faster than I can keep up with. "
            "Please try again in {n} second.",
            "You're sending requests faster than I can keep up with. "
            "Please try again in {n} seconds.",
            wait,
        ).format(n=number(wait))
        try:
            await bot.send_message(chat_id, text)
        except TelegramAPIError as exc:
            log.info("Could not tell chat %s about throttling: %r", chat_id, exc)
