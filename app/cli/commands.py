"""`commands list|add|update|remove|sync`: the command registry for admins."""

from __future__ import annotations

import argparse

from aiogram.types import BotCommand

import handlers
from app.bot import create_bot
from app.cli.services import open_services
from app.config import Settings
from app.services.commands import (
    ADMIN_CATEGORY,
    CATEGORIES,
    CommandError,
    CommandRegistry,
    localized_description,
)
from app.wording import plural
from models import TelegramCommand

# Telegram shows at most 100 commands in a menu (setMyCommands).
MENU_LIMIT = 100


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("commands", help="manage the bot's commands")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    actions.add_parser("list", help="show the registry").set_defaults(run=list_commands)

    add = actions.add_parser("add", help="add a command")
    add.add_argument("name")
    add.add_argument("--category", required=True, help=", ".join(CATEGORIES))
    add.add_argument("--description", required=True)
    add.add_argument("--handler", help="the handler it dispatches to (default: CATEGORY.NAME)")
    add.add_argument(
        "--requires-auth",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="only for users who sent /start (default: yes)",
    )
    add.add_argument(
        "--premium",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="needs premium access",
    )
    add.add_argument("--disabled", action="store_true", help="add it switched off")
    add.add_argument("--order", type=int, default=0, help="position within its category")
    add.add_argument(
        "--translation",
        action="append",
        default=[],
        metavar="LANG=TEXT",
        help="the description in another language; repeatable",
    )
    add.set_defaults(run=add_command)

    update = actions.add_parser("update", help="change a command")
    update.add_argument("name")
    update.add_argument("--category")
    update.add_argument("--description")
    update.add_argument("--handler")
    update.add_argument("--requires-auth", action=argparse.BooleanOptionalAction)
    update.add_argument("--premium", action=argparse.BooleanOptionalAction)
    switch = update.add_mutually_exclusive_group()
    switch.add_argument("--enable", dest="enabled", action="store_true", default=None)
    switch.add_argument("--disable", dest="enabled", action="store_false")
    update.add_argument("--order", type=int)
    update.add_argument("--translation", action="append", default=[], metavar="LANG=TEXT")
    update.set_defaults(run=update_command)

    remove = actions.add_parser("remove", help="delete a command")
    remove.add_argument("name")
    remove.set_defaults(run=remove_command)

    sync = actions.add_parser("sync", help="publish the command menu to Telegram")
    sync.set_defaults(run=sync_commands)


def registry() -> CommandRegistry:
    return CommandRegistry(handlers.HANDLER_NAMES, ttl=0)


def parse_translations(pairs: list[str]) -> dict[str, str]:
    translations = {}
    for pair in pairs:
        language, separator, text = pair.partition("=")
        if not separator:
            raise CommandError(f"--translation {pair!r}: write it as LANG=TEXT, like de=Hilfe")
        translations[language.strip()] = text
    return translations


def format_table(commands: list[TelegramCommand]) -> str:
    header = ("COMMAND", "CATEGORY", "ON", "AUTH", "PREMIUM", "ORDER", "HANDLER", "DESCRIPTION")
    rows = [header] + [
        (
            f"/{c.command}",
            c.category,
            "yes" if c.enabled else "no",
            "yes" if c.requires_auth else "no",
            "yes" if c.requires_premium else "no",
            str(c.sort_order),
            c.handler_class,
            c.description,
        )
        for c in commands
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
        for row in rows
    )


async def list_commands(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        commands = await services.registry.all()
    print(format_table(commands) if commands else "No commands yet: run `python -m app migrate`.")


async def add_command(settings: Settings, args: argparse.Namespace) -> None:
    translations = parse_translations(args.translation)
    async with open_services(settings) as services:
        command = await services.registry.add(
            args.name,
            category=args.category,
            description=args.description,
            handler_class=args.handler,
            requires_auth=args.requires_auth,
            requires_premium=args.premium,
            enabled=not args.disabled,
            sort_order=args.order,
            translations=translations,
        )
    print(f"Added /{command.command} → {command.handler_class}")


async def update_command(settings: Settings, args: argparse.Namespace) -> None:
    translations = parse_translations(args.translation)
    async with open_services(settings) as services:
        command = await services.registry.update(
            args.name,
            category=args.category,
            description=args.description,
            handler_class=args.handler,
            requires_auth=args.requires_auth,
            requires_premium=args.premium,
            enabled=args.enabled,
            sort_order=args.order,
            translations=translations,
        )
    print(f"Updated /{command.command}")


async def remove_command(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        await services.registry.remove(args.name)
    print(f"Removed /{CommandRegistry.check_name(args.name)}")


def menu(commands: list[TelegramCommand], language: str | None) -> list[BotCommand]:
    return [
        BotCommand(command=c.command, description=localized_description(c, language))
        for c in commands
    ]


async def sync_commands(settings: Settings, args: argparse.Namespace) -> None:
    """setMyCommands for the default scope: enabled commands that are not admin-only, once with
    the default descriptions and once per language that has translations."""
    async with open_services(settings) as services:
        commands = [c for c in await services.registry.enabled() if c.category != ADMIN_CATEGORY]
    if len(commands) > MENU_LIMIT:
        raise CommandError(
            f"Telegram's menu holds {MENU_LIMIT} commands; {len(commands)} are enabled"
        )
    languages = sorted({language for c in commands for language in c.translations})
    bot = create_bot(settings)
    async with bot.context():
        await bot.set_my_commands(menu(commands, None))
        for language in languages:
            await bot.set_my_commands(menu(commands, language), language_code=language)
    published = ", ".join(["default", *languages])
    print(f"Published {plural(len(commands), 'command')} to Telegram ({published})")
