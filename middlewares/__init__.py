"""Outer middlewares, one job each, in the order the Dispatcher runs them:
language → pre-checkout → idempotency → audit → throttling → user, then the command gate on
messages and the button gate on callback queries."""

from middlewares.audit import AuditMiddleware
from middlewares.buttons import ButtonGateMiddleware
from middlewares.commands import CommandGateMiddleware, ResolvedCommand
from middlewares.idempotency import IdempotencyMiddleware
from middlewares.language import LanguageMiddleware
from middlewares.pre_checkout import PreCheckoutMiddleware
from middlewares.throttling import ThrottlingMiddleware
from middlewares.user import UserMiddleware

__all__ = [
    "AuditMiddleware",
    "ButtonGateMiddleware",
    "CommandGateMiddleware",
    "IdempotencyMiddleware",
    "LanguageMiddleware",
    "PreCheckoutMiddleware",
    "ResolvedCommand",
    "ThrottlingMiddleware",
    "UserMiddleware",
]
