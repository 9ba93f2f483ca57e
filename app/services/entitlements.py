"""Entitlements: who may use what, until when, and because of which source.

Each grant is a row. A user's finite grants for one key form a chain in the order they were
granted: each starts at the later of its grant time and the end of the one before, so buying
again extends from the current expiry. A lifetime grant wins over the chain. Revoking a source
removes its rows and re-chains the rest, so the user keeps exactly what the other sources gave.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.times import LATEST
from models import (
    EntitlementEvent,
    EntitlementGrant,
    GrantSource,
    GrantStatus,
    Product,
    TrialUse,
    User,
)

# The entitlement that `requires_premium` commands, premium signals and the approvals API need.
PREMIUM_KEY = "premium"


class TrialAlreadyUsed(DomainError):
    """This user had this product's trial before."""

    code = "trial.used"


class NoTrial(DomainError):
    """This product offers no trial."""

    code = "trial.none"


class NothingToRevoke(DomainError):
    """No active grant matches."""

    code = "grant.nothing_to_revoke"


class GrantTooLong(DomainError):
    """The grant would run past any date the system can hold: lifetime access is the way."""

    code = "grant.too_long"


class PremiumAnswer:
    """Whether one update's user has premium access: asked at most once per update, and only
    when something needs to know (the command gate, a handler, a button)."""

    def __init__(self, entitlements: EntitlementService, user_id: UUID | None) -> None:
        self.entitlements = entitlements
        self.user_id = user_id
        self._answer: bool | None = None

    async def __call__(self) -> bool:
        if self._answer is None:
            self._answer = self.user_id is not None and await self.entitlements.has(
                self.user_id, PREMIUM_KEY, datetime.now(UTC)
            )
        return self._answer


@dataclass(frozen=True)
class Access:
    key: str
    active: bool
    expires_at: datetime | None  # None with active=True: lifetime
    lifetime: bool = False
    since: datetime | None = None  # when the unbroken period of access that runs now began
    trial: bool = False  # everything left of the period is a trial

    @classmethod
    def none(cls, key: str) -> Access:
        return cls(key, active=False, expires_at=None)


@dataclass(frozen=True)
class Change:
    """What a grant, revocation or expiry did to one user's access to one key."""

    user_id: object
    telegram_id: int
    key: str
    before: Access
    after: Access

    @property
    def started(self) -> bool:
        return self.after.active and not self.before.active

    @property
    def ended(self) -> bool:
        return self.before.active and not self.after.active


def finite_end(grant: EntitlementGrant) -> datetime:
    """The expiry of a grant known not to be for a lifetime."""
    assert grant.expires_at is not None, f"grant {grant.id} is for a lifetime"
    return grant.expires_at


def access_of(key: str, grants: Iterable[EntitlementGrant], now: datetime) -> Access:
    """The access that these grants give at `now` (revoked ones give nothing)."""
    kept = [g for g in grants if g.status != GrantStatus.REVOKED]
    if any(g.expires_at is None and g.starts_at <= now for g in kept):
        return Access(key, active=True, expires_at=None, lifetime=True)
    # Grants that touch or overlap make one unbroken period of access.
    periods: list[list[EntitlementGrant]] = []
    for grant in sorted((g for g in kept if g.expires_at is not None), key=lambda g: g.starts_at):
        if periods and grant.starts_at <= max(finite_end(g) for g in periods[-1]):
            periods[-1].append(grant)
        else:
            periods.append([grant])
    for period in periods:
        since, until = period[0].starts_at, max(finite_end(g) for g in period)
        if since <= now < until:
            trial = all(g.source == GrantSource.TRIAL for g in period if finite_end(g) > now)
            return Access(key, active=True, expires_at=until, since=since, trial=trial)
    return Access.none(key)


def chain(grants: list[EntitlementGrant]) -> list[EntitlementGrant]:
    """Lay the finite grants end to end in the order they were granted (sets starts/expires);
    returns the grants whose dates changed. A grant not saved yet comes after the saved ones
    granted at the same moment."""
    changed = []
    end: datetime | None = None
    for grant in sorted(
        grants, key=lambda g: (g.granted_at, g.id if g.id is not None else math.inf)
    ):
        before = (getattr(grant, "starts_at", None), getattr(grant, "expires_at", None))
        if grant.duration_days is None:
            grant.starts_at, grant.expires_at = grant.granted_at, None
        else:
            grant.starts_at = grant.granted_at if end is None or end < grant.granted_at else end
            grant.expires_at = grant.starts_at + timedelta(days=grant.duration_days)
            end = grant.expires_at
        if (grant.starts_at, grant.expires_at) != before:
            changed.append(grant)
    return changed


