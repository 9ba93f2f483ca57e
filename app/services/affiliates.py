"""The affiliate program: referral codes, attribution, commissions and payouts."""

from __future__ import annotations

import logging
import re
import secrets
import string
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.money import Money
from app.services.ledger import Ledger
from app.services.users import UnknownUser
from models import (
    Affiliate,
    AffiliateClick,
    Commission,
    CommissionKind,
    EntryKind,
    Payout,
    PayoutStatus,
    Referral,
    User,
)

log = logging.getLogger(__name__)

# The /start payload of a referral link: "ref_" and the code. Telegram allows 64 of A-Z a-z 0-9 _ -.
PAYLOAD_PREFIX = "ref_"
CODE_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 10  # 62^10: not guessable, short enough to read out
PAYLOAD_RE = re.compile(rf"{PAYLOAD_PREFIX}([A-Za-z0-9]{{{CODE_LENGTH}}})")
STATS_WINDOW = timedelta(days=30)


class BelowMinimum(DomainError):
    """No currency has reached the minimum payout; carries the balances for the answer."""

    code = "payout.below_minimum"

    def __init__(self, balances: dict[str, Money], minimums: dict[str, Money]) -> None:
        super().__init__("below the minimum payout")
        self.balances = balances
        self.minimums = minimums


class UnknownPayout(DomainError):
    code = "payout.unknown"


@dataclass(frozen=True)
class PayoutRequest:
    payouts: list[Payout]
    repeated: bool = False  # the same request made before: nothing new was set aside


class PayoutAlreadyPaid(DomainError):
    """mark-paid on a payout that is paid: refused, with when and how it was paid."""

    code = "payout.already_paid"


@dataclass
class Earnings:
    pending: Money
    available: Money
    requested: Money  # in a payout not paid yet
    paid: Money

    @classmethod
    def zero(cls, currency: str) -> Earnings:
        return cls(*(Money.zero(currency) for _ in range(4)))


@dataclass
class Stats:
    clicks: int
    signups: int
    paying: int
    earnings: dict[str, Earnings] = field(default_factory=dict)


@dataclass(frozen=True)
class AffiliateSummary:
    """One line of the affiliates list: all-time figures and what can be paid out now."""

    affiliate: Affiliate  # its user loaded
    clicks: int
    signups: int
    paying: int
    available: dict[str, Money]


@dataclass(frozen=True)
class AffiliateReport:
    """One affiliate in detail, for admins."""

    affiliate: Affiliate  # its user loaded
    recent: Stats  # the last STATS_WINDOW
    total: Stats
    available: dict[str, Money]
    payouts: list[Payout]  # newest first


def commission_status(commission: Commission, now: datetime) -> str:
    """cancelled, paid, requested, available or pending (`payout` must be loaded)."""
    if commission.cancelled_at is not None:
        return "cancelled"
    if commission.payout_id is not None:
        payout = commission.payout
        assert payout is not None, "loaded, as its id is set"
        return "paid" if payout.status == PayoutStatus.PAID else "requested"
    return "available" if commission.available_at <= now else "pending"


