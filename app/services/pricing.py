"""Quotes: the price of a plan for one user, right now, with every adjustment explained.

Rules run in a fixed order on the running total, each rounded to the minor unit in the buyer's
favour, and none takes the total below the plan's floor in that currency:

1. newcomer offer — the product's percentage off a user's first purchase of it;
2. promo code — a percentage or a fixed amount; a 100 % code is a deliberate giveaway and makes
   the order free whatever the floor;
3. referral discount — REFERRAL_DISCOUNT_PERCENT off the first purchase of a user who came
   through an affiliate's link.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.money import Money
from app.services.catalog import CatalogService, NoPrice
from models import (
    PAID_STATUSES,
    Order,
    Plan,
    PromoCode,
    PromoKind,
    PromoReservation,
    Quote,
    QuoteStatus,
    Referral,
    User,
)

FULL_DISCOUNT_BP = 10_000
# Promo codes are 1-32 of A-Z 0-9 _ -, matched without regard to case. Checked before upper-
# casing, so that "ß" does not become "SS", nor any typed text reach the database.
PROMO_CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")


def promo_code_of(text: str) -> str | None:
    """The code as stored (upper case), or None when the text cannot be a promo code."""
    text = text.strip()
    return text.upper() if PROMO_CODE_RE.fullmatch(text) else None


class PromoRejected(DomainError):
    """A promo code refused: `rule` names the rule that refused it (unknown, disabled, not_yet,
    expired, not_for_plan, not_for_currency, first_purchase_only, used_up, used_up_by_you); the
    facts the user needs to hear ride along (the date a code opens, the currency it misses)."""

    def __init__(
        self, rule: str, *, valid_from: datetime | None = None, currency: str | None = None
    ) -> None:
        super().__init__(f"promo code refused: {rule.replace('_', ' ')}")
        self.rule = rule
        self.code = f"promo.{rule}"
        self.valid_from = valid_from
        self.currency = currency


class QuoteUnavailable(DomainError):
    """The quote is not this user's, expired, paid or unknown: show a fresh one."""

    code = "quote.unavailable"


class QuotePaid(QuoteUnavailable):
    """This user's quote, already paid (or claimed, when free): nothing more to do."""

    code = "quote.paid"


@dataclass(frozen=True)
class Line:
    """One adjustment of a quote, as facts: the rule, what it is worth (negative: a discount) and
    the figures its words are built from when shown (`percent_bp`, a promo's `code`, a fixed
    `off` in minor units, `limited` when the plan's floor cut it short). Quotes stored before
    lines held facts carry their words in `reason`."""

    rule: str
    amount: Money
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, **self.facts, "amount": self.amount.amount}

    @classmethod
    def from_dict(cls, stored: dict[str, Any], currency: str) -> Line:
        facts = {name: value for name, value in stored.items() if name not in {"rule", "amount"}}
        return cls(stored["rule"], Money(stored["amount"], currency), facts)


@dataclass
class Context:
    """What the rules may look at."""

    user: User
    plan: Plan
    base: Money
    floor: Money
    now: datetime
    first_purchase: bool  # of this plan's product
    first_purchase_ever: bool = True
    referred: bool = False
    promo: PromoCode | None = None
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Proposal:
    amount: Money  # positive, before the floor
    facts: dict[str, Any]
    past_floor: bool = False  # a giveaway may take the total below the floor


class Rule(Protocol):
    name: str

    def discount(self, context: Context, running: Money) -> Proposal | None:
        """What this rule takes off the running total, or None."""


class NewcomerOffer:
    name = "newcomer"

    def discount(self, context: Context, running: Money) -> Proposal | None:
        percent_bp = context.plan.product.newcomer_discount_bp
        if not percent_bp or not context.first_purchase:
            return None
        return Proposal(running.percent(percent_bp, round_up=True), {"percent_bp": percent_bp})


class PromoDiscount:
    name = "promo"

    def discount(self, context: Context, running: Money) -> Proposal | None:
        promo = context.promo
        if promo is None:
            return None
        if promo.kind == PromoKind.PERCENT:
            percent_bp = promo.percent_bp
            assert percent_bp is not None, f"percent code {promo.code} has no percent_bp"
            return Proposal(
                running.percent(percent_bp, round_up=True),
                {"code": promo.code, "percent_bp": percent_bp},
                past_floor=percent_bp >= FULL_DISCOUNT_BP,
            )
        off = promo.amounts[running.currency]
        return Proposal(Money(off, running.currency), {"code": promo.code, "off": off})


