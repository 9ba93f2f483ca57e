"""The fast path of idempotency: an update claim in Redis, shared by every worker, taken in one
round trip and never written again unless the update is slow or fails. The journal's unique
`update_id` stays the last line when Redis is absent or down."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from redis.asyncio import Redis

from app.services.journal import PROCESSING_LEASE, REDELIVERY_HORIZON, UpdateJournal
from app.services.throttle import HIT_LUA_FUNCTION, Decision, Hit

LEASE_MS = int(PROCESSING_LEASE.total_seconds() * 1000)
# A claim is kept as long as Telegram may redeliver, and no longer: ids are reused after a week.
KEPT_S = int(REDELIVERY_HORIZON.total_seconds())
# The Dispatcher's workflow data keys: this attempt holds the update's claim in Redis; the
# throttle's decision on the update, taken with the claim.
UPDATE_CLAIMED = "update_claimed"
THROTTLE_DECISION = "throttle_decision"

# A claim holds the time (Redis's clock, ms) it was taken or last renewed. Returns {0, that
# time} when the update is claimed already; else claims it and returns {1}, or, given a hit's
# keys and arguments after its own, {1, allowed, wait, notify}: the update counted against its
# sender's window in the same round trip.
CLAIM_LUA = (
    HIT_LUA_FUNCTION
    + """
local held = redis.call('GET', KEYS[1])
if held then
  return {0, held}
end
local t = redis.call('TIME')
redis.call('SET', KEYS[1], t[1] * 1000 + math.floor(t[2] / 1000), 'EX', ARGV[1])
if #KEYS == 1 then
  return {1}
end
local counted = hit(KEYS[2], KEYS[3], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4])
return {1, counted[1], counted[2], counted[3]}
"""
)
# Takes over a claim whose holder stopped renewing it, unless another attempt just did.
TAKE_OVER_LUA = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local held = redis.call('GET', KEYS[1])
if held and held ~= ARGV[1] then
  return 0
end
if held and now - tonumber(held) < tonumber(ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[1], now, 'EX', ARGV[3])
return 1
"""
RENEW_LUA = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local t = redis.call('TIME')
redis.call('SET', KEYS[1], t[1] * 1000 + math.floor(t[2] / 1000), 'KEEPTTL')
return 1
"""


class Claim(Enum):
    CLAIMED = "claimed"  # ours to process
    DONE = "done"  # completed before: acknowledge
    BUSY = "busy"  # another attempt is running


@dataclass(frozen=True)
class Admission:
    claim: Claim
    # The throttle's decision, when the claim counted the update (a new update, given a hit).
    decision: Decision | None = None


class UpdateGate:
    """Whether an update is done is the journal's to say: its row is written, final, when the
    update is. So a claim found in Redis (a copy of the update, or its redelivery) costs one
    journal read, and the common case (a new update) one Redis call and no write after."""

    def __init__(self, redis: Redis, bot_id: int, journal: UpdateJournal) -> None:
        self.prefix = f"update:{bot_id}:"
        self.redis = redis
        self.journal = journal
        self._claim = redis.register_script(CLAIM_LUA)
        self._take_over = redis.register_script(TAKE_OVER_LUA)
        self._renew = redis.register_script(RENEW_LUA)

    async def claim(self, update_id: int, counted: Hit | None = None) -> Admission:
        """Claim the update, and count it with `counted` (a throttle's hit) if it is new."""
        key = self.prefix + str(update_id)
        keys: list[str] = [key]
        args: list[int | str] = [KEPT_S]
        if counted is not None:
            keys += counted.keys
            args += counted.args
        reply = await self._claim(keys=keys, args=args)
        if reply[0] == 1:
            return Admission(Claim.CLAIMED, Hit.decision(reply[1:]) if len(reply) > 1 else None)
        if await self.journal.completed(update_id):
            return Admission(Claim.DONE)
        # Its holder is at work, or died: a claim not renewed within the lease is taken over
        # (the script reads Redis's clock, as the claim was written with it).
        taken = await self._take_over(keys=[key], args=[reply[1], LEASE_MS, KEPT_S])
        return Admission(Claim.CLAIMED if taken else Claim.BUSY)

    async def renew(self, update_id: int) -> None:
        """The holder is alive: refresh its claim (see heartbeat)."""
        await self._renew(keys=[self.prefix + str(update_id)])

    async def release(self, update_id: int) -> None:
        """The attempt failed on our side: a redelivery may take the update over at once."""
        await self.redis.delete(self.prefix + str(update_id))
