from enum import StrEnum
from typing import TYPE_CHECKING, Any
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.users import User


class StripeEventStatus(StrEnum):
    PENDING = "pending"  # recorded; its effects not made yet
    PROCESSED = "processed"
    FAILED = "failed"  # its last attempt failed; tried again later
    IGNORED = "ignored"  # a type we do not act on: stored and acknowledged


class StripeEvent(Model):
    """A Stripe webhook event, stored once (its id is Stripe's) before it is acknowledged, so
    that none is lost and none applied twice however often Stripe sends it."""

    id = fields.CharField(max_length=255, primary_key=True)  # evt_…
    type = fields.CharField(max_length=128)
    livemode = fields.BooleanField(default=False)
    created = fields.DatetimeField()  # when Stripe made it: the order in which events happened
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    status = fields.CharEnumField(
        StripeEventStatus, max_length=16, default=StripeEventStatus.PENDING
    )
    attempts = fields.IntField(default=0)
    last_error = fields.CharField(max_length=255, default="")
    received_at = fields.DatetimeField()
    processed_at = fields.DatetimeField(null=True)
    # When it may be tried (again): a claim leases it until then, a failure backs off to it.
    next_attempt_at = fields.DatetimeField(null=True)

    class Meta:
        table = "stripe_events"
        indexes = (("status", "received_at"), ("status", "next_attempt_at"))


class StripeCustomer(Model):
    """The one Stripe Customer of a user: created at their first card checkout, reused after."""

    id = fields.CharField(max_length=255, primary_key=True)  # cus_…
    user: fields.OneToOneRelation["User"] = fields.OneToOneField(
        "models.User", related_name="stripe_customer", on_delete=fields.RESTRICT
    )
    user_id: UUID
    created_at = fields.DatetimeField()

    class Meta:
        table = "stripe_customers"
