from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.users import User


class Affiliate(Model):
    """A user in the affiliate program, with the code their referral link carries."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation["User"] = fields.OneToOneField(
        "models.User", related_name="affiliate", on_delete=fields.CASCADE
    )
    user_id: UUID
    code = fields.CharField(max_length=16, unique=True)
    joined_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "affiliates"


class AffiliateClick(Model):
    """A /start through an affiliate's link, by a new user or not."""

    id = fields.BigIntField(primary_key=True)
    affiliate: fields.ForeignKeyRelation[Affiliate] = fields.ForeignKeyField(
        "models.Affiliate", related_name="clicks", on_delete=fields.CASCADE
    )
    telegram_user_id = fields.BigIntField()
    # The /start message: a redelivered update is the same click, not another.
    message_id = fields.BigIntField()
    new_user = fields.BooleanField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "affiliate_clicks"
        indexes = (("affiliate_id", "created_at"),)
        unique_together = (("telegram_user_id", "message_id"),)


class Referral(Model):
    """Who brought a user: set once, at their first /start (first touch)."""

    id = fields.IntField(primary_key=True)
    affiliate: fields.ForeignKeyRelation[Affiliate] = fields.ForeignKeyField(
        "models.Affiliate", related_name="referrals", on_delete=fields.CASCADE
    )
    affiliate_id: int
    user: fields.OneToOneRelation["User"] = fields.OneToOneField(
        "models.User", related_name="referral", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "referrals"


class CommissionKind(StrEnum):
    SALE = "sale"
    REFUND = "refund"  # a negative adjustment against a commission already available or paid


class Commission(Model):
    """A referrer's share of one sale (or its reversal), in the sale's currency."""

    id = fields.IntField(primary_key=True)
    affiliate: fields.ForeignKeyRelation[Affiliate] = fields.ForeignKeyField(
        "models.Affiliate", related_name="commissions", on_delete=fields.CASCADE
    )
    affiliate_id: int
    sale_id = fields.CharField(max_length=128)
    kind = fields.CharEnumField(CommissionKind, max_length=8)
    buyer: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="referred_sales", on_delete=fields.CASCADE
    )
    buyer_id: UUID
    currency = fields.CharField(max_length=3)
    sale_amount = fields.BigIntField()
    amount = fields.BigIntField()  # negative for a refund adjustment
    available_at = fields.DatetimeField()  # the hold ends: pending before, available after
    cancelled_at = fields.DatetimeField(null=True)  # refunded while pending
    payout: fields.ForeignKeyNullableRelation["Payout"] = fields.ForeignKeyField(
        "models.Payout", related_name="commissions", null=True, on_delete=fields.SET_NULL
    )
    payout_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "commissions"
        unique_together = (("sale_id", "kind"),)  # each sale and each refund counts once


class PayoutStatus(StrEnum):
    REQUESTED = "requested"
    PAID = "paid"


class Payout(Model):
    id = fields.IntField(primary_key=True)
    affiliate: fields.ForeignKeyRelation[Affiliate] = fields.ForeignKeyField(
        "models.Affiliate", related_name="payouts", on_delete=fields.CASCADE
    )
    currency = fields.CharField(max_length=3)
    amount = fields.BigIntField()
    status = fields.CharEnumField(PayoutStatus, max_length=16, default=PayoutStatus.REQUESTED)
    requested_at = fields.DatetimeField(auto_now_add=True)
    paid_at = fields.DatetimeField(null=True)
    reference = fields.CharField(max_length=255, default="")  # how it was paid, for the books
    # The update that asked for it: its redelivery is answered with this payout again.
    request_id = fields.BigIntField(null=True, db_index=True)

    class Meta:
        table = "payouts"
