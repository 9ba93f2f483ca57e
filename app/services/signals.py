"""Trading signals: ingest from the signal engine, who may see them, approvals, API keys."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.services.broadcasts import BroadcastService
from app.times import checked_time
from models import ApiKey, Signal, SignalApproval, SignalTier, User

# A signed request must be this fresh: an older one may be a captured request played again.
SIGNATURE_WINDOW = timedelta(minutes=5)
CONTROL_CHARACTERS = {chr(c) for c in range(32)} - {"\n", "\t"}
API_KEY_PREFIX = "sk_"
LATEST = 5  # signals shown by /signals
APPROVALS_PAGE = 100  # approvals per answer of the approvals API
LAST_USED_RESOLUTION = timedelta(minutes=1)
PROBLEM_SEPARATOR = "; "

Price = Annotated[Decimal, Field(gt=0, max_digits=20, decimal_places=10, allow_inf_nan=False)]


class PriceRange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    low: Price
    high: Price

    @model_validator(mode="after")
    def _ordered(self) -> PriceRange:
        if self.low > self.high:
            raise ValueError("low must not be above high")
        return self


class SignalIn(BaseModel):
    """The signal engine's payload. Prices arrive as JSON numbers read as decimals (never
    floats) or as strings. Validated with `context={"now": ...}`, a time already past is
    refused."""

    model_config = ConfigDict(extra="forbid")

    external_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")
    instrument: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_./:-]+$")
    side: Literal["buy", "sell"]
    entry: Price | PriceRange
    stop_loss: Price
    take_profits: list[Price] = Field(min_length=1, max_length=10)
    timeframe: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9]+$")
    valid_until: datetime
    tier: SignalTier
    note: str = Field(default="", max_length=500)

    @field_validator("valid_until")
    @classmethod
    def _aware_and_ahead(cls, value: datetime, info: ValidationInfo) -> datetime:
        value = checked_time(value)
        now = (info.context or {}).get("now")
        if now is not None and value <= now:  # it would only fill /signals as "expired"
            raise ValueError("the time has passed: a signal must still be valid")
        return value

    @field_validator("note")
    @classmethod
    def _printable(cls, value: str) -> str:
        if CONTROL_CHARACTERS & set(value):
            raise ValueError("control characters are not allowed")
        return value

    @property
    def entry_range(self) -> tuple[Decimal, Decimal]:
        if isinstance(self.entry, PriceRange):
            return self.entry.low, self.entry.high
        return self.entry, self.entry

    @model_validator(mode="after")
    def _makes_sense(self) -> SignalIn:
        """Prices must fit the side; each problem is named "field: message"."""
        low, high = self.entry_range
        problems = []
        if self.side == "buy":
            if self.stop_loss >= low:
                problems.append("stop_loss: a buy's stop loss must be below the entry")
            if any(tp <= high for tp in self.take_profits):
                problems.append("take_profits: a buy's targets must be above the entry")
        else:
            if self.stop_loss <= high:
                problems.append("stop_loss: a sell's stop loss must be above the entry")
            if any(tp >= low for tp in self.take_profits):
                problems.append("take_profits: a sell's targets must be below the entry")
        if problems:
            raise ValueError(PROBLEM_SEPARATOR.join(problems))
        return self

    def fingerprint(self) -> str:
        """Of the content as stored: 1.085 and 1.0850, or eurusd and EURUSD, are the same."""
        low, high = self.entry_range
        content = {
            **self.model_dump(mode="json", exclude={"entry", "stop_loss", "take_profits"}),
            "instrument": self.instrument.upper(),
            "valid_until": self.valid_until.astimezone(UTC).isoformat(),
            "prices": [str(p.normalize()) for p in (low, high, self.stop_loss, *self.take_profits)],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def check_signature(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: datetime
) -> str | None:
    """None when the request is authentic and fresh, else the reason for the 401."""
    if not timestamp or not signature:
        return "X-Timestamp and X-Signature are required"
    try:
        sent = datetime.fromtimestamp(int(timestamp), now.tzinfo)
    except (ValueError, OverflowError, OSError):
        return "X-Timestamp must be Unix seconds"
    if abs(now - sent) > SIGNATURE_WINDOW:
        return "X-Timestamp is more than 5 minutes off: a stale or replayed request"
    expected = signature_of(secret, timestamp, body)
    if not hmac.compare_digest(
        expected.encode(), signature.strip().lower().encode("utf-8", "replace")
    ):
        return "the signature does not match"
    return None


class SignalConflict(DomainError):
    """The same external id arrived with different content."""

    code = "signal.conflict"


class SignalNotFound(DomainError):
    code = "signal.not_found"


class SignalExpired(DomainError):
    code = "signal.expired"


class NotPremium(DomainError):
    code = "premium.required"


@dataclass(frozen=True)
class Visible:
    signal: Signal
    full: bool  # False: a premium signal shown only as a teaser
    expired: bool
    approved: bool


class SignalService:
    def __init__(self, broadcasts: BroadcastService) -> None:
        self.broadcasts = broadcasts

    async def ingest(self, incoming: SignalIn, now: datetime) -> tuple[Signal, bool]:
        """(signal, created). The same external id again is the same signal; with other
        content it is a conflict. A premium signal is fanned out to premium members (and the
        signals channel) once, in the transaction that stores it; a repeated call makes the
        fan-out if an earlier one failed before it."""
        fingerprint = incoming.fingerprint()
        low, high = incoming.entry_range
        try:
            async with in_transaction():
                signal = await Signal.create(
                    external_id=incoming.external_id,
                    instrument=incoming.instrument.upper(),
                    side=incoming.side,
                    entry_low=str(low),
                    entry_high=str(high),
                    stop_loss=str(incoming.stop_loss),
                    take_profits=[str(tp) for tp in incoming.take_profits],
                    timeframe=incoming.timeframe,
                    valid_until=incoming.valid_until,
                    tier=incoming.tier,
                    note=incoming.note,
                    fingerprint=fingerprint,
                )
                await self._fan_out(signal, now)
            return signal, True
        except IntegrityError:
            existing = await Signal.get(external_id=incoming.external_id)
            if existing.fingerprint != fingerprint:
                raise SignalConflict(incoming.external_id) from None
            await self._fan_out(existing, now)
            return existing, False

    async def _fan_out(self, signal: Signal, now: datetime) -> None:
        if signal.tier == SignalTier.PREMIUM and signal.valid_until > now:
            await self.broadcasts.for_signal(signal, now)

    async def latest(self, user: User, premium: bool, now: datetime) -> list[Visible]:
        """The latest live signals, newest first, then the latest expired ones to fill the list;
        premium ones in full only for premium users."""
        live = await Signal.filter(valid_until__gt=now).order_by("-created_at", "-id").limit(LATEST)
        signals = list(live)
        if len(signals) < LATEST:
            signals += (
                await Signal.filter(valid_until__lte=now)
                .order_by("-created_at", "-id")
                .limit(LATEST - len(signals))
            )
        approved = set(
            await SignalApproval.filter(
                user=user, signal_id__in=[s.id for s in signals]
            ).values_list("signal_id", flat=True)
        )
        return [
            Visible(
                signal,
                full=signal.tier == SignalTier.FREE or premium,
                expired=signal.valid_until <= now,
                approved=signal.id in approved,
            )
            for signal in signals
        ]

    async def one(self, user: User, signal_id: int, premium: bool, now: datetime) -> Visible | None:
        """One signal as this user may see it now, to redraw its message."""
        signal = await Signal.get_or_none(id=signal_id)
        if signal is None:
            return None
        approved = await SignalApproval.exists(user=user, signal=signal)
        return Visible(
            signal,
            full=signal.tier == SignalTier.FREE or premium,
            expired=signal.valid_until <= now,
            approved=approved,
        )

    async def approve(self, user: User, signal_id: int, premium: bool, now: datetime) -> bool:
        """Record the user's approval; False if it was recorded before. The server decides on
        every path (command, button, forged data): the signal must exist and be live, and
        approving — for an execution client — comes with premium access, whatever the tier."""
        signal = await Signal.get_or_none(id=signal_id)
        if signal is None:
            raise SignalNotFound
        if not premium:
            raise NotPremium
        if signal.valid_until <= now:
            raise SignalExpired
        # One user's approvals are written one at a time (a lock on their row), so their ids
        # follow the order of commits: a client paging by id cannot miss one that committed
        # late. The unique constraint stays the last line.
        async with in_transaction() as connection:
            await User.filter(id=user.id).using_db(connection).select_for_update().first()
            approved = SignalApproval.filter(signal=signal, user=user).using_db(connection)
            if await approved.exists():
                return False
            await SignalApproval.create(signal=signal, user=user, using_db=connection)
        return True

    async def last_approval_id(self, user: User) -> int:
        """Where a client with nothing new should ask from next time (0: no approval yet)."""
        last = await SignalApproval.filter(user=user).order_by("-id").first()
        return last.id if last else 0

    async def approvals_page(
        self, user: User, *, since: datetime | None = None, after: int | None = None
    ) -> list[SignalApproval]:
        """Up to APPROVALS_PAGE of the user's approvals in commit order: those made after
        `since` (a first call), or after approval id `after` (every next call)."""
        query = SignalApproval.filter(user=user)
        if after is not None:
            query = query.filter(id__gt=after)
        if since is not None:
            query = query.filter(created_at__gt=since)
        return list(await query.order_by("id").limit(APPROVALS_PAGE).prefetch_related("signal"))


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


class KeyChanged(DomainError):
    """The key a confirmation was about is no longer the user's current one."""

    code = "api_key.changed"