class EntitlementService:
    """Every change to one user's access runs in a transaction that first locks their users
    row, so concurrent grants, revocations and expiries of the same user take turns."""

    @staticmethod
    async def _lock(connection, user_id: object) -> None:
        await User.filter(id=user_id).using_db(connection).select_for_update().first()

    @staticmethod
    async def _grants(user_id: object, key: str, connection=None) -> list[EntitlementGrant]:
        query = EntitlementGrant.filter(user_id=user_id, key=key).exclude(
            status=GrantStatus.REVOKED
        )
        return list(await (query.using_db(connection) if connection is not None else query))

    async def access(self, user_id: object, key: str, now: datetime) -> Access:
        return access_of(key, await self._grants(user_id, key), now)

    async def has(self, user_id: object, key: str, now: datetime) -> bool:
        return await EntitlementGrant.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            user_id=user_id,
            key=key,
            status=GrantStatus.ACTIVE,
            starts_at__lte=now,
        ).exists()

    async def summary(self, user_id: object, now: datetime) -> list[Access]:
        """Every key the user has now, in key order."""
        by_key: dict[str, list[EntitlementGrant]] = defaultdict(list)
        for grant in await EntitlementGrant.filter(user_id=user_id).exclude(
            status=GrantStatus.REVOKED
        ):
            by_key[grant.key].append(grant)
        accesses = [access_of(key, grants, now) for key, grants in sorted(by_key.items())]
        return [access for access in accesses if access.active]

    async def had_any(self, user_id: object) -> bool:
        return await EntitlementGrant.exists(user_id=user_id)

    async def last_end(self, user_id: object, now: datetime) -> datetime | None:
        """When the user's access last ran out (revoked grants aside), for former members."""
        grant = (
            await EntitlementGrant.filter(user_id=user_id, expires_at__lte=now)
            .exclude(status=GrantStatus.REVOKED)
            .order_by("-expires_at")
            .first()
        )
        return grant.expires_at if grant else None

    async def grant(
        self,
        user: User,
        keys: Iterable[str],
        days: int | None,
        source: GrantSource,
        source_ref: str,
        now: datetime,
        note: str = "",
        connection=None,
    ) -> list[Change]:
        """Give `days` (None: lifetime) of each key, from the later of now and its current
        expiry. Once per source: the same source_ref granting the same key again is a no-op,
        so a payment processed twice gives access once. With a `connection`, inside the
        caller's transaction (so an order and its access commit together)."""
        if connection is not None:
            await self._lock(connection, user.id)
            return await self._grant(connection, user, keys, days, source, source_ref, now, note)
        async with in_transaction() as connection:
            await self._lock(connection, user.id)
            return await self._grant(connection, user, keys, days, source, source_ref, now, note)

    async def _grant(
        self, connection, user, keys, days, source, source_ref, now, note
    ) -> list[Change]:
        changes = []
        for key in dict.fromkeys(keys):
            if (
                await EntitlementGrant.filter(
                    user_id=user.id, key=key, source=source, source_ref=source_ref
                )
                .using_db(connection)
                .exists()
            ):
                continue
            grants = await self._grants(user.id, key, connection)
            before = access_of(key, grants, now)
            grant = EntitlementGrant(
                user_id=user.id,
                key=key,
                source=source,
                source_ref=source_ref,
                duration_days=days,
                granted_at=now,
                note=note[:255],
            )
            try:
                moved = [g for g in chain([*grants, grant]) if g is not grant]
            except OverflowError:
                moved = None
            if moved is None or (grant.expires_at is not None and grant.expires_at >= LATEST):
                raise GrantTooLong(
                    f"{key} would run past the year {LATEST.year}: grant lifetime access instead"
                )
            await grant.save(using_db=connection)
            for other in moved:  # only when a caller's `now` is older than an earlier grant
                await other.save(update_fields=["starts_at", "expires_at"], using_db=connection)
            after = access_of(key, [*grants, grant], now)
            await self._record(connection, user.id, key, grant, "granted", after, note)
            changes.append(Change(user.id, user.telegram_id, key, before, after))
        return changes

    async def revoke(
        self,
        user: User,
        now: datetime,
        key: str | None = None,
        source: GrantSource | None = None,
        source_ref: str | None = None,
        note: str = "",
        connection=None,
    ) -> list[Change]:
        """Revoke the active grants that match and re-chain what is left of each key; inside
        the caller's transaction when given one (a refund's)."""
        if connection is None:
            async with in_transaction() as connection:
                return await self.revoke(user, now, key, source, source_ref, note, connection)
        filters: dict[str, object] = {"user_id": user.id}
        for name, value in (("key", key), ("source", source), ("source_ref", source_ref)):
            if value is not None:
                filters[name] = value
        changes = []
        await self._lock(connection, user.id)
        targets = (
            await EntitlementGrant.filter(**filters)
            .exclude(status=GrantStatus.REVOKED)
            .using_db(connection)
        )
        if not targets:
            raise NothingToRevoke("nothing to revoke: the user has no active grant of that kind")
        for grant_key in sorted({g.key for g in targets}):
            grants = await self._grants(user.id, grant_key, connection)
            before = access_of(grant_key, grants, now)
            revoked = [g for g in grants if any(t.id == g.id for t in targets)]
            kept = [g for g in grants if g not in revoked]
            for grant in revoked:
                grant.status, grant.ended_at = GrantStatus.REVOKED, now
                await grant.save(update_fields=["status", "ended_at"], using_db=connection)
            for grant in chain(kept):
                await grant.save(update_fields=["starts_at", "expires_at"], using_db=connection)
            after = access_of(grant_key, kept, now)
            for grant in revoked:
                await self._record(connection, user.id, grant_key, grant, "revoked", after, note)
            changes.append(Change(user.id, user.telegram_id, grant_key, before, after))
        return changes

    async def start_trial(
        self, user: User, product: Product, now: datetime, request_id: int | None = None
    ) -> list[Change]:
        """The product's trial, once per user and product: the use and the grant commit
        together or not at all. Asked again under the same `request_id` (a redelivered button
        press), it answers as the first time, with the access as it is now."""
        if not product.trial_days:
            raise NoTrial
        earlier = await TrialUse.get_or_none(user_id=user.id, product_id=product.id)
        if earlier is not None and request_id is not None and earlier.request_id == request_id:
            return [
                Change(user.id, user.telegram_id, key, Access.none(key), access)
                for key in product.entitlements
                if (access := await self.access(user.id, key, now)).active
            ]
        try:
            async with in_transaction() as connection:
                await self._lock(connection, user.id)
                await TrialUse.create(
                    user=user, product=product, request_id=request_id, using_db=connection
                )
                return await self._grant(
                    connection,
                    user,
                    product.entitlements,
                    product.trial_days,
                    GrantSource.TRIAL,
                    product.code,
                    now,
                    f"{product.trial_days}-day trial of {product.code}",
                )
        except IntegrityError:
            raise TrialAlreadyUsed from None

    async def trial_available(self, user_id: object, product: Product) -> bool:
        return bool(product.trial_days) and not await TrialUse.exists(
            user_id=user_id, product_id=product.id
        )

    async def expire_due(self, now: datetime) -> int:
        """Mark the grants whose time is up as expired, each once even with several runners
        (the status is the compare-and-set), with a history event. What the end of access
        entails (channel, message) the reminders derive from the grants themselves."""
        due = await EntitlementGrant.filter(status=GrantStatus.ACTIVE, expires_at__lte=now)
        expired = 0
        for grant in due:
            async with in_transaction() as connection:
                await self._lock(connection, grant.user_id)
                taken = (
                    await EntitlementGrant.filter(id=grant.id, status=GrantStatus.ACTIVE)
                    .using_db(connection)
                    .update(status=GrantStatus.EXPIRED, ended_at=now)
                )
                if not taken:
                    continue
                after = access_of(
                    grant.key, await self._grants(grant.user_id, grant.key, connection), now
                )
                await self._record(
                    connection, grant.user_id, grant.key, grant, "expired", after, ""
                )
                expired += 1
        return expired

    async def history(self, user_id: object) -> list[EntitlementEvent]:
        return list(await EntitlementEvent.filter(user_id=user_id).order_by("created_at", "id"))

    async def grants_of(self, user_id: object) -> list[EntitlementGrant]:
        return list(
            await EntitlementGrant.filter(user_id=user_id).order_by("key", "granted_at", "id")
        )

    @staticmethod
    async def _record(connection, user_id, key, grant, action, after: Access, details: str) -> None:
        await EntitlementEvent.create(
            user_id=user_id,
            key=key,
            grant=grant,
            action=action,
            expires_at=after.expires_at,
            lifetime=after.lifetime,
            details=details[:255],
            using_db=connection,
        )
