"""Outer middlewares, one job each, in the order the Dispatcher runs them:
idempotency → audit → throttling → user, then the command gate on messages and the
registered-only gate on buttons."""

from middlewares.audit import AuditMiddleware
from middlewares.commands import CommandGateMiddleware, ResolvedCommand
from middlewares.idempotency import IdempotencyMiddleware
from middlewares.registered import RegisteredOnlyMiddleware
from middlewares.throttling import ThrottlingMiddleware
from middlewares.user import UserMiddleware

__all__ = [
    "AuditMiddleware",
    "CommandGateMiddleware",
    "IdempotencyMiddleware",
    "RegisteredOnlyMiddleware",
    "ResolvedCommand",
    "ThrottlingMiddleware",
    "UserMiddleware",
]
