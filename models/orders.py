from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.catalog import Plan
    from models.ledger import LedgerEntry
    from models.pricing import Quote
    from models.users import User


class OrderStatus(StrEnum):
    CREATED = "created"
    AWAITING_PAYMENT = "awaiting_payment"  # an invoice is out
    PAID = "paid"
    FULFILLED = "fulfilled"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


# Every move an order may make. A free order and a subscription's renewal are paid without an
# invoice, hence created → paid. The database refuses any other move too (a trigger built from
# this table: migrations/models/6_*.py on PostgreSQL, app/db.py on SQLite).
ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.CREATED: frozenset(
        {
            OrderStatus.AWAITING_PAYMENT,
            OrderStatus.PAID,
            OrderStatus.EXPIRED,
            OrderStatus.CANCELLED,
        }
    ),
    OrderStatus.AWAITING_PAYMENT: frozenset(
        {OrderStatus.PAID, OrderStatus.EXPIRED, OrderStatus.CANCELLED}
    ),
    OrderStatus.PAID: frozenset({OrderStatus.FULFILLED, OrderStatus.REFUNDED}),
    OrderStatus.FULFILLED: frozenset({OrderStatus.REFUNDED}),
    OrderStatus.EXPIRED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
    OrderStatus.REFUNDED: frozenset(),
}
OPEN_STATUSES = frozenset({OrderStatus.CREATED, OrderStatus.AWAITING_PAYMENT})
# Orders whose money came in (a free order's zero included): "first purchase" means none yet.
PAID_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.REFUNDED})


class OrderKind(StrEnum):
    ONE_TIME = "one_time"
    SUBSCRIPTION = "subscription"  # the first period of a Stars subscription
    RENEWAL = "renewal"  # a later period, paid by Telegram on its own


