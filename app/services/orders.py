"""Orders: one purchase of one plan by one user, made only from a valid quote of theirs.

created → awaiting_payment → paid → fulfilled; created/awaiting_payment → expired or cancelled;
paid/fulfilled → refunded (models.orders.ORDER_TRANSITIONS, which the database enforces too).
Every move is a compare-and-set on the status, stored with its time and cause.
"""

from __future__ import annotations

import hmac
import re
import secrets
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.money import STARS
from app.services.catalog import MAX_SUBSCRIPTION_STARS
from app.services.entitlements import Change, EntitlementService
from app.services.pricing import PricingService, QuotePaid, QuoteUnavailable
from models import (
    OPEN_STATUSES,
    ORDER_TRANSITIONS,
    PAID_STATUSES,
    GrantSource,
    Order,
    OrderKind,
    OrderStatus,
    OrderTransition,
    Plan,
    PromoReservation,
    Quote,
    QuoteStatus,
    StarSubscription,
    SubscriptionStatus,
    User,
)

# An invoice payload: the order and its secret token. Telegram allows 1-128 bytes.
PAYLOAD_RE = re.compile(r"order:(\d{1,10}):([A-Za-z0-9_-]{16,32})")
# An open order whose quote ran out this long ago can no longer be paid: a payment approved at
# pre-checkout just before the quote expired still lands inside it.
PAYMENT_GRACE = timedelta(minutes=10)


class UnknownOrder(DomainError):
    code = "order.unknown"


class AlreadySubscribed(DomainError):
    """A second Stars subscription to the same plan would charge the user twice a month."""

    code = "subscription.exists"


async def live_subscription(user: User, plan_id: int, now: datetime) -> StarSubscription | None:
    """The user's subscription to the plan whose paid period runs now (renewing or not)."""
    return await StarSubscription.filter(
        user_id=user.id,
        plan_id=plan_id,
        status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED],
        period_end__gt=now,
    ).first()


class IllegalTransition(DomainError):
    """A move ORDER_TRANSITIONS does not allow, or one another worker made first."""

    code = "order.illegal_transition"


def payload_of(order: Order) -> str:
    return f"order:{order.id}:{order.token}"


def parse_payload(payload: str) -> tuple[int, str] | None:
    match = PAYLOAD_RE.fullmatch(payload or "")
    return (int(match.group(1)), match.group(2)) if match else None


async def order_of_payload(payload: str, connection=None) -> Order | None:
    """The order an invoice payload names, if its token is right (compared in constant time):
    a payload cannot be guessed or forged into another order."""
    parsed = parse_payload(payload)
    if parsed is None:
        return None
    order_id, token = parsed
    order = await Order.get_or_none(id=order_id, using_db=connection)
    if order is None or not hmac.compare_digest(order.token, token):
        return None
    return order


def open_key(user_id: object, plan_id: int) -> str:
    return f"{user_id}:{plan_id}"


@dataclass(frozen=True)
class Checkout:
    order: Order  # its plan and product loaded
    reused: bool  # the user's open order for this quote, asked for again


@dataclass(frozen=True)
class FreeOrder:
    order: Order  # its plan and product loaded
    changes: list[Change]
    fulfilled_before: bool  # the same quote claimed again (a second tap): nothing new given


