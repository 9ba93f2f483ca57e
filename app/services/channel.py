"""Premium-channel changes that Telegram refused, queued for retries. What to retry is decided
again at each attempt from the user's access, so a retry never undoes a later change."""

from __future__ import annotations

from datetime import datetime, timedelta

from models import ChannelAction, ChannelActionKind, ChannelActionStatus, User

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
# An attempt in progress holds its action this long; a runner that dies gives it back then.
ATTEMPT_LEASE = timedelta(minutes=5)
ERROR_LIMIT = 255


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)


class ChannelQueue:
    async def add(self, user: User, key: str, kind: ChannelActionKind, error: str, now: datetime):
        """Queue a retry. Returns True when this is the only change waiting, i.e. the first
        failure of a streak, which is when admins are told (not once per user)."""
        waiting = ChannelAction.filter(status=ChannelActionStatus.PENDING)
        if await waiting.filter(user=user, key=key, kind=kind).exists():
            return False
        first = not await waiting.exists()
        await ChannelAction.create(
            user=user,
            key=key,
            kind=kind,
            last_error=error[:ERROR_LIMIT],
            next_attempt_at=now + FIRST_RETRY,
        )
        return first

    async def due(self, now: datetime) -> list[ChannelAction]:
        return list(
            await ChannelAction.filter(status=ChannelActionStatus.PENDING, next_attempt_at__lte=now)
            .order_by("id")
            .prefetch_related("user")
        )

    async def claim(self, action: ChannelAction, now: datetime) -> bool:
        """Take the action for one attempt; False when another runner has it (compare-and-set
        on the time it was due)."""
        taken = await ChannelAction.filter(
            id=action.id,
            status=ChannelActionStatus.PENDING,
            next_attempt_at=action.next_attempt_at,
        ).update(next_attempt_at=now + ATTEMPT_LEASE)
        return bool(taken)

    async def finish(
        self, action: ChannelAction, status: ChannelActionStatus, now: datetime
    ) -> None:
        await ChannelAction.filter(id=action.id).update(status=status, finished_at=now)

    async def postpone(self, action: ChannelAction, error: str, now: datetime) -> None:
        attempts = action.attempts + 1
        await ChannelAction.filter(id=action.id).update(
            attempts=attempts,
            last_error=error[:ERROR_LIMIT],
            next_attempt_at=now + backoff(attempts),
        )
