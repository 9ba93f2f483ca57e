"""The language every answer is in, from the first middleware on."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18n, I18nMiddleware

from app.i18n import choose


class ChosenLanguages:
    """The /language choices of the users this process served lately, by Telegram id: what an
    update is answered in before its user is loaded (a throttling notice is sent before, and
    must not cost the database a query during a flood). Bounded; a user not in it is answered
    in Telegram's language until the user middleware has loaded them."""

    def __init__(self, size: int = 50_000) -> None:
        self.size = size
        self._chosen: OrderedDict[int, str | None] = OrderedDict()

    def remember(self, telegram_id: int, language: str | None) -> None:
        self._chosen[telegram_id] = language
        self._chosen.move_to_end(telegram_id)
        if len(self._chosen) > self.size:
            self._chosen.popitem(last=False)

    def get(self, telegram_id: int) -> str | None:
        return self._chosen.get(telegram_id)


class LanguageMiddleware(I18nMiddleware):
    """Speaks the sender's language from the start of an update, so a throttling notice is in
    it already: their /language choice when this process knows it, else Telegram's.
    UserMiddleware then switches to the stored choice once it has loaded them."""

    def __init__(self, i18n: I18n, chosen: ChosenLanguages) -> None:
        super().__init__(i18n)
        self.chosen = chosen

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        sender = data.get("event_from_user")
        if sender is None:
            return choose(None)
        return choose(self.chosen.get(sender.id), sender.language_code)
