"""Card payments reconciled: what Stripe took against our payments, and ours against Stripe.

Stripe's side is every paid Checkout Session (payment mode; a subscription's session is paid by
its first invoice) and every paid invoice, each with the PaymentIntent that paid it; ours is
every card payment that was applied (or refunded since). Each side's payments since `since` are
looked up in everything the other side has, as for Stars (PaymentService.reconcile): a Stripe
payment in what we recorded, one of ours by its PaymentIntent at Stripe. Each difference is a
line, for an operator to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import stripe
from stripe.params import InvoiceListParams
from stripe.params.checkout import SessionListParams

from app.errors import DomainError
from app.money import STARS, Money, MoneyError
from models import Order, OrderStatus, Payment, PaymentOutcome

# Stripe's largest page: fewer requests for the same list.
PAGE_SIZE = 100
# An order that a payment was applied to (a refund comes after that).
APPLIED_ORDER = (OrderStatus.FULFILLED, OrderStatus.REFUNDED)


class StripeUnreadable(DomainError):
    """Stripe refused or did not answer: nothing could be compared."""

    code = "card.reconcile_failed"


@dataclass(frozen=True)
class Taken:
    """Money Stripe took: a paid Checkout Session or invoice, and the PaymentIntent that paid
    it (None for an invoice that names none)."""

    kind: str  # "session" or "invoice"
    id: str
    intent_id: str | None
    amount: int
    currency: str  # upper case, as we record it


def money(amount: int, currency: str) -> str:
    try:
        return Money(amount, currency).format()
    except MoneyError:  # a currency we do not sell in: still worth a line
        return f"{amount} {currency}"


class StripeReconciliation:
    def __init__(self, client: stripe.StripeClient) -> None:
        self.client = client

    async def differences(self, since: datetime | None) -> list[str]:
        """Differences between Stripe's payments and our card payments since `since` (all
        when None), one sentence each."""
        try:
            return await self._differences(since)
        except stripe.StripeError as exc:
            raise StripeUnreadable(_unreadable(exc)) from None

    async def _differences(self, since: datetime | None) -> list[str]:
        taken = sorted(await self._taken(since), key=lambda t: (t.kind, t.id))
        intents = [t.intent_id for t in taken if t.intent_id]
        recorded = {p.charge_id: p for p in await Payment.filter(charge_id__in=intents)}
        order_ids = [p.order_id for p in recorded.values() if p.order_id is not None]
        orders = {o.id: o.status for o in await Order.filter(id__in=order_ids)}

        problems = []
        compared: set[str] = set()  # our payments whose amount was compared with Stripe's
        for item in taken:
            payment = recorded.get(item.intent_id) if item.intent_id else None
            if payment is None or not _applied(payment, orders):
                held = (
                    f"; its payment {payment.charge_id} is {payment.outcome} here"
                    if payment
                    else ""
                )
                problems.append(
                    f"Stripe has paid {item.kind} {item.id} ({money(item.amount, item.currency)}) "
                    f"that no order here was fulfilled by{held}"
                )
                continue
            compared.add(payment.charge_id)
            if (payment.amount, payment.currency) != (item.amount, item.currency):
                problems.append(
                    f"card payment {payment.charge_id}: we recorded "
                    f"{money(payment.amount, payment.currency)}, Stripe "
                    f"{money(item.amount, item.currency)} ({item.kind} {item.id})"
                )

        ours = Payment.filter(outcome__in=[PaymentOutcome.APPLIED, PaymentOutcome.REFUNDED])
        ours = ours.exclude(currency=STARS)
        if since is not None:
            ours = ours.filter(received_at__gte=since)
        for payment in sorted(await ours, key=lambda p: p.charge_id):
            problems += await self._check(payment, payment.charge_id not in compared)
        return problems

    async def _taken(self, since: datetime | None) -> list[Taken]:
        """Stripe's paid Checkout Sessions (payment mode) and paid invoices since `since`."""
        session_query: SessionListParams = {"limit": PAGE_SIZE, "status": "complete"}
        # An invoice's payments are only there when asked for.
        invoice_query: InvoiceListParams = {
            "limit": PAGE_SIZE,
            "status": "paid",
            "expand": ["data.payments"],
        }
        if since is not None:
            session_query["created"] = invoice_query["created"] = {"gte": int(since.timestamp())}
        taken = []
        sessions = await self.client.v1.checkout.sessions.list_async(session_query)
        async for listed in sessions.auto_paging_iter():
            session = listed.to_dict()
            if session.get("mode") == "payment" and session.get("payment_status") == "paid":
                taken.append(
                    Taken(
                        "session",
                        str(session["id"]),
                        _id_of(session.get("payment_intent")),
                        int(session.get("amount_total") or 0),
                        str(session.get("currency")).upper(),
                    )
                )
        invoices = await self.client.v1.invoices.list_async(invoice_query)
        async for invoice in invoices.auto_paging_iter():
            facts = invoice.to_dict()
            intent_id = _invoice_intent(facts)
            amount = int(facts.get("amount_paid") or 0)
            if intent_id is None and amount == 0:
                continue  # nothing taken (a zero invoice, or one paid from a credit balance)
            taken.append(
                Taken(
                    "invoice", str(facts["id"]), intent_id, amount, str(facts["currency"]).upper()
                )
            )
        return taken

    async def _check(self, payment: Payment, compare_amount: bool) -> list[str]:
        """One of our card payments against its PaymentIntent at Stripe."""
        ours = money(payment.amount, payment.currency)
        try:
            intent = (
                await self.client.v1.payment_intents.retrieve_async(
                    payment.charge_id, {"expand": ["latest_charge"]}
                )
            ).to_dict()
        except stripe.InvalidRequestError as exc:
            if exc.http_status != 404:
                raise
            return [f"we have card payment {payment.charge_id} ({ours}) that Stripe does not know"]
        if intent.get("status") != "succeeded":
            return [
                f"card payment {payment.charge_id} ({ours}) is {payment.outcome} here but Stripe "
                f"shows it {intent.get('status')}"
            ]
        problems = []
        theirs = (int(intent.get("amount_received") or 0), str(intent.get("currency")).upper())
        if compare_amount and (payment.amount, payment.currency) != theirs:
            problems.append(
                f"card payment {payment.charge_id}: we recorded {ours}, Stripe {money(*theirs)}"
            )
        charge = intent.get("latest_charge")
        charge = charge if isinstance(charge, dict) else {}
        # A dispute takes the money back as a refund does, here (the payment is refunded) and
        # at Stripe (the charge is disputed, not refunded).
        refunded_there = bool(charge.get("refunded") or charge.get("disputed"))
        refunded_here = payment.outcome == PaymentOutcome.REFUNDED
        if refunded_here != refunded_there:
            where = (
                "here but not at Stripe"
                if refunded_here
                else "at Stripe (disputed) but not here"
                if charge.get("disputed")
                else "at Stripe but not here"
            )
            problems.append(f"card payment {payment.charge_id} is refunded {where}")
        elif not refunded_here and payment.refunded_amount != int(
            charge.get("amount_refunded") or 0
        ):
            problems.append(
                f"card payment {payment.charge_id}: we recorded "
                f"{money(payment.refunded_amount, payment.currency)} refunded, Stripe "
                f"{money(int(charge.get('amount_refunded') or 0), theirs[1])}"
            )
        return problems