class Order(Model):
    """One purchase of one plan by one user, at the price of the quote it was made from."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="orders", on_delete=fields.RESTRICT
    )
    user_id: UUID
    plan: fields.ForeignKeyRelation["Plan"] = fields.ForeignKeyField(
        "models.Plan", related_name="orders", on_delete=fields.RESTRICT
    )
    plan_id: int
    # The quote it was made from (None for a renewal): one order per quote (unique_together
    # below: Tortoise makes no constraint of a foreign key's unique=True).
    quote: fields.ForeignKeyNullableRelation["Quote"] = fields.ForeignKeyField(
        "models.Quote", related_name="orders", null=True, on_delete=fields.RESTRICT
    )
    quote_id: UUID | None
    kind = fields.CharEnumField(OrderKind, max_length=16, default=OrderKind.ONE_TIME)
    # The Stars subscription this order started or renewed.
    subscription: fields.ForeignKeyNullableRelation["StarSubscription"] = fields.ForeignKeyField(
        "models.StarSubscription", related_name="orders", null=True, on_delete=fields.RESTRICT
    )
    subscription_id: int | None
    currency = fields.CharField(max_length=3)
    amount = fields.BigIntField()
    status = fields.CharEnumField(OrderStatus, max_length=16, default=OrderStatus.CREATED)
    # "<user>:<plan>" while the order is open, NULL after: the unique index allows one open
    # order per user and plan, on PostgreSQL and SQLite alike.
    open_key = fields.CharField(max_length=64, null=True, unique=True)
    # The secret half of the invoice payload: a payload names an order only with it.
    token = fields.CharField(max_length=32)
    # The Stripe Checkout Session that takes a card payment for it, once one is made.
    checkout_ref = fields.CharField(max_length=255, null=True, unique=True)
    created_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)  # fulfilled, expired, cancelled or refunded

    transitions: fields.ReverseRelation["OrderTransition"]
    payments: fields.ReverseRelation["Payment"]
    ledger_entries: fields.ReverseRelation["LedgerEntry"]

    class Meta:
        table = "orders"
        indexes = (("user_id", "status"),)
        unique_together = (("quote",),)


class OrderTransition(Model):
    """Each move of an order, with when and why (`cause` is a code, e.g. invoice_sent,
    payment, quote_expired, replaced, refund_admin, refund_telegram)."""

    id = fields.BigIntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="transitions", on_delete=fields.CASCADE
    )
    order_id: int
    from_status = fields.CharEnumField(OrderStatus, max_length=16, null=True)  # None: created
    to_status = fields.CharEnumField(OrderStatus, max_length=16)
    cause = fields.CharField(max_length=32)
    note = fields.CharField(max_length=255, default="")  # an admin's words, e.g. a refund's reason
    at = fields.DatetimeField()

    class Meta:
        table = "order_transitions"
        indexes = (("order_id", "at"),)


class PaymentOutcome(StrEnum):
    RECEIVED = "received"  # recorded; what it pays for not given yet
    APPLIED = "applied"  # it paid for its order
    REFUND_DUE = "refund_due"  # matched nothing we can sell (or could not be applied): give back
    REFUNDED = "refunded"


class Payment(Model):
    """Money that arrived, recorded once per Telegram charge whether or not it matched an
    order: money is never dropped."""

    id = fields.IntField(primary_key=True)
    charge_id = fields.CharField(max_length=128, unique=True)  # telegram_payment_charge_id
    provider_charge_id = fields.CharField(max_length=128, default="")
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="payments", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    telegram_user_id = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    amount = fields.BigIntField()
    invoice_payload = fields.CharField(max_length=128)
    is_recurring = fields.BooleanField(default=False)
    is_first_recurring = fields.BooleanField(default=False)  # it started a subscription
    subscription_expires_at = fields.DatetimeField(null=True)
    # The Stripe subscription (sub_…) a card subscription's payment belongs to.
    subscription_ref = fields.CharField(max_length=255, null=True)
    outcome = fields.CharEnumField(PaymentOutcome, max_length=16, default=PaymentOutcome.RECEIVED)
    # Why an unmatched payment is refunded (a code: unknown_order, not_open, amount, ...).
    problem = fields.CharField(max_length=32, default="")
    received_at = fields.DatetimeField()
    refunded_at = fields.DatetimeField(null=True)
    refund_cause = fields.CharField(max_length=32, default="")
    # Given back in part (card payments only; a full refund makes the outcome refunded).
    refunded_amount = fields.BigIntField(default=0)
    # A card payment's dispute: "" (none), open, won or lost (Stripe's word for the last two).
    dispute_status = fields.CharField(max_length=16, default="")
    # When Telegram last refused to give a refund due back: the job stops retrying, admins act.
    refund_refused_at = fields.DatetimeField(null=True)
    # The update that sends the receipt: one receipt, however often the payment is delivered.
    receipt_update_id = fields.BigIntField(null=True)
    receipt_sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "payments"


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"  # by the user through the bot: access runs to the period's end
    ENDED = "ended"  # refunded: it renews no more and cannot be resumed


class SubscriptionProvider(StrEnum):
    STARS = "stars"  # Telegram's: charge_id is the first payment's telegram_payment_charge_id
    STRIPE = "stripe"  # Stripe's: charge_id is the Stripe subscription's id (sub_…)


class StarSubscription(Model):
    """A subscription (its orders point to it): who, which plan, the id that names it to its
    provider (Telegram Stars, or Stripe for a card), and where it stands."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="star_subscriptions", on_delete=fields.RESTRICT
    )
    user_id: UUID
    plan: fields.ForeignKeyRelation["Plan"] = fields.ForeignKeyField(
        "models.Plan", related_name="star_subscriptions", on_delete=fields.RESTRICT
    )
    plan_id: int
    charge_id = fields.CharField(max_length=128, unique=True)
    provider = fields.CharEnumField(
        SubscriptionProvider, max_length=16, default=SubscriptionProvider.STARS
    )
    status = fields.CharEnumField(SubscriptionStatus, max_length=16)
    period_end = fields.DatetimeField()
    created_at = fields.DatetimeField()
    cancelled_at = fields.DatetimeField(null=True)

    orders: fields.ReverseRelation[Order]

    class Meta:
        table = "star_subscriptions"
