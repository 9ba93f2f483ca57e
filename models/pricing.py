from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class PromoKind(StrEnum):
    PERCENT = "percent"
    FIXED = "fixed"


class PromoCode(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)  # stored upper-case; matched without case
    kind = fields.CharEnumField(PromoKind, max_length=8)
    percent_bp = fields.IntField(null=True)  # for PERCENT: 1500 = 15 %
    amounts = fields.JSONField(default=dict)  # for FIXED: {"USD": 500, "XTR": 250}, minor units
    valid_from = fields.DatetimeField(null=True)
    valid_until = fields.DatetimeField(null=True)
    max_uses = fields.IntField(null=True)
    max_uses_per_user = fields.IntField(null=True)
    products = fields.JSONField(default=list)  # product codes it is limited to; empty: any
    plans = fields.JSONField(default=list)  # plan codes it is limited to; empty: any
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
    user = fields.ForeignKeyField("models.User", related_name="quotes", on_delete=fields.CASCADE)
    plan = fields.ForeignKeyField("models.Plan", related_name="quotes", on_delete=fields.RESTRICT)
    currency = fields.CharField(max_length=3)
    base_amount = fields.BigIntField()
    total_amount = fields.BigIntField()
    lines = fields.JSONField(
        default=list
    )  # [{"rule": "newcomer", "reason": "...", "amount": -380}]
    promo = fields.ForeignKeyField(
        "models.PromoCode", related_name="quotes", null=True, on_delete=fields.RESTRICT
    )
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
    promo = fields.ForeignKeyField(
        "models.PromoCode", related_name="reservations", on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "models.User", related_name="promo_reservations", on_delete=fields.CASCADE
    )
    quote = fields.OneToOneField(
        "models.Quote", related_name="reservation", on_delete=fields.CASCADE
    )
    expires_at = fields.DatetimeField()
    redeemed_at = fields.DatetimeField(null=True)  # set when the quote is paid: the use is final
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "promo_reservations"
        indexes = (("promo_id", "expires_at"),)
