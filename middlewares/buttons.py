from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, TelegramObject

from app.i18n import _


def in_private_chat(query: CallbackQuery) -> bool:
    message = query.message
    return message is not None and message.chat.type == ChatType.PRIVATE


class ButtonGateMiddleware(BaseMiddleware):
    """Buttons act only for the user they were made for, and only registered users: the bot
    puts its buttons in private chats only, so a button pressed on a message in a group (a post
    from an older release, say) acts for nobody, and a stranger's tap (a forwarded message) is
    asked to /start first. Button handlers can count on `user`."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        query: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(query, CallbackQuery), "an outer middleware of dp.callback_query"
        if not in_private_chat(query):
            await query.answer(
                _("These buttons work in your private chat with me: send the command there."),
                show_alert=True,
            )
            return None
        if data.get("user") is None:
            await query.answer(_("Please send /start first."), show_alert=True)
            return None
        return await handler(query, data)
