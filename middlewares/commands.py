from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import TelegramMethod
from aiogram.types import Chat, Message, TelegramObject

from app.config import Settings
from app.i18n import _
from app.keyboards import private_chat_button, shop_button
from app.services.commands import ADMIN_CATEGORY, CommandRegistry, ParsedCommand
from app.services.entitlements import PremiumAnswer
from models import TelegramCommand, UpdateStatus

Handler = Callable[[Message, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class ResolvedCommand:
    parsed: ParsedCommand
    entry: TelegramCommand | None  # None: unknown, disabled, or not for this sender
    for_us: bool  # False when addressed to another bot (/cmd@otherbot)

    @property
    def args(self) -> str | None:
        return self.parsed.args

    @property
    def first_arg(self) -> str:
        """The first word of the arguments, lower-cased: a subcommand like `revoke`."""
        return (self.args or "").split(maxsplit=1)[0].lower() if self.args else ""


class CommandGateMiddleware(BaseMiddleware):
    """Looks a message's command up in the registry (as `data["command"]`) and enforces who may
    use it and where: admin commands exist only for ADMIN_IDS; `requires_auth` commands ask
    strangers to /start first; a personal command (prices, access, keys, earnings, premium
    signals) asked in a group is answered in the sender's private chat, with a pointer there in
    the group; `requires_premium` commands offer the shop to those without premium, except for
    the subcommands a handler keeps open (turning off an API key). Routing itself is left to
    the handlers' filters."""

    def __init__(
        self,
        registry: CommandRegistry,
        settings: Settings,
        personal: Collection[str],
        open_without_premium: Mapping[str, Collection[str]],
    ) -> None:
        self.registry = registry
        self.settings = settings
        self.personal = frozenset(personal)
        self.open_without_premium = open_without_premium

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        message: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(message, Message), "an outer middleware of dp.message"
        if message.from_user is None:  # nobody to answer (only a forged update lacks a sender)
            data["audit"].status = UpdateStatus.IGNORED
            return None
        parsed = ParsedCommand.from_text(message.text)
        if parsed is None:
            return await handler(message, data)
        bot: Bot = data["bot"]
        me = await bot.me()
        for_us = parsed.mention is None or parsed.mention.lower() == (me.username or "").lower()
        entry = await self.registry.get(parsed.name) if for_us and parsed.is_valid_name else None
        if entry is not None and not self.may_use(entry, message):
            entry = None
        command = ResolvedCommand(parsed, entry, for_us)
        data["command"] = command
        if entry is None:
            return await handler(message, data)
        data["audit"].command_known = True
        in_group = message.chat.type != ChatType.PRIVATE
        if entry.requires_auth and data.get("user") is None:
            if in_group:
                return message.reply(
                    _(
                        "Open a private chat with me and press Start, then send /{command} there."
                    ).format(command=entry.command),
                    reply_markup=private_chat_button(me.username),
                )
            return message.answer(
                _("Please send /start first, then try /{command} again.").format(
                    command=entry.command
                )
            )
        if in_group and entry.handler_class in self.personal:
            return await self._in_private(handler, message, data, command, me.username)
        return await self._checked(handler, message, data, command)

    async def _checked(
        self, handler: Handler, message: Message, data: dict[str, Any], command: ResolvedCommand
    ) -> Any:
        entry = command.entry
        assert entry is not None  # only known commands get here
        premium: PremiumAnswer = data["premium"]  # handlers ask the same, answered once
        if (
            entry.requires_premium
            and command.first_arg not in self.open_without_premium.get(entry.handler_class, ())
            and not await premium()
        ):
            return message.answer(
                _("⭐ /{command} comes with premium access. See what it costs for you:").format(
                    command=entry.command
                ),
                reply_markup=shop_button(_("See the plans")),
            )
        return await handler(message, data)

    async def _in_private(
        self,
        handler: Handler,
        message: Message,
        data: dict[str, Any],
        command: ResolvedCommand,
        bot_username: str | None,
    ) -> Any:
        """One member's prices, access or premium signals are not the group's business: the
        handler answers in the private chat, and the group is told where to look."""
        sender, entry = message.from_user, command.entry
        assert sender is not None and entry is not None, "checked in __call__"
        private = message.model_copy(
            update={"chat": Chat(id=sender.id, type=ChatType.PRIVATE, first_name=sender.first_name)}
        )
        try:
            answer = await self._checked(handler, private, data, command)
            if isinstance(answer, TelegramMethod):
                # Sent now, not in the webhook's answer: a refusal must be seen here.
                await answer
        except TelegramForbiddenError:  # never opened the private chat, or blocked the bot
            return message.reply(
                _(
                    "I can't write to you yet: open a private chat with me, press Start, then "
                    "send /{command} there."
                ).format(command=entry.command),
                reply_markup=private_chat_button(bot_username),
            )
        return message.reply(
            _("I've answered you in our private chat."),
            reply_markup=private_chat_button(bot_username),
        )

    def may_use(self, entry: TelegramCommand, message: Message) -> bool:
        if entry.category != ADMIN_CATEGORY:
            return True
        return message.from_user is not None and self.settings.is_admin(message.from_user.id)
