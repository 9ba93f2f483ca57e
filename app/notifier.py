"""What the bot says and does on its own initiative (reminders, channel access, word to admins),
outside any update: sends through the Bot API, marks users who blocked the bot, keeps the
channel in step with entitlements.

No update sets the language here: every text is written in its reader's (`language_of` the
recipient's row). A text given as a function is written by the notifier in the recipient's
language; one given as a string was written by the caller, who chose the language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup

from app.config import Settings
from app.i18n import _, language_of, use
from app.services.channel import ChannelQueue
from app.services.entitlements import Change
from models import ChannelActionKind, User

log = logging.getLogger(__name__)

# How long a channel invite link works; it admits one person.
INVITE_LIFETIME = timedelta(days=1)
SENT, BLOCKED = "sent", "blocked"
# A text to send: written already, or written when sent, in its reader's language.
Words = str | Callable[[], str]


def who(user: User) -> str:
    return f"{user.telegram_id}" + (f" (@{user.username})" if user.username else "")


def describe(exc: TelegramAPIError) -> str:
    return f"{type(exc).__name__}: {exc.message}"


class Notifier:
    def __init__(self, bot: Bot, settings: Settings, channel_queue: ChannelQueue) -> None:
        self.bot = bot
        self.channel_id = settings.premium_channel.id
        self.channel_key = settings.premium_channel.key
        self.admin_ids = settings.admin_ids
        self.channel_queue = channel_queue

    async def send(
        self,
        user: User,
        text: Words,
        markup: InlineKeyboardMarkup | Callable[[], InlineKeyboardMarkup | None] | None = None,
    ) -> str:
        """SENT, or BLOCKED when the user blocked the bot (then marked, and not retried).
        Other failures raise, so the caller can try again later. A text (or keyboard) given
        as a function is written in the user's language."""
        with use(language_of(user)):
            words = text() if callable(text) else text
            keyboard = markup() if callable(markup) else markup
        try:
            await self.bot.send_message(user.telegram_id, words, reply_markup=keyboard)
        except TelegramForbiddenError:
            user.blocked_at = datetime.now(UTC)
            await user.save(update_fields=["blocked_at"])
            log.info(
                "User %s blocked the bot; not messaging them until they write", user.telegram_id
            )
            return BLOCKED
        return SENT

    async def tell_admins(self, text: Words) -> None:
        """Best effort: an admin who cannot be reached is logged, never an error. Given as a
        function, the text is written in each admin's language (English for an admin who
        never wrote to the bot)."""
        languages: dict[int, str] = {}
        if callable(text) and self.admin_ids:
            admins = await User.filter(telegram_id__in=list(self.admin_ids)).only(
                "telegram_id", "language", "language_code"
            )
            languages = {admin.telegram_id: language_of(admin) for admin in admins}
        for admin_id in sorted(self.admin_ids):
            with use(languages.get(admin_id)):
                words = text() if callable(text) else text
            try:
                await self.bot.send_message(admin_id, words)
            except TelegramAPIError as exc:
                log.warning("Admin %s not told: %r", admin_id, exc)

    async def apply(self, changes: list[Change], users: dict[object, User]) -> None:
        """Open the premium channel to whoever just got its key, close it to whoever lost it
        (grants and revocations; the end of a period is the job's, through close_channel)."""
        for change in changes:
            user = users[change.user_id]
            if change.started:
                await self.open_channel(user, change.key)
            elif change.ended:
                await self.close_channel(user, change.key)

    def opens_channel(self, key: str) -> bool:
        return self.channel_id is not None and key == self.channel_key

    async def open_channel(self, user: User, key: str, now: datetime | None = None) -> bool:
        """Send the user a channel invite (see change_channel)."""
        return await self.change_channel(user, key, ChannelActionKind.INVITE, now)

    async def close_channel(self, user: User, key: str, now: datetime | None = None) -> bool:
        """Remove the user from the channel (see change_channel)."""
        return await self.change_channel(user, key, ChannelActionKind.REMOVE, now)

    async def change_channel(
        self, user: User, key: str, kind: ChannelActionKind, now: datetime | None
    ) -> bool:
        """False when Telegram refused: the change is then queued for retries (and admins
        told), never the caller's failure."""
        if not self.opens_channel(key):
            return True
        try:
            await self.carry_out(kind, user)
        except TelegramAPIError as exc:
            await self._queue(user, key, kind, exc, now)
            return False
        return True

    async def carry_out(self, kind: ChannelActionKind, user: User) -> None:
        """The change itself; a refusal raises."""
        if kind == ChannelActionKind.INVITE:
            await self.invite(user)
        else:
            await self.remove(user)

    def _channel(self) -> int:
        assert self.channel_id is not None, "only keys that open the channel get here"
        return self.channel_id

    async def invite(self, user: User) -> None:
        """A single-use invite link, sent to the user. Lifts a ban left from an earlier end."""
        await self.bot.unban_chat_member(self._channel(), user.telegram_id, only_if_banned=True)
        link = await self.bot.create_chat_invite_link(
            self._channel(),
            name=f"user {user.telegram_id}"[:32],
            expire_date=datetime.now(UTC) + INVITE_LIFETIME,
            member_limit=1,
        )
        await self.send(
            user,
            lambda: _(
                "Your premium channel is open: {link}\nThe link works once and for 24 hours."
            ).format(link=link.invite_link),
        )

    async def remove(self, user: User) -> None:
        # Ban removes them; the unban lets them rejoin with a new link after renewing.
        await self.bot.ban_chat_member(self._channel(), user.telegram_id)
        await self.bot.unban_chat_member(self._channel(), user.telegram_id, only_if_banned=True)

    async def _queue(
        self,
        user: User,
        key: str,
        kind: ChannelActionKind,
        exc: TelegramAPIError,
        now: datetime | None,
    ) -> None:
        log.warning("Channel %s of user %s refused, will retry: %r", kind, user.telegram_id, exc)
        queued_at = now or datetime.now(UTC)
        if await self.channel_queue.add(user, key, kind, describe(exc), queued_at):
            inviting = kind == ChannelActionKind.INVITE

            def alert() -> str:
                if inviting:
                    text = _(
                        "⚠️ Premium channel: Telegram refused to invite user {user}: {reason}. "
                        "I retry every few minutes until it works; check that the bot is an "
                        "admin of the channel with the rights to invite and ban users."
                    )
                else:
                    text = _(
                        "⚠️ Premium channel: Telegram refused to remove user {user}: {reason}. "
                        "I retry every few minutes until it works; check that the bot is an "
                        "admin of the channel with the rights to invite and ban users."
                    )
                return text.format(user=who(user), reason=exc.message)

            await self.tell_admins(alert)
