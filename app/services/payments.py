"""Telegram Stars payments: pre-checkout, the payment itself (exactly once), refunds,
subscriptions and reconciliation with Telegram's own list of transactions.

The service speaks to Telegram only through a `StarsGateway` (app/stars.py implements it with
the Bot), so it stays free of aiogram like every service.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.money import STARS, Money
from app.services.affiliates import AffiliateService
from app.services.entitlements import Change, EntitlementService, NothingToRevoke
from app.services.ledger import Ledger
from app.services.orders import (
    IllegalTransition,
    OrderService,
    UnknownOrder,
    grant_ref,
    live_subscription,
    open_key,
    order_of_payload,
)
from models import (
    OPEN_STATUSES,
    PAID_STATUSES,
    EntryKind,
    LedgerEntry,
    Order,
    OrderKind,
    OrderStatus,
    Payment,
    PaymentOutcome,
    StarSubscription,
    SubscriptionProvider,
    SubscriptionStatus,
    User,
)

log = logging.getLogger(__name__)

# Telegram's only subscription period: 30 days.
SUBSCRIPTION_PERIOD_S = 2_592_000


# A payment its update has not settled by then is the maintenance job's to finish; Telegram
# redelivers a failed update within seconds to minutes.
LEFT_OVER_AFTER = timedelta(minutes=3)
# Why a renewal paid for nothing, when no later renewal could do better.
RENEWS_NOTHING = frozenset(
    {"unknown_order", "not_payer", "unknown_user", "unknown_subscription", "subscription_ended"}
)


def stars(amount: int) -> str:
    return Money(amount, STARS).format()


class RefundRefused(DomainError):
    """Telegram refused a refund: `reason` is charge_not_found, already_refunded or other."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"Telegram refused the refund: {detail or reason}")
        self.reason = reason
        self.code = f"refund.{reason}"


class CardPaymentsOff(DomainError):
    code = "card.off"


class NotRefundable(DomainError):
    """Nothing to give back; the code says why (refunded already, free, never paid)."""

    code = "refund.not_refundable"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class UnknownPayment(DomainError):
    code = "payment.unknown"


class NoSubscription(DomainError):
    code = "subscription.none"


class SubscriptionChangeRefused(DomainError):
    """Telegram refused to cancel or resume a subscription."""

    code = "subscription.refused"


class RefundGateway(Protocol):
    """Where a payment's money goes back and a subscription stops: Telegram for Stars,
    Stripe for cards."""

    async def refund(self, telegram_user_id: int, charge_id: str) -> None:
        """Give the payment back in full; RefundRefused when the provider says no."""

    async def set_subscription_cancelled(
        self, telegram_user_id: int, charge_id: str, cancelled: bool
    ) -> None:
        """Stop renewals (or allow them again); SubscriptionChangeRefused on a refusal."""


class StarsGateway(RefundGateway, Protocol):
    """What the payments need from the Bot API: refundStarPayment, editUserStarSubscription
    and getStarTransactions."""

    def transactions(self) -> AsyncIterator[StarTransaction]:
        """getStarTransactions, every page, oldest first."""


@dataclass(frozen=True)
class StarTransaction:
    id: str  # a payment's telegram_payment_charge_id; a refund repeats it
    amount: int
    date: datetime
    incoming: bool  # a user paid us (False: a refund, a withdrawal, ...)
    refund: bool


@dataclass(frozen=True)
class PaymentFacts:
    """A successful_payment message, as the service needs it."""

    charge_id: str
    provider_charge_id: str
    currency: str
    amount: int
    payload: str
    is_recurring: bool = False
    is_first_recurring: bool = False
    subscription_expires_at: datetime | None = None
    # A card subscription's id at Stripe (sub_…); a Stars one is named by its first charge.
    subscription_ref: str | None = None


@dataclass
class Settlement:
    payment: Payment
    order: Order | None  # the order it paid (plan and product loaded), if it paid one
    changes: list[Change] = field(default_factory=list)
    first: bool = True  # False: this charge was settled before (a redelivery)
    late: bool = False  # it arrived after its order closed and paid a new one

    @property
    def refund_due(self) -> bool:
        return self.payment.outcome == PaymentOutcome.REFUND_DUE


