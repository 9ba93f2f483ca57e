"""`commands list|add|update|remove|sync|docs`: the command registry for admins, the menus
it publishes to Telegram and the reference it writes for people."""

from __future__ import annotations

import argparse
import re
import sys
from itertools import groupby
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    BotCommandScopeUnion,
    MenuButtonCommands,
)

import handlers
from app.bot import create_bot
from app.cli.services import open_services
from app.config import Settings
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _, use
from app.services.commands import (
    ADMIN_CATEGORY,
    CATEGORIES,
    CommandError,
    CommandRegistry,
    localized_description,
)
from app.wording import plural
from handlers.common import category_title
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

    sync = actions.add_parser("sync", help="publish the command menus to Telegram")
    sync.set_defaults(run=sync_commands)

    docs = actions.add_parser("docs", help="write the command reference, a file per language")
    docs.add_argument(
        "--out",
        type=Path,
        default=Path("docs"),
        metavar="DIR",
        help="the folder to write commands.md and commands.<language>.md to (default: docs)",
    )
    docs.set_defaults(run=write_docs)


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


def check_menu_size(commands: list[TelegramCommand], whose: str) -> None:
    if len(commands) > MENU_LIMIT:
        raise CommandError(
            f"Telegram's menu holds {MENU_LIMIT} commands; {len(commands)} are enabled{whose}"
        )


async def publish(bot: Bot, commands: list[TelegramCommand], scope: BotCommandScopeUnion) -> str:
    """One scope's menu: the default descriptions without a language_code, then one list per
    language the commands are translated into. Returns the languages published, for the report."""
    languages = sorted({language for c in commands for language in c.translations})
    await bot.set_my_commands(menu(commands, None), scope=scope)
    for language in languages:
        await bot.set_my_commands(menu(commands, language), scope=scope, language_code=language)
    return ", ".join(["default", *languages])


async def sync_commands(settings: Settings, args: argparse.Namespace) -> None:
    """setMyCommands for every place a menu shows, with the enabled commands:
    - the default scope (group chats) and private chats: every command but the admin ones. The
      bot answers every command in a group too (a personal one in the sender's private chat,
      with a pointer in the group), so groups get the same list;
    - each admin's private chat (ADMIN_IDS): the admin commands too.
    Then the menu button (setChatMenuButton) is set to show the commands. An admin Telegram
    does not know yet (they never opened the chat with the bot) is reported and skipped."""
    async with open_services(settings) as services:
        enabled = await services.registry.enabled()
    everyone = [c for c in enabled if c.category != ADMIN_CATEGORY]
    admin_ids = sorted(settings.admin_ids)
    check_menu_size(everyone, "")
    if admin_ids:
        check_menu_size(enabled, " for admins")
    bot = create_bot(settings)
    admins: list[int] = []
    admin_languages = ""
    async with bot.context():
        default = await publish(bot, everyone, BotCommandScopeDefault())
        private = await publish(bot, everyone, BotCommandScopeAllPrivateChats())
        for admin_id in admin_ids:
            try:
                admin_languages = await publish(bot, enabled, BotCommandScopeChat(chat_id=admin_id))
            except TelegramBadRequest as exc:
                print(
                    f"warning: no admin menu for {admin_id}: Telegram refused: {exc.message} "
                    "(they must open the chat with the bot first)",
                    file=sys.stderr,
                )
                continue
            admins.append(admin_id)
        await bot.set_chat_menu_button(menu_button=MenuButtonCommands())
    if admins:
        for_admins = f"{plural(len(admins), 'admin')}: {admin_languages}"
    else:
        for_admins = "admins: none published" if admin_ids else "admins: none in ADMIN_IDS"
    print(
        f"Published {plural(len(everyone), 'command')} to Telegram ({default}; "
        f"private chats: {private}; {for_admins}); menu button: commands"
    )


def reference_file(language: str) -> str:
    """docs/commands.md in English, docs/commands.<language>.md in the others."""
    return "commands.md" if language == DEFAULT_LANGUAGE else f"commands.{language}.md"


# Markdown's own characters, written as themselves in a description.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
# Marks in the reference, translated where they are written.
PREMIUM_MARK = N_("needs premium access")
ADMIN_MARK = N_("admins only")
OPEN_MARK = N_("works before /start")
START_HANDLER = "help.start"  # /start itself, which the OPEN_MARK would only repeat


def marks(command: TelegramCommand) -> list[str]:
    found = []
    if command.category == ADMIN_CATEGORY:
        found.append(_(ADMIN_MARK))
    if command.requires_premium:
        found.append(_(PREMIUM_MARK))
    if not command.requires_auth and command.handler_class != START_HANDLER:
        found.append(_(OPEN_MARK))
    return found


def reference(commands: list[TelegramCommand], language: str) -> str:
    """The command reference in `language`, as Markdown: the same registry always gives the
    same bytes (no dates), so a test can tell when the committed one is stale."""
    languages = " · ".join(
        f"**{name}**" if code == language else f"[{name}]({reference_file(code)})"
        for code, name in LANGUAGES.items()
    )
    with use(language):
        title = _("Bot commands")
        lines = [
            "<!-- Generated from the command registry by `python -m app commands docs`: "
            "change the registry, then run it again. -->",
            "",
            f"# {title}",
            "",
            languages,
            "",
            _(
                "The commands the bot answers, by category. In the chat, /help lists the ones open "
                "to you."
            ),
        ]
        for category, group in groupby(commands, key=lambda c: c.category):
            lines += ["", f"## {category_title(category)}", ""]
            for command in group:
                description = MARKDOWN_SPECIAL.sub(
                    r"\\\1", localized_description(command, language)
                )
                notes = marks(command)
                suffix = f" *({'; '.join(notes)})*" if notes else ""
                lines.append(f"- `/{command.command}` — {description}{suffix}")
    return "\n".join(lines) + "\n"


async def write_docs(settings: Settings, args: argparse.Namespace) -> None:
    """The command reference, one Markdown file per language, from the registry: what the
    bot answers (the enabled commands), with an admin's changes."""
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} is a file: give a folder")
    async with open_services(settings) as services:
        commands = await services.registry.enabled()
    if not commands:
        raise CommandError("no commands yet: run `python -m app migrate` first")
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for language in LANGUAGES:
            path = out / reference_file(language)
            path.write_text(reference(commands, language), encoding="utf-8", newline="\n")
            written.append(str(path))
    except OSError as exc:
        raise CommandError(f"cannot write to {out}: {exc.strerror or exc}") from None
    print(f"Wrote the reference of {plural(len(commands), 'command')}: {', '.join(written)}")
