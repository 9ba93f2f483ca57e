"""The Redis client, made to fail fast. Everything that uses Redis has a way around it
(idempotency falls back to the journal, throttling to each process, the promo dialog ends), so a
Redis that hangs must cost no more than one that refuses:

- every command has a short deadline, waiting for the pool's lock included (redis-py holds that
  lock while it connects, so one hanging connect used to queue every other command behind it);
- after a few failures in a row a breaker opens: commands fail at once, without touching the
  network, for a cooldown; then one command probes, and the breaker closes if it answers. The
  outage is logged once when it opens and once when Redis answers again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

COMMAND_TIMEOUT_S = 0.5
FAILURES_TO_OPEN = 3
FIRST_COOLDOWN_S = 2.0
LONGEST_COOLDOWN_S = 30.0
# What says "Redis cannot be reached"; an error reply (a missing script, say) is an answer.
OUTAGES = (RedisConnectionError, RedisTimeoutError, TimeoutError, OSError)


class RedisUnavailable(RedisConnectionError):
    """The breaker is open: Redis was not asked."""


class Breaker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self.cooldown = FIRST_COOLDOWN_S
        self.open_until: float | None = None  # None: closed
        self.probing = False

    @property
    def is_open(self) -> bool:
        return self.open_until is not None

    def allow(self) -> bool:
        """Closed: yes. Open: no, until the cooldown is over; then one probe at a time."""
        if self.open_until is None:
            return True
        if self.probing or self.clock() < self.open_until:
            return False
        self.probing = True
        return True

    def succeeded(self) -> None:
        if self.open_until is not None:
            log.info("Redis answers again: using it")
        self.failures, self.cooldown, self.open_until, self.probing = (
            0,
            FIRST_COOLDOWN_S,
            None,
            False,
        )

    def failed(self, exc: BaseException) -> None:
        self.failures += 1
        if self.probing:  # the probe failed: wait longer before the next
            self.cooldown = min(self.cooldown * 2, LONGEST_COOLDOWN_S)
            self.open_until, self.probing = self.clock() + self.cooldown, False
        elif self.open_until is None and self.failures >= FAILURES_TO_OPEN:
            self.open_until = self.clock() + self.cooldown
            log.warning(
                "Redis does not answer (%r): working without it, trying again every few seconds",
                exc,
            )


class GuardedRedis(Redis):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breaker = Breaker()

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        if not self.breaker.allow():
            raise RedisUnavailable("Redis is being worked around after failing")
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT_S):
                result = await super().execute_command(*args, **options)
        except OUTAGES as exc:
            self.breaker.failed(exc)
            if isinstance(exc, TimeoutError) and not isinstance(exc, RedisTimeoutError):
                raise RedisTimeoutError(f"no answer within {COMMAND_TIMEOUT_S} s") from exc
            raise
        except RedisError:  # an error reply is an answer: Redis is there
            self.breaker.succeeded()
            raise
        except BaseException:
            self.breaker.probing = False  # a cancelled or refused probe is no verdict
            raise
        self.breaker.succeeded()
        return result


def connect(url: str) -> GuardedRedis:
    return GuardedRedis.from_url(
        url, socket_timeout=COMMAND_TIMEOUT_S, socket_connect_timeout=COMMAND_TIMEOUT_S
    )
