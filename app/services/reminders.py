"""Reminders before and at the end of a period of access, each sent once per period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from app.services.entitlements import Access, access_of
from models import EntitlementGrant, EntitlementReminder, GrantStatus, ReminderKind, User

# An end of access older than this when the job first sees it (the job was down for a week) is
# not announced any more.
END_LOOKBACK = timedelta(days=7)
# No reminder to renew in the first day of a period of access.
FIRST_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DueReminder:
    user: User
    key: str
    period_end: datetime  # the expiry this period of access ends at
    kind: ReminderKind
    days_before: int = 0


class ReminderService:
    def __init__(self, days_before: tuple[int, ...]) -> None:
        self.days_before = tuple(sorted(set(days_before), reverse=True))

    def stage(self, access: Access, now: datetime) -> int | None:
        """The nearest configured reminder point that has been reached: with 3 and 1 days,
        2.5 days left is the 3-day reminder, half a day left the 1-day one. A reminder N days
        before the end is only for periods longer than N days, and none goes out in the first
        day of a period: a 3-day trial is not told to renew the minute it starts."""
        since, end = access.since, access.expires_at
        assert since is not None and end is not None, "an active access that ends"
        if now < since + FIRST_DAY:
            return None
        length = end - since
        reached = [
            d
            for d in self.days_before
            if timedelta(days=d) < length and end - timedelta(days=d) <= now < end
        ]
        return min(reached) if reached else None

    async def due_before(self, now: datetime) -> list[DueReminder]:
        if not self.days_before:
            return []
        horizon = now + timedelta(days=max(self.days_before))
        ending = await EntitlementGrant.filter(
            status=GrantStatus.ACTIVE,
            expires_at__gt=now,
            expires_at__lte=horizon,
            user__blocked_at__isnull=True,
        ).values_list("user_id", "key")
        due = []
        for user_id, key in sorted(set(ending)):
            grants = await EntitlementGrant.filter(user_id=user_id, key=key).exclude(
                status=GrantStatus.REVOKED
            )
            access = access_of(key, grants, now)
            if not access.active or access.expires_at is None:  # None: for a lifetime
                continue
            stage = self.stage(access, now)
            if stage is not None:
                user = await User.get(id=user_id)
                due.append(DueReminder(user, key, access.expires_at, ReminderKind.BEFORE, stage))
        return due

    async def due_at_end(self, now: datetime) -> list[DueReminder]:
        """Periods of access that have ended and not been dealt with (the message, the channel),
        derived from the grants themselves, so a failed attempt is found again next run."""
        ended = (
            await EntitlementGrant.filter(expires_at__gt=now - END_LOOKBACK, expires_at__lte=now)
            .exclude(status=GrantStatus.REVOKED)
            .values_list("user_id", "key")
        )
        due = []
        for user_id, key in sorted(set(ended)):
            grants = await EntitlementGrant.filter(user_id=user_id, key=key).exclude(
                status=GrantStatus.REVOKED
            )
            if access_of(key, grants, now).active:
                continue  # renewed, or another grant runs on
            period_end = max(g.expires_at for g in grants if g.expires_at is not None)
            if period_end > now - END_LOOKBACK and not await EntitlementReminder.exists(
                user_id=user_id, key=key, period_end=period_end, kind=ReminderKind.EXPIRED
            ):
                due.append(
                    DueReminder(await User.get(id=user_id), key, period_end, ReminderKind.EXPIRED)
                )
        return due

    @staticmethod
    async def claim(due: DueReminder) -> EntitlementReminder | None:
        """Take the reminder for sending; None when another runner (or an earlier run) has."""
        try:
            return await EntitlementReminder.create(
                user=due.user,
                key=due.key,
                period_end=due.period_end,
                kind=due.kind,
                days_before=due.days_before,
            )
        except IntegrityError:
            return None

    @staticmethod
    async def settle(reminder: EntitlementReminder, outcome: str, now: datetime) -> None:
        reminder.outcome = outcome
        reminder.sent_at = now if outcome == "sent" else None
        await reminder.save(update_fields=["outcome", "sent_at"])

    @staticmethod
    async def release(reminder: EntitlementReminder) -> None:
        """Sending failed for a reason that may pass: the next run tries again."""
        await reminder.delete()
