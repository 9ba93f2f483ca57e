"""The language every answer is in, from the first middleware on."""

from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18nMiddleware

from app.i18n import choose


class LanguageMiddleware(I18nMiddleware):
    """Speaks the sender's Telegram language from the start of an update, so a throttling
    notice or a pre-checkout refusal is in it already; UserMiddleware switches to the language
    the user chose with /language once it has loaded them."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        sender = data.get("event_from_user")
        return choose(sender.language_code if sender else None)
