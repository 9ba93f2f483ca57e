"""A fake of Stripe's REST API (v1) as a local aiohttp server, for the official `stripe` SDK.

Point a client at it with `base_addresses={"api": fake.url}` (or take `fake.client()`). It speaks
what the SDK sends: form-encoded bodies with nested keys (`metadata[order_id]=7`,
`line_items[0][price_data][currency]=usd`), query strings for GET/DELETE, `expand[]`, the
`Authorization: Bearer sk_...` header (401 without it) and `Idempotency-Key` (a replay answers
the stored response; the same key with other parameters is a 400 idempotency_error). Errors come
as `{"error": {"type", "code", "message", "param"}}` with Stripe's HTTP status.

Faked: customers (create, retrieve), Checkout Sessions (create in payment or subscription mode,
retrieve, list, expire), billing portal sessions (create), refunds (create, retrieve), payment
intents, charges and balance transactions (retrieve), subscriptions (retrieve, update
cancel_at_period_end/metadata, cancel), invoices (retrieve, list). Objects carry the fields an
app reads, named as in Stripe's current API (`parent.subscription_details`, `current_period_*`
on subscription items, invoice `payments`), plus a few legacy conveniences (`subscription` on
invoices, `current_period_*` on subscriptions).

What Stripe does on its own (a customer paying, a renewal, a dispute, a refund in the
Dashboard) is done by the test-control methods (`complete_session`, `renew`, `dispute`, ...).
Each returns the webhook event(s) Stripe would send; every event also goes to `fake.events`,
including those caused by API calls (a refund, an expired session, a subscription change).
The fake never delivers webhooks itself: tests sign and POST the events to the app.

Not faked: products and prices as API resources (use `add_price` for `price` ids), payment
methods, taxes, discounts, prorations, currencies' decimals, Connect, API v2, real timing
(no automatic expiry or renewal), and events the app does not subscribe to (customer.created,
invoice.created, payment_intent.*, ...). Injected failures (`fail_next`) are not stored
against an idempotency key, so a retry with the same key goes through.
"""

from __future__ import annotations

import calendar
import copy
import json
import re
import secrets
import string
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

import stripe
from aiohttp import web

API_VERSION: str = stripe.api_version  # what events say they were rendered with
API_KEY = "sk_test_fake_0123456789"
MIN_EXPIRY = 30 * 60  # a Checkout Session's expires_at: 30 minutes ..
MAX_EXPIRY = 24 * 60 * 60  # .. to 24 hours ahead, the default
FEE_PERCENT, FEE_FIXED = 0.029, 30  # Stripe's card fee, in minor units
DISPUTE_FEE = 1500

Obj = dict[str, Any]


