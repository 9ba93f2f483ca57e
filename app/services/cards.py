"""Card payments through Stripe: Checkout Sessions, one Stripe Customer per user, the Customer
Portal, refunds, and what Stripe's events mean for orders, subscriptions and the books.

Stripe is reached only through the official SDK (`StripeClient`, its address from
STRIPE_API_BASE, which the tests point at a local fake). Every event is acted on from the object
as Stripe has it now (re-read, not taken from the event), so events that arrive late, twice or
out of order change nothing twice and never move an order backwards. A card payment becomes a
`Payment` like a Stars one (its charge_id is the PaymentIntent's id) and is settled by the same
PaymentService, so orders, access, commissions and the ledger follow the same rules.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import stripe
from tortoise.exceptions import IntegrityError

from app.config import StripeSettings
from app.errors import DomainError
from app.money import STARS, Money
from app.services.entitlements import EntitlementService, NothingToRevoke
from app.services.ledger import Ledger
from app.services.orders import PAYMENT_GRACE, IllegalTransition, OrderService, payload_of
from app.services.payments import (
    PaymentFacts,
    PaymentService,
    Refund,
    RefundRefused,
    SubscriptionChangeRefused,
)
from app.services.pricing import PricingService
from models import (
    OPEN_STATUSES,
    EntryKind,
    GrantSource,
    Order,
    OrderKind,
    OrderStatus,
    Payment,
    PaymentOutcome,
    Plan,
    PromoReservation,
    StarSubscription,
    StripeCustomer,
    SubscriptionProvider,
    SubscriptionStatus,
    User,
)

log = logging.getLogger(__name__)

# Stripe refuses a Checkout Session that expires sooner than this after it is made,
SESSION_MIN_LIFE = timedelta(minutes=30, seconds=30)
# ... and one that expires later than 24 hours after (less a minute for rounding up).
SESSION_MAX_LIFE = timedelta(hours=23, minutes=58)


class NoCardPrice(DomainError):
    """The plan has no price in a currency a card can pay."""

    code = "card.no_price"


class StripeUnavailable(DomainError):
    """Stripe refused or did not answer: the user may try again, or pay with Stars."""

    code = "card.unavailable"


class NoBillingAccount(DomainError):
    """The user has never paid by card: there is nothing to manage in the portal."""

    code = "card.no_customer"


class NotOurs(Exception):
    """A Stripe object no order of ours is behind (a Payment Link, another app on the same
    Stripe account): its event is stored and ignored."""


class NotYet(Exception):
    """An event about something not recorded here yet (a refund of a payment whose completion
    has not been processed): tried again later, when it will be."""


# Stripe answers in well under a second; a checkout waits no longer than this for it.
STRIPE_TIMEOUT_S = 10


def stripe_client(settings: StripeSettings) -> tuple[stripe.StripeClient, stripe.HTTPClient]:
    """The SDK's client (on aiohttp, like the rest of the app) and its HTTP client, which the
    caller closes at shutdown. STRIPE_API_BASE, when set, is where it sends its requests."""
    assert settings.secret_key is not None, "only when card payments are on"
    http = stripe.AIOHTTPClient(timeout=STRIPE_TIMEOUT_S)
    client = stripe.StripeClient(
        settings.secret_key.get_secret_value(),
        base_addresses={"api": settings.api_base} if settings.api_base else None,
        http_client=http,
        max_network_retries=2,  # idempotency keys make a retried POST safe
    )
    return client, http


class CardsClosed(DomainError):
    """The user disputed a card payment: they may still pay with Stars."""

    code = "card.disputed"


def card_currency(plan: Plan) -> str | None:
    """The plan's price currency a card can pay (any but Stars; USD first), if it has one."""
    currencies = sorted(
        (price.currency for price in plan.prices if price.currency != STARS),
        key=lambda currency: (currency != "USD", currency),
    )
    return currencies[0] if currencies else None


@dataclass(frozen=True)
class CardCheckout:
    order: Order  # its plan and product loaded
    url: str
    amount: Money
    expires_at: datetime


@dataclass(frozen=True)
class FailedRenewal:
    user: User
    plan: Plan
    grace_until: datetime | None  # None: no grace (or none left)


