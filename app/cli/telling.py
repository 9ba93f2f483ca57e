"""Telling a user what an admin did from the command line (access given or taken back, a
payout paid), and keeping the premium channel in step. The admin's change stands whatever
Telegram says: the result comes back as a note for the command's output."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.exceptions import ClientDecodeError, TelegramAPIError

from app.container import Services
from app.notifier import SENT
from app.services.entitlements import Change
from models import User


async def tell(
    services: Services, user: User, text: Callable[[], str], changes: Sequence[Change] = ()
) -> str:
    """`text` is written when sent, in the user's language."""
    notifier = services.notifier
    if notifier is None:
        return "not told: BOT_TOKEN is not set"
    try:
        outcome = await notifier.send(user, text)
    except TelegramAPIError as exc:
        note = f"not told: Telegram refused ({exc.message})"
    except ClientDecodeError:
        note = "not told: the Bot API's answer was not Telegram's JSON"
    else:
        note = "told the user" if outcome == SENT else "not told: the user blocked the bot"
    await notifier.apply(list(changes), {user.id: user})
    return note
