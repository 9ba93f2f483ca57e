"""The promo-code dialog: after "Promo code" under a quote, the user's next message is the code.
Checkout and Stars will join this package."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.methods import SendMessage
from aiogram.types import Message
from redis.exceptions import RedisError

from app.config import Settings
from app.i18n import _
from app.services.catalog import CatalogService
from app.services.pricing import PricingService, PromoRejected
from app.texts import refusal
from handlers.billing.quotes import make_quote, now
from models import User

log = logging.getLogger(__name__)


class PromoDialog:
    """Which quote each user is typing a promo code for. Kept in the Dispatcher's storage
    (Redis when configured, so any worker can take the next message), expiring with QUOTE_TTL,
    and read only when a message could be the code, not on every update. Redis being down
    closes the dialog, never the shop."""

    def __init__(self, storage: BaseStorage, bot_id: int) -> None:
        self.storage = storage
        self.bot_id = bot_id

    def _key(self, user_id: int) -> StorageKey:
        # The dialog runs in the private chat, whose id is the user's.
        return StorageKey(bot_id=self.bot_id, chat_id=user_id, user_id=user_id)

    async def start(self, user_id: int, plan_id: int, quote_message_id: int | None) -> None:
        await self.storage.set_data(
            self._key(user_id), {"plan_id": plan_id, "quote_message": quote_message_id}
        )

    async def waiting_for(self, user_id: int) -> dict[str, Any] | None:
        """The open dialog's plan and quote message, or None."""
        try:
            data = await self.storage.get_data(self._key(user_id))
        except RedisError as exc:
            log.debug("Redis unavailable, the promo-code dialog cannot be read: %s", exc)
            return None
        return data if "plan_id" in data else None

    async def end(self, user_id: int) -> None:
        try:
            await self.storage.set_data(self._key(user_id), {})
        except RedisError as exc:  # the state expires with QUOTE_TTL
            log.debug("Redis unavailable, the promo-code dialog was not closed: %s", exc)


async def typing_a_promo_code(message: Message, promo_dialog: PromoDialog) -> bool | dict:
    """Passes a private text message that is no command while the user's dialog is open."""
    if message.chat.type != ChatType.PRIVATE or not message.text or message.text.startswith("/"):
        return False
    if message.from_user is None:
        return False
    dialog = await promo_dialog.waiting_for(message.from_user.id)
    return {"dialog": dialog} if dialog is not None else False


async def promo_code_entered(
    message: Message,
    dialog: dict[str, Any],
    promo_dialog: PromoDialog,
    user: User | None,
    catalog: CatalogService,
    pricing: PricingService,
    settings: Settings,
    bot: Bot,
) -> SendMessage | None:
    if user is None:  # a stranger
        await promo_dialog.end(message.chat.id)
        return message.answer(_("Please open /shop and pick a plan first."))
    code = (message.text or "").strip()[:64]
    try:
        content, keyboard = await make_quote(
            user, dialog["plan_id"], catalog, pricing, settings, promo_code=code
        )
    except PromoRejected as rejected:
        return message.answer(
            _("{refusal} Send another code, or /shop to go back.").format(
                refusal=refusal(rejected, now())
            )
        )
    await message.answer(**content.as_kwargs(), reply_markup=keyboard)
    await promo_dialog.end(user.telegram_id)
    if dialog.get("quote_message"):  # the quote this one replaces: its buttons are off
        try:
            await bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=dialog["quote_message"], reply_markup=None
            )
        except TelegramBadRequest as exc:  # deleted, or too old to edit: nothing to turn off
            log.info("Superseded quote message not edited: %s", exc.message)
    return None
