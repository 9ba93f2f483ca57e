"""Everything a user reads, in their language: aiogram's I18n over the gettext catalogs in
app/locales/<language>/LC_MESSAGES/messages.po.

English is the source language: the code holds the English text and `ru` (Russian, the second
language) translates it. The `.po` files are compiled when the process starts (in memory, so a
deploy never runs on stale `.mo` files); a broken catalog stops the start with one line naming it.

Outside an update (jobs, the notifier, broadcasts) wrap the work in `use(language)`; inside one,
the language middleware has chosen it. Numbers, money and dates go through `number`, `money` and
`date` here so they read the way the user's locale writes them.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from string import Formatter
from typing import Protocol

from aiogram.utils.i18n import I18n
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_currency, format_decimal

from app.errors import DomainError
from app.money import STARS, Money

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# The languages a user can choose, each named in itself (as /language shows them).
LANGUAGES = {"en": "English", "ru": "Русский"}


class TranslationsError(DomainError):
    """A catalog that cannot be read: the start stops with this one line."""

    code = "i18n.catalog"


class CatalogI18n(I18n):
    """aiogram's I18n, reading the `.po` files themselves: compiled in memory with Babel."""

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        translations: dict[str, gettext.GNUTranslations] = {}
        for folder in sorted(self.path.glob("*/LC_MESSAGES")):
            catalog = load_catalog(folder)
            if catalog is not None:
                compiled = BytesIO()
                write_mo(compiled, catalog)
                compiled.seek(0)
                translations[folder.parent.name] = gettext.GNUTranslations(compiled)
        return translations


def read_catalog(po_path: Path) -> Catalog:
    try:
        with po_path.open("rb") as po_file:
            return read_po(po_file, abort_invalid=True)
    except (PoFileError, OSError, ValueError) as exc:
        raise TranslationsError(f"{po_path}: {exc}") from None


def placeholders(text: str) -> set[str] | None:
    """The `{name}` fields `.format()` fills in `text`; None when it cannot format it at all
    (a stray brace)."""
    try:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def check_placeholders(po_path: Path, catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        msgid = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        # A translation that loses, adds or breaks one would fail where it is shown.
        expected = placeholders(msgid)
        for string in strings:
            if string and placeholders(str(string)) != expected:
                raise TranslationsError(
                    f"{po_path}:{message.lineno}: the translation of {msgid!r} must have "
                    f"exactly the placeholders {sorted(expected or ())}"
                )


def load_catalog(folder: Path) -> Catalog | None:
    """A language's catalog (`<folder>/messages.po`), checked; None where there is none."""
    po_path = folder / f"{DOMAIN}.po"
    if not po_path.exists():
        return None
    catalog = read_catalog(po_path)
    check_placeholders(po_path, catalog)
    return catalog


@cache
def translator() -> I18n:
    """The one I18n of the process, built on first use."""
    return CatalogI18n(path=LOCALES_DIR, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)


def _(text: str) -> str:
    """`text` in the current language."""
    return translator().gettext(text)


def ngettext(one: str, many: str, count: int) -> str:
    """The form of `one`/`many` for `count` in the current language (Russian has three)."""
    return translator().gettext(one, many, count)


def N_(text: str) -> str:
    """Marks `text` for the catalogs where it is defined; `_()` translates it where it is shown."""
    return text


def current() -> str:
    return translator().current_locale


def choose(*candidates: str | None) -> str:
    """The first candidate we speak ("ru-RU" counts as "ru"), else English."""
    for candidate in candidates:
        if not candidate:
            continue
        code = candidate.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


class Speaker(Protocol):
    """A stored user: the language chosen with /language, and Telegram's."""

    language: str | None
    language_code: str | None


def language_of(user: Speaker | None) -> str:
    """What a user reads: their /language choice, else their Telegram language, else English."""
    if user is None:
        return DEFAULT_LANGUAGE
    return choose(user.language, user.language_code)


@contextmanager
def use(language: str | None) -> Iterator[None]:
    """Speak `language` (any code; unknown ones mean English) inside the block."""
    with translator().use_locale(choose(language)):
        yield


def number(value: int | Decimal) -> str:
    """1234567 -> "1,234,567" in English, "1 234 567" in Russian."""
    return format_decimal(value, locale=current())


def percent(basis_points: int) -> str:
    """Basis points for people, without floats: 1250 -> "12.5 %" ("12,5 %" in Russian)."""
    return f"{number((Decimal(basis_points) / 100).normalize())} %"


def money(amount: Money) -> str:
    """$19.00 / 19,00 $; Stars as ⭐ 950 in every language (they are no ISO currency)."""
    if amount.currency == STARS:
        sign = "-" if amount.amount < 0 else ""
        return f"{sign}⭐ {number(abs(amount.amount))}"
    value = Decimal(amount.amount).scaleb(-amount.exponent)
    return format_currency(value, amount.currency, locale=current())


def date(moment: datetime) -> str:
    """The exact moment in UTC, the locale's way: "Nov 27, 2026 14:05 UTC",
    "27 нояб. 2026 г. 14:05 UTC" (users' time zones are unknown to us; UTC is said)."""
    moment = moment.astimezone(UTC)
    language = current()
    day = format_date(moment, "medium", locale=language)
    return f"{day} {format_skeleton('Hm', moment, tzinfo=UTC, locale=language)} UTC"


def localized(row: object, field: str) -> str:
    """A catalog row's `title` or `description` in the current language, from its
    `translations` ({"ru": {"title": …}}), else as the admin wrote it."""
    translations: dict[str, dict[str, str]] = getattr(row, "translations", None) or {}
    return translations.get(current(), {}).get(field) or str(getattr(row, field))
