"""Telegram's pace for messages the bot sends on its own (broadcasts, signal fan-out): one
schedule shared by every sender in every worker process, in Redis, or in-process without it.

- Slots: the bot's messages go out at most `rate` a second, one every 1/rate s (and a bit).
  A sender reserves the next free slot and waits for it, so senders never race for one.
- Chats: one message a second to the same chat at most (CHAT_INTERVAL_S after its last slot).
- Flood control: a 429 makes every sender wait its retry_after: no slot starts before then.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# The slots are this much further apart than 1/rate: a message held up on the way must not
# make Telegram count rate + 1 in a second (a 429 stops every sender for its retry_after).
PACE_MARGIN = 1.03
# Telegram: "avoid sending more than one message per second" to a chat. A little over a second,
# so that a message held up on the way cannot arrive within a second of the next.
CHAT_INTERVAL_S = 1.1


@dataclass(frozen=True)
class Slot:
    """When a message may go: `wait` seconds from now; or, when `chat_busy` > 0, not now: its
    chat had a message less than CHAT_INTERVAL_S ago (try again in `chat_busy` seconds)."""

    wait: float = 0.0
    chat_busy: float = 0.0


# KEYS: the next free slot (µs), the flood-control pause's end (µs), the chat's last slot.
# ARGV: the interval between slots (µs), the chat interval (µs). The server's clock is the
# one clock of every worker. Returns {µs to wait, µs the chat is busy}. Times are written with
# %.0f: Lua would write a 16-digit number in exponent form and lose its last digits.
RESERVE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, chat_interval = tonumber(ARGV[1]), tonumber(ARGV[2])
local busy = redis.call('PTTL', KEYS[3])
if busy > 0 then
  return {0, busy * 1000}
end
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'),
                      tonumber(redis.call('GET', KEYS[2]) or '0'))
redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', 60000)
redis.call('SET', KEYS[3], '1', 'PX', math.ceil((slot - now + chat_interval) / 1000))
return {slot - now, 0}
"""

# KEYS: the pause's end (µs). ARGV: the pause (µs). Extends, never shortens, a pause.
PAUSE_LUA = """
local t = redis.call('TIME')
local until_ = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1])
if until_ > tonumber(redis.call('GET', KEYS[1]) or '0') then
  local ttl = math.ceil(tonumber(ARGV[1]) / 1000) + 1000
  redis.call('SET', KEYS[1], string.format('%.0f', until_), 'PX', ttl)
end
return 0
"""


class MemoryPacer:
    """The schedule of one process (no Redis, or Redis unreachable)."""

    def __init__(self, rate: int, clock=time.monotonic) -> None:
        self.interval = PACE_MARGIN / rate
        self.clock = clock
        self.next_slot = 0.0
        self.paused_until = 0.0
        self.chat_free_at: dict[int, float] = {}

    async def reserve(self, chat_id: int) -> Slot:
        now = self.clock()
        free_at = self.chat_free_at.get(chat_id, 0.0)
        if free_at > now:
            return Slot(chat_busy=free_at - now)
        if len(self.chat_free_at) > 100_000:  # forget chats whose second is long over
            self.chat_free_at = {c: t for c, t in self.chat_free_at.items() if t > now}
        slot = max(now, self.next_slot, self.paused_until)
        self.next_slot = slot + self.interval
        self.chat_free_at[chat_id] = slot + CHAT_INTERVAL_S
        return Slot(wait=slot - now)

    async def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)


class RedisPacer:
    """The schedule every worker shares. When Redis cannot be reached, each process keeps its
    own (Telegram's 429s, honoured, catch any excess)."""

    def __init__(self, redis: Redis, rate: int, prefix: str = "pace") -> None:
        self.interval_us = int(1_000_000 * PACE_MARGIN / rate)
        self.keys = (f"{prefix}:next", f"{prefix}:paused")
        self.prefix = prefix
        self._reserve = redis.register_script(RESERVE_LUA)
        self._pause = redis.register_script(PAUSE_LUA)
        self.fallback = MemoryPacer(rate)

    async def reserve(self, chat_id: int) -> Slot:
        keys = [*self.keys, f"{self.prefix}:chat:{chat_id}"]
        try:
            wait_us, busy_us = await self._reserve(
                keys=keys, args=[self.interval_us, int(CHAT_INTERVAL_S * 1_000_000)]
            )
        except RedisError as exc:
            log.debug("Redis unavailable for pacing, pacing in-process: %s", exc)
            return await self.fallback.reserve(chat_id)
        return Slot(wait=int(wait_us) / 1_000_000, chat_busy=int(busy_us) / 1_000_000)

    async def pause(self, seconds: float) -> None:
        await self.fallback.pause(seconds)
        try:
            await self._pause(keys=[self.keys[1]], args=[int(seconds * 1_000_000)])
        except RedisError as exc:
            log.debug("Redis unavailable for pacing, paused in-process only: %s", exc)


Pacer = MemoryPacer | RedisPacer


async def wait_for(slot: Slot) -> None:
    if slot.wait > 0:
        await asyncio.sleep(slot.wait)