class AffiliateService:
    def __init__(
        self, commission_bp: int, hold: timedelta, min_payout: dict[str, int], ledger: Ledger
    ) -> None:
        self.ledger = ledger
        self.commission_bp = commission_bp
        self.hold = hold
        self.min_payout = {
            currency: Money(amount, currency) for currency, amount in min_payout.items()
        }

    # Joining and links

    async def of(self, user: User) -> Affiliate | None:
        return await Affiliate.get_or_none(user_id=user.id)

    async def join(self, user: User) -> Affiliate:
        """The user's affiliate account, created with a random code on first use."""
        existing = await self.of(user)
        if existing is not None:
            return existing
        for _ in range(5):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                return await Affiliate.create(user=user, code=code)
            except IntegrityError:  # this user joined meanwhile, or (rarely) the code is taken
                existing = await self.of(user)
                if existing is not None:
                    return existing
        raise RuntimeError("could not draw a free referral code")

    @staticmethod
    def payload(affiliate: Affiliate) -> str:
        return f"{PAYLOAD_PREFIX}{affiliate.code}"

    # Attribution

    async def track_start(
        self, user: User, payload: str | None, new_user: bool, message_id: int
    ) -> Affiliate | None:
        """Count a /start through a referral link (once per message, however often Telegram
        delivers it) and, for a new user, remember who brought them (first touch). Returns the
        affiliate credited with the sign-up, if any. /start runs it in the transaction that
        registers the user (app.services.campaigns.sign_up)."""
        if not payload or not payload.startswith(PAYLOAD_PREFIX):
            return None
        match = PAYLOAD_RE.fullmatch(payload)
        affiliate = await Affiliate.get_or_none(code=match.group(1)) if match else None
        if affiliate is None:
            log.info("Ignored an unknown referral code %r", payload[:64])
            return None
        if affiliate.user_id == user.id:
            return None  # one's own link: neither a click nor a referral
        await AffiliateClick.get_or_create(
            telegram_user_id=user.telegram_id,
            message_id=message_id,
            defaults={"affiliate": affiliate, "new_user": new_user},
        )
        # Only a new user is attributed; someone already registered keeps whoever brought them
        # (if anyone), which also rules out cycles: the referrer registered first.
        if not new_user:
            return None
        # The user was created in this transaction: nobody can have attributed them yet.
        await Referral.create(affiliate=affiliate, user=user)
        return affiliate

    # Commissions

    async def record_sale(
        self, sale_id: str, buyer: User, amount: Money, paid_at: datetime, connection=None
    ) -> Commission | None:
        """The referrer's commission on a paid sale: rate × amount, rounded down, pending for the
        hold period, booked in the ledger. Each sale counts once, however often this is called
        for it. Inside the caller's transaction when given one (the payment's)."""
        if connection is None:
            async with in_transaction() as connection:
                return await self.record_sale(sale_id, buyer, amount, paid_at, connection)
        referral = await Referral.get_or_none(user_id=buyer.id, using_db=connection)
        if referral is None:
            return None
        share = amount.percent(self.commission_bp, round_up=False)
        # get_or_create absorbs a concurrent insert of the same sale (unique sale and kind).
        commission, _ = await Commission.get_or_create(
            sale_id=sale_id,
            kind=CommissionKind.SALE,
            defaults={
                "affiliate_id": referral.affiliate_id,
                "buyer_id": buyer.id,
                "currency": amount.currency,
                "sale_amount": amount.amount,
                "amount": share.amount,
                "available_at": paid_at + self.hold,
            },
            using_db=connection,
        )
        await self.ledger.record(
            EntryKind.COMMISSION,
            f"commission:{commission.id}",
            Money(commission.amount, commission.currency),
            paid_at,
            connection=connection,
            commission_id=commission.id,
        )
        return commission

    async def record_refund(
        self, sale_id: str, refunded_at: datetime, connection=None
    ) -> Commission | None:
        """A refund cancels a pending commission, or books a negative adjustment against one
        that is available or paid; either is reversed in the ledger. Once per sale."""
        if connection is None:
            async with in_transaction() as connection:
                return await self.record_refund(sale_id, refunded_at, connection)
        sale = (
            await Commission.filter(sale_id=sale_id, kind=CommissionKind.SALE)
            .using_db(connection)
            .select_for_update()
            .first()
        )
        if sale is None or sale.cancelled_at is not None:
            return sale
        await sale.fetch_related("payout", using_db=connection)
        if (
            await Commission.filter(sale_id=sale_id, kind=CommissionKind.REFUND)
            .using_db(connection)
            .exists()
        ):
            return sale
        if commission_status(sale, refunded_at) == "pending":
            sale.cancelled_at = refunded_at
            await sale.save(update_fields=["cancelled_at"], using_db=connection)
            reversed_ = sale
        else:
            reversed_ = await Commission.create(
                affiliate_id=sale.affiliate_id,
                buyer_id=sale.buyer_id,
                sale_id=sale_id,
                kind=CommissionKind.REFUND,
                currency=sale.currency,
                sale_amount=-sale.sale_amount,
                amount=-sale.amount,
                available_at=refunded_at,
                using_db=connection,
            )
        await self.ledger.record(
            EntryKind.COMMISSION_REVERSAL,
            f"commission_reversal:{reversed_.id}",
            Money(sale.amount, sale.currency),
            refunded_at,
            connection=connection,
            commission_id=reversed_.id,
        )
        return reversed_

    # Statistics and payouts

    async def stats(self, affiliate: Affiliate, now: datetime, since: datetime | None) -> Stats:
        """Figures since `since` (None: all time)."""
        clicks = AffiliateClick.filter(affiliate=affiliate)
        referrals = Referral.filter(affiliate=affiliate)
        commissions = Commission.filter(affiliate=affiliate)
        if since is not None:
            clicks = clicks.filter(created_at__gte=since)
            referrals = referrals.filter(created_at__gte=since)
            commissions = commissions.filter(created_at__gte=since)
        rows = await commissions.prefetch_related("payout")
        paying = {
            row.buyer_id for row in rows if row.kind == CommissionKind.SALE and not row.cancelled_at
        }
        stats = Stats(await clicks.count(), await referrals.count(), len(paying))
        for row in rows:
            earned = stats.earnings.setdefault(row.currency, Earnings.zero(row.currency))
            status = commission_status(row, now)
            if status != "cancelled":
                setattr(earned, status, getattr(earned, status) + Money(row.amount, row.currency))
        return stats

    @staticmethod
    def _available(affiliate: Affiliate | None, now: datetime) -> QuerySet[Commission]:
        """Commissions that can be paid out now: one affiliate's, or everyone's (None)."""
        query = Commission.all() if affiliate is None else Commission.filter(affiliate=affiliate)
        return query.filter(
            payout_id__isnull=True,
            cancelled_at__isnull=True,
            available_at__lte=now,
        )

    async def overview(self, now: datetime) -> list[AffiliateSummary]:
        """Every affiliate with their figures, in the order they joined: a fixed number of
        grouped queries, however many affiliates there are."""
        affiliates = await Affiliate.all().order_by("joined_at").prefetch_related("user")
        clicks = await self._count_by_affiliate(AffiliateClick.all())
        signups = await self._count_by_affiliate(Referral.all())
        paying: dict[int, set[int]] = defaultdict(set)
        for affiliate_id, buyer_id in await Commission.filter(
            kind=CommissionKind.SALE, cancelled_at__isnull=True
        ).values_list("affiliate_id", "buyer_id"):
            paying[affiliate_id].add(buyer_id)
        available: dict[int, dict[str, Money]] = defaultdict(dict)
        for affiliate_id, currency, amount in (
            await self._available(None, now)
            .annotate(total=Sum("amount"))
            .group_by("affiliate_id", "currency")
            .values_list("affiliate_id", "currency", "total")
        ):
            available[affiliate_id][currency] = Money(int(amount), currency)
        return [
            AffiliateSummary(
                affiliate,
                clicks.get(affiliate.id, 0),
                signups.get(affiliate.id, 0),
                len(paying[affiliate.id]),
                available[affiliate.id],
            )
            for affiliate in affiliates
        ]

    @staticmethod
    async def _count_by_affiliate(query: QuerySet[Any]) -> dict[int, int]:
        rows = (
            await query.annotate(n=Count("id"))
            .group_by("affiliate_id")
            .values_list("affiliate_id", "n")
        )
        return {affiliate_id: count for affiliate_id, count in rows}

    async def report(self, user: User, now: datetime) -> AffiliateReport:
        """The affiliate `user` is, in detail; UnknownUser when they have not joined."""
        affiliate = await self.of(user)
        if affiliate is None:
            who = f"@{user.username}" if user.username else str(user.telegram_id)
            raise UnknownUser(f"{who} has not joined the affiliate program")
        affiliate.user = user
        return AffiliateReport(
            affiliate,
            recent=await self.stats(affiliate, now, since=now - STATS_WINDOW),
            total=await self.stats(affiliate, now, since=None),
            available=await self.balances(affiliate, now),
            payouts=list(await Payout.filter(affiliate=affiliate).order_by("-requested_at")),
        )

    async def payouts(self, status: PayoutStatus | None) -> list[Payout]:
        """Payout requests, oldest first, with their affiliate's user (None: every status)."""
        query = Payout.all().order_by("requested_at").prefetch_related("affiliate__user")
        if status is not None:
            query = query.filter(status=status)
        return list(await query)

    async def balances(self, affiliate: Affiliate, now: datetime) -> dict[str, Money]:
        """What can be paid out now, per currency."""
        totals: dict[str, int] = defaultdict(int)
        for row in await self._available(affiliate, now):
            totals[row.currency] += row.amount
        return {currency: Money(amount, currency) for currency, amount in totals.items()}

    async def request_payout(
        self, affiliate: Affiliate, now: datetime, request_id: int | None = None
    ) -> PayoutRequest:
        """A payout per currency whose available balance reached the minimum. The commissions
        are locked, added up and set aside in one transaction, so a refund or a second request
        at the same moment cannot change what the payout covers. A request made again under
        the same `request_id` (a redelivered /payout) gets the payouts it made the first time."""
        if request_id is not None:
            earlier = await Payout.filter(affiliate=affiliate, request_id=request_id).order_by("id")
            if earlier:
                return PayoutRequest(list(earlier), repeated=True)
        async with in_transaction() as connection:
            rows = await self._available(affiliate, now).using_db(connection).select_for_update()
            by_currency: dict[str, list[Commission]] = defaultdict(list)
            for row in rows:
                by_currency[row.currency].append(row)
            balances = {c: Money(sum(r.amount for r in rs), c) for c, rs in by_currency.items()}
            due = [
                currency
                for currency, money in sorted(balances.items())
                if currency in self.min_payout and money >= self.min_payout[currency]
            ]
            if not due:
                raise BelowMinimum(balances, self.min_payout)
            payouts = []
            for currency in due:
                payout = await Payout.create(
                    affiliate=affiliate,
                    request_id=request_id,
                    currency=currency,
                    amount=balances[currency].amount,
                    using_db=connection,
                )
                ids = [row.id for row in by_currency[currency]]
                await Commission.filter(id__in=ids).using_db(connection).update(payout_id=payout.id)
                payouts.append(payout)
        return PayoutRequest(payouts)

    async def mark_paid(self, payout_id: int, reference: str, now: datetime) -> Payout:
        """Record the payment of a requested payout, once, with its ledger entry: a payout
        already paid keeps its reference and date (PayoutAlreadyPaid), so the books never
        change silently."""
        async with in_transaction() as connection:
            taken = (
                await Payout.filter(id=payout_id, status=PayoutStatus.REQUESTED)
                .using_db(connection)
                .update(status=PayoutStatus.PAID, paid_at=now, reference=reference[:255])
            )
            payout = await Payout.get_or_none(id=payout_id, using_db=connection).prefetch_related(
                "affiliate__user"
            )
            if payout is None:
                raise UnknownPayout(f"no payout #{payout_id}; `affiliates payouts` lists them")
            if not taken:
                raise PayoutAlreadyPaid(
                    f"payout #{payout_id} was paid on {payout.paid_at:%Y-%m-%d} "
                    f"({payout.reference}); nothing changed"
                )
            await self.ledger.record(
                EntryKind.PAYOUT,
                f"payout:{payout.id}",
                Money(payout.amount, payout.currency),
                now,
                connection=connection,
                payout_id=payout.id,
            )
        return payout
