"""The command registry: which commands exist, what they dispatch to and who may use them."""

from __future__ import annotations

import difflib
import logging
import re
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError

from app.errors import DomainError
from models import TelegramCommand

log = logging.getLogger(__name__)

# Telegram's rule for bot command names (BotCommand.command).
COMMAND_NAME_RE = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_DESCRIPTION = 256
# setMyCommands takes two-letter ISO 639-1 codes.
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
# The command categories, in the order /help lists them, with their titles there. A category is
# added here, with its commands in BUILTIN_COMMANDS and a module in handlers/ named after it.
CATEGORIES = {
    "help": "General",
    "signals": "Signals",
    "billing": "Premium access",
    "affiliate": "Affiliate program",
    "admin": "Admin",
}
ADMIN_CATEGORY = "admin"  # its commands exist only for ADMIN_IDS
CATEGORY_ORDER = list(CATEGORIES)


class CommandError(DomainError):
    """Bad registry input; the message is one sentence for the admin."""

    code = "command.invalid"


@dataclass(frozen=True)
class ParsedCommand:
    name: str  # lower-cased, without the slash
    mention: str | None  # the bot username after "@", if any
    args: str | None

    @property
    def is_valid_name(self) -> bool:
        return bool(COMMAND_NAME_RE.fullmatch(self.name))

    @classmethod
    def from_text(cls, text: str | None) -> ParsedCommand | None:
        """`/cmd`, `/cmd args` or `/cmd@bot args`; None for anything that is not a command."""
        if not text or len(text) < 2 or text[0] != "/" or text[1].isspace():
            return None
        head, *rest = text[1:].split(maxsplit=1)
        name, _, mention = head.partition("@")
        return cls(
            name=name.lower(), mention=mention or None, args=rest[0].strip() if rest else None
        )


@dataclass(frozen=True)
class CommandSpec:
    """A command as the built-in defaults describe it."""

    command: str
    category: str  # a key of CATEGORIES
    description: str
    handler_class: str
    requires_auth: bool = True
    requires_premium: bool = False
    sort_order: int = 0
    # The description in other languages, {"ru": "..."}: the per-language command menus and
    # /help. Seeding adds a language missing from an existing row.
    translations: dict[str, str] = field(default_factory=dict)


BUILTIN_COMMANDS = (
    CommandSpec(
        "start",
        "help",
        "Start the bot and register",
        "help.start",
        requires_auth=False,
        sort_order=1,
        translations={"ru": "Запустить бота и зарегистрироваться"},
    ),
    CommandSpec(
        "help",
        "help",
        "List the commands",
        "help.help",
        requires_auth=False,
        sort_order=2,
        translations={"ru": "Список команд"},
    ),
    CommandSpec(
        "language",
        "help",
        "Choose the language I speak",
        "help.language",
        sort_order=3,
        translations={"ru": "Выбрать язык бота"},
    ),
    CommandSpec(
        "signals",
        "signals",
        "Latest trading signals",
        "signals.signals",
        sort_order=10,
        translations={"ru": "Последние торговые сигналы"},
    ),
    CommandSpec(
        "apikey",
        "signals",
        "Your key for the approvals API",
        "signals.apikey",
        requires_premium=True,
        sort_order=12,
        translations={"ru": "Ваш API-ключ для подтверждения сигналов"},
    ),
    CommandSpec(
        "approve",
        "signals",
        "Approve a signal for execution",
        "signals.approve",
        requires_premium=True,
        sort_order=11,
        translations={"ru": "Подтвердить сигнал к исполнению"},
    ),
    CommandSpec(
        "notifications",
        "signals",
        "New premium signals as they arrive: on or off",
        "signals.notifications",
        sort_order=13,
        translations={"ru": "Уведомления о новых премиум-сигналах: включить или выключить"},
    ),
    CommandSpec(
        "shop",
        "billing",
        "Premium plans and prices",
        "billing.shop",
        sort_order=20,
        translations={"ru": "Премиум-тарифы и цены"},
    ),
    CommandSpec(
        "checkout",
        "billing",
        "Pay the order waiting for payment",
        "billing.checkout",
        sort_order=21,
        translations={"ru": "Оплатить заказ, который ждёт оплаты"},
    ),
    CommandSpec(
        "subscription",
        "billing",
        "Your premium access and when it ends",
        "billing.subscription",
        sort_order=22,
        translations={"ru": "Ваш премиум-доступ и срок его действия"},
    ),
    CommandSpec(
        "orders",
        "billing",
        "Your orders and payments",
        "billing.orders",
        sort_order=23,
        translations={"ru": "Ваши заказы и платежи"},
    ),
    CommandSpec(
        "paysupport",
        "billing",
        "Help with a payment",
        "billing.paysupport",
        requires_auth=False,
        sort_order=24,
        translations={"ru": "Помощь с оплатой"},
    ),
    CommandSpec(
        "terms",
        "billing",
        "Terms of purchase",
        "billing.terms",
        requires_auth=False,
        sort_order=25,
        translations={"ru": "Условия покупки"},
    ),
    CommandSpec(
        "billing",
        "billing",
        "Your cards and card subscriptions",
        "billing.billing",
        sort_order=26,
        translations={"ru": "Ваши карты и подписки с оплатой картой"},
    ),
    CommandSpec(
        "affiliate",
        "affiliate",
        "Join the affiliate program",
        "affiliate.affiliate",
        sort_order=30,
        translations={"ru": "Вступить в партнёрскую программу"},
    ),
    CommandSpec(
        "referral_link",
        "affiliate",
        "Your personal referral link",
        "affiliate.referral_link",
        sort_order=31,
        translations={"ru": "Ваша личная реферальная ссылка"},
    ),
    CommandSpec(
        "payout",
        "affiliate",
        "Pay out your available earnings",
        "affiliate.payout",
        sort_order=33,
        translations={"ru": "Вывести доступное вознаграждение"},
    ),
    CommandSpec(
        "stats",
        "affiliate",
        "Your referral statistics",
        "affiliate.stats",
        sort_order=32,
        translations={"ru": "Ваша статистика по рефералам"},
    ),
    CommandSpec(
        "refund",
        "admin",
        "Refund an order's Stars payment",
        "admin.refund",
        sort_order=90,
        translations={"ru": "Вернуть оплату заказа в Telegram Stars"},
    ),
    CommandSpec(
        "broadcast",
        "admin",
        "Compose a broadcast, or see how one goes",
        "admin.broadcast",
        sort_order=91,
        translations={"ru": "Создать рассылку или узнать, как она идёт"},
    ),
)
BUILTIN_NAMES = frozenset(spec.command for spec in BUILTIN_COMMANDS)


