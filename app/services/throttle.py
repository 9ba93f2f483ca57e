"""Sliding-window rate limits per Telegram user, client address or API key: in Redis so every
worker shares them, in-process when Redis is absent (one process) or unreachable (each worker then
limits on its own). `who` is whose window it is; `event` identifies the thing counted, so that the
same event (a redelivered update) is counted once."""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # whole seconds until the window has room again
    notify: bool = False  # the first refusal in this window: tell the user, once

    @classmethod
    def refused(cls, retry_after_s: float, notify: bool) -> Decision:
        return cls(allowed=False, retry_after=max(1, math.ceil(retry_after_s)), notify=notify)


class MemoryLimiter:
    # Users idle for a whole window are forgotten every this many hits, so memory stays bounded.
    SWEEP_EVERY = 10_000

    def __init__(self, limit: int, window: float = WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[int | str, deque[tuple[float, int | str]]] = {}
        self._notified_until: dict[int | str, float] = {}
        self._calls = 0

    async def hit(self, who: int | str, event: int | str) -> Decision:
        """Count this update against the user's window, unless it was counted before."""
        now = time.monotonic()
        self._calls += 1
        if self._calls % self.SWEEP_EVERY == 0:
            self._sweep(now)
        hits = self._hits.setdefault(who, deque())
        while hits and hits[0][0] <= now - self.window:
            hits.popleft()
        if any(counted == event for _, counted in hits):
            return Decision(allowed=True)  # a redelivery of an update already let through
        if len(hits) < self.limit:
            hits.append((now, event))
            return Decision(allowed=True)
        free_at = hits[0][0] + self.window
        notify = self._notified_until.get(who, 0.0) <= now
        if notify:
            self._notified_until[who] = free_at
        return Decision.refused(free_at - now, notify)

    def _sweep(self, now: float) -> None:
        idle = [
            user
            for user, hits in self._hits.items()
            if not hits or hits[-1][0] <= now - self.window
        ]
        for user in idle:
            del self._hits[user]
            self._notified_until.pop(user, None)


# Counts only accepted updates, so "try again in N seconds" is true when the user reads it, and
# lets a redelivered update through that was counted the first time. Returns {allowed, ms until
# a slot frees, notify}. Uses the server's clock: one clock for all workers. A function, so the
# update gate can count an update in the same round trip that claims it.
HIT_LUA_FUNCTION = """
local function hit(hits, notified, limit, window, member)
  local t = redis.call('TIME')
  local now = t[1] * 1000 + math.floor(t[2] / 1000)
  redis.call('ZREMRANGEBYSCORE', hits, '-inf', now - window)
  if redis.call('ZSCORE', hits, member) then
    return {1, 0, 0}
  end
  if redis.call('ZCARD', hits) < limit then
    redis.call('ZADD', hits, now, member)
    redis.call('PEXPIRE', hits, window)
    return {1, 0, 0}
  end
  local oldest = redis.call('ZRANGE', hits, 0, 0, 'WITHSCORES')
  local wait = tonumber(oldest[2]) + window - now
  if wait < 1 then wait = 1 end
  local notify = redis.call('SET', notified, '1', 'NX', 'PX', wait) and 1 or 0
  return {0, wait, notify}
end
"""
SLIDING_WINDOW_LUA = (
    HIT_LUA_FUNCTION + "return hit(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3])"
)


@dataclass(frozen=True)
class Hit:
    """One event to count against a Redis window: the keys and arguments of `hit` above."""

    keys: list[str]
    args: list[int | str]

    @staticmethod
    def decision(reply: list[int]) -> Decision:
        allowed, wait_ms, notify = reply
        if allowed:
            return Decision(allowed=True)
        return Decision.refused(wait_ms / 1000, bool(notify))


class RedisLimiter:
    def __init__(
        self, redis: Redis, limit: int, window: float = WINDOW_SECONDS, name: str = "throttle"
    ) -> None:
        self.limit = limit
        self.window_ms = int(window * 1000)
        self.name = name  # each limiter keeps its own windows
        self._script = redis.register_script(SLIDING_WINDOW_LUA)
        self._fallback = MemoryLimiter(limit, window)

    def hit_of(self, who: int | str, event: int | str) -> Hit:
        return Hit(
            keys=[f"{self.name}:{who}", f"{self.name}:{who}:notified"],
            args=[self.limit, self.window_ms, event],
        )

    async def hit(self, who: int | str, event: int | str) -> Decision:
        counted = self.hit_of(who, event)
        try:
            reply = await self._script(keys=counted.keys, args=counted.args)
        except RedisError as exc:
            # The outage itself is logged once, by the Redis client.
            log.debug("Redis unavailable for throttling, limiting in-process: %s", exc)
            return await self._fallback.hit(who, event)
        return counted.decision(reply)


Limiter = MemoryLimiter | RedisLimiter
