"""/start and /help."""

from __future__ import annotations

from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.utils.formatting import Text, as_list

from app.config import Settings
from app.services.affiliates import AffiliateService
from app.services.campaigns import CampaignService, sign_up
from app.services.commands import CommandRegistry
from app.services.users import Profile, UserService
from handlers.common import command_list, router_for, usable_commands
from middlewares.commands import ResolvedCommand


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


HANDLERS = {"help.start": start, "help.help": help_}
PERSONAL: frozenset[str] = frozenset()
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router():
    return router_for("help", HANDLERS)
