"""The last router: commands nobody handled, commands for other bots, and plain text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram import F, Router
from aiogram.enums import ChatType, ContentType
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.formatting import Text, as_list

from app.config import Settings
from app.i18n import _, current
from app.services.commands import CommandRegistry, closest_command
from app.services.journal import UpdateJournal, UpdateRecord
from handlers.common import command_list, usable_commands
from middlewares.commands import ResolvedCommand
from models import UpdateStatus

# How long a user who typed an unknown command gets the short answer before the list again.
LIST_AGAIN_AFTER = timedelta(days=1)
# What people send that is not text: answered in private chats, so nothing goes unanswered.
# Service messages (payments, members joining) are not among them.
MEDIA = frozenset(
    {
        ContentType.STICKER,
        ContentType.PHOTO,
        ContentType.VIDEO,
        ContentType.ANIMATION,
        ContentType.AUDIO,
        ContentType.VOICE,
        ContentType.VIDEO_NOTE,
        ContentType.DOCUMENT,
        ContentType.CONTACT,
        ContentType.LOCATION,
        ContentType.VENUE,
        ContentType.POLL,
        ContentType.DICE,
        ContentType.STORY,
    }
)


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
    message: Message,
    command: ResolvedCommand,
    registry: CommandRegistry,
    settings: Settings,
    journal: UpdateJournal,
    audit: UpdateRecord,
) -> SendMessage:
    sender = message.from_user
    commands = await usable_commands(registry, settings, sender.id if sender else None)
    names = [c.command for c in commands]
    typed = command.parsed.name
    if command.parsed.is_valid_name:
        suggestion = closest_command(typed, names)
        if suggestion:
            lead = _("Sorry, I don't know /{command}. Did you mean /{suggestion}?").format(
                command=typed, suggestion=suggestion
            )
        else:
            lead = _("Sorry, I don't know /{command}.").format(command=typed)
    else:  # not something a command could be called: don't repeat it back
        lead = _("Sorry, I don't know that command.")
    # The whole list once a day is help; every time it is a wall of text.
    since = datetime.now(UTC) - LIST_AGAIN_AFTER
    if await journal.asked_unknown_lately(audit, names, since):
        return message.answer(f"{lead} " + _("/help lists everything I can do."))
    content = as_list(
        Text(lead), _("Commands you can use:"), command_list(commands, current()), sep="\n\n"
    )
    return message.answer(**content.as_kwargs())


async def plain_text(message: Message) -> SendMessage:
    return message.answer(_("I answer commands. Send /help to see them."))


async def not_text(message: Message) -> SendMessage:
    return message.answer(_("I can only read text and commands. Send /help to see what I can do."))


async def stale_button(query: CallbackQuery) -> None:
    """A button from an old message, or data no handler knows: stop the client's spinner."""
    await query.answer(_("This button no longer works. Send /help to see what does."))


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(ignore, for_another_bot)
    router.message.register(unknown_command, unknown_to_us)
    router.message.register(plain_text, private_text)
    router.message.register(not_text, F.chat.type == ChatType.PRIVATE, F.content_type.in_(MEDIA))
    router.callback_query.register(stale_button)
    return router
