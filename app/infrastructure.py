"""Which failures are ours to retry: infrastructure that may come back, as opposed to bugs."""

from __future__ import annotations

import logging
import socket
import sqlite3

import asyncpg
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from tortoise.exceptions import OperationalError, TransactionManagementError

# A database or Redis that cannot be reached or is shutting down or full, or a Bot API that is
# down or flooding us: the update was not served, and Telegram's redelivery later will be.
# ConnectionError covers refused and reset connections and Tortoise's DBConnectionError; other
# OSErrors (a missing file, say) are bugs, not outages. PostgreSQL's class 40 (a deadlock, a
# serialization failure) rolled the transaction back: run again later, it goes through.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    asyncpg.TransactionRollbackError,  # DeadlockDetectedError, SerializationError, …
    RedisConnectionError,
    RedisTimeoutError,
    TelegramNetworkError,
    TelegramServerError,
    TelegramRetryAfter,
)


# SQLite's "database is locked" (SQLITE_BUSY) and "database table is locked" (SQLITE_LOCKED):
# another connection holds the lock past the busy timeout.
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, INFRASTRUCTURE_ERRORS):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)  # the extended code: its low byte is primary
        if code is not None:
            return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        return str(exc) in ("database is locked", "database table is locked")
    return False


def is_infrastructure_error(exc: BaseException) -> bool:
    if _is_transient(exc):
        return True
    # Tortoise hands a driver's error on wrapped: `OperationalError(exc) from exc` (asyncpg), or
    # `OperationalError(exc)` raised while handling it (SQLite), or TransactionManagementError
    # around a failed BEGIN. One level, and only these wrappers: any other exception raised
    # while handling an outage is a bug of its own.
    if isinstance(exc, (OperationalError, TransactionManagementError)):
        inner = exc.__cause__ or exc.__context__
        return inner is not None and _is_transient(inner)
    return False


class OutageLog:
    """One warning when updates or requests start failing for an outage, and one line when they
    are served again: not one line per update while the database is down."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self.logger = logger
        self.what = what
        self.failing = False

    def failed(self, exc: BaseException) -> None:
        if self.failing:
            self.logger.debug("%s still not served: %r", self.what, exc)
            return
        self.failing = True
        self.logger.warning("%s not served, for now (retried later): %r", self.what, exc)

    def served(self) -> None:
        if self.failing:
            self.failing = False
            self.logger.info("%s served again", self.what)
