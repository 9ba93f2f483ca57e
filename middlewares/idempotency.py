from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from redis.exceptions import RedisError

from app.heartbeat import heartbeat
from app.services.journal import LEASE_RENEWAL, UpdateInProgress
from app.services.throttle import Hit
from app.services.update_gate import THROTTLE_DECISION, UPDATE_CLAIMED, Claim, UpdateGate

log = logging.getLogger(__name__)

RENEWAL_S = LEASE_RENEWAL.total_seconds()


class IdempotencyMiddleware(BaseMiddleware):
    """Processes each update once across all workers: a completed update is acknowledged,
    a copy arriving while another worker holds it is sent back for later (503), and an
    update whose attempt failed is released for the redelivery. Without Redis, or while it
    is down, the journal's unique update_id does this job alone."""

    def __init__(
        self,
        gate: UpdateGate | None,
        hit_for: Callable[[Update, dict[str, Any]], Hit | None] = lambda update, data: None,
    ) -> None:
        self.gate = gate
        # The throttle's count of the update, made in the same round trip as the claim.
        self.hit_for = hit_for

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(update, Update), "an outer middleware of dp.update"
        gate = self.gate  # a local, so that the heartbeat's lambda sees it is not None
        if gate is None:
            return await handler(update, data)
        try:
            admission = await gate.claim(update.update_id, self.hit_for(update, data))
        except RedisError as exc:
            # The outage itself is logged once, by the Redis client.
            log.debug("Redis unavailable, idempotency falls back to the database: %s", exc)
            return await handler(update, data)
        if admission.claim is Claim.DONE:
            return None
        if admission.claim is Claim.BUSY:
            raise UpdateInProgress
        data[UPDATE_CLAIMED] = True
        if admission.decision is not None:
            data[THROTTLE_DECISION] = admission.decision
        try:
            async with heartbeat(lambda: gate.renew(update.update_id), RENEWAL_S):
                return await handler(update, data)
        except BaseException:
            await self._quietly(gate.release(update.update_id))
            raise

    @staticmethod
    async def _quietly(operation: Awaitable[None]) -> None:
        try:
            await operation
        except RedisError as exc:
            log.debug("Redis unavailable, the database journal keeps this update's state: %s", exc)
