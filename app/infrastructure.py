"""Which failures are ours to retry: infrastructure that may come back, as opposed to bugs."""

from __future__ import annotations

import logging
import socket

import asyncpg
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# A database or Redis that cannot be reached or is shutting down or full, or a Bot API that is
# down or flooding us: the update was not served, and Telegram's redelivery later will be.
# ConnectionError covers refused and reset connections and Tortoise's DBConnectionError; other
# OSErrors (a missing file, say) are bugs, not outages.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.OperatorInterventionError,
    asyncpg.InsufficientResourcesError,
    RedisConnectionError,
    RedisTimeoutError,
    TelegramNetworkError,
    TelegramServerError,
    TelegramRetryAfter,
)


def is_infrastructure_error(exc: BaseException) -> bool:
    return isinstance(exc, INFRASTRUCTURE_ERRORS)


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