def _applied(payment: Payment, orders: dict[int, OrderStatus]) -> bool:
    """Whether the money went where it should: its order fulfilled (or refunded since), or
    the payment itself given back."""
    if payment.outcome == PaymentOutcome.REFUNDED:
        return True
    return payment.order_id is not None and orders.get(payment.order_id) in APPLIED_ORDER


def _id_of(value: Any) -> str | None:
    """An id, whether Stripe gave the id or the object (expanded)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value.get("id")) if value.get("id") else None


def _invoice_intent(invoice: dict[str, Any]) -> str | None:
    """The PaymentIntent that paid an invoice: from its payments (Stripe's current API) or the
    older `payment_intent` field."""
    for entry in (invoice.get("payments") or {}).get("data") or []:
        if entry.get("status") == "paid":
            intent = _id_of((entry.get("payment") or {}).get("payment_intent"))
            if intent:
                return intent
    return _id_of(invoice.get("payment_intent"))


def _unreadable(exc: stripe.StripeError) -> str:
    detail = exc.user_message or str(exc) or type(exc).__name__
    if isinstance(exc, stripe.APIConnectionError):
        return f"cannot reach Stripe: {detail}"
    if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        return f"Stripe refused the key: {detail}"
    return f"Stripe did not answer: {detail}"