@dataclass(frozen=True)
class Refund:
    payment: Payment
    order: Order | None
    user: User | None
    changes: list[Change]
    already_at_telegram: bool = False  # Telegram had refunded it already
    # Telegram's refunded_payment update recorded this refund first, and told the buyer.
    told_by_telegram: bool = False


class PaymentService:
    def __init__(
        self,
        orders: OrderService,
        entitlements: EntitlementService,
        affiliates: AffiliateService,
        ledger: Ledger,
    ) -> None:
        self.orders = orders
        self.entitlements = entitlements
        self.affiliates = affiliates
        self.ledger = ledger
        # Stripe, for card payments (set by the composition root when they are on).
        self.card: RefundGateway | None = None

    def _card(self) -> RefundGateway:
        if self.card is None:
            raise CardPaymentsOff("card payments are off: STRIPE_SECRET_KEY is unset")
        return self.card

    def _gateway(self, currency: str, stars: RefundGateway) -> RefundGateway:
        """Who gives this currency's money back: Telegram for Stars, Stripe for the rest."""
        return stars if currency == STARS else self._card()

    # Pre-checkout

    async def pre_checkout_refusal(
        self, telegram_user_id: int, payload: str, currency: str, amount: int, now: datetime
    ) -> tuple[str | None, int | None]:
        """Why Telegram should not take this payment (a code), or None; and the plan, when a
        fresh price for it is the way forward."""
        order = await order_of_payload(payload)
        if order is None:
            return "payment.forged", None
        await order.fetch_related("user", "plan__product", "quote")
        if order.user.telegram_id != telegram_user_id:
            return "payment.not_yours", None
        if order.status not in OPEN_STATUSES:
            if order.status in (OrderStatus.PAID, OrderStatus.FULFILLED):
                return "payment.already_paid", None
            return "payment.closed", order.plan_id
        if not order.plan.active or not order.plan.product.active:
            return "payment.unavailable", None
        if order.quote is not None and order.quote.expires_at <= now:
            return "payment.quote_expired", order.plan_id
        if currency != order.currency or amount != order.amount:
            return "payment.amount_changed", order.plan_id
        if order.quote is not None and not await self._still_first_purchase(order):
            return "payment.amount_changed", order.plan_id  # the discount was for a first one
        if order.kind == OrderKind.SUBSCRIPTION and await live_subscription(
            order.user, order.plan_id, now
        ):
            return "payment.already_subscribed", None
        return None, None

    async def _still_first_purchase(self, order: Order) -> bool:
        """False when the quote's price counted on a first purchase (the newcomer offer, the
        referral discount, a first-purchase promo code) that another order has since been."""
        quote, plan = order.quote, order.plan
        assert quote is not None, "orders from a quote"
        rules = {line.get("rule") for line in quote.lines}
        await quote.fetch_related("promo")
        pricing = self.orders.pricing
        if ("newcomer" in rules or (quote.promo and quote.promo.first_purchase_only)) and not (
            await pricing.first_purchase(order.user, plan)
        ):
            return False
        return "referral" not in rules or await pricing.first_purchase_ever(order.user)

    # The payment

    async def record(self, facts: PaymentFacts, telegram_user_id: int, now: datetime) -> Payment:
        """Step one: the money that arrived, recorded once per charge (the charge id is unique)
        before anything is made of it, so that nothing that fails later can lose it."""
        try:
            async with in_transaction() as connection:
                earlier = await Payment.get_or_none(charge_id=facts.charge_id, using_db=connection)
                if earlier is not None:
                    return earlier
                return await Payment.create(
                    charge_id=facts.charge_id,
                    provider_charge_id=facts.provider_charge_id[:128],
                    telegram_user_id=telegram_user_id,
                    currency=facts.currency,
                    amount=facts.amount,
                    invoice_payload=facts.payload[:128],
                    is_recurring=facts.is_recurring,
                    is_first_recurring=facts.is_first_recurring,
                    subscription_expires_at=facts.subscription_expires_at,
                    subscription_ref=facts.subscription_ref,
                    received_at=now,
                    using_db=connection,
                )
        except IntegrityError:
            # Delivered twice at once: the other delivery recorded it.
            earlier = await Payment.get_or_none(charge_id=facts.charge_id)
            if earlier is None:
                raise
            return earlier

    async def settle(self, payment: Payment, payer: User | None, now: datetime) -> Settlement:
        """Step two, once per payment (its row locked): give what it paid for, all in one
        transaction — the order paid, the access granted with the order as its source, the
        promo use redeemed, the quote closed, the referrer's commission and the ledger entry.
        A payment that pays for nothing we can sell is booked as due for a refund."""
        async with in_transaction() as connection:
            payment = (
                await Payment.filter(id=payment.id).using_db(connection).select_for_update().get()
            )
            if payment.outcome != PaymentOutcome.RECEIVED:
                return Settlement(payment, await self._paid_order(payment), first=False)
            return await self._settle(payment, payer, now, connection)

    async def give_up(self, payment: Payment, problem: str, now: datetime) -> Settlement:
        """A payment that could not be applied (a failure of ours that a retry would repeat):
        booked as due for a refund, so the money goes back instead of being lost."""
        async with in_transaction() as connection:
            payment = (
                await Payment.filter(id=payment.id).using_db(connection).select_for_update().get()
            )
            if payment.outcome == PaymentOutcome.RECEIVED:
                await self._due_for_refund(payment, problem, now, connection)
        return Settlement(payment, await self._paid_order(payment))

    async def _due_for_refund(
        self, payment: Payment, problem: str, now: datetime, connection
    ) -> None:
        payment.outcome, payment.problem = PaymentOutcome.REFUND_DUE, problem
        await payment.save(update_fields=["outcome", "problem"], using_db=connection)
        await self._book(payment, now, connection)

    async def _book(self, payment: Payment, now: datetime, connection) -> None:
        await self.ledger.record(
            EntryKind.PAYMENT,
            f"payment:{payment.id}",
            Money(payment.amount, payment.currency),
            now,
            connection=connection,
            payment_id=payment.id,
            order_id=payment.order_id,
        )

    @staticmethod
    async def _paid_order(payment: Payment) -> Order | None:
        if payment.order_id is None or payment.outcome != PaymentOutcome.APPLIED:
            return None
        return await Order.get(id=payment.order_id).prefetch_related("plan__product")

    async def _settle(
        self, payment: Payment, payer: User | None, now: datetime, connection
    ) -> Settlement:
        facts = PaymentFacts(
            charge_id=payment.charge_id,
            provider_charge_id=payment.provider_charge_id,
            currency=payment.currency,
            amount=payment.amount,
            payload=payment.invoice_payload,
            is_recurring=payment.is_recurring,
            is_first_recurring=payment.is_first_recurring,
            subscription_expires_at=payment.subscription_expires_at,
            subscription_ref=payment.subscription_ref,
        )
        named = await order_of_payload(facts.payload, connection)
        if named is not None:
            await named.fetch_related("plan__product", using_db=connection)
        if payer is None:  # someone who never started the bot: nobody to give access to
            order, problem = None, "unknown_user"
        else:
            order, problem = await self._order_to_pay(facts, payer, named, now, connection)
        if order is None or payer is None:
            await self._due_for_refund(payment, problem, now, connection)
            return Settlement(payment, None)
        payment.outcome, payment.order_id = PaymentOutcome.APPLIED, order.id
        await payment.save(update_fields=["outcome", "order_id"], using_db=connection)
        await self._book(payment, now, connection)
        await self.orders.move(order, OrderStatus.PAID, "payment", now, connection)
        if order.kind == OrderKind.SUBSCRIPTION:
            # A late first payment paid a new order; its renewals name the first one.
            paid_for = [order] if named is None or named.id == order.id else [order, named]
            await self._start_subscription(paid_for, payer, facts, now, connection)
        elif order.kind == OrderKind.RENEWAL and order.subscription_id is not None:
            await (
                StarSubscription.filter(id=order.subscription_id)
                .using_db(connection)
                .update(period_end=facts.subscription_expires_at or now)
            )
        changes = await self.orders.fulfil(order, payer, now, connection)
        await self.affiliates.record_sale(
            grant_ref(order), payer, Money(order.amount, order.currency), now, connection
        )
        late = named is not None and order.id != named.id and order.kind != OrderKind.RENEWAL
        return Settlement(payment, order, changes, late=late)

    async def _order_to_pay(
        self, facts: PaymentFacts, payer: User, named: Order | None, now: datetime, connection
    ) -> tuple[Order | None, str]:
        """The order this payment pays for, or None and why it pays for nothing."""
        if named is None:
            return None, "unknown_order"
        if named.user_id != payer.id:
            return None, "not_payer"
        plan = named.plan
        if facts.is_recurring and not facts.is_first_recurring:
            subscription = await StarSubscription.get_or_none(
                id=named.subscription_id, using_db=connection
            )
            if subscription is None:
                return None, "unknown_subscription"
            if subscription.status == SubscriptionStatus.ENDED:
                return None, "subscription_ended"  # refunded: Telegram was told to stop
            renewal = await self.orders.create(
                payer,
                plan,
                facts.currency,
                facts.amount,
                "renewal",
                now,
                connection,
                kind=OrderKind.RENEWAL,
                subscription_id=subscription.id,
                holds_slot=False,
            )
            renewal.plan = plan
            return renewal, ""
        if facts.currency != named.currency or facts.amount != named.amount:
            return None, "amount"
        if not plan.active or not plan.product.active:
            return None, "unavailable"
        if facts.is_first_recurring and await live_subscription(payer, plan.id, now):
            return None, "already_subscribed"  # two devices paid the same Pay link
        locked = await Order.filter(id=named.id).using_db(connection).select_for_update().get()
        named.status = locked.status
        if named.status in OPEN_STATUSES:
            return named, ""
        if named.status != OrderStatus.EXPIRED and named.status != OrderStatus.CANCELLED:
            return None, "already_paid"  # a second invoice of the same order, paid too
        # The price this user accepted, for a plan still on sale, arriving after its order
        # closed (expired by the job after pre-checkout approved it): honoured by a new order —
        # unless the user has since bought the plan, or has an open order for it they may pay.
        if await Order.exists(
            user_id=payer.id,
            plan_id=plan.id,
            status__in=PAID_STATUSES,
            created_at__gt=named.created_at,
            using_db=connection,
        ):
            return None, "already_bought"
        if await Order.exists(open_key=open_key(payer.id, plan.id), using_db=connection):
            return None, "replaced"
        late = await self.orders.create(
            payer,
            plan,
            facts.currency,
            facts.amount,
            "late_payment",
            now,
            connection,
            kind=OrderKind.SUBSCRIPTION if facts.is_first_recurring else OrderKind.ONE_TIME,
            holds_slot=False,
        )
        late.plan = plan
        return late, ""

    async def _start_subscription(
        self, orders: list[Order], payer: User, facts: PaymentFacts, now: datetime, connection
    ) -> None:
        """The subscription the first payment started, linked to the order it paid and to the
        order its invoice named (the same one unless the payment came late): renewals carry
        the named order's payload."""
        by_card = SubscriptionProvider.STRIPE
        subscription = await StarSubscription.create(
            user=payer,
            plan_id=orders[0].plan_id,
            charge_id=facts.subscription_ref or facts.charge_id,
            provider=by_card if facts.subscription_ref else SubscriptionProvider.STARS,
            status=SubscriptionStatus.ACTIVE,
            period_end=facts.subscription_expires_at or now,
            created_at=now,
            using_db=connection,
        )
        for order in orders:
            order.subscription_id = subscription.id
        await (
            Order.filter(id__in=[order.id for order in orders])
            .using_db(connection)
            .update(subscription_id=subscription.id)
        )

    async def left_over(self, now: datetime) -> list[Payment]:
        """Payments their update left half-done for longer than LEFT_OVER_AFTER (an outage
        outlasting Telegram's redeliveries): not applied yet, or due for a refund that was
        neither made nor refused."""
        return list(
            await Payment.filter(
                outcome__in=[PaymentOutcome.RECEIVED, PaymentOutcome.REFUND_DUE],
                refund_refused_at__isnull=True,
                received_at__lte=now - LEFT_OVER_AFTER,
            ).order_by("id")
        )

    @staticmethod
    async def payer_of(payment: Payment) -> User | None:
        return await User.get_or_none(telegram_id=payment.telegram_user_id)

    async def claim_receipt(self, payment: Payment, update_id: int) -> bool:
        """Whether this update sends the payment's receipt: the first to claim it does, and so
        does the same update delivered again after it failed before sending."""
        claimed = await Payment.filter(id=payment.id, receipt_update_id__isnull=True).update(
            receipt_update_id=update_id
        )
        if claimed:
            return True
        return await Payment.exists(
            id=payment.id, receipt_update_id=update_id, receipt_sent_at__isnull=True
        )

    async def receipt_sent(self, payment: Payment, now: datetime) -> None:
        await Payment.filter(id=payment.id).update(receipt_sent_at=now)

    # Refunds

    async def refund_order(
        self, order_id: int, cause: str, now: datetime, gateway: RefundGateway, reason: str = ""
    ) -> Refund:
        """Give an order's money back through Telegram, then undo what it gave; `reason` is
        kept with the order's move to refunded."""
        order = await Order.get_or_none(id=order_id).prefetch_related("user", "payments")
        if order is None:
            raise UnknownOrder(f"no order #{order_id}; `orders list` shows them")
        if order.status == OrderStatus.REFUNDED:
            raise NotRefundable(f"order #{order_id} was refunded already", "refund.done")
        payment = next((p for p in order.payments if p.outcome == PaymentOutcome.APPLIED), None)
        if payment is None:
            if order.status in (OrderStatus.PAID, OrderStatus.FULFILLED):
                raise NotRefundable(
                    f"order #{order_id} was free: nothing was paid "
                    "(`entitlements revoke` takes the access back)",
                    "refund.free",
                )
            raise NotRefundable(
                f"order #{order_id} is {order.status}: it was never paid", "refund.unpaid"
            )
        return await self._refund_payment(payment, cause, now, gateway, reason)

    async def refund_charge(
        self, charge_id: str, now: datetime, gateway: RefundGateway, reason: str = ""
    ) -> Refund:
        """Refund a payment by Telegram's charge id: the way to one that paid no order (due for
        a refund that Telegram refused, say)."""
        payment = await Payment.get_or_none(charge_id=charge_id)
        if payment is None:
            raise UnknownPayment(f"no payment {charge_id!r}; `orders show` lists an order's")
        if payment.outcome == PaymentOutcome.REFUNDED:
            raise NotRefundable(f"payment {charge_id} was refunded already", "refund.done")
        return await self._refund_payment(payment, "refund_admin", now, gateway, reason)

    async def refund_unmatched(
        self, payment: Payment, now: datetime, gateway: RefundGateway
    ) -> Refund:
        """Give back money that paid for nothing. When Telegram refuses, that is noted, and
        the maintenance job leaves the payment to an admin (`payments refund`)."""
        try:
            return await self._refund_payment(payment, "auto_refund", now, gateway)
        except RefundRefused:
            await Payment.filter(id=payment.id).update(refund_refused_at=now)
            raise

    async def _refund_payment(
        self, payment: Payment, cause: str, now: datetime, gateway: RefundGateway, reason: str = ""
    ) -> Refund:
        """Telegram gives the money back first; then the books and the access follow."""
        already = False
        try:
            await self._gateway(payment.currency, gateway).refund(
                payment.telegram_user_id, payment.charge_id
            )
        except RefundRefused as refused:
            if refused.reason != "already_refunded":
                raise
            already = True  # given back outside the bot: the books catch up below
        result = await self.refunded(payment.charge_id, cause, now, gateway, reason)
        if result is None:  # Telegram's word of this very refund was handled first: done
            result = replace(await self.refund_of(payment.charge_id), told_by_telegram=True)
        return replace(result, already_at_telegram=already)

    async def refunded(
        self,
        charge_id: str,
        cause: str,
        now: datetime,
        gateway: RefundGateway,
        reason: str = "",
        kind: EntryKind = EntryKind.REFUND,
    ) -> Refund | None:
        """A refund the provider has made (ours, or one it reports: Telegram's
        refunded_payment, Stripe's charge.refunded), or a dispute (`kind`): its effects, once
        (None when they were recorded before), and no more renewals of a subscription it paid
        for."""
        result = await self.record_refund(charge_id, cause, now, reason, kind)
        if result is None:
            return None
        order, payment = result.order, result.payment
        gateway = self._gateway(payment.currency, gateway)
        if order is not None and order.subscription_id is not None:
            subscription = await StarSubscription.get(id=order.subscription_id)
            await self._stop_renewals(subscription.charge_id, payment.telegram_user_id, gateway)
        elif order is None and (payment.is_first_recurring or payment.problem in RENEWS_NOTHING):
            # A subscription that can give nothing here must not be charged again: a card one
            # by its Stripe id, a Stars one by its first charge.
            name = payment.subscription_ref or await self._first_charge_of(payment)
            await self._stop_renewals(name, payment.telegram_user_id, gateway)
        return result

    @staticmethod
    async def _first_charge_of(payment: Payment) -> str:
        """The charge id Telegram knows a subscription by: its first payment's, which a renewal
        shares its invoice payload and payer with."""
        if payment.is_first_recurring:
            return payment.charge_id
        first = await Payment.filter(
            invoice_payload=payment.invoice_payload,
            telegram_user_id=payment.telegram_user_id,
            is_first_recurring=True,
        ).first()
        return first.charge_id if first is not None else payment.charge_id

    @staticmethod
    async def refund_of(charge_id: str) -> Refund:
        payment = await Payment.get(charge_id=charge_id)
        order = (
            await Order.get(id=payment.order_id).prefetch_related("plan__product")
            if payment.order_id is not None
            else None
        )
        user = await User.get_or_none(telegram_id=payment.telegram_user_id)
        return Refund(payment, order, user, [])

    @staticmethod
    async def _stop_renewals(charge_id: str, telegram_user_id: int, gateway: RefundGateway) -> None:
        """Tell Telegram not to charge a refunded subscription again; a refusal is logged (the
        subscription may have ended at Telegram already), not the refund's failure."""
        try:
            await gateway.set_subscription_cancelled(telegram_user_id, charge_id, True)
        except SubscriptionChangeRefused as refused:
            log.warning("Subscription %s not cancelled at Telegram: %s", charge_id, refused)

    async def record_refund(
        self,
        charge_id: str,
        cause: str,
        now: datetime,
        reason: str = "",
        kind: EntryKind = EntryKind.REFUND,
    ) -> Refund | None:
        """What a refund undoes, once per payment (None when it was recorded before): the
        refund entry, the order refunded, exactly what it granted revoked (other sources keep
        theirs) and the referrer's commission reversed."""
        async with in_transaction() as connection:
            payment = (
                await Payment.filter(charge_id=charge_id)
                .using_db(connection)
                .select_for_update()
                .first()
            )
            if payment is None or payment.outcome == PaymentOutcome.REFUNDED:
                return None
            if payment.outcome == PaymentOutcome.RECEIVED:  # refunded before it was applied
                await self._book(payment, now, connection)
            applied = payment.outcome == PaymentOutcome.APPLIED
            payment.outcome, payment.refunded_at, payment.refund_cause = (
                PaymentOutcome.REFUNDED,
                now,
                cause[:32],
            )
            await payment.save(
                update_fields=["outcome", "refunded_at", "refund_cause"], using_db=connection
            )
            await self.ledger.record(
                kind,  # a refund, or a dispute the bank took the money back for
                f"refund:{payment.id}",
                Money(payment.amount - payment.refunded_amount, payment.currency),
                now,
                connection=connection,
                payment_id=payment.id,
                order_id=payment.order_id,
            )
            user = await User.get_or_none(telegram_id=payment.telegram_user_id, using_db=connection)
            if not applied or payment.order_id is None or user is None:
                return Refund(payment, None, user, [])
            order = await (
                Order.filter(id=payment.order_id)
                .using_db(connection)
                .select_for_update()
                .prefetch_related("plan__product")
                .get()
            )
            try:
                await self.orders.move(
                    order, OrderStatus.REFUNDED, cause, now, connection, note=reason
                )
            except IllegalTransition:
                return Refund(payment, order, user, [])
            if order.subscription_id is not None:  # a refunded subscription renews no more
                # Before the access: a renewal locks the subscription, then the user's grants.
                await (
                    StarSubscription.filter(id=order.subscription_id)
                    .using_db(connection)
                    .update(status=SubscriptionStatus.ENDED, cancelled_at=now)
                )
            try:
                changes = await self.entitlements.revoke(
                    user,
                    now,
                    source_ref=grant_ref(order),
                    note=f"order #{order.id} refunded",
                    connection=connection,
                )
            except NothingToRevoke:
                changes = []
            await self.affiliates.record_refund(grant_ref(order), now, connection)
        return Refund(payment, order, user, changes)

    async def record_partial_refund(
        self, charge_id: str, refund_ref: str, amount: int, now: datetime
    ) -> Payment | None:
        """Part of a card payment given back at Stripe: booked once per refund, and the
        referrer's commission reversed; the access stays (a full refund takes it back). None
        when it was recorded before or the payment is not applied."""
        async with in_transaction() as connection:
            payment = (
                await Payment.filter(charge_id=charge_id)
                .using_db(connection)
                .select_for_update()
                .first()
            )
            key = f"partial_refund:{refund_ref}"
            if (
                payment is None
                or payment.outcome != PaymentOutcome.APPLIED
                or await LedgerEntry.filter(key=key).using_db(connection).exists()
            ):
                return None
            payment.refunded_amount += amount
            await payment.save(update_fields=["refunded_amount"], using_db=connection)
            await self.ledger.record(
                EntryKind.REFUND,
                key,
                Money(amount, payment.currency),
                now,
                connection=connection,
                payment_id=payment.id,
                order_id=payment.order_id,
            )
            if payment.order_id is not None:
                await self.affiliates.record_refund(f"order:{payment.order_id}", now, connection)
        return payment

    # Subscriptions

    async def subscriptions_of(self, user: User, now: datetime) -> list[StarSubscription]:
        """The user's Stars subscriptions whose paid period runs now, renewing or cancelled,
        with their plan and product, oldest first."""
        return list(
            await StarSubscription.filter(
                user_id=user.id,
                status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED],
                period_end__gt=now,
            )
            .order_by("created_at", "id")
            .prefetch_related("plan__product")
        )

    async def set_cancelled(
        self,
        user: User,
        subscription_id: int,
        cancelled: bool,
        now: datetime,
        gateway: RefundGateway,
    ) -> StarSubscription:
        """Cancel a subscription of this user (no more renewals; access runs to the period's
        end), or undo that — at Telegram first, then here. Telegram then lets the user turn
        renewal back on; it does not turn it on by itself."""
        subscription = next(
            (s for s in await self.subscriptions_of(user, now) if s.id == subscription_id), None
        )
        if subscription is None:  # not theirs, ended, or refunded: nothing to change
            raise NoSubscription("no such Stars subscription")
        provider = self._card() if subscription.provider == SubscriptionProvider.STRIPE else gateway
        await provider.set_subscription_cancelled(
            user.telegram_id, subscription.charge_id, cancelled
        )
        subscription.status = (
            SubscriptionStatus.CANCELLED if cancelled else SubscriptionStatus.ACTIVE
        )
        subscription.cancelled_at = now if cancelled else None
        # Only while it still runs: a refund may have ended it meanwhile, for good.
        changed = await StarSubscription.filter(
            id=subscription.id,
            status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED],
        ).update(status=subscription.status, cancelled_at=subscription.cancelled_at)
        if not changed:
            raise NoSubscription("the subscription has ended")
        return subscription

    # Reconciliation

    async def reconcile(self, gateway: StarsGateway, since: datetime | None) -> list[str]:
        """Differences between Telegram's transactions and our payments since `since`. Each
        side's payments since then are looked up in everything the other side has, so a payment
        Telegram dated just before `since` and we received just after is no difference."""
        theirs: dict[str, StarTransaction] = {}
        refunded_there: set[str] = set()
        async for transaction in gateway.transactions():
            if transaction.incoming:
                theirs[transaction.id] = transaction
            elif transaction.refund:
                refunded_there.add(transaction.id)
        ours = {payment.charge_id: payment for payment in await Payment.filter(currency=STARS)}

        def recent(moment: datetime) -> bool:
            return since is None or moment >= since

        problems = []
        for charge_id, transaction in sorted(theirs.items()):
            if recent(transaction.date) and charge_id not in ours:
                problems.append(
                    f"Telegram has payment {charge_id} ({stars(transaction.amount)}) that we do not"
                )
        for charge_id, payment in sorted(ours.items()):
            if not recent(payment.received_at):
                continue
            telegrams = theirs.get(charge_id)
            if telegrams is None:
                problems.append(
                    f"we have payment {charge_id} ({stars(payment.amount)}) that Telegram does not"
                )
                continue
            if payment.amount != telegrams.amount:
                problems.append(
                    f"payment {charge_id}: we recorded {stars(payment.amount)}, "
                    f"Telegram {stars(telegrams.amount)}"
                )
            refunded_here = payment.outcome == PaymentOutcome.REFUNDED
            if refunded_here != (charge_id in refunded_there):
                where = "here but not at Telegram" if refunded_here else "at Telegram but not here"
                problems.append(f"payment {charge_id} is refunded {where}")
        return problems