class ReferralDiscount:
    name = "referral"

    def __init__(self, percent_bp: int) -> None:
        self.percent_bp = percent_bp

    def discount(self, context: Context, running: Money) -> Proposal | None:
        if not self.percent_bp or not context.referred or not context.first_purchase_ever:
            return None
        return Proposal(
            running.percent(self.percent_bp, round_up=True), {"percent_bp": self.percent_bp}
        )


@dataclass(frozen=True)
class Draft:
    """A computed quote, before (or without) storing it."""

    plan: Plan
    base: Money
    lines: list[Line]
    total: Money
    promo: PromoCode | None


def apply_rules(context: Context, rules: tuple[Rule, ...]) -> Draft:
    running = context.base
    for rule in rules:
        proposal = rule.discount(context, running)
        if proposal is None:
            continue
        amount, facts = proposal.amount, proposal.facts
        limit = running if proposal.past_floor else running - context.floor
        if amount > limit:
            amount = limit
            facts = {**facts, "limited": True}
        if amount.amount <= 0:
            continue
        context.lines.append(Line(rule.name, -amount, facts))
        running = running - amount
    # A code that took nothing off (the floor was reached) is not used up by this quote.
    applied = any(line.rule == PromoDiscount.name for line in context.lines)
    return Draft(
        context.plan, context.base, context.lines, running, context.promo if applied else None
    )


def promo_refusal(
    promo: PromoCode | None, plan: Plan, currency: str, now: datetime, first_purchase: bool
) -> PromoRejected | None:
    """The rule a promo code breaks for this purchase, checked before counting its uses."""
    if promo is None:
        return PromoRejected("unknown")
    if not promo.active:  # stopped by an admin: not a typo, so don't send them spell-checking
        return PromoRejected("disabled")
    if promo.valid_from and now < promo.valid_from:
        return PromoRejected("not_yet", valid_from=promo.valid_from)
    if promo.valid_until and now >= promo.valid_until:
        return PromoRejected("expired")
    if (promo.products and plan.product.code not in promo.products) or (
        promo.plans and plan.code not in promo.plans
    ):
        return PromoRejected("not_for_plan")
    if promo.kind == PromoKind.FIXED and currency not in promo.amounts:
        return PromoRejected("not_for_currency", currency=currency)
    if promo.first_purchase_only and not first_purchase:
        return PromoRejected("first_purchase_only")
    return None


def active_uses(now: datetime) -> Q:
    """Reservations that hold a use: redeemed ones, and unexpired ones."""
    return Q(redeemed_at__isnull=False) | Q(expires_at__gt=now)


