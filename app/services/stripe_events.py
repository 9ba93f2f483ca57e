"""Stripe webhook events, recorded once by their id before Stripe is told they arrived, then
acted on by app/stripe_processing.py: each claimed by one worker at a time (a lease), retried
with backoff when acting on it fails, and marked processed or ignored once done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from models import StripeEvent, StripeEventStatus

# How long a claim holds an event: a worker that dies while acting on one gives it up then.
LEASE = timedelta(minutes=2)
# The first retry waits this long, each next one twice as long, up to MAX_BACKOFF.
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
# An event recorded this long ago and never acted on was dropped by a worker that stopped:
# the job takes it (before that, the worker that recorded it is on it).
ORPHANED_AFTER = timedelta(minutes=1)
WAITING = [StripeEventStatus.PENDING, StripeEventStatus.FAILED]


def backoff(attempts: int) -> timedelta:
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


class StripeEventStore:
    async def record(self, event: dict[str, Any], now: datetime, acted_on: bool = True) -> bool:
        """Store a verified event — as ignored at once when it is of a type nothing acts on —
        with one insert; False when it was stored before (Stripe sends an event again until
        it is acknowledged, and may send it twice at once)."""
        try:
            await StripeEvent.create(
                id=str(event["id"]),
                type=str(event.get("type", ""))[:128],
                livemode=bool(event.get("livemode", False)),
                created=datetime.fromtimestamp(int(event.get("created", 0)), UTC),
                payload=event,
                received_at=now,
                status=StripeEventStatus.PENDING if acted_on else StripeEventStatus.IGNORED,
                processed_at=None if acted_on else now,
            )
        except IntegrityError:
            return False  # recorded before, or by a concurrent delivery
        return True

    async def claim(self, event_id: str, now: datetime) -> StripeEvent | None:
        """The event, for this worker alone until LEASE has passed; None when it is done,
        claimed by another worker, or waiting for its next attempt."""
        event = await StripeEvent.get_or_none(id=event_id)
        if (
            event is None
            or event.status not in WAITING
            or (event.next_attempt_at is not None and event.next_attempt_at > now)
        ):
            return None
        claimed = await StripeEvent.filter(
            id=event_id, attempts=event.attempts, status__in=WAITING
        ).update(attempts=event.attempts + 1, next_attempt_at=now + LEASE)
        if not claimed:
            return None  # another worker got there first
        event.attempts += 1
        return event

    async def finish(
        self, event: StripeEvent, status: StripeEventStatus, now: datetime, note: str = ""
    ) -> None:
        await StripeEvent.filter(id=event.id).update(
            status=status, processed_at=now, next_attempt_at=None, last_error=note[:255]
        )

    async def fail(self, event: StripeEvent, error: str, now: datetime) -> None:
        await StripeEvent.filter(id=event.id).update(
            status=StripeEventStatus.FAILED,
            last_error=error[:255],
            next_attempt_at=now + backoff(event.attempts),
        )

    async def due(self, now: datetime, limit: int = 200) -> list[str]:
        """Events to act on now, oldest first: failed ones whose backoff has passed, and
        ones a stopped worker left behind."""
        rows = (
            await StripeEvent.filter(
                Q(next_attempt_at__lte=now)
                | Q(next_attempt_at__isnull=True, received_at__lte=now - ORPHANED_AFTER),
                status__in=WAITING,
            )
            .order_by("created", "id")
            .limit(limit)
            .values_list("id", flat=True)
        )
        return [str(event_id) for event_id in rows]
