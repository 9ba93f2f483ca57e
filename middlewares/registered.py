from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery


class RegisteredOnlyMiddleware(BaseMiddleware):
    """Buttons act for registered users only: a stranger's tap (a forwarded message, say) is
    asked to /start first, so button handlers can count on `user`."""

    async def __call__(
        self,
        handler: Callable[[CallbackQuery, dict[str, Any]], Awaitable[Any]],
        query: CallbackQuery,
        data: dict[str, Any],
    ) -> Any:
        if data.get("user") is None:
            await query.answer("Please send /start first.", show_alert=True)
            return None
        return await handler(query, data)
