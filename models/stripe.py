from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


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

    class Meta:
        table = "stripe_events"
        indexes = (("status", "received_at"),)
