"""Routers, one per command category; the fallback router comes last.

A category's handlers live in the module (or package) named after it, `handlers/<category>`,
which exports HANDLERS, PERSONAL, OPEN_WITHOUT_PREMIUM and create_router(). Categories come from
the command registry (app/services/commands.py), so a new category is the registry entry, its
module and its tests.
"""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from aiogram import Router

from app.services.commands import CATEGORIES
from handlers import fallback


def _category_modules() -> tuple[ModuleType, ...]:
    # A category may have no module yet (admin: its commands are answered by the fallback).
    names = [f"{__name__}.{category}" for category in CATEGORIES]
    return tuple(import_module(name) for name in names if find_spec(name) is not None)


CATEGORY_MODULES = _category_modules()
# Every handler a registry entry may name in `handler_class`.
HANDLER_NAMES = frozenset(key for module in CATEGORY_MODULES for key in module.HANDLERS)
# Handlers whose answer is one user's own (prices, access, keys, earnings, premium signals):
# asked in a group, they answer in the sender's private chat.
PERSONAL = frozenset().union(*(module.PERSONAL for module in CATEGORY_MODULES))
# Subcommands a premium command keeps open to everyone (turning an API key off).
OPEN_WITHOUT_PREMIUM = {
    key: words for module in CATEGORY_MODULES for key, words in module.OPEN_WITHOUT_PREMIUM.items()
}


def create_routers() -> list[Router]:
    return [module.create_router() for module in CATEGORY_MODULES] + [fallback.create_router()]
