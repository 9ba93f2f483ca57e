"""Pieces every handler module uses: the registry-driven routing filter and the command list."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from itertools import groupby
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Filter
from aiogram.types import InaccessibleMessage, InlineKeyboardMarkup, Message
from aiogram.utils.formatting import Bold, Text, as_list, as_section

from app.config import Settings
from app.i18n import N_, _
from app.services.commands import (
    ADMIN_CATEGORY,
    CommandRegistry,
    localized_description,
)
from middlewares.commands import ResolvedCommand
from models import TelegramCommand

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[object]]


class HandledBy(Filter):
    """Passes a message whose registry entry dispatches to `key`, so admins can add, rename or
    disable commands without touching the code."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, command: ResolvedCommand | None = None) -> bool:
        return (
            command is not None
            and command.entry is not None
            and command.entry.handler_class == self.key
        )


def router_for(name: str, handlers: dict[str, Handler]) -> Router:
    router = Router(name=name)
    for key, handler in handlers.items():
        router.message.register(handler, HandledBy(key))
    return router


async def usable_commands(
    registry: CommandRegistry, settings: Settings, telegram_id: int | None
) -> list[TelegramCommand]:
    commands = await registry.enabled()
    if settings.is_admin(telegram_id):
        return commands
    return [c for c in commands if c.category != ADMIN_CATEGORY]


# The categories' titles as users read them (the registry's CATEGORIES name them for admins).
CATEGORY_TITLES = {
    "help": N_("General"),
    "signals": N_("Signals"),
    "billing": N_("Premium access"),
    "affiliate": N_("Affiliate program"),
    "admin": N_("Admin"),
}


def category_title(category: str) -> str:
    """A category's title in the current language; an admin's own category keeps its name."""
    title = CATEGORY_TITLES.get(category)
    return _(title) if title else category


def command_line(command: TelegramCommand, language_code: str | None) -> Text:
    """A command as one line, "/cmd — what it does", in that language where the registry has
    its description in it; a premium command marked."""
    line = f"/{command.command} — {localized_description(command, language_code)}"
    if command.requires_premium:
        return Text(line, " ", _("⭐ premium"))
    return Text(line)


def command_list(commands: Iterable[TelegramCommand], language_code: str | None) -> Text:
    """Commands grouped by category, in registry order, premium ones marked."""
    sections = []
    for category, group in groupby(commands, key=lambda c: c.category):
        lines = [command_line(c, language_code) for c in group]
        sections.append(as_section(Bold(category_title(category)), as_list(*lines)))
    return as_list(*sections, sep="\n\n")


async def redraw(
    message: Message | InaccessibleMessage | None,
    reply_markup: InlineKeyboardMarkup | None,
    **content: Any,
) -> None:
    """Show the next step in the message whose button was pressed (shop → quote → result), so
    the chat keeps one current message instead of a trail of stale buttons. A message that can
    no longer be edited (too old for Telegram to show us) gets the content as a new message.
    A button with no message (only inline-mode messages lack one; the bot sends none) has no
    chat to show anything in."""
    if message is None:
        return
    if not isinstance(message, Message):
        await message.answer(**content, reply_markup=reply_markup)
        return
    try:
        await message.edit_text(**content, reply_markup=reply_markup)
    except TelegramBadRequest as exc:
        if "message is not modified" in exc.message:
            return  # pressed twice: it already shows this
        await message.answer(**content, reply_markup=reply_markup)


async def drop_buttons(message: Message | InaccessibleMessage | None) -> None:
    """Take the buttons off a message whose choice is made; best effort, as it may be gone."""
    if not isinstance(message, Message):
        return
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest as exc:
        log.info("Buttons not removed: %s", exc.message)
