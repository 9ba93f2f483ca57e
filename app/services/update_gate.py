"""The fast path of idempotency: an update claim in Redis, shared by every worker. The journal's
unique `update_id` stays the last line when Redis is absent or down."""

from __future__ import annotations

from enum import Enum

from redis.asyncio import Redis

from app.services.journal import PROCESSING_LEASE, REDELIVERY_HORIZON

PROCESSING = b"p"
LEASE_S = int(PROCESSING_LEASE.total_seconds())
DONE = b"d"
# The Dispatcher's workflow data key saying this attempt holds the update's claim in Redis.
UPDATE_CLAIMED = "update_claimed"


class Claim(Enum):
    CLAIMED = "claimed"  # ours to process
    DONE = "done"  # completed before: acknowledge
    BUSY = "busy"  # another attempt is running


class UpdateGate:
    def __init__(self, redis: Redis, bot_id: int) -> None:
        self.redis = redis
        self.prefix = f"update:{bot_id}:"

    async def claim(self, update_id: int) -> Claim:
        # SET NX GET: claims and reads the previous state in one round trip (Redis >= 7).
        # The lease expires on its own if this worker dies, so a redelivery is processed.
        previous = await self.redis.set(
            self.prefix + str(update_id),
            PROCESSING,
            nx=True,
            get=True,
            ex=LEASE_S,
        )
        if previous is None:
            return Claim.CLAIMED
        return Claim.DONE if previous == DONE else Claim.BUSY

    async def renew(self, update_id: int) -> None:
        """The holder is alive: extend its claim (see heartbeat)."""
        await self.redis.expire(self.prefix + str(update_id), LEASE_S)

    async def done(self, update_id: int) -> None:
        # Kept as long as Telegram may redeliver, and no longer: ids are reused after a week.
        await self.redis.set(
            self.prefix + str(update_id), DONE, ex=int(REDELIVERY_HORIZON.total_seconds())
        )

    async def release(self, update_id: int) -> None:
        await self.redis.delete(self.prefix + str(update_id))