class StripeApiError(Exception):
    """An error answered in Stripe's JSON shape; control methods raise it for what the API
    would refuse too (a refund of a refunded charge)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        type: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.type = status, message, type
        self.code, self.param = code, param

    def body(self) -> Obj:
        error: Obj = {"type": self.type, "message": self.message}
        if self.code is not None:
            error["code"] = self.code
        if self.param is not None:
            error["param"] = self.param
        return {"error": error}


class Recorded(NamedTuple):
    method: str
    path: str
    params: Obj
    idempotency_key: str | None


class _Failure(NamedTuple):
    method: str
    path_prefix: str
    error: StripeApiError


def _missing(kind: str, object_id: str, param: str = "id") -> StripeApiError:
    return StripeApiError(
        404 if param == "id" else 400,
        f"No such {kind}: '{object_id}'",
        code="resource_missing",
        param=param,
    )


def parse_params(pairs: list[tuple[str, str]]) -> Obj:
    """Stripe's form encoding to nested dicts and lists: `a[b][0][c]=1` → {"a": {"b": [{"c":
    "1"}]}}; `expand[]=x` appends. Values stay strings, as Stripe receives them."""
    root: Obj = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        parts = [head, *re.findall(r"\[([^\]]*)\]", "[" + rest)] if rest else [head]
        node = root
        for index, part in enumerate(parts):
            name = part if part != "" else str(len(node))
            if index == len(parts) - 1:
                node[name] = value
            else:
                node = node.setdefault(name, {})
    return _listify(root)


def _listify(value: Any, key: str = "") -> Any:
    if not isinstance(value, dict):
        return value
    items = {k: _listify(v, k) for k, v in value.items()}
    if items and key != "metadata" and all(k.isdigit() for k in items):
        return [items[k] for k in sorted(items, key=int)]
    return items


def _truthy(value: Any) -> bool:
    return str(value).lower() == "true"


def _int(params: Obj, name: str, default: int | None = None) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StripeApiError(
            400, f"Invalid integer: {value}", code="parameter_invalid_integer", param=name
        ) from None


def _add_interval(moment: int, interval: str, count: int = 1) -> int:
    start = datetime.fromtimestamp(moment, UTC)
    if interval in ("month", "year"):
        months = start.month - 1 + count * (12 if interval == "year" else 1)
        year, month = start.year + months // 12, months % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return int(start.replace(year=year, month=month, day=day).timestamp())
    days = {"day": 1, "week": 7}[interval] * count
    return int((start + timedelta(days=days)).timestamp())


def _list(data: list[Obj], url: str, has_more: bool = False) -> Obj:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


class FakeStripe:
    """The fake's state lives in plain dicts of Stripe objects keyed by id; responses and events
    are deep copies of them."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.url = ""  # set once served
        self.clock = clock
        self.requests: list[Recorded] = []
        self.events: list[Obj] = []
        self.customers: dict[str, Obj] = {}
        self.sessions: dict[str, Obj] = {}
        self.portal_sessions: dict[str, Obj] = {}
        self.prices: dict[str, Obj] = {}
        self.payment_intents: dict[str, Obj] = {}
        self.charges: dict[str, Obj] = {}
        self.balance_transactions: dict[str, Obj] = {}
        self.refunds: dict[str, Obj] = {}
        self.subscriptions: dict[str, Obj] = {}
        self.invoices: dict[str, Obj] = {}
        self.disputes: dict[str, Obj] = {}
        self.failures: list[_Failure] = []
        # What a session was created with that its object does not show.
        self.session_params: dict[str, Obj] = {}
        self._idempotent: dict[str, tuple[str, str, Obj, int, str]] = {}
        self._stores: dict[str, tuple[str, dict[str, Obj]]] = {
            "cus_": ("customer", self.customers),
            "cs_": ("checkout.session", self.sessions),
            "bps_": ("billing_portal.session", self.portal_sessions),
            "price_": ("price", self.prices),
            "pi_": ("payment_intent", self.payment_intents),
            "ch_": ("charge", self.charges),
            "txn_": ("balance_transaction", self.balance_transactions),
            "re_": ("refund", self.refunds),
            "sub_": ("subscription", self.subscriptions),
            "in_": ("invoice", self.invoices),
            "dp_": ("dispute", self.disputes),
        }

    # Serving

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/pay/{id}", self._checkout_page)
        app.router.add_get("/portal/{id}", self._portal_page)
        app.router.add_route("*", "/{path:.*}", self._handle)
        return app

    @classmethod
    async def serve(cls, aiohttp_server: Any, **kwargs: Any) -> FakeStripe:
        """Start on a free port with pytest-aiohttp's `aiohttp_server` fixture."""
        fake = cls(**kwargs)
        server = await aiohttp_server(fake.app())
        fake.url = str(server.make_url("")).rstrip("/")
        return fake

    def client(self, api_key: str = API_KEY, **kwargs: Any) -> stripe.StripeClient:
        """A StripeClient on this fake over aiohttp, without retries unless asked."""
        kwargs.setdefault("max_network_retries", 0)
        kwargs.setdefault("http_client", stripe.AIOHTTPClient())
        return stripe.StripeClient(api_key, base_addresses={"api": self.url}, **kwargs)

    # Test control

    def now(self) -> int:
        return int(self.clock())

    def fail_next(
        self,
        method: str,
        path_prefix: str,
        status: int = 500,
        code: str | None = "api_error",
        message: str = "An unknown error occurred",
    ) -> None:
        """Answer the next `method` request whose path starts with `path_prefix` with an error
        (type api_error for 5xx, card_error for 402, invalid_request_error otherwise)."""
        kind = (
            "api_error"
            if status >= 500
            else "card_error"
            if status == 402
            else "invalid_request_error"
        )
        error = StripeApiError(status, message, code=code, type=kind)
        self.failures.append(_Failure(method.upper(), path_prefix, error))

    def add_price(
        self,
        unit_amount: int,
        currency: str = "usd",
        *,
        interval: str | None = None,
        interval_count: int = 1,
        price_id: str | None = None,
    ) -> str:
        """A Price the app can name in `line_items[][price]`; `interval` makes it recurring."""
        recurring = {"interval": interval, "interval_count": interval_count} if interval else None
        price = self._price(unit_amount, currency, recurring, price_id)
        return str(price["id"])

    def get(self, object_id: str) -> Obj:
        """Any stored object by its id."""
        return self._store(object_id)[1][object_id]

    def events_of(self, type: str) -> list[Obj]:
        return [event for event in self.events if event["type"] == type]

    def complete_session(
        self,
        session_id: str,
        *,
        paid: bool = True,
        amount_total: int | None = None,
        currency: str | None = None,
    ) -> list[Obj]:
        """The customer finishes Checkout. Payment mode: a payment intent (and, when `paid`, a
        charge and its balance transaction); `paid=False` is an async method still processing.
        Subscription mode: the customer if none, the subscription and its first invoice (paid,
        or open with the subscription incomplete). Returns [checkout.session.completed], after
        [customer.subscription.created, invoice.paid] in subscription mode, as Stripe tends to
        send them."""
        session = self._open_session(session_id)
        if amount_total is not None:
            session["amount_total"] = session["amount_subtotal"] = amount_total
        if currency is not None:
            session["currency"] = currency
        extra = self.session_params[session_id]
        session["status"] = "complete"
        events: list[Obj] = []
        if session["customer"] is None and (
            session["mode"] == "subscription" or extra.get("customer_creation") == "always"
        ):
            customer = self._customer({"email": session["customer_email"]})
            session["customer"] = customer["id"]
        email = session["customer_email"] or (
            self.customers[session["customer"]]["email"] if session["customer"] else None
        )
        session["customer_details"] = {"email": email or "customer@example.com", "name": None}
        if session["mode"] == "payment":
            intent = self._payment_intent(
                session["amount_total"],
                session["currency"],
                session["customer"],
                (extra.get("payment_intent_data") or {}).get("metadata") or {},
            )
            session["payment_intent"] = intent["id"]
            if paid:
                self._charge(intent)
                session["payment_status"] = "paid"
            else:
                intent["status"] = "processing"
        else:
            subscription = self._subscription(session, extra, active=paid)
            session["subscription"] = subscription["id"]
            invoice = self._invoice(subscription, "subscription_create")
            session["invoice"] = invoice["id"]
            events.append(self._event("customer.subscription.created", subscription))
            if paid:
                self._pay_invoice(invoice)
                session["payment_status"] = "paid"
                events.append(self._event("invoice.paid", invoice))
        events.append(self._event("checkout.session.completed", session))
        return events

    def async_payment(self, session_id: str, succeeded: bool) -> list[Obj]:
        """A completed session's delayed payment settles: checkout.session.async_payment_succeeded
        or _failed (after invoice.paid in subscription mode when it succeeded)."""
        session = self.sessions[session_id]
        if session["status"] != "complete" or session["payment_status"] != "unpaid":
            raise ValueError(f"{session_id} is not awaiting a payment")
        events: list[Obj] = []
        if session["mode"] == "payment":
            intent = self.payment_intents[session["payment_intent"]]
            if succeeded:
                self._charge(intent)
            else:
                intent["status"] = "requires_payment_method"
                intent["last_payment_error"] = {"code": "payment_intent_payment_attempt_failed"}
        elif succeeded:
            invoice = self.invoices[session["invoice"]]
            self._pay_invoice(invoice)
            events.append(self._event("invoice.paid", invoice))
            self._set_subscription_status(self.subscriptions[session["subscription"]], "active")
        if succeeded:
            session["payment_status"] = "paid"
        outcome = "succeeded" if succeeded else "failed"
        events.append(self._event(f"checkout.session.async_payment_{outcome}", session))
        return events

    def expire_session(self, session_id: str) -> list[Obj]:
        """An open session reaches its expires_at: [checkout.session.expired]."""
        session = self._open_session(session_id)
        session["status"] = "expired"
        return [self._event("checkout.session.expired", session)]

    def renew(self, subscription_id: str, *, paid: bool = True) -> list[Obj]:
        """The subscription's period ends. One set to cancel at period end ends instead:
        [customer.subscription.deleted]. Otherwise a subscription_cycle invoice for the next
        period, which starts: [invoice.paid] (after customer.subscription.updated when it was
        past_due), or [invoice.payment_failed, customer.subscription.updated] with the
        subscription past_due. As on Stripe, the invoice's period_start/end are the period that
        ended; its line's period is the new one."""
        subscription = self.subscriptions[subscription_id]
        if subscription["status"] == "canceled":
            raise ValueError(f"{subscription_id} is canceled")
        if subscription["cancel_at_period_end"]:
            return self._end_subscription(subscription, "cancellation_requested")
        item = subscription["items"]["data"][0]
        recurring = item["price"]["recurring"]
        ended = (item["current_period_start"], item["current_period_end"])
        end = _add_interval(ended[1], recurring["interval"], recurring["interval_count"])
        for obj in (subscription, *subscription["items"]["data"]):
            obj["current_period_start"], obj["current_period_end"] = ended[1], end
        invoice = self._invoice(subscription, "subscription_cycle", ended)
        if paid:
            self._pay_invoice(invoice)
            events = self._set_subscription_status(subscription, "active")
            return [*events, self._event("invoice.paid", invoice)]
        invoice["attempt_count"] = 1
        invoice["next_payment_attempt"] = self.now() + 3 * 24 * 3600
        intent = self._payment_intent(
            invoice["amount_due"], invoice["currency"], invoice["customer"], {}
        )
        intent["status"] = "requires_payment_method"
        intent["last_payment_error"] = {"code": "card_declined", "decline_code": "generic_decline"}
        self._invoice_payment(invoice, intent, "open")
        failed = self._event("invoice.payment_failed", invoice)
        return [failed, *self._set_subscription_status(subscription, "past_due")]

    def cancel_subscription(self, subscription_id: str, at_period_end: bool = True) -> list[Obj]:
        """The customer cancels in the portal: at period end → [customer.subscription.updated];
        at once → [customer.subscription.deleted]."""
        subscription = self.subscriptions[subscription_id]
        if not at_period_end:
            return self._end_subscription(subscription, "cancellation_requested")
        return [self._schedule_cancel(subscription, True)]

    def refund_in_dashboard(self, charge_id: str, amount: int | None = None) -> list[Obj]:
        """A refund made in the Dashboard: [charge.refunded]."""
        self._refund({"charge": charge_id, **({"amount": amount} if amount else {})})
        return [self.events[-1]]

    def dispute(self, charge_id: str, reason: str = "fraudulent") -> list[Obj]:
        """The cardholder disputes the charge: [charge.dispute.created]; the amount and a fee are
        withdrawn at once, as Stripe does."""
        charge = self.charges[charge_id]
        dispute = self._new(
            "dp_",
            "dispute",
            amount=charge["amount"] - charge["amount_refunded"],
            currency=charge["currency"],
            charge=charge_id,
            payment_intent=charge["payment_intent"],
            reason=reason,
            status="needs_response",
            is_charge_refundable=False,
            metadata={},
            evidence_details={"due_by": self.now() + 7 * 24 * 3600, "submission_count": 0},
        )
        withdrawal = self._balance_transaction(
            -dispute["amount"], dispute["currency"], dispute["id"], "adjustment", DISPUTE_FEE
        )
        dispute["balance_transactions"] = [withdrawal]
        charge["disputed"] = True
        return [self._event("charge.dispute.created", dispute)]

    def close_dispute(self, dispute_id: str, status: str = "lost") -> list[Obj]:
        """The dispute is decided, "lost" or "won" (the funds come back): [charge.dispute.closed]."""
        if status not in ("lost", "won"):
            raise ValueError("status is 'lost' or 'won'")
        dispute = self.disputes[dispute_id]
        dispute["status"] = status
        if status == "won":
            reinstated = self._balance_transaction(
                dispute["amount"], dispute["currency"], dispute_id, "adjustment", -DISPUTE_FEE
            )
            dispute["balance_transactions"].append(reinstated)
        return [self._event("charge.dispute.closed", dispute)]

    # Objects

    def _new(self, prefix: str, kind: str, **fields: Any) -> Obj:
        alphabet = string.ascii_letters + string.digits
        object_id = prefix + "".join(secrets.choice(alphabet) for _ in range(24))
        obj: Obj = {"id": object_id, "object": kind, "created": self.now(), "livemode": False}
        obj.update(fields)
        self._store(object_id)[1][object_id] = obj
        return obj

    def _store(self, object_id: str) -> tuple[str, dict[str, Obj]]:
        for prefix, store in self._stores.items():
            if object_id.startswith(prefix):
                return store
        raise KeyError(object_id)

    def _find(self, kind: str, object_id: str, param: str = "id") -> Obj:
        store = self._stores_by_kind()[kind]
        if object_id not in store:
            raise _missing(kind, object_id, param)
        return store[object_id]

    def _stores_by_kind(self) -> dict[str, dict[str, Obj]]:
        return dict(self._stores.values())

    def _customer(self, params: Obj) -> Obj:
        return self._new(
            "cus_",
            "customer",
            email=params.get("email"),
            name=params.get("name"),
            description=params.get("description"),
            metadata=params.get("metadata") or {},
            balance=0,
            currency=None,
            delinquent=False,
            default_source=None,
            invoice_settings={"default_payment_method": None},
        )

    def _price(
        self, unit_amount: int, currency: str, recurring: Obj | None, price_id: str | None = None
    ) -> Obj:
        price = self._new(
            "price_",
            "price",
            active=True,
            currency=currency.lower(),
            unit_amount=unit_amount,
            recurring=recurring,
            type="recurring" if recurring else "one_time",
            product="prod_" + secrets.token_hex(7),
        )
        if price_id is not None:
            del self.prices[price["id"]]
            price["id"] = price_id
            self.prices[price_id] = price
        return price

    def _line_items(self, params: Obj, mode: str) -> list[tuple[Obj, int]]:
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise StripeApiError(
                400,
                f"You must provide at least one of `line_items` in `{mode}` mode.",
                code="parameter_missing",
                param="line_items",
            )
        lines: list[tuple[Obj, int]] = []
        for index, item in enumerate(items):
            param = f"line_items[{index}]"
            if "price" in item:
                price = self._find("price", item["price"], f"{param}[price]")
            elif "price_data" in item:
                data = item["price_data"]
                for name in ("currency", "unit_amount"):
                    if name not in data:
                        raise StripeApiError(
                            400,
                            f"Missing required param: {param}[price_data][{name}].",
                            code="parameter_missing",
                            param=f"{param}[price_data][{name}]",
                        )
                recurring = data.get("recurring")
                if recurring is not None:
                    recurring = {
                        "interval": recurring.get("interval", "month"),
                        "interval_count": int(recurring.get("interval_count", 1)),
                    }
                price = self._price(_int(data, "unit_amount") or 0, data["currency"], recurring)
            else:
                raise StripeApiError(
                    400,
                    f"You must specify either `price` or `price_data` in {param}.",
                    code="parameter_missing",
                    param=param,
                )
            if (price["recurring"] is not None) != (mode == "subscription"):
                message = (
                    "You must provide at least one recurring price in `subscription` mode."
                    if mode == "subscription"
                    else "You specified `payment` mode but passed a recurring price. Either "
                    "switch to `subscription` mode or use only one-time prices."
                )
                raise StripeApiError(400, message, param="line_items")
            lines.append((price, _int(item, "quantity", 1) or 1))
        if len({price["currency"] for price, _ in lines}) > 1:
            raise StripeApiError(
                400, "All line items must use the same currency.", param="line_items"
            )
        return lines

    def _open_session(self, session_id: str) -> Obj:
        session = self._find("checkout.session", session_id)
        if session["status"] != "open":
            raise StripeApiError(
                400,
                'Only Checkout Sessions with a status in ["open"] can be expired or completed. '
                f"This Checkout Session has a status of {session['status']!r}.",
            )
        return session

    def _payment_intent(
        self, amount: int, currency: str, customer: str | None, metadata: Obj
    ) -> Obj:
        return self._new(
            "pi_",
            "payment_intent",
            amount=amount,
            amount_received=0,
            currency=currency,
            customer=customer,
            status="requires_payment_method",
            latest_charge=None,
            last_payment_error=None,
            metadata=dict(metadata),
            payment_method_types=["card"],
        )

    def _balance_transaction(
        self, amount: int, currency: str, source: str, type: str, fee: int = 0
    ) -> str:
        created = self.now()
        txn = self._new(
            "txn_",
            "balance_transaction",
            amount=amount,
            fee=fee,
            net=amount - fee,
            currency=currency,
            source=source,
            type=type,
            reporting_category=type,
            status="pending" if amount > 0 else "available",
            available_on=created + 2 * 24 * 3600,
            fee_details=[
                {
                    "amount": fee,
                    "currency": currency,
                    "type": "stripe_fee",
                    "description": "Stripe processing fees",
                    "application": None,
                }
            ]
            if fee
            else [],
        )
        return str(txn["id"])

    def _charge(self, intent: Obj) -> Obj:
        """The intent succeeds with a charge, whose balance transaction holds Stripe's fee."""
        amount, currency = intent["amount"], intent["currency"]
        charge = self._new(
            "ch_",
            "charge",
            amount=amount,
            amount_captured=amount,
            amount_refunded=0,
            refunded=False,
            captured=True,
            paid=True,
            status="succeeded",
            disputed=False,
            currency=currency,
            customer=intent["customer"],
            payment_intent=intent["id"],
            metadata=dict(intent["metadata"]),
            failure_code=None,
            failure_message=None,
            receipt_url=f"{self.url}/receipts/{intent['id']}",
        )
        charge["refunds"] = _list([], f"/v1/charges/{charge['id']}/refunds")
        fee = round(amount * FEE_PERCENT) + FEE_FIXED
        charge["balance_transaction"] = self._balance_transaction(
            amount, currency, charge["id"], "charge", fee
        )
        intent.update(status="succeeded", amount_received=amount, latest_charge=charge["id"])
        return charge

    def _subscription(self, session: Obj, extra: Obj, *, active: bool) -> Obj:
        start = self.now()
        recurring = extra["lines"][0][0]["recurring"]
        end = _add_interval(start, recurring["interval"], recurring["interval_count"])
        subscription = self._new(
            "sub_",
            "subscription",
            customer=session["customer"],
            status="active" if active else "incomplete",
            currency=session["currency"],
            start_date=start,
            billing_cycle_anchor=start,
            collection_method="charge_automatically",
            cancel_at_period_end=False,
            cancel_at=None,
            canceled_at=None,
            ended_at=None,
            cancellation_details={"reason": None, "comment": None, "feedback": None},
            current_period_start=start,
            current_period_end=end,
            latest_invoice=None,
            metadata=dict((extra.get("subscription_data") or {}).get("metadata") or {}),
        )
        items = [
            {
                "id": "si_" + secrets.token_hex(10),
                "object": "subscription_item",
                "created": start,
                "price": copy.deepcopy(p),
                "quantity": q,
                "subscription": subscription["id"],
                "current_period_start": start,
                "current_period_end": end,
                "metadata": {},
            }
            for p, q in extra["lines"]
        ]
        subscription["items"] = _list(
            items, f"/v1/subscription_items?subscription={subscription['id']}"
        )
        return subscription

    def _invoice(
        self, subscription: Obj, billing_reason: str, period: tuple[int, int] | None = None
    ) -> Obj:
        """An open invoice for the subscription's current period; `period` is the invoice's
        own period_start/end (the first invoice's is its creation instant)."""
        items = subscription["items"]["data"]
        amount = sum(i["price"]["unit_amount"] * i["quantity"] for i in items)
        period_start, period_end = period or (self.now(), self.now())
        invoice = self._new(
            "in_",
            "invoice",
            customer=subscription["customer"],
            subscription=subscription["id"],
            parent={
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {
                    "subscription": subscription["id"],
                    "metadata": dict(subscription["metadata"]),
                },
            },
            billing_reason=billing_reason,
            collection_method="charge_automatically",
            status="open",
            currency=subscription["currency"],
            subtotal=amount,
            total=amount,
            amount_due=amount,
            amount_paid=0,
            amount_remaining=amount,
            attempt_count=0,
            attempted=False,
            next_payment_attempt=None,
            period_start=period_start,
            period_end=period_end,
            status_transitions={"finalized_at": self.now(), "paid_at": None},
            metadata={},
        )
        invoice["number"] = f"FAKE-{len(self.invoices):04d}"
        invoice["hosted_invoice_url"] = f"{self.url}/invoices/{invoice['id']}"
        invoice["lines"] = _list(
            [
                {
                    "id": "il_" + secrets.token_hex(10),
                    "object": "line_item",
                    "amount": i["price"]["unit_amount"] * i["quantity"],
                    "currency": i["price"]["currency"],
                    "quantity": i["quantity"],
                    "period": {
                        "start": i["current_period_start"],
                        "end": i["current_period_end"],
                    },
                    "pricing": {
                        "type": "price_details",
                        "price_details": {
                            "price": i["price"]["id"],
                            "product": i["price"]["product"],
                        },
                        "unit_amount_decimal": str(i["price"]["unit_amount"]),
                    },
                    "parent": {
                        "type": "subscription_item_details",
                        "subscription_item_details": {
                            "subscription": subscription["id"],
                            "subscription_item": i["id"],
                        },
                    },
                }
                for i in items
            ],
            f"/v1/invoices/{invoice['id']}/lines",
        )
        invoice["payments"] = _list([], f"/v1/invoice_payments?invoice={invoice['id']}")
        subscription["latest_invoice"] = invoice["id"]
        return invoice

    def _invoice_payment(self, invoice: Obj, intent: Obj, status: str) -> None:
        invoice["attempted"] = True
        invoice["payments"]["data"].insert(
            0,
            {
                "id": "inpay_" + secrets.token_hex(10),
                "object": "invoice_payment",
                "created": self.now(),
                "livemode": False,
                "invoice": invoice["id"],
                "is_default": True,
                "amount_requested": invoice["amount_due"],
                "amount_paid": intent["amount_received"],
                "currency": invoice["currency"],
                "status": status,
                "payment": {
                    "type": "payment_intent",
                    "payment_intent": intent["id"],
                    "charge": intent["latest_charge"],
                },
                "status_transitions": {
                    "paid_at": self.now() if status == "paid" else None,
                    "canceled_at": None,
                },
            },
        )

    def _pay_invoice(self, invoice: Obj) -> None:
        intent = self._payment_intent(
            invoice["amount_due"], invoice["currency"], invoice["customer"], {}
        )
        self._charge(intent)
        invoice.update(
            status="paid",
            amount_paid=invoice["amount_due"],
            amount_remaining=0,
            attempt_count=invoice["attempt_count"] + 1,
            next_payment_attempt=None,
        )
        invoice["status_transitions"]["paid_at"] = self.now()
        self._invoice_payment(invoice, intent, "paid")

    def _set_subscription_status(self, subscription: Obj, status: str) -> list[Obj]:
        if subscription["status"] == status:
            return []
        previous = {"status": subscription["status"]}
        subscription["status"] = status
        return [self._event("customer.subscription.updated", subscription, previous)]

    def _schedule_cancel(self, subscription: Obj, at_period_end: bool) -> Obj:
        previous = {
            name: subscription[name]
            for name in ("cancel_at_period_end", "cancel_at", "canceled_at")
        }
        subscription["cancel_at_period_end"] = at_period_end
        subscription["cancel_at"] = subscription["current_period_end"] if at_period_end else None
        subscription["canceled_at"] = self.now() if at_period_end else None
        subscription["cancellation_details"]["reason"] = (
            "cancellation_requested" if at_period_end else None
        )
        return self._event("customer.subscription.updated", subscription, previous)

    def _end_subscription(self, subscription: Obj, reason: str) -> list[Obj]:
        now = self.now()
        subscription.update(status="canceled", ended_at=now)
        subscription["canceled_at"] = subscription["canceled_at"] or now
        subscription["cancellation_details"]["reason"] = reason
        return [self._event("customer.subscription.deleted", subscription)]

    def _refund(self, params: Obj) -> Obj:
        """A refund of a charge (named or the payment intent's latest), whole or in part."""
        if params.get("charge"):
            charge = self._find("charge", params["charge"], "charge")
        elif params.get("payment_intent"):
            intent = self._find("payment_intent", params["payment_intent"], "payment_intent")
            if intent["latest_charge"] is None or intent["status"] != "succeeded":
                raise StripeApiError(
                    400,
                    f"This PaymentIntent ({intent['id']}) does not have a successful charge to "
                    "refund.",
                    code="charge_not_refundable",
                    param="payment_intent",
                )
            charge = self.charges[intent["latest_charge"]]
        else:
            raise StripeApiError(
                400,
                "One of the following params should be provided for this request: "
                "payment_intent or charge.",
                code="parameter_missing",
            )
        left = charge["amount"] - charge["amount_refunded"]
        if left <= 0:
            raise StripeApiError(
                400,
                f"Charge {charge['id']} has already been refunded.",
                code="charge_already_refunded",
            )
        amount = _int(params, "amount", left)
        assert amount is not None
        if amount <= 0:
            raise StripeApiError(
                400, "Invalid positive integer", code="parameter_invalid_integer", param="amount"
            )
        if amount > left:
            raise StripeApiError(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                code="amount_too_large",
                param="amount",
            )
        refund = self._new(
            "re_",
            "refund",
            amount=amount,
            currency=charge["currency"],
            charge=charge["id"],
            payment_intent=charge["payment_intent"],
            reason=params.get("reason"),
            status="succeeded",
            metadata=params.get("metadata") or {},
        )
        refund["balance_transaction"] = self._balance_transaction(
            -amount, charge["currency"], refund["id"], "refund"
        )
        charge["refunds"]["data"].insert(0, copy.deepcopy(refund))
        previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        self._event("charge.refunded", charge, previous)
        return refund

    def _event(self, type: str, obj: Obj, previous: Obj | None = None) -> Obj:
        data: Obj = {"object": copy.deepcopy(obj)}
        if previous is not None:
            data["previous_attributes"] = previous
        event = {
            "id": "evt_" + secrets.token_hex(12),
            "object": "event",
            "api_version": API_VERSION,
            "created": self.now(),
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type,
            "data": data,
        }
        self.events.append(event)
        return event

    # The HTTP side

    async def _checkout_page(self, request: web.Request) -> web.Response:
        session = self.sessions.get(request.match_info["id"])
        if session is None:
            return web.Response(status=404, text="Something went wrong")
        return web.Response(
            text=f"Fake Checkout {session['id']}: {session['amount_total']} "
            f"{session['currency']} ({session['status']})"
        )

    async def _portal_page(self, request: web.Request) -> web.Response:
        session = self.portal_sessions.get(request.match_info["id"])
        if session is None:
            return web.Response(status=404, text="Something went wrong")
        return web.Response(text=f"Fake customer portal of {session['customer']}")

    async def _handle(self, request: web.Request) -> web.Response:
        method, path = request.method, "/" + request.match_info["path"]
        if method == "POST":
            params = parse_params(parse_qsl(await request.text(), keep_blank_values=True))
        else:
            params = parse_params(parse_qsl(request.query_string, keep_blank_values=True))
        key = request.headers.get("Idempotency-Key") if method == "POST" else None
        self.requests.append(Recorded(method, path, params, key))
        try:
            self._authenticate(request.headers.get("Authorization", ""))
            for failure in self.failures:
                if failure.method == method and path.startswith(failure.path_prefix):
                    self.failures.remove(failure)
                    raise failure.error
            if key is not None and key in self._idempotent:
                return self._replay(key, method, path, params)
            body = json.dumps(self._dispatch(method, path, params))
        except StripeApiError as error:
            return self._respond(error.status, json.dumps(error.body()))
        if key is not None:
            self._idempotent[key] = (method, path, params, 200, body)
        return self._respond(200, body)

    @staticmethod
    def _respond(status: int, body: str, replayed: bool = False) -> web.Response:
        headers = {"Request-Id": "req_" + secrets.token_hex(7)}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return web.Response(
            status=status, text=body, content_type="application/json", headers=headers
        )

    def _replay(self, key: str, method: str, path: str, params: Obj) -> web.Response:
        first_method, first_path, first_params, status, body = self._idempotent[key]
        if (first_method, first_path) != (method, path) or first_params != params:
            raise StripeApiError(
                400,
                "Keys for idempotent requests can only be used with the same parameters they "
                f"were first used with. Try using a key other than '{key}' if you meant to "
                "execute a different request.",
                type="idempotency_error",
            )
        return self._respond(status, body, replayed=True)

    @staticmethod
    def _authenticate(authorization: str) -> None:
        scheme, _, api_key = authorization.partition(" ")
        if scheme != "Bearer" or not api_key:
            raise StripeApiError(
                401,
                "You did not provide an API key. You need to provide your API key in the "
                "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_"
                "SECRET_KEY').",
            )
        if not api_key.startswith(("sk_test_", "rk_test_")):
            raise StripeApiError(
                401, f"Invalid API Key provided: {api_key[:8]}****", code="api_key_invalid"
            )

    def _dispatch(self, method: str, path: str, params: Obj) -> Obj:
        for route_method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if route_method == method and match:
                result = handler(params, *match.groups())
                result = copy.deepcopy(result)
                expands = [str(expand) for expand in params.get("expand") or []]
                for expand in expands:
                    self._expand(result, expand.split("."), expand)
                # An invoice's payments come only when asked for, as on Stripe.
                if result.get("object") == "invoice" and "payments" not in expands:
                    result.pop("payments", None)
                return result
        raise StripeApiError(
            404,
            f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs "
            "or we can help at https://support.stripe.com/.",
        )

    def _routes(self) -> list[tuple[str, str, Callable[..., Obj]]]:
        one = r"/([^/]+)"

        def get(kind: str) -> Callable[..., Obj]:
            return lambda params, object_id: self._find(kind, object_id)

        return [
            ("POST", "/v1/customers", self._customer),
            ("GET", "/v1/customers" + one, get("customer")),
            ("POST", "/v1/checkout/sessions", self._create_session),
            ("GET", "/v1/checkout/sessions", self._list_sessions),
            ("GET", "/v1/checkout/sessions" + one, get("checkout.session")),
            ("POST", "/v1/checkout/sessions" + one + "/expire", self._expire_session),
            ("POST", "/v1/billing_portal/sessions", self._create_portal_session),
            ("POST", "/v1/refunds", self._refund),
            ("GET", "/v1/refunds" + one, get("refund")),
            ("GET", "/v1/payment_intents" + one, get("payment_intent")),
            ("GET", "/v1/charges" + one, get("charge")),
            ("GET", "/v1/balance_transactions" + one, get("balance_transaction")),
            ("GET", "/v1/subscriptions" + one, get("subscription")),
            ("POST", "/v1/subscriptions" + one, self._update_subscription),
            ("DELETE", "/v1/subscriptions" + one, self._cancel_subscription),
            ("GET", "/v1/invoices", self._list_invoices),
            ("GET", "/v1/invoices" + one, get("invoice")),
            ("GET", "/v1/disputes" + one, get("dispute")),
        ]

    def _expand(self, node: Any, parts: list[str], path: str) -> None:
        if isinstance(node, list):
            for item in node:
                self._expand(item, parts, path)
            return
        if not isinstance(node, dict) or parts[0] not in node:
            raise StripeApiError(400, f"This property cannot be expanded ({path}).", param="expand")
        value = node[parts[0]]
        if isinstance(value, str):
            try:
                value = node[parts[0]] = copy.deepcopy(self.get(value))
            except KeyError:
                raise StripeApiError(
                    400, f"This property cannot be expanded ({path}).", param="expand"
                ) from None
        if len(parts) > 1 and value is not None:
            self._expand(value, parts[1:], path)

    def _create_session(self, params: Obj) -> Obj:
        mode = params.get("mode")
        if mode not in ("payment", "subscription"):
            raise StripeApiError(
                400,
                "Missing required param: mode." if mode is None else f"Invalid mode: {mode}",
                code="parameter_missing" if mode is None else "parameter_invalid_string",
                param="mode",
            )
        if not params.get("success_url"):
            raise StripeApiError(
                400,
                "Missing required param: success_url.",
                code="parameter_missing",
                param="success_url",
            )
        customer = params.get("customer")
        if customer:
            self._find("customer", customer, "customer")
        now = self.now()
        expires_at = _int(params, "expires_at", now + MAX_EXPIRY)
        assert expires_at is not None
        if expires_at - now < MIN_EXPIRY:
            raise StripeApiError(
                400,
                "The `expires_at` timestamp must be at least 30 minutes from Checkout Session "
                "creation.",
                param="expires_at",
            )
        if expires_at - now > MAX_EXPIRY:
            raise StripeApiError(
                400,
                "The `expires_at` timestamp must be less than 24 hours from Checkout Session "
                "creation.",
                param="expires_at",
            )
        lines = self._line_items(params, mode)
        amount = sum(price["unit_amount"] * quantity for price, quantity in lines)
        session = self._new(
            "cs_test_",
            "checkout.session",
            mode=mode,
            status="open",
            payment_status="unpaid",
            amount_subtotal=amount,
            amount_total=amount,
            currency=lines[0][0]["currency"],
            customer=customer or None,
            customer_email=params.get("customer_email"),
            customer_details=None,
            client_reference_id=params.get("client_reference_id"),
            metadata=params.get("metadata") or {},
            success_url=params["success_url"],
            cancel_url=params.get("cancel_url"),
            expires_at=expires_at,
            payment_intent=None,
            subscription=None,
            invoice=None,
            payment_method_types=["card"],
            ui_mode="hosted",
            locale=params.get("locale"),
        )
        session["url"] = f"{self.url}/pay/{session['id']}"
        self.session_params[session["id"]] = {
            "lines": lines,
            "subscription_data": params.get("subscription_data"),
            "payment_intent_data": params.get("payment_intent_data"),
            "customer_creation": params.get("customer_creation"),
        }
        return session

    def _expire_session(self, params: Obj, session_id: str) -> Obj:
        self.expire_session(session_id)
        return self.sessions[session_id]

    def _create_portal_session(self, params: Obj) -> Obj:
        customer = params.get("customer")
        if not customer:
            raise StripeApiError(
                400,
                "Missing required param: customer.",
                code="parameter_missing",
                param="customer",
            )
        self._find("customer", customer, "customer")
        session = self._new(
            "bps_",
            "billing_portal.session",
            customer=customer,
            return_url=params.get("return_url"),
            configuration="bpc_fake",
            flow=None,
            locale=None,
            on_behalf_of=None,
        )
        session["url"] = f"{self.url}/portal/{session['id']}"
        return session

    def _update_subscription(self, params: Obj, subscription_id: str) -> Obj:
        subscription = self._find("subscription", subscription_id)
        if subscription["status"] == "canceled" and set(params) - {
            "metadata",
            "cancellation_details",
            "expand",
        }:
            raise StripeApiError(
                400,
                "A canceled subscription can only update its cancellation_details and metadata.",
            )
        previous = {"metadata": dict(subscription["metadata"])}
        if "metadata" in params:
            metadata = {**subscription["metadata"], **(params["metadata"] or {})}
            subscription["metadata"] = {k: v for k, v in metadata.items() if v != ""}
        if "cancel_at_period_end" in params:
            self._schedule_cancel(subscription, _truthy(params["cancel_at_period_end"]))
        elif "metadata" in params:
            self._event("customer.subscription.updated", subscription, previous)
        return subscription

    def _cancel_subscription(self, params: Obj, subscription_id: str) -> Obj:
        subscription = self._find("subscription", subscription_id)
        if subscription["status"] == "canceled":
            raise _missing("subscription", subscription_id)
        self._end_subscription(subscription, "cancellation_requested")
        return subscription

    def _list_sessions(self, params: Obj) -> Obj:
        filters: Obj = {
            name: params[name]
            for name in ("customer", "payment_intent", "subscription", "status")
            if name in params
        }
        return self._page("checkout.session", params, filters, "/v1/checkout/sessions")

    def _list_invoices(self, params: Obj) -> Obj:
        filters: Obj = {
            name: params[name]
            for name in ("customer", "subscription", "status", "collection_method")
            if name in params
        }
        return self._page("invoice", params, filters, "/v1/invoices")

    def _page(self, kind: str, params: Obj, filters: Obj, url: str) -> Obj:
        """Newest first, filtered, `limit` (1..100, 10 by default) from a cursor."""
        limit = _int(params, "limit", 10)
        assert limit is not None
        if not 1 <= limit <= 100:
            raise StripeApiError(
                400,
                "This value must be between 1 and 100 (inclusive).",
                code="parameter_invalid_integer",
                param="limit",
            )
        store = self._stores_by_kind()[kind]
        items = [
            obj
            for obj in reversed(store.values())
            if all(obj.get(name) == value for name, value in filters.items())
            and self._created_matches(obj["created"], params.get("created"))
        ]
        ids = [obj["id"] for obj in items]
        for cursor in ("starting_after", "ending_before"):
            if cursor in params and params[cursor] not in store:
                raise _missing(kind, params[cursor], cursor)
        if "starting_after" in params:
            cut = ids.index(params["starting_after"]) + 1 if params["starting_after"] in ids else 0
            after = items[cut:] if cut else []
            return _list(after[:limit], url, len(after) > limit)
        if "ending_before" in params:
            cut = ids.index(params["ending_before"]) if params["ending_before"] in ids else 0
            return _list(items[max(cut - limit, 0) : cut], url, cut > limit)
        return _list(items[:limit], url, len(items) > limit)

    @staticmethod
    def _created_matches(created: int, condition: Any) -> bool:
        if condition is None:
            return True
        if not isinstance(condition, dict):
            return created == int(condition)
        tests = {
            "gt": lambda bound: created > bound,
            "gte": lambda bound: created >= bound,
            "lt": lambda bound: created < bound,
            "lte": lambda bound: created <= bound,
        }
        return all(tests[op](int(bound)) for op, bound in condition.items() if op in tests)