class PricingService:
    def __init__(
        self, catalog: CatalogService, quote_ttl: timedelta, referral_discount_bp: int = 0
    ) -> None:
        self.catalog = catalog
        self.quote_ttl = quote_ttl
        # The documented order: newcomer offer, promo code, referral discount.
        self.rules: tuple[Rule, ...] = (
            NewcomerOffer(),
            PromoDiscount(),
            ReferralDiscount(referral_discount_bp),
        )

    async def first_purchase(self, user: User, plan: Plan) -> bool:
        """Whether the user has no paid order for this plan's product yet."""
        return not await Order.filter(
            user_id=user.id, plan__product_id=plan.product_id, status__in=PAID_STATUSES
        ).exists()

    async def first_purchase_ever(self, user: User) -> bool:
        """Whether the user has no paid order at all yet."""
        return not await Order.filter(user_id=user.id, status__in=PAID_STATUSES).exists()

    async def _context(self, user: User, plan: Plan, currency: str, now: datetime) -> Context:
        price = self.catalog.price(plan, currency)
        return Context(
            user,
            plan,
            price.base,
            price.floor,
            now,
            first_purchase=await self.first_purchase(user, plan),
            first_purchase_ever=await self.first_purchase_ever(user),
            referred=await Referral.exists(user_id=user.id),
        )

    async def preview(
        self, user: User, plan: Plan, currency: str, now: datetime, promo_code: str | None = None
    ) -> Draft:
        """The quote this user would get, without storing it or reserving a promo use."""
        context = await self._context(user, plan, currency, now)
        if promo_code:
            context.promo = await self._usable_promo(promo_code, context, currency, connection=None)
        return apply_rules(context, self.rules)

    async def quote(
        self, user: User, plan: Plan, currency: str, now: datetime, promo_code: str | None = None
    ) -> Quote:
        """Store a quote valid for QUOTE_TTL. A promo code that applies reserves one use for it,
        in the same transaction and under a lock on the code, so its limits hold under any load."""
        context = await self._context(user, plan, currency, now)
        expires_at = now + self.quote_ttl
        async with in_transaction() as connection:
            if promo_code:
                context.promo = await self._usable_promo(promo_code, context, currency, connection)
            draft = apply_rules(context, self.rules)
            if draft.promo is not None:
                await self._supersede(connection, user, draft.promo, now)
            quote = await Quote.create(
                id=uuid.uuid4(),
                user=user,
                plan=plan,
                currency=currency,
                base_amount=draft.base.amount,
                total_amount=draft.total.amount,
                lines=[line.as_dict() for line in draft.lines],
                promo=draft.promo,
                expires_at=expires_at,
                using_db=connection,
            )
            if draft.promo is not None:
                await PromoReservation.create(
                    promo=draft.promo,
                    user=user,
                    quote=quote,
                    expires_at=expires_at,
                    using_db=connection,
                )
        quote.plan = plan
        return quote

    async def _usable_promo(
        self, code: str, context: Context, currency: str, connection
    ) -> PromoCode:
        """The code if every rule and limit allows it, else PromoRejected. With a connection
        (a quote being stored) the code's row stays locked until the transaction ends."""
        normalized = promo_code_of(code)
        if normalized is None:
            raise PromoRejected("unknown")  # as promo_refusal answers for no code
        query = PromoCode.filter(code=normalized)
        if connection is not None:
            query = query.using_db(connection).select_for_update()
        promo = await query.first()
        refusal = promo_refusal(promo, context.plan, currency, context.now, context.first_purchase)
        if refusal:
            raise refusal
        assert promo is not None, "promo_refusal refuses a missing code"
        # The user's own unpaid reservations do not count: a new quote takes them over.
        holding = PromoReservation.filter(
            active_uses(context.now),
            ~Q(user_id=context.user.id, redeemed_at__isnull=True),
            promo_id=promo.id,
        )
        if connection is not None:
            holding = holding.using_db(connection)
        if promo.max_uses is not None and await holding.count() >= promo.max_uses:
            raise PromoRejected("used_up")
        if promo.max_uses_per_user is not None and (
            await holding.filter(user_id=context.user.id).count() >= promo.max_uses_per_user
        ):
            raise PromoRejected("used_up_by_you")
        return promo

    @staticmethod
    async def _supersede(connection, user: User, promo: PromoCode, now: datetime) -> None:
        """End the user's earlier open quotes with this code, and give back their uses: the
        newest quote is the one they will pay."""
        ids = (
            await Quote.filter(
                user_id=user.id, promo_id=promo.id, status=QuoteStatus.OPEN, expires_at__gt=now
            )
            .using_db(connection)
            .values_list("id", flat=True)
        )
        if ids:
            await Quote.filter(id__in=ids).using_db(connection).update(expires_at=now)
            await (
                PromoReservation.filter(quote_id__in=ids, redeemed_at__isnull=True)
                .using_db(connection)
                .update(expires_at=now)
            )

    async def open_quote(self, user: User, quote_id: str | uuid.UUID, now: datetime) -> Quote:
        """A quote coming back from a button: it must be this user's, open and unexpired."""
        try:
            quote_uuid = uuid.UUID(str(quote_id))
        except ValueError:
            raise QuoteUnavailable from None
        quote = (
            await Quote.filter(id=quote_uuid, user_id=user.id)
            .prefetch_related("plan__product", "plan__prices", "promo")
            .first()
        )
        if quote is not None and quote.status == QuoteStatus.PAID:
            raise QuotePaid
        if quote is None or quote.status != QuoteStatus.OPEN or quote.expires_at <= now:
            raise QuoteUnavailable
        return quote

    def draft_of(self, quote: Quote) -> Draft:
        """A stored quote in the shape the renderers use."""
        lines = [Line.from_dict(line, quote.currency) for line in quote.lines]
        return Draft(
            quote.plan,
            Money(quote.base_amount, quote.currency),
            lines,
            Money(quote.total_amount, quote.currency),
            quote.promo,
        )


__all__ = [
    "Draft",
    "Line",
    "NoPrice",
    "PricingService",
    "PromoRejected",
    "QuotePaid",
    "QuoteUnavailable",
]