class StripeRefunds:
    """Stripe's side of refunds and subscriptions, for PaymentService (a RefundGateway)."""

    def __init__(self, client: stripe.StripeClient) -> None:
        self.client = client

    async def refund(self, telegram_user_id: int, charge_id: str) -> None:
        try:
            await self.client.v1.refunds.create_async(
                {
                    "payment_intent": charge_id,
                    "metadata": {"telegram_user_id": str(telegram_user_id)},
                },
                {"idempotency_key": f"refund:{charge_id}"},
            )
        except stripe.InvalidRequestError as exc:
            reason = "already_refunded" if exc.code == "charge_already_refunded" else "other"
            raise RefundRefused(reason, str(exc.user_message or exc.code)) from None
        except stripe.StripeError as exc:  # down, or flooded: nothing was refunded
            raise StripeUnavailable(f"Stripe did not answer: {exc.user_message or exc}") from None

    async def set_subscription_cancelled(
        self, telegram_user_id: int, charge_id: str, cancelled: bool
    ) -> None:
        try:
            await self.client.v1.subscriptions.update_async(
                charge_id, {"cancel_at_period_end": cancelled}
            )
        except stripe.InvalidRequestError as exc:
            raise SubscriptionChangeRefused(str(exc.user_message or exc.code)) from None
        except stripe.StripeError as exc:
            raise StripeUnavailable(f"Stripe did not answer: {exc.user_message or exc}") from None


