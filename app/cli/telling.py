"""Telling a user what an admin did from the command line (access given or taken back, a
payout paid), and keeping the premium channel in step. The admin's change stands whatever
Telegram says: the result comes back as a note for the command's output."""

from __future__ import annotations

from aiogram.exceptions import TelegramAPIError

from app.bot import create_bot
from app.config import Settings
from app.notifier import SENT, Notifier
from app.services.entitlements import Change
from models import User


async def tell(settings: Settings, user: User, text: str, changes: list[Change] = ()) -> str:
    if settings.bot_token is None:
        return "not told: BOT_TOKEN is not set"
    bot = create_bot(settings)
    async with bot.context():
        notifier = Notifier(bot, settings)
        try:
            outcome = await notifier.send(user, text)
        except TelegramAPIError as exc:
            note = f"not told: Telegram refused ({exc.message})"
        else:
            note = "told the user" if outcome == SENT else "not told: the user blocked the bot"
        await notifier.apply(list(changes), {user.id: user})
    return note
