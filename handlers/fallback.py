"""The last router: commands nobody handled, commands for other bots, and plain text."""

from __future__ import annotations

from aiogram import Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message
from aiogram.utils.formatting import Text, as_list

from app.config import Settings
from app.services.commands import CommandRegistry, closest_command
from app.services.journal import UpdateRecord
from handlers.common import command_list, usable_commands
from middlewares.commands import ResolvedCommand
from models import UpdateStatus


def for_another_bot(message: Message, command: ResolvedCommand | None = None) -> bool:
    return command is not None and not command.for_us


def unknown_to_us(message: Message, command: ResolvedCommand | None = None) -> bool:
    # In a group an unaddressed command may belong to another bot: answer only when it is
    # private or names us.
    if command is None:
        return False
    return message.chat.type == ChatType.PRIVATE or command.parsed.mention is not None


def private_text(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE and message.text is not None


async def ignore(message: Message, audit: UpdateRecord) -> None:
    audit.status = UpdateStatus.IGNORED


async def unknown_command(
    message: Message, command: ResolvedCommand, registry: CommandRegistry, settings: Settings
) -> None:
    sender = message.from_user
    commands = await usable_commands(registry, settings, sender.id if sender else None)
    typed = command.parsed.name
    if command.parsed.is_valid_name:
        lead = f"Sorry, I don't know /{typed}."
        suggestion = closest_command(typed, [c.command for c in commands])
        if suggestion:
            lead += f" Did you mean /{suggestion}?"
    else:  # not something a command could be called: don't repeat it back
        lead = "Sorry, I don't know that command."
    language = sender.language_code if sender else None
    content = as_list(
        Text(lead), "Commands you can use:", command_list(commands, language), sep="\n\n"
    )
    await message.answer(**content.as_kwargs())


async def plain_text(message: Message) -> None:
    await message.answer("I answer commands. Send /help to see them.")


async def stale_button(query: CallbackQuery) -> None:
    """A button from an old message, or data no handler knows: stop the client's spinner."""
    await query.answer("This button no longer works. Send /help to see what does.")


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(ignore, for_another_bot)
    router.message.register(unknown_command, unknown_to_us)
    router.message.register(plain_text, private_text)
    router.callback_query.register(stale_button)
    return router
