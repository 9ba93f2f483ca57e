"""What the bot says and does on its own initiative (reminders, channel access), outside any
update: sends through the Bot API, marks users who blocked the bot, keeps the channel in step
with entitlements."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup

from app.config import Settings
from app.services.entitlements import Change
from models import User

log = logging.getLogger(__name__)

# How long a channel invite link works; it admits one person.
INVITE_LIFETIME = timedelta(days=1)
SENT, BLOCKED = "sent", "blocked"


class Notifier:
    def __init__(self, bot: Bot, settings: Settings) -> None:
        self.bot = bot
        self.channel_id = settings.premium_channel_id
        self.channel_key = settings.premium_channel_key

    async def send(self, user: User, text: str, markup: InlineKeyboardMarkup | None = None) -> str:
        """SENT, or BLOCKED when the user blocked the bot (then marked, and not retried).
        Other failures raise, so the caller can try again later."""
        try:
            await self.bot.send_message(user.telegram_id, text, reply_markup=markup)
        except TelegramForbiddenError:
            user.blocked_at = datetime.now(UTC)
            await user.save(update_fields=["blocked_at"])
            log.info(
                "User %s blocked the bot; not messaging them until they write", user.telegram_id
            )
            return BLOCKED
        return SENT

    async def apply(self, changes: list[Change], users: dict[object, User]) -> None:
        """Open the premium channel to whoever just got its key, close it to whoever lost it
        (grants and revocations; the end of a period is the job's, through close_channel)."""
        for change in changes:
            user = users[change.user_id]
            try:
                if change.started:
                    await self.open_channel(user, change.key)
                elif change.ended:
                    await self.close_channel(user, change.key)
            except TelegramAPIError as exc:
                log.warning("Channel access for user %s not updated: %r", user.telegram_id, exc)

    def opens_channel(self, key: str) -> bool:
        return self.channel_id is not None and key == self.channel_key

    async def open_channel(self, user: User, key: str) -> None:
        """A single-use invite link, sent to the user. Lifts a ban left from an earlier end."""
        if not self.opens_channel(key):
            return
        await self.bot.unban_chat_member(self.channel_id, user.telegram_id, only_if_banned=True)
        link = await self.bot.create_chat_invite_link(
            self.channel_id,
            name=f"user {user.telegram_id}"[:32],
            expire_date=datetime.now(UTC) + INVITE_LIFETIME,
            member_limit=1,
        )
        await self.send(
            user,
            f"Your premium channel is open: {link.invite_link}\n"
            "The link works once and for 24 hours.",
        )

    async def close_channel(self, user: User, key: str) -> None:
        if not self.opens_channel(key):
            return
        # Ban removes them; the unban lets them rejoin with a new link after renewing.
        await self.bot.ban_chat_member(self.channel_id, user.telegram_id)
        await self.bot.unban_chat_member(self.channel_id, user.telegram_id, only_if_banned=True)