class CardPayments:
    def __init__(
        self,
        settings: StripeSettings,
        client: stripe.StripeClient,
        pricing: PricingService,
        orders: OrderService,
        payments: PaymentService,
        entitlements: EntitlementService,
        ledger: Ledger,
    ) -> None:
        self.settings = settings
        self.client = client
        self.pricing = pricing
        self.orders = orders
        self.payments = payments
        self.entitlements = entitlements
        self.ledger = ledger

    # Checkout

    async def checkout(
        self,
        user: User,
        quote_id: str,
        return_url: str,
        now: datetime,
        *,
        locale: str,
        name_of: Callable[[Plan], str],
    ) -> CardCheckout:
        """A Checkout Session for the plan of this Stars quote, priced afresh in the plan's
        card currency (with the same promo code), and its order. Asked again for the same
        quote's order, the same session comes back while it is open. The page speaks `locale`
        (the user's language) and names what is bought
        with `name_of(plan)`: the caller's words, in the user's language."""
        if await Payment.filter(
            telegram_user_id=user.telegram_id, dispute_status__in=["open", "lost"]
        ).exists():
            raise CardsClosed("card payments are closed to a user with a disputed payment")
        stars_quote = await self.pricing.open_quote(user, quote_id, now)
        plan = await Plan.get(id=stars_quote.plan_id).prefetch_related("product", "prices")
        currency = card_currency(plan)
        if currency is None:
            raise NoCardPrice("this plan has no card price")
        earlier = await self._open_checkout(user, plan, currency, stars_quote.promo_id, now)
        if earlier is not None:  # a second tap: the page already open
            return earlier
        await stars_quote.fetch_related("promo")
        promo = stars_quote.promo.code if stars_quote.promo else None
        quote = await self.pricing.quote(user, plan, currency, now, promo)
        order = (await self.orders.checkout(user, quote.id.hex, now)).order
        customer = await self.customer_of(user, now)
        # Open until the unpaid-order job would close the order (a payment after that is
        # honoured by a new order, as for Stars). Whole minutes: a retry within the minute
        # sends the same parameters under the same key, and gets the session made already.
        expires = min(
            max(quote.expires_at + PAYMENT_GRACE, now + SESSION_MIN_LIFE), now + SESSION_MAX_LIFE
        )
        expires_at = datetime.fromtimestamp(-(-int(expires.timestamp()) // 60) * 60, UTC)
        try:
            params = self._session_params(
                order, plan, quote.total_amount, customer, return_url, name_of(plan)
            )
            params["locale"] = locale
            params["expires_at"] = int(expires_at.timestamp())
            session = await self.client.v1.checkout.sessions.create_async(
                cast(Any, params),
                {"idempotency_key": f"checkout:{order.id}:{params['expires_at']}"},
            )
        except stripe.StripeError as exc:
            log.warning("Stripe refused a Checkout Session for order %s: %r", order.id, exc)
            raise StripeUnavailable("Stripe did not open the payment page") from None
        await Order.filter(id=order.id).update(checkout_ref=session.id)
        await self.orders.invoice_sent(order, now)
        return CardCheckout(order, str(session.url), Money(order.amount, currency), expires_at)

    async def _open_checkout(
        self, user: User, plan: Plan, currency: str, promo_id: int | None, now: datetime
    ) -> CardCheckout | None:
        """The user's card order for this plan whose price (with the same promo code) still
        holds and whose Checkout Session is still open, if there is one."""
        order = await Order.filter(
            user_id=user.id,
            plan_id=plan.id,
            currency=currency,
            status__in=OPEN_STATUSES,
            checkout_ref__isnull=False,
            quote__expires_at__gt=now,
            quote__promo_id=promo_id,
        ).first()
        if order is None:
            return None
        try:
            session = await self.client.v1.checkout.sessions.retrieve_async(str(order.checkout_ref))
        except stripe.StripeError as exc:
            log.warning("Stripe did not return session %s: %r", order.checkout_ref, exc)
            raise StripeUnavailable("Stripe did not answer") from None
        if session.status != "open":
            return None
        order.plan = plan
        expires_at = datetime.fromtimestamp(int(session.expires_at), UTC)
        return CardCheckout(order, str(session.url), Money(order.amount, currency), expires_at)

    def _session_params(
        self, order: Order, plan: Plan, amount: int, customer: str, return_url: str, name: str
    ) -> dict[str, Any]:
        recurring = order.kind == OrderKind.SUBSCRIPTION
        if plan.stripe_price_id and amount == plan_price(plan, order.currency):
            line: dict[str, Any] = {"price": plan.stripe_price_id, "quantity": 1}
        else:  # a discounted price, or no Price at Stripe: the quote's own
            price: dict[str, Any] = {
                "currency": order.currency.lower(),
                "unit_amount": amount,
                "product_data": {"name": name},
            }
            if recurring:
                price["recurring"] = {"interval": "day", "interval_count": plan.duration_days}
            line = {"price_data": price, "quantity": 1}
        metadata = {"order_id": str(order.id)}
        params: dict[str, Any] = {
            "mode": "subscription" if recurring else "payment",
            "customer": customer,
            "line_items": [line],
            "client_reference_id": str(order.id),
            "metadata": metadata,
            "success_url": return_url,
            "cancel_url": return_url,
        }
        if recurring:
            params["subscription_data"] = {"metadata": metadata}
        else:
            params["payment_intent_data"] = {"metadata": metadata}
        return params

    async def customer_of(self, user: User, now: datetime) -> str:
        """The user's Stripe Customer: made once (its idempotency key is the user's), reused."""
        known = await StripeCustomer.get_or_none(user_id=user.id)
        if known is not None:
            return known.id
        try:
            customer = await self.client.v1.customers.create_async(
                {"metadata": {"telegram_user_id": str(user.telegram_id)}},
                {"idempotency_key": f"customer:{user.id}"},
            )
        except stripe.StripeError as exc:
            log.warning("Stripe refused a Customer for user %s: %r", user.telegram_id, exc)
            raise StripeUnavailable("Stripe did not answer") from None
        with suppress(IntegrityError):  # two checkouts at once: one Customer, thanks to the key
            await StripeCustomer.create(id=customer.id, user_id=user.id, created_at=now)
        return customer.id

    async def portal_url(self, user: User, return_url: str) -> str:
        """A Customer Portal link where the user manages cards and card subscriptions."""
        known = await StripeCustomer.get_or_none(user_id=user.id)
        if known is None:
            raise NoBillingAccount("no card payments yet")
        try:
            portal = await self.client.v1.billing_portal.sessions.create_async(
                {"customer": known.id, "return_url": return_url}
            )
        except stripe.StripeError as exc:
            log.warning("Stripe refused a portal session for user %s: %r", user.telegram_id, exc)
            raise StripeUnavailable("Stripe did not open the portal") from None
        return str(portal.url)

    # Events: payments

    async def session_paid(self, session_id: str, now: datetime) -> Payment | None:
        """A completed Checkout Session: its payment, recorded (to be settled), once it is paid
        (a bank debit completes unpaid and succeeds later); None until then."""
        session = await self._session(session_id)
        if session["payment_status"] not in ("paid", "no_payment_required"):
            return None
        if session["mode"] == "subscription":
            return await self.invoice_paid(str(session["invoice"]), now)
        order = await self._order(_order_id_of(session))
        charge = await self._charge_of(str(session["payment_intent"]))
        return await self._record(
            order,
            PaymentFacts(
                charge_id=str(session["payment_intent"]),
                provider_charge_id=charge.get("id", ""),
                currency=str(session["currency"]).upper(),
                amount=int(session["amount_total"] or 0),
                payload=payload_of(order),
            ),
            charge.get("balance_transaction"),
            now,
        )

    async def invoice_paid(self, invoice_id: str, now: datetime) -> Payment | None:
        """A subscription's invoice paid: its first payment (starting the subscription) or a
        renewal (extending it to the period's end); None while it is not paid."""
        invoice = (
            await self.client.v1.invoices.retrieve_async(invoice_id, {"expand": ["payments"]})
        ).to_dict()  # an invoice's payments come only when asked for
        if invoice["status"] != "paid":
            return None
        details = _subscription_details(invoice)
        order = await self._order((details.get("metadata") or {}).get("order_id"))
        intent_id = _invoice_payment(invoice)
        charge = await self._charge_of(intent_id)
        first = invoice["billing_reason"] == "subscription_create"
        if not first:  # paid after all: the grace given when it failed is taken back
            await self._end_grace(order, invoice["id"], now)
        return await self._record(
            order,
            PaymentFacts(
                charge_id=intent_id,
                provider_charge_id=charge.get("id", ""),
                currency=str(invoice["currency"]).upper(),
                amount=int(invoice["amount_paid"]),
                payload=payload_of(order),
                is_recurring=True,
                is_first_recurring=first,
                subscription_expires_at=datetime.fromtimestamp(
                    int(invoice["lines"]["data"][0]["period"]["end"]), UTC
                ),
                subscription_ref=str(details["subscription"]),
            ),
            charge.get("balance_transaction"),
            now,
        )

    async def _session(self, session_id: str) -> dict[str, Any]:
        return (await self.client.v1.checkout.sessions.retrieve_async(session_id)).to_dict()

    async def _charge_of(self, intent_id: str) -> dict[str, Any]:
        """The charge that paid a PaymentIntent, with its balance transaction (Stripe's fee)."""
        intent = await self.client.v1.payment_intents.retrieve_async(
            intent_id, {"expand": ["latest_charge.balance_transaction"]}
        )
        return dict(intent.to_dict().get("latest_charge") or {})

    async def _record(
        self, order: Order, facts: PaymentFacts, balance: dict[str, Any] | None, now: datetime
    ) -> Payment:
        await order.fetch_related("user")
        payment = await self.payments.record(facts, order.user.telegram_id, now)
        if balance and balance.get("fee"):
            await self.ledger.record(
                EntryKind.FEE,
                f"fee:{balance['id']}",
                Money(int(balance["fee"]), str(balance["currency"]).upper()),
                now,
                payment_id=payment.id,
                order_id=order.id,
            )
        return payment

    @staticmethod
    async def _order(order_id: object) -> Order:
        order = (
            await Order.get_or_none(id=int(str(order_id))).prefetch_related("plan__product")
            if str(order_id or "").isdigit() and len(str(order_id)) < 12
            else None
        )
        if order is None:
            raise NotOurs(f"no order of ours ({order_id!r})")
        return order

    # Events: sessions that end unpaid

    async def session_closed(self, session_id: str, cause: str, now: datetime) -> Order | None:
        """A session that expired, or whose bank payment failed: its order expires (cause
        `session_expired`) or is cancelled (`payment_failed`), and its promo use is freed.
        None when the order had moved on (paid through another way, or closed already)."""
        order = await self._order(_order_id_of(await self._session(session_id)))
        if order.status not in OPEN_STATUSES:
            return None
        to = OrderStatus.EXPIRED if cause == "session_expired" else OrderStatus.CANCELLED
        try:
            await self.orders.move(order, to, cause, now)
        except IllegalTransition:
            return None
        if order.quote_id is not None:
            await PromoReservation.filter(quote_id=order.quote_id, redeemed_at__isnull=True).update(
                expires_at=now
            )
        return order

    # Events: subscriptions

    async def invoice_failed(self, invoice_id: str, now: datetime) -> FailedRenewal | None:
        """A renewal the card did not pay: access kept for the grace period (once per
        invoice) while Stripe retries the card."""
        invoice = (await self.client.v1.invoices.retrieve_async(invoice_id)).to_dict()
        if invoice["status"] == "paid" or invoice["billing_reason"] == "subscription_create":
            return None  # paid since, or a first payment (the session says so)
        details = _subscription_details(invoice)
        order = await self._order(details.get("metadata", {}).get("order_id"))
        await order.fetch_related("user")
        grace_until = None
        if self.settings.grace_days:
            await self.entitlements.grant(
                order.user,
                order.plan.product.entitlements,
                self.settings.grace_days,
                GrantSource.ORDER,
                f"grace:{invoice['id']}",
                now,
                note=f"order #{order.id}: renewal failed, grace while Stripe retries",
            )
            ends = [
                (await self.entitlements.access(order.user.id, key, now)).expires_at
                for key in order.plan.product.entitlements
            ]
            grace_until = max((end for end in ends if end is not None), default=None)
        return FailedRenewal(order.user, order.plan, grace_until)

    async def _end_grace(self, order: Order, invoice_id: str, now: datetime) -> None:
        await order.fetch_related("user")
        with suppress(NothingToRevoke):
            await self.entitlements.revoke(
                order.user, now, source_ref=f"grace:{invoice_id}", note="renewal paid"
            )

    async def subscription_changed(
        self, subscription_id: str, now: datetime
    ) -> StarSubscription | None:
        """Cancelled at the period's end, resumed, or ended at Stripe (in its portal, say):
        ours follows Stripe's current state; an ended one never comes back."""
        theirs = await self.client.v1.subscriptions.retrieve_async(subscription_id)
        ours = await StarSubscription.get_or_none(
            charge_id=subscription_id, provider=SubscriptionProvider.STRIPE
        )
        if ours is None or ours.status == SubscriptionStatus.ENDED:
            return None
        if theirs.status in ("canceled", "incomplete_expired"):
            status = SubscriptionStatus.ENDED
        elif theirs.cancel_at_period_end:
            status = SubscriptionStatus.CANCELLED
        else:
            status = SubscriptionStatus.ACTIVE
        if status == ours.status:
            return None
        changed = await StarSubscription.filter(
            id=ours.id, status__in=[SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELLED]
        ).update(status=status, cancelled_at=None if status == SubscriptionStatus.ACTIVE else now)
        if not changed:
            return None
        ours.status = status
        await ours.fetch_related("user", "plan__product")
        return ours

    # Events: money back

    async def charge_refunded(self, charge_id: str, now: datetime) -> Refund | Payment | None:
        """A refund made at Stripe (ours, or in its Dashboard): in full, the same effects as
        any refund (access taken back, commission reversed, the books); in part, the part is
        booked and the commission reversed, and the access stays. None when known already."""
        charge = (
            await self.client.v1.charges.retrieve_async(charge_id, {"expand": ["refunds"]})
        ).to_dict()
        payment = await Payment.get_or_none(charge_id=str(charge["payment_intent"]))
        if payment is None:
            raise NotYet(f"no payment {charge['payment_intent']} yet")
        if payment.outcome == PaymentOutcome.RECEIVED:
            raise NotYet(f"payment {payment.charge_id} not settled yet")
        if charge["amount_refunded"] >= charge["amount"]:
            return await self.payments.refunded(
                payment.charge_id, "refund_stripe", now, StripeRefunds(self.client)
            )
        recorded = None
        for refund in (charge.get("refunds") or {}).get("data") or []:
            if refund["status"] in ("succeeded", "pending"):
                recorded = (
                    await self.payments.record_partial_refund(
                        payment.charge_id, refund["id"], int(refund["amount"]), now
                    )
                    or recorded
                )
        return recorded

    async def dispute_opened(self, dispute_id: str, now: datetime) -> Refund | None:
        """The buyer's bank disputes a card payment and takes the money back: the order is
        undone like a refund (access revoked, commission reversed, renewals stopped) and the
        payment flagged. None when done before, or for an inquiry (`warning_…`), where no money
        moves. Each step is idempotent, so a retry after a failure finishes the rest."""
        dispute = await self.client.v1.disputes.retrieve_async(dispute_id)
        if str(dispute.status).startswith("warning_"):
            return None  # an early-fraud inquiry: no funds are withdrawn
        payment = await self._disputed(dispute)
        await self.payments.refunded(
            payment.charge_id,
            "dispute",
            now,
            StripeRefunds(self.client),
            reason=str(dispute.reason),
            kind=EntryKind.DISPUTE,
        )
        if not await Payment.filter(id=payment.id, dispute_status="").update(dispute_status="open"):
            return None  # flagged before: everyone was told then
        return await self.payments.refund_of(payment.charge_id)

    async def dispute_closed(self, dispute_id: str, now: datetime) -> Payment | None:
        """Won: the bank gives the money back (booked; the access is an admin's call). Lost:
        the money stays gone. None when recorded before or for an inquiry."""
        dispute = await self.client.v1.disputes.retrieve_async(dispute_id)
        if dispute.status not in ("won", "lost"):
            return None
        payment = await self._disputed(dispute)
        if payment.dispute_status in ("won", "lost"):
            return None
        if payment.dispute_status != "open":
            raise NotYet(f"dispute {dispute.id} not opened here yet")
        if dispute.status == "won":  # what the dispute took back comes back
            await self.ledger.record(
                EntryKind.DISPUTE_WON,
                f"dispute_won:{dispute.id}",
                Money(payment.amount - payment.refunded_amount, payment.currency),
                now,
                payment_id=payment.id,
                order_id=payment.order_id,
            )
        if not await Payment.filter(id=payment.id, dispute_status="open").update(
            dispute_status=dispute.status
        ):
            return None  # closed by a concurrent delivery
        payment.dispute_status = str(dispute.status)
        return payment

    @staticmethod
    async def _disputed(dispute: Any) -> Payment:
        payment = await Payment.get_or_none(charge_id=str(dispute.payment_intent))
        if payment is None or payment.outcome == PaymentOutcome.RECEIVED:
            raise NotYet(f"no settled payment {dispute.payment_intent} yet")
        return payment


def _order_id_of(session: dict[str, Any]) -> object:
    return session.get("client_reference_id") or (session.get("metadata") or {}).get("order_id")


def plan_price(plan: Plan, currency: str) -> int | None:
    return next((price.amount for price in plan.prices if price.currency == currency), None)


def _subscription_details(invoice: dict[str, Any]) -> dict[str, Any]:
    """Which subscription an invoice bills, and its metadata (our order id): where Stripe's
    current API puts them, or the older `subscription` field."""
    parent = invoice.get("parent") or {}
    details = dict(parent.get("subscription_details") or {})
    if not details.get("subscription") and invoice.get("subscription"):
        details["subscription"] = invoice.get("subscription")
    if not details.get("subscription"):
        raise NotOurs(f"invoice {invoice['id']} bills no subscription")
    return details


def _invoice_payment(invoice: dict[str, Any]) -> str:
    """The PaymentIntent that paid an invoice: from its payments (current API) or the older
    `payment_intent` field."""
    payments = invoice.get("payments") or {}
    for entry in payments.get("data") or []:
        if entry.get("status") == "paid" and (entry.get("payment") or {}).get("payment_intent"):
            return str(entry["payment"]["payment_intent"])
    if invoice.get("payment_intent"):
        return str(invoice["payment_intent"])
    raise NotYet(f"invoice {invoice['id']} names no payment yet")
