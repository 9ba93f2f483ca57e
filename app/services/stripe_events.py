"""Stripe webhook events, recorded once by their id before Stripe is told they arrived. What
each event does comes with card checkout; until then they wait, stored, as `pending`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from models import StripeEvent


class StripeEventStore:
    async def record(self, event: dict[str, Any], now: datetime) -> bool:
        """Store a verified event; False when it was stored before (Stripe sends an event
        again until it is acknowledged, and may send it twice at once)."""
        event_id = str(event["id"])
        if await StripeEvent.exists(id=event_id):
            return False
        try:
            await StripeEvent.create(
                id=event_id,
                type=str(event.get("type", ""))[:128],
                livemode=bool(event.get("livemode", False)),
                created=datetime.fromtimestamp(int(event.get("created", 0)), UTC),
                payload=event,
                received_at=now,
            )
        except IntegrityError:
            return False  # recorded by a concurrent delivery
        return True
