from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Message

from app.config import Settings
from app.keyboards import shop_button
from app.services.commands import CommandRegistry, ParsedCommand
from app.services.entitlements import EntitlementService
from models import CommandCategory, TelegramCommand, User

# The entitlement that `requires_premium` commands need.
PREMIUM_KEY = "premium"


@dataclass(frozen=True)
class ResolvedCommand:
    parsed: ParsedCommand
    entry: TelegramCommand | None  # None: unknown, disabled, or not for this sender
    for_us: bool  # False when addressed to another bot (/cmd@otherbot)

    @property
    def args(self) -> str | None:
        return self.parsed.args


class CommandGateMiddleware(BaseMiddleware):
    """Looks a message's command up in the registry (as `data["command"]`) and enforces who may
    use it: admin commands exist only for ADMIN_IDS, `requires_auth` commands ask strangers to
    /start first, and `requires_premium` commands offer the shop to those without premium.
    Routing itself is left to the handlers' filters."""

    def __init__(
        self, registry: CommandRegistry, settings: Settings, entitlements: EntitlementService
    ) -> None:
        self.registry = registry
        self.settings = settings
        self.entitlements = entitlements

    async def __call__(
        self,
        handler: Callable[[Message, dict[str, Any]], Awaitable[Any]],
        message: Message,
        data: dict[str, Any],
    ) -> Any:
        parsed = ParsedCommand.from_text(message.text)
        if parsed is None:
            return await handler(message, data)
        bot: Bot = data["bot"]
        me = await bot.me()
        for_us = parsed.mention is None or parsed.mention.lower() == (me.username or "").lower()
        entry = await self.registry.get(parsed.name) if for_us and parsed.is_valid_name else None
        if entry is not None and not self.may_use(entry, message):
            entry = None
        data["command"] = ResolvedCommand(parsed, entry, for_us)
        if entry is None:
            return await handler(message, data)
        data["audit"].command_known = True
        user: User | None = data.get("user")
        if entry.requires_auth and user is None:
            await message.answer(f"Please send /start first, then try /{entry.command} again.")
            return None
        if entry.requires_premium and not (
            user is not None
            and await self.entitlements.has(user.id, PREMIUM_KEY, datetime.now(UTC))
        ):
            await message.answer(
                f"⭐ /{entry.command} comes with premium access. See what it costs for you:",
                reply_markup=shop_button("See the plans"),
            )
            return None
        return await handler(message, data)

    def may_use(self, entry: TelegramCommand, message: Message) -> bool:
        if entry.category != CommandCategory.ADMIN:
            return True
        return message.from_user is not None and self.settings.is_admin(message.from_user.id)
