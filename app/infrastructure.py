"""Which failures are ours to retry: infrastructure that may come back, as opposed to bugs."""

from __future__ import annotations

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
