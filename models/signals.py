from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.users import User


class SignalTier(StrEnum):
    FREE = "free"
    PREMIUM = "premium"


class Signal(Model):
    """A trading signal from the signal engine. Prices are decimals, stored as text so that no
    digit is lost whatever the instrument's precision."""

    id = fields.IntField(primary_key=True)
    external_id = fields.CharField(max_length=128, unique=True)
    instrument = fields.CharField(max_length=32)
    side = fields.CharField(max_length=4)  # buy or sell
    entry_low = fields.CharField(max_length=40)
    entry_high = fields.CharField(max_length=40)
    stop_loss = fields.CharField(max_length=40)
    take_profits: fields.JSONField[list[str]] = fields.JSONField()  # ["1.0950", "1.1000"]
    timeframe = fields.CharField(max_length=16)
    valid_until = fields.DatetimeField()
    tier = fields.CharEnumField(SignalTier, max_length=8)
    note = fields.CharField(max_length=500, default="")
    fingerprint = fields.CharField(
        max_length=64
    )  # of the content: the same id with other content is a conflict
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "signals"
        indexes = (("valid_until",),)


class SignalApproval(Model):
    """A user's go-ahead for their execution terminal to act on a signal."""

    id = fields.BigIntField(primary_key=True)
    signal: fields.ForeignKeyRelation[Signal] = fields.ForeignKeyField(
        "models.Signal", related_name="approvals", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="approvals", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "signal_approvals"
        unique_together = (("signal", "user"),)
        indexes = (("user_id", "created_at"),)


class ApiKey(Model):
    """A user's key for the approvals API: only its SHA-256 is kept."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="api_keys", on_delete=fields.CASCADE
    )
    key_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=12)  # shown to the user to tell keys apart
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_keys"
