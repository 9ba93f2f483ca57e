from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.catalog import Plan
    from models.users import User


class PromoKind(StrEnum):
    PERCENT = "percent"
    FIXED = "fixed"


class PromoCode(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)  # stored upper-case; matched without case
    kind = fields.CharEnumField(PromoKind, max_length=8)
    percent_bp = fields.IntField(null=True)  # for PERCENT: 1500 = 15 %
    # For FIXED: {"USD": 500, "XTR": 250}, minor units.
    amounts: fields.JSONField[dict[str, int]] = fields.JSONField(default=dict)
    valid_from = fields.DatetimeField(null=True)
    valid_until = fields.DatetimeField(null=True)
    max_uses = fields.IntField(null=True)
    max_uses_per_user = fields.IntField(null=True)
    # Product and plan codes it is limited to; empty: any.
    products: fields.JSONField[list[str]] = fields.JSONField(default=list)
    plans: fields.JSONField[list[str]] = fields.JSONField(default=list)
    first_purchase_only = fields.BooleanField(default=False)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "promo_codes"


class QuoteStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"


class Quote(Model):
    """A price offered to one user for one plan in one currency, valid until `expires_at`.
    Payments charge exactly `total_amount` of an open, unexpired quote."""

    id = fields.UUIDField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="quotes", on_delete=fields.CASCADE
    )
    plan: fields.ForeignKeyRelation["Plan"] = fields.ForeignKeyField(
        "models.Plan", related_name="quotes", on_delete=fields.RESTRICT
    )
    plan_id: int
    currency = fields.CharField(max_length=3)
    base_amount = fields.BigIntField()
    total_amount = fields.BigIntField()
    # [{"rule": "newcomer", "reason": "...", "amount": -380}]
    lines: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    promo: fields.ForeignKeyNullableRelation[PromoCode] = fields.ForeignKeyField(
        "models.PromoCode", related_name="quotes", null=True, on_delete=fields.RESTRICT
    )
    promo_id: int | None
    status = fields.CharEnumField(QuoteStatus, max_length=8, default=QuoteStatus.OPEN)
    expires_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "quotes"
        indexes = (("user_id", "status"),)


class PromoReservation(Model):
    """One use of a promo code, held by a quote until the quote expires or is paid."""

    id = fields.IntField(primary_key=True)
    promo: fields.ForeignKeyRelation[PromoCode] = fields.ForeignKeyField(
        "models.PromoCode", related_name="reservations", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="promo_reservations", on_delete=fields.CASCADE
    )
    quote: fields.OneToOneRelation[Quote] = fields.OneToOneField(
        "models.Quote", related_name="reservation", on_delete=fields.CASCADE
    )
    expires_at = fields.DatetimeField()
    redeemed_at = fields.DatetimeField(null=True)  # set when the quote is paid: the use is final
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "promo_reservations"
        indexes = (("promo_id", "expires_at"),)