class ApiKeyService:
    async def current(self, user: User) -> ApiKey | None:
        """The user's working key (only its prefix and dates are known), or None."""
        return await ApiKey.filter(user=user, revoked_at__isnull=True).first()

    async def issue(self, user: User, replacing: int | None = None) -> str:
        """A new key for the user's execution client, returned once. `replacing` names the key
        the user agreed to replace (None: they have none): if their key has changed since,
        KeyChanged, so a repeated or stale confirmation never replaces a key unseen. The
        user's row is locked, so two requests at once leave one key. Only its hash is stored."""
        raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
        async with in_transaction() as connection:
            await User.filter(id=user.id).using_db(connection).select_for_update().first()
            current = (
                await ApiKey.filter(user=user, revoked_at__isnull=True).using_db(connection).first()
            )
            if (current.id if current else None) != replacing:
                raise KeyChanged
            if current is not None:
                await (
                    ApiKey.filter(id=current.id)
                    .using_db(connection)
                    .update(revoked_at=datetime.now(UTC))
                )
            await ApiKey.create(
                user=user, key_hash=hash_key(raw), prefix=raw[:10], using_db=connection
            )
        return raw

    async def revoke(self, user: User) -> int:
        return await ApiKey.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=datetime.now(UTC)
        )

    async def authenticate(self, raw: str, now: datetime) -> ApiKey | None:
        """The working key (with its user) that `raw` is. The lookup is by hash, so the raw key
        is never compared or stored; its last use is written at most once a minute, not on
        every request."""
        key = await ApiKey.get_or_none(
            key_hash=hash_key(raw), revoked_at__isnull=True
        ).prefetch_related("user")
        if key is None:
            return None
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            key.last_used_at = now
            await key.save(update_fields=["last_used_at"])
        return key
