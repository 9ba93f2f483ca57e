from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.middlewares.user_context import EventContext
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Update

from app.config import Settings
from app.services.throttle import MemoryLimiter, RedisLimiter
from models import UpdateStatus

log = logging.getLogger(__name__)


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


class ThrottlingMiddleware(BaseMiddleware):
    """THROTTLE_RATE updates a minute per user. The first update over the limit gets one polite
    answer; the rest of that window is dropped quietly. Payments, admins and group chatter the
    bot ignores anyway are not counted."""

    def __init__(self, limiter: MemoryLimiter | RedisLimiter, settings: Settings) -> None:
        self.limiter = limiter
        self.settings = settings

    async def __call__(
        self,
        handler: Callable[[Update, dict[str, Any]], Awaitable[Any]],
        update: Update,
        data: dict[str, Any],
    ) -> Any:
        context: EventContext = data["event_context"]
        user_id = context.user_id
        if (
            user_id is None
            or self.settings.is_admin(user_id)
            or is_payment(update)
            or is_group_chatter(update)
        ):
            return await handler(update, data)
        decision = await self.limiter.hit(user_id, update.update_id)
        if decision.allowed:
            return await handler(update, data)
        data["audit"].status = UpdateStatus.THROTTLED
        if decision.notify:
            await self._tell(data["bot"], context.chat_id or user_id, decision.retry_after)
        return None

    @staticmethod
    async def _tell(bot: Bot, chat_id: int, retry_after: int) -> None:
        try:
            await bot.send_message(
                chat_id,
                f"You're sending requests faster than I can keep up with. "
                f"Please try again in {retry_after} s.",
            )
        except TelegramAPIError as exc:
            log.info("Could not tell chat %s about throttling: %r", chat_id, exc)
