"""Routers, one per category; the fallback router comes last."""

from aiogram import Router

from handlers import affiliate, billing, fallback, signals
from handlers import help as help_handlers

CATEGORY_MODULES = (help_handlers, signals, billing, affiliate)
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
