"""/start, /help, and the command buttons under broadcasts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.enums import MessageEntityType
from aiogram.methods import SendMessage
from aiogram.types import (
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
)
from aiogram.utils.formatting import Text, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.config import Settings
from app.i18n import LANGUAGES, _, use
from app.keyboards import LanguageChoice, RunCommand
from app.services.affiliates import AffiliateService
from app.services.campaigns import CampaignService, sign_up
from app.services.commands import CommandRegistry
from app.services.users import Profile, UserService
from handlers.common import Handler, command_list, redraw, router_for, usable_commands
from middlewares.commands import ResolvedCommand
from models import User


async def start(
    message: Message,
    command: ResolvedCommand,
    users: UserService,
    affiliates: AffiliateService,
    campaigns: CampaignService,
) -> SendMessage:
    profile = Profile.of(message.from_user)
    _, created = await sign_up(
        users, affiliates, campaigns, profile, command.args, message.message_id
    )
    name = profile.fields()["first_name"]  # as stored: cleaned of what cannot be sent back
    if created:
        greeting = (
            f"Welcome, {name}! I deliver trading signals that you can approve "
            "with one tap. Premium access and a referral program are here too."
        )
    else:
        greeting = f"Welcome back, {name}!"
    return message.answer(**Text(greeting, "\nSend /help to see everything I can do.").as_kwargs())


async def help_(message: Message, registry: CommandRegistry, settings: Settings) -> SendMessage:
    sender = message.from_user
    commands = await usable_commands(registry, settings, sender.id if sender else None)
    language = sender.language_code if sender else None
    content = as_list("Here is what I can do:", command_list(commands, language), sep="\n\n")
    return message.answer(**content.as_kwargs())


async def command_button(
    query: CallbackQuery, callback_data: RunCommand, dispatcher: Dispatcher, **data: Any
) -> Any:
    """A command button runs its command as if the user had typed it in this chat: through
    the command gate (registry, premium, admin-only) and the command's own handler, whose
    answer goes back like a typed command's."""
    await query.answer()
    shown = query.message
    if not isinstance(shown, Message | InaccessibleMessage):
        return None  # no chat to answer in (only inline-mode messages lack one)
    text = f"/{callback_data.command}"
    typed = Message(
        message_id=shown.message_id,  # a redelivered press is the same command, not another
        date=datetime.now(UTC),
        chat=shown.chat,
        from_user=query.from_user,
        text=text,
        entities=[MessageEntity(type=MessageEntityType.BOT_COMMAND, offset=0, length=len(text))],
    ).as_(query.bot)
    return await dispatcher.propagate_event("message", typed, **data)


def language_buttons() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGES.items():
        builder.button(text=name, callback_data=LanguageChoice(language=code))
    return builder.as_markup()


async def language(
    message: Message, command: ResolvedCommand, users: UserService, user: User
) -> SendMessage:
    """`/language` shows the choice as buttons; `/language ru` makes it at once."""
    wanted = (command.args or "").strip().lower()
    if not wanted:
        return message.answer(
            _("Choose the language I speak with you:"), reply_markup=language_buttons()
        )
    if wanted not in LANGUAGES:
        return message.answer(
            _("I speak {languages}. Send /language and tap one.").format(
                languages=", ".join(LANGUAGES.values())
            ),
            reply_markup=language_buttons(),
        )
    await users.set_language(user, wanted)
    with use(wanted):
        return message.answer(language_set())


def language_set() -> str:
    return _("Done: I speak English with you now. /help shows what I can do.")


async def language_chosen(
    query: CallbackQuery, callback_data: LanguageChoice, users: UserService, user: User
) -> None:
    if callback_data.language not in LANGUAGES:
        await query.answer(_("I do not speak that language."), show_alert=True)
        return
    await users.set_language(user, callback_data.language)
    with use(callback_data.language):
        await query.answer()
        await redraw(query.message, None, text=language_set())


HANDLERS: dict[str, Handler] = {
    "help.start": start,
    "help.help": help_,
    "help.language": language,
}
PERSONAL: frozenset[str] = frozenset()
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router() -> Router:
    router = router_for("help", HANDLERS)
    router.callback_query.register(command_button, RunCommand.filter())
    router.callback_query.register(language_chosen, LanguageChoice.filter())
    return router
