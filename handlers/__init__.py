"""Routers, one per category; the fallback router comes last."""

from aiogram import Router

from handlers import affiliate, billing, fallback, signals
from handlers import help as help_handlers

CATEGORY_MODULES = (help_handlers, signals, billing, affiliate)
# Every handler a registry entry may name in `handler_class`.
HANDLER_NAMES = frozenset(key for module in CATEGORY_MODULES for key in module.HANDLERS)


def create_routers() -> list[Router]:
    return [module.create_router() for module in CATEGORY_MODULES] + [fallback.create_router()]
