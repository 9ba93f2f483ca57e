"""Free orders: a quote whose total is zero (a 100 % promo code) is fulfilled at once, with no
payment. The payments issue routes these through orders like any other."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.services.entitlements import Change, EntitlementService
from app.services.pricing import QuoteUnavailable
from models import GrantSource, Plan, PromoReservation, Quote, QuoteStatus, User


class NotFree(DomainError):
    """The quote costs something: it is paid, not claimed."""

    code = "quote.not_free"


@dataclass(frozen=True)
class FreeOrder:
    plan: Plan
    changes: list[Change]
    fulfilled_before: bool  # the same quote claimed again (a second tap): nothing new given


class FreeOrderService:
    def __init__(self, entitlements: EntitlementService) -> None:
        self.entitlements = entitlements

    async def fulfil(self, user: User, quote_id: str, now: datetime) -> FreeOrder:
        """Give what a free quote sells, once: the quote is locked, marked paid, its promo use
        redeemed and the access granted in one transaction (the grant's source is the promo
        and its reference the quote, so a second claim grants nothing)."""
        try:
            quote_uuid = uuid.UUID(str(quote_id))
        except ValueError:
            raise QuoteUnavailable from None
        async with in_transaction() as connection:
            quote = (
                await Quote.filter(id=quote_uuid, user_id=user.id)
                .using_db(connection)
                .select_for_update()
                .first()
            )
            if quote is None:
                raise QuoteUnavailable
            plan = (
                await Plan.filter(id=quote.plan_id)
                .using_db(connection)
                .prefetch_related("product")
                .get()
            )
            if quote.status == QuoteStatus.PAID:
                return FreeOrder(plan, [], fulfilled_before=True)
            if quote.expires_at <= now:
                raise QuoteUnavailable
            if quote.total_amount != 0:
                raise NotFree
            changes = await self.entitlements.grant(
                user,
                plan.product.entitlements,
                plan.duration_days,
                GrantSource.PROMO if quote.promo_id else GrantSource.ORDER,
                f"quote:{quote.id.hex}",
                now,
                note=f"free {plan.code}",
                connection=connection,
            )
            await (
                Quote.filter(id=quote.id)
                .using_db(connection)
                .update(status=QuoteStatus.PAID, paid_at=now)
            )
            await (
                PromoReservation.filter(quote_id=quote.id)
                .using_db(connection)
                .update(redeemed_at=now)
            )
        return FreeOrder(plan, changes, fulfilled_before=False)
