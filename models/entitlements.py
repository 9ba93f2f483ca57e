from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.catalog import Product
    from models.users import User


class GrantSource(StrEnum):
    ORDER = "order"
    ADMIN = "admin"
    TRIAL = "trial"
    PROMO = "promo"


class GrantStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class EntitlementGrant(Model):
    """What one source gave one user for one key. A user's access to a key is the chain of their
    active grants, each starting where the one before ends (see EntitlementService)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="grants", on_delete=fields.CASCADE
    )
    user_id: UUID
    key = fields.CharField(max_length=64)
    source = fields.CharEnumField(GrantSource, max_length=16)
    source_ref = fields.CharField(max_length=128)  # the order id, admin, product code …
    duration_days = fields.IntField(null=True)  # None: lifetime
    granted_at = fields.DatetimeField()
    starts_at = fields.DatetimeField()
    expires_at = fields.DatetimeField(null=True)  # None: lifetime
    status = fields.CharEnumField(GrantStatus, max_length=16, default=GrantStatus.ACTIVE)
    ended_at = fields.DatetimeField(null=True)
    note = fields.CharField(max_length=255, default="")

    class Meta:
        table = "entitlement_grants"
        indexes = (("user_id", "key", "status"),)


class EntitlementEvent(Model):
    """The history: every grant, revocation, expiry and recomputed expiry."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="entitlement_events", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=64)
    grant: fields.ForeignKeyNullableRelation[EntitlementGrant] = fields.ForeignKeyField(
        "models.EntitlementGrant", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    action = fields.CharField(max_length=32)  # granted, revoked, expired
    expires_at = fields.DatetimeField(null=True)  # the key's access end after this change
    lifetime = fields.BooleanField(default=False)
    details = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "entitlement_events"
        indexes = (("user_id", "key"),)


class TrialUse(Model):
    """A trial is given once per user and product."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="trials", on_delete=fields.CASCADE
    )
    product: fields.ForeignKeyRelation["Product"] = fields.ForeignKeyField(
        "models.Product", related_name="trials", on_delete=fields.CASCADE
    )
    # The update that started it: its redelivery is answered "started", not "used already".
    request_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "trial_uses"
        unique_together = (("user", "product"),)


class ReminderKind(StrEnum):
    BEFORE = "before"
    EXPIRED = "expired"


class EntitlementReminder(Model):
    """A reminder claimed for one period of access (the user, key and expiry it ends at): the
    unique constraint is what makes it go out once, whatever number of job runners race."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="reminders", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=64)
    period_end = fields.DatetimeField()
    kind = fields.CharEnumField(ReminderKind, max_length=16)
    days_before = fields.IntField(default=0)
    sent_at = fields.DatetimeField(null=True)
    outcome = fields.CharField(max_length=32, default="claimed")  # claimed, sent, blocked
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "entitlement_reminders"
        unique_together = (("user", "key", "period_end", "kind", "days_before"),)