class OrderService:
    def __init__(self, pricing: PricingService, entitlements: EntitlementService) -> None:
        self.pricing = pricing
        self.entitlements = entitlements

    @staticmethod
    async def move(
        order: Order, to: OrderStatus, cause: str, now: datetime, connection=None, note: str = ""
    ) -> None:
        """Move `order` to `to`, if that is legal from the status it has in the database now;
        IllegalTransition otherwise. `note` keeps an admin's words (a refund's reason)."""
        if to not in ORDER_TRANSITIONS[order.status]:
            raise IllegalTransition(f"order #{order.id} cannot go from {order.status} to {to}")
        changes: dict[str, object] = {"status": to}
        if to not in OPEN_STATUSES:
            changes["open_key"] = None
        if to == OrderStatus.PAID:
            changes["paid_at"] = now
        if not ORDER_TRANSITIONS[to] or to == OrderStatus.FULFILLED:
            changes["closed_at"] = now
        moved = (
            await Order.filter(id=order.id, status=order.status)
            .using_db(connection)
            .update(**changes)
        )
        if not moved:
            raise IllegalTransition(f"order #{order.id} is no longer {order.status}")
        await OrderTransition.create(
            order_id=order.id,
            from_status=order.status,
            to_status=to,
            cause=cause,
            note=note[:255],
            at=now,
            using_db=connection,
        )
        for name, value in changes.items():
            setattr(order, name, value)

    @staticmethod
    async def create(
        user: User,
        plan: Plan,
        currency: str,
        amount: int,
        cause: str,
        now: datetime,
        connection,
        *,
        quote: Quote | None = None,
        kind: OrderKind = OrderKind.ONE_TIME,
        subscription_id: int | None = None,
        holds_slot: bool = True,
    ) -> Order:
        """A new order. It holds the user's one open slot for the plan unless it is paid in
        the same transaction (a renewal, a late payment), which must never wait for the slot."""
        order = await Order.create(
            user=user,
            plan=plan,
            quote=quote,
            kind=kind,
            subscription_id=subscription_id,
            currency=currency,
            amount=amount,
            open_key=open_key(user.id, plan.id) if holds_slot else None,
            token=secrets.token_urlsafe(16),
            created_at=now,
            using_db=connection,
        )
        await OrderTransition.create(
            order_id=order.id,
            to_status=OrderStatus.CREATED,
            cause=cause,
            at=now,
            using_db=connection,
        )
        return order

    async def checkout(self, user: User, quote_id: str, now: datetime) -> Checkout:
        """The order for this quote of this user: the open one made from it before, or a new
        one. The user's other open order for the plan (an older price) is cancelled, or expired
        if its quote ran out: one open order per user and plan."""
        quote = await self.pricing.open_quote(user, quote_id, now)  # this user's, open, valid
        plan = quote.plan
        if order_kind(plan, quote) == OrderKind.SUBSCRIPTION and await live_subscription(
            user, plan.id, now
        ):
            raise AlreadySubscribed("already subscribed to this plan")
        try:
            async with in_transaction() as connection:
                earlier = (
                    await Order.filter(quote_id=quote.id)
                    .using_db(connection)
                    .select_for_update()
                    .first()
                )
                if earlier is not None:
                    if earlier.status in PAID_STATUSES:
                        raise QuotePaid
                    if earlier.status not in OPEN_STATUSES:
                        raise QuoteUnavailable
                    earlier.plan = plan
                    return Checkout(earlier, reused=True)
                await self._close_open(user, plan, now, connection)
                order = await self.create(
                    user,
                    plan,
                    quote.currency,
                    quote.total_amount,
                    "quote",
                    now,
                    connection,
                    quote=quote,
                    kind=order_kind(plan, quote),
                )
        except IntegrityError:
            # Two taps at once: the other made the order (or took the open slot) first.
            winner = await Order.get_or_none(quote_id=quote.id)
            if winner is None or winner.status not in OPEN_STATUSES:
                raise QuoteUnavailable from None
            winner.plan = plan
            return Checkout(winner, reused=True)
        order.plan = plan
        return Checkout(order, reused=False)

    async def _close_open(self, user: User, plan: Plan, now: datetime, connection) -> None:
        current = (
            await Order.filter(open_key=open_key(user.id, plan.id))
            .using_db(connection)
            .select_for_update()
            .prefetch_related("quote")
            .first()
        )
        if current is None:
            return
        quote = current.quote
        ran_out = quote is None or quote.expires_at <= now
        await self.move(
            current,
            OrderStatus.EXPIRED if ran_out else OrderStatus.CANCELLED,
            "quote_expired" if ran_out else "replaced",
            now,
            connection,
        )

    async def invoice_sent(self, order: Order, now: datetime) -> None:
        if order.status == OrderStatus.CREATED:
            # Paid or closed meanwhile: nothing is awaited any more.
            with suppress(IllegalTransition):
                await self.move(order, OrderStatus.AWAITING_PAYMENT, "invoice_sent", now)

    async def claim_free(self, user: User, quote_id: str, now: datetime) -> FreeOrder:
        """Give what a free quote (a 100 % promo code) sells, at once and once: the order is
        created, paid and fulfilled, the promo use redeemed and the access granted in one
        transaction."""
        try:
            checkout = await self.checkout(user, quote_id, now)
        except QuotePaid:
            order = await Order.filter(quote_id=quote_id, user_id=user.id).first()
            if order is None:
                raise
            await order.fetch_related("plan__product")
            return FreeOrder(order, [], fulfilled_before=True)
        order = checkout.order
        if order.amount != 0:
            raise NotFree
        async with in_transaction() as connection:
            locked = await Order.filter(id=order.id).using_db(connection).select_for_update().get()
            if locked.status not in OPEN_STATUSES:
                return FreeOrder(order, [], fulfilled_before=True)
            order.status = locked.status
            await self.move(order, OrderStatus.PAID, "free", now, connection)
            changes = await self.fulfil(order, user, now, connection)
        return FreeOrder(order, changes, fulfilled_before=False)

    async def fulfil(
        self, order: Order, user: User, now: datetime, connection, cause: str = "granted"
    ) -> list[Change]:
        """Give a paid order's access (the order is the grant's source), redeem its promo use
        and close its quote, then mark it fulfilled; in the payment's transaction."""
        plan = order.plan
        quote = (
            await Quote.get_or_none(id=order.quote_id, using_db=connection)
            if order.quote_id
            else None
        )
        changes = await self.entitlements.grant(
            user,
            plan.product.entitlements,
            plan.duration_days,
            GrantSource.PROMO if quote is not None and quote.promo_id else GrantSource.ORDER,
            grant_ref(order),
            now,
            note=f"order #{order.id}: {plan.code}",
            connection=connection,
        )
        if quote is not None:
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
        await self.move(order, OrderStatus.FULFILLED, cause, now, connection)
        return changes

    async def expire_stale(self, now: datetime) -> int:
        """Expire the open orders whose quote ran out more than PAYMENT_GRACE ago."""
        stale = await Order.filter(
            status__in=OPEN_STATUSES, quote__expires_at__lte=now - PAYMENT_GRACE
        )
        expired = 0
        for order in stale:
            try:
                await self.move(order, OrderStatus.EXPIRED, "quote_expired", now)
                expired += 1
            except IllegalTransition:
                pass  # paid or closed meanwhile
        return expired

    # Reading

    @staticmethod
    async def payable(user: User, now: datetime) -> Order | None:
        """The user's newest open order whose price still holds, with its plan and product."""
        return (
            await Order.filter(user_id=user.id, status__in=OPEN_STATUSES, quote__expires_at__gt=now)
            .order_by("-created_at", "-id")
            .prefetch_related("plan__product")
            .first()
        )

    @staticmethod
    async def of_user(user: User, limit: int = 20) -> list[Order]:
        """The user's orders that got somewhere (an order never paid and closed is noise),
        newest first, with their plan and product."""
        return list(
            await Order.filter(user_id=user.id)
            .exclude(status__in=[OrderStatus.EXPIRED, OrderStatus.CANCELLED])
            .order_by("-created_at", "-id")
            .limit(limit)
            .prefetch_related("plan__product")
        )

    @staticmethod
    async def search(user: User | None, status: OrderStatus | None, limit: int) -> list[Order]:
        query = Order.all()
        if user is not None:
            query = query.filter(user_id=user.id)
        if status is not None:
            query = query.filter(status=status)
        return list(
            await query.order_by("-created_at", "-id").limit(limit).prefetch_related("plan", "user")
        )

    @staticmethod
    async def get(order_id: int) -> Order:
        order = await Order.get_or_none(id=order_id).prefetch_related(
            "plan__product", "user", "transitions", "payments", "ledger_entries__lines"
        )
        if order is None:
            raise UnknownOrder(f"no order #{order_id}; `orders list` shows them")
        return order


class NotFree(DomainError):
    """The quote costs something: it is paid, not claimed."""

    code = "quote.not_free"


def order_kind(plan: Plan, quote: Quote) -> OrderKind:
    """A subscription when the plan renews every 30 days and its price allows it (Telegram caps
    a Stars subscription, and a price worked out from USD may pass the ceiling; a card one has
    no cap): otherwise the 30 days are bought once."""
    if (
        plan.stars_subscription
        and quote.total_amount > 0
        and (quote.currency != STARS or quote.total_amount <= MAX_SUBSCRIPTION_STARS)
    ):
        return OrderKind.SUBSCRIPTION
    return OrderKind.ONE_TIME


def grant_ref(order: Order) -> str:
    """The source_ref of what an order granted: a refund revokes exactly that."""
    return f"order:{order.id}"
