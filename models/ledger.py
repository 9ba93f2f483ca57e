from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.affiliates import Commission, Payout
    from models.orders import Order, Payment


class EntryKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"
    COMMISSION = "commission"
    COMMISSION_REVERSAL = "commission_reversal"
    PAYOUT = "payout"
    FEE = "fee"  # what Stripe kept of a card payment
    DISPUTE = "dispute"  # a card payment's money taken back by the bank while disputed
    DISPUTE_WON = "dispute_won"  # and given back when the dispute was won


class Account(StrEnum):
    TELEGRAM_BALANCE = "telegram_balance"  # Stars Telegram holds for us (an asset)
    STRIPE_BALANCE = "stripe_balance"  # card money Stripe holds for us (an asset)
    PAYMENT_FEES = "payment_fees"  # Stripe's fees (an expense)
    REVENUE = "revenue"
    COMMISSION_EXPENSE = "commission_expense"
    AFFILIATE_PAYABLE = "affiliate_payable"  # what we owe affiliates
    PAID_OUT = "paid_out"  # money sent to affiliates outside the bot


class LedgerEntry(Model):
    """One movement of money, in one currency: its lines sum to zero. Append-only; `key` makes
    recording the same movement twice a no-op."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)  # e.g. "payment:12"
    kind = fields.CharEnumField(EntryKind, max_length=24)
    currency = fields.CharField(max_length=3)
    order: fields.ForeignKeyNullableRelation["Order"] = fields.ForeignKeyField(
        "models.Order", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    order_id: int | None
    payment: fields.ForeignKeyNullableRelation["Payment"] = fields.ForeignKeyField(
        "models.Payment", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    payment_id: int | None
    commission: fields.ForeignKeyNullableRelation["Commission"] = fields.ForeignKeyField(
        "models.Commission", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    commission_id: int | None
    payout: fields.ForeignKeyNullableRelation["Payout"] = fields.ForeignKeyField(
        "models.Payout", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    payout_id: int | None
    created_at = fields.DatetimeField()

    lines: fields.ReverseRelation["LedgerLine"]

    class Meta:
        table = "ledger_entries"


class LedgerLine(Model):
    """One side of an entry: a debit (positive) or a credit (negative), in minor units."""

    id = fields.BigIntField(primary_key=True)
    entry: fields.ForeignKeyRelation[LedgerEntry] = fields.ForeignKeyField(
        "models.LedgerEntry", related_name="lines", on_delete=fields.RESTRICT
    )
    entry_id: int
    account = fields.CharEnumField(Account, max_length=24)
    currency = fields.CharField(max_length=3)
    amount = fields.BigIntField()

    class Meta:
        table = "ledger_lines"
        indexes = (("account", "currency"),)