def sort_key(command: TelegramCommand) -> tuple[int, int, str]:
    return CATEGORY_ORDER.index(command.category), command.sort_order, command.command


def localized_description(command: TelegramCommand, language_code: str | None) -> str:
    translations = command.translations or {}
    if language_code:
        for candidate in (language_code, language_code.split("-")[0]):
            if candidate in translations:
                return translations[candidate]
    return command.description


def closest_command(name: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class CommandRegistry:
    """Reads and edits `telegram_commands`. Lookups come from a snapshot refreshed every `ttl`
    seconds, so an admin's change reaches every worker within that time without a restart."""

    def __init__(
        self,
        known_handlers: Collection[str],
        ttl: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.known_handlers = frozenset(known_handlers)
        self.ttl = ttl
        self.clock = clock
        self._snapshot: dict[str, TelegramCommand] = {}
        self._loaded_at = float("-inf")

    async def _commands(self) -> dict[str, TelegramCommand]:
        if self.clock() - self._loaded_at >= self.ttl:
            self._snapshot = await self._load()
            self._loaded_at = self.clock()
        return self._snapshot

    async def _load(self) -> dict[str, TelegramCommand]:
        return {row.command: row for row in await TelegramCommand.all()}

    def invalidate(self) -> None:
        self._loaded_at = float("-inf")

    async def get(self, name: str) -> TelegramCommand | None:
        """The enabled command called `name`, or None: disabled commands count as unknown."""
        command = (await self._commands()).get(name)
        return command if command is not None and command.enabled else None

    async def enabled(self) -> list[TelegramCommand]:
        return sorted((c for c in (await self._commands()).values() if c.enabled), key=sort_key)

    async def all(self) -> list[TelegramCommand]:
        return sorted(await TelegramCommand.all(), key=sort_key)

    async def seed_builtins(self) -> int:
        """Insert the built-in commands that are missing and give existing built-in rows the
        translations they lack; returns how many commands were added. Admins' edits to existing
        rows are kept."""
        existing = {row.command: row for row in await TelegramCommand.all()}
        added = 0
        for spec in BUILTIN_COMMANDS:
            if spec.command in existing:
                continue
            try:
                await TelegramCommand.create(**asdict(spec))
                added += 1
            except IntegrityError:  # another worker seeded it first
                pass
        translated = await self._add_builtin_translations(existing)
        if translated:
            log.info("Added built-in translations to %d existing commands", translated)
        self.invalidate()
        return added

    @staticmethod
    async def _add_builtin_translations(existing: dict[str, TelegramCommand]) -> int:
        """A database seeded before a built-in command had a translation gets it now: only the
        languages a row lacks, and only where the description is still the built-in one (a
        translation of our words would not translate an admin's own). Returns the rows changed."""
        changed = 0
        for spec in BUILTIN_COMMANDS:
            row = existing.get(spec.command)
            if row is None or row.description != spec.description:
                continue
            translations = row.translations or {}
            missing = {
                language: text
                for language, text in spec.translations.items()
                if language not in translations
            }
            if not missing:
                continue
            row.translations = {**translations, **missing}
            await row.save(update_fields=["translations"])
            changed += 1
        return changed

    async def add(
        self,
        command: str,
        *,
        category: str,
        description: str,
        handler_class: str | None = None,
        requires_auth: bool = True,
        requires_premium: bool = False,
        enabled: bool = True,
        sort_order: int = 0,
        translations: dict[str, str] | None = None,
    ) -> TelegramCommand:
        name = self.check_name(command)
        category_value = self.check_category(category)
        handler = handler_class or self._default_handler(name, category_value)
        values: dict[str, Any] = {
            "command": name,
            "category": category_value,
            "description": self.check_description(description),
            "handler_class": self.check_admin_only(self.check_handler(handler), category_value),
            "requires_auth": requires_auth,
            "requires_premium": requires_premium,
            "enabled": enabled,
            "sort_order": sort_order,
            "translations": self.check_translations(translations or {}),
        }
        if await TelegramCommand.exists(command=name):
            raise CommandError(f"/{name} already exists; use `commands update {name}` to change it")
        try:
            row = await TelegramCommand.create(**values)
        except IntegrityError:
            raise CommandError(f"/{name} already exists") from None
        self.invalidate()
        return row

    async def update(
        self,
        command: str,
        *,
        category: str | None = None,
        description: str | None = None,
        handler_class: str | None = None,
        requires_auth: bool | None = None,
        requires_premium: bool | None = None,
        enabled: bool | None = None,
        sort_order: int | None = None,
        translations: dict[str, str] | None = None,
    ) -> TelegramCommand:
        row = await self._existing(command)
        changes: dict[str, object] = {}
        if category is not None:
            changes["category"] = self.check_category(category)
        if description is not None:
            changes["description"] = self.check_description(description)
        if handler_class is not None:
            changes["handler_class"] = self.check_handler(handler_class)
        if translations:
            changes["translations"] = {**row.translations, **self.check_translations(translations)}
        for name, value in (
            ("requires_auth", requires_auth),
            ("requires_premium", requires_premium),
            ("enabled", enabled),
            ("sort_order", sort_order),
        ):
            if value is not None:
                changes[name] = value
        if not changes:
            raise CommandError("nothing to change: give at least one option")
        self.check_admin_only(
            str(changes.get("handler_class", row.handler_class)),
            str(changes.get("category", row.category)),
        )
        row.update_from_dict(changes)
        await row.save(update_fields=list(changes))
        self.invalidate()
        return row

    async def remove(self, command: str) -> None:
        row = await self._existing(command)
        if row.command in BUILTIN_NAMES:
            raise CommandError(
                f"/{row.command} is built in and comes back on start; "
                f"disable it instead: `commands update {row.command} --disable`"
            )
        await row.delete()
        self.invalidate()

    async def _existing(self, command: str) -> TelegramCommand:
        name = self.check_name(command)
        row = await TelegramCommand.get_or_none(command=name)
        if row is None:
            raise CommandError(f"no command /{name}; `commands list` shows the registry")
        return row

    def _default_handler(self, name: str, category: str) -> str:
        handler = f"{category}.{name}"
        if handler not in self.known_handlers:
            raise CommandError(
                f"/{name} needs --handler: one of {', '.join(sorted(self.known_handlers))}"
            )
        return handler

    @staticmethod
    def check_name(command: str) -> str:
        name = command.removeprefix("/")
        if not COMMAND_NAME_RE.fullmatch(name):
            raise CommandError(
                f"invalid command name {command!r}: use 1-32 of a-z, 0-9 and _ (lower case)"
            )
        return name

    @staticmethod
    def check_category(category: str) -> str:
        if category not in CATEGORIES:
            choices = ", ".join(CATEGORIES)
            raise CommandError(f"unknown category {category!r}: use one of {choices}")
        return category

    @staticmethod
    def check_description(description: str) -> str:
        description = description.strip()
        if not 1 <= len(description) <= MAX_DESCRIPTION:
            raise CommandError(f"the description must be 1-{MAX_DESCRIPTION} characters")
        if not description.isprintable():  # it goes into Telegram's command menu as one line
            raise CommandError("the description must be one line of printable characters")
        return description

    @staticmethod
    def check_admin_only(handler: str, category: str) -> str:
        """An admin handler answers only commands of the admin category, which only ADMIN_IDS
        can reach: moved elsewhere, it would be open to everyone."""
        if handler.startswith(f"{ADMIN_CATEGORY}.") and category != ADMIN_CATEGORY:
            raise CommandError(
                f"{handler} is an admin handler: its command must stay in the admin category"
            )
        return handler

    def check_handler(self, handler: str) -> str:
        if handler not in self.known_handlers:
            choices = ", ".join(sorted(self.known_handlers))
            raise CommandError(f"unknown handler {handler!r}: use one of {choices}")
        return handler

    @classmethod
    def check_translations(cls, translations: dict[str, str]) -> dict[str, str]:
        checked = {}
        for language, description in translations.items():
            if not LANGUAGE_RE.fullmatch(language):
                raise CommandError(
                    f"invalid language code {language!r}: use a two-letter ISO 639-1 code like de"
                )
            checked[language] = cls.check_description(description)
        return checked
