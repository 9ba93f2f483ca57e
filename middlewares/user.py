from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from app.i18n import language_of, use
from app.services.entitlements import EntitlementService, PremiumAnswer
from app.services.users import Profile, UserService
from middlewares.language import ChosenLanguages


class UserMiddleware(BaseMiddleware):
    """Puts the registered sender (or None) in `data["user"]` and keeps their profile fresh;
    `data["premium"]` answers, once per update and only if asked, whether they have premium."""

    def __init__(
        self, users: UserService, entitlements: EntitlementService, chosen: ChosenLanguages
    ) -> None:
        self.users = users
        self.entitlements = entitlements
        self.chosen = chosen

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender = data.get("event_from_user")
        user = await self.users.seen(Profile.of(sender)) if sender else None
        data["user"] = user
        data["premium"] = PremiumAnswer(self.entitlements, user.id if user else None)
        if user is None:
            return await handler(update, data)
        self.chosen.remember(user.telegram_id, user.language)
        with use(language_of(user)):  # their /language choice, else Telegram's
            return await handler(update, data)
