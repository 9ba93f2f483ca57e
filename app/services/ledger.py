"""The ledger: every movement of money as a balanced double-entry journal entry, in integer
minor units per currency, tied to the order, payment, commission or payout it records.

Debits are positive and credits negative, so each entry's lines sum to zero:

- payment:             telegram_balance +a / revenue -a
- refund:              revenue +a / telegram_balance -a
- commission:          commission_expense +c / affiliate_payable -c
- commission reversal: affiliate_payable +c / commission_expense -c
- payout:              affiliate_payable +p / paid_out -p

Entries are only ever added. `check` proves the books: what it finds wrong it names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum

from app.money import STARS, Money
from models import (
    PAID_STATUSES,
    Account,
    Commission,
    CommissionKind,
    EntryKind,
    LedgerEntry,
    LedgerLine,
    Order,
    OrderStatus,
    Payment,
    PaymentOutcome,
    Payout,
    PayoutStatus,
)

# A payment is applied or refunded within seconds; one older than this unsettled is a problem.
SETTLE_WITHIN = timedelta(minutes=10)
# Which account each kind of entry debits and credits.
POSTINGS: dict[EntryKind, tuple[Account, Account]] = {
    EntryKind.PAYMENT: (Account.TELEGRAM_BALANCE, Account.REVENUE),
    EntryKind.REFUND: (Account.REVENUE, Account.TELEGRAM_BALANCE),
    EntryKind.COMMISSION: (Account.COMMISSION_EXPENSE, Account.AFFILIATE_PAYABLE),
    EntryKind.COMMISSION_REVERSAL: (Account.AFFILIATE_PAYABLE, Account.COMMISSION_EXPENSE),
    EntryKind.PAYOUT: (Account.AFFILIATE_PAYABLE, Account.PAID_OUT),
    EntryKind.FEE: (Account.PAYMENT_FEES, Account.TELEGRAM_BALANCE),
    EntryKind.DISPUTE: (Account.REVENUE, Account.TELEGRAM_BALANCE),
    EntryKind.DISPUTE_WON: (Account.TELEGRAM_BALANCE, Account.REVENUE),
}
# The kinds that give a payment's money back, in part or whole.
GIVING_BACK = (EntryKind.REFUND, EntryKind.DISPUTE)


def holder(account: Account, currency: str) -> Account:
    """Who holds the money: Telegram holds Stars, Stripe holds card money. POSTINGS name
    Telegram's balance; a card payment's entries post to Stripe's instead."""
    if account == Account.TELEGRAM_BALANCE and currency != STARS:
        return Account.STRIPE_BALANCE
    return account


@dataclass(frozen=True)
class Balance:
    account: Account
    money: Money


class Ledger:
    async def record(
        self,
        kind: EntryKind,
        key: str,
        money: Money,
        at: datetime,
        *,
        connection=None,
        order_id: int | None = None,
        payment_id: int | None = None,
        commission_id: int | None = None,
        payout_id: int | None = None,
    ) -> None:
        """Post `money` as one entry of `kind`, once per `key` (a second call is a no-op). Inside
        the caller's transaction when given one, so the entry commits with what it records."""
        if money.amount == 0:
            return  # a free order moves no money
        if await LedgerEntry.filter(key=key).using_db(connection).exists():
            return
        debit, credit = (holder(account, money.currency) for account in POSTINGS[kind])
        try:
            entry = await LedgerEntry.create(
                key=key,
                kind=kind,
                currency=money.currency,
                order_id=order_id,
                payment_id=payment_id,
                commission_id=commission_id,
                payout_id=payout_id,
                created_at=at,
                using_db=connection,
            )
        except IntegrityError:
            if connection is not None:
                raise  # the caller's transaction is spoiled: let it be retried whole
            return  # recorded meanwhile by another worker
        for account, amount in ((debit, money.amount), (credit, -money.amount)):
            await LedgerLine.create(
                entry=entry,
                account=account,
                currency=money.currency,
                amount=amount,
                using_db=connection,
            )

    async def balances(self) -> list[Balance]:
        """Every account's balance per currency (debits positive), in account order."""
        rows = (
            await LedgerLine.all()
            .annotate(total=Sum("amount"))
            .group_by("account", "currency")
            .values_list("account", "currency", "total")
        )
        order = list(Account)
        return sorted(
            (
                Balance(Account(account), Money(int(total), currency))
                for account, currency, total in rows
            ),
            key=lambda b: (b.money.currency, order.index(b.account)),
        )

    async def check(self, now: datetime | None = None) -> list[str]:
        """Every discrepancy between the books and the facts they record, and every payment
        left unsettled for longer than SETTLE_WITHIN; empty when clean."""
        problems: list[str] = []
        entries = await LedgerEntry.all().prefetch_related("lines").order_by("id")
        by_key = {entry.key: entry for entry in entries}
        for entry in entries:
            lines = list(entry.lines)
            if len(lines) < 2:
                problems.append(f"entry #{entry.id} ({entry.key}) has {len(lines)} line(s)")
            if sum(line.amount for line in lines) != 0:
                total = Money(sum(line.amount for line in lines), entry.currency)
                problems.append(
                    f"entry #{entry.id} ({entry.key}) does not balance: "
                    f"its lines sum to {total.format()}"
                )
            if any(line.currency != entry.currency for line in lines):
                problems.append(f"entry #{entry.id} ({entry.key}) mixes currencies")
        # A payment is booked when it is settled (applied, or due for a refund).
        settled = await Payment.exclude(outcome=PaymentOutcome.RECEIVED).order_by("id")
        problems += self._check_payments(list(settled), by_key)
        problems += await self._check_orders(by_key)
        problems += await self._check_commissions(by_key)
        problems += await self._check_revenue()
        problems += await self._check_unsettled(now or datetime.now(UTC))
        return problems

    @staticmethod
    async def _check_unsettled(now: datetime) -> list[str]:
        """Money that arrived and was neither applied nor given back: a payment still being
        settled is fine for a moment, not for SETTLE_WITHIN."""
        stuck = await Payment.filter(
            outcome__in=[PaymentOutcome.RECEIVED, PaymentOutcome.REFUND_DUE],
            received_at__lte=now - SETTLE_WITHIN,
        ).order_by("id")
        return [
            f"payment #{payment.id} ({payment.charge_id}, "
            f"{Money(payment.amount, payment.currency).format()}) "
            f"is {payment.outcome.value.replace('_', ' ')} since "
            f"{payment.received_at:%Y-%m-%d %H:%M} UTC: "
            f"`python -m app payments refund {payment.charge_id}` gives it back"
            for payment in stuck
        ]

    @staticmethod
    def _expect(by_key: dict[str, LedgerEntry], key: str, amount: int, what: str) -> list[str]:
        entry = by_key.get(key)
        if amount == 0:
            return []
        if entry is None:
            return [f"{what} has no {key.split(':')[0]} entry"]
        debit = sum(line.amount for line in entry.lines if line.amount > 0)
        if debit != amount:
            booked, expected = (Money(n, entry.currency).format() for n in (debit, amount))
            return [f"{what}: its {key.split(':')[0]} entry is for {booked}, not {expected}"]
        return []

    def _check_payments(self, payments: list[Payment], by_key: dict[str, LedgerEntry]) -> list[str]:
        """Each settled payment is booked in full, and what was given back of it (in part,
        or all of it when refunded, by a refund or a lost dispute) is booked as given back."""
        given_back: dict[int, int] = defaultdict(int)
        for entry in by_key.values():
            if entry.kind in GIVING_BACK and entry.payment_id is not None:
                given_back[entry.payment_id] += sum(
                    line.amount for line in entry.lines if line.amount > 0
                )
        problems = []
        for payment in payments:
            what = f"payment #{payment.id} ({payment.charge_id})"
            problems += self._expect(by_key, f"payment:{payment.id}", payment.amount, what)
            refunded = payment.outcome == PaymentOutcome.REFUNDED
            expected = payment.amount if refunded else payment.refunded_amount
            if given_back[payment.id] != expected:
                booked, due = (
                    Money(n, payment.currency).format() for n in (given_back[payment.id], expected)
                )
                problems.append(f"{what}: {booked} booked as given back, not {due}")
        return problems

    async def _check_orders(self, by_key: dict[str, LedgerEntry]) -> list[str]:
        problems = []
        orders = await Order.filter(status__in=PAID_STATUSES, amount__gt=0).prefetch_related(
            "payments"
        )
        for order in orders:
            applied = [p for p in order.payments if p.outcome != PaymentOutcome.REFUND_DUE]
            if not any(f"payment:{p.id}" in by_key for p in applied):
                problems.append(f"order #{order.id} is {order.status} but no payment entry")
            if order.status == OrderStatus.REFUNDED and not any(
                f"refund:{p.id}" in by_key for p in applied
            ):
                problems.append(f"order #{order.id} is refunded but has no refund entry")
        return problems

    async def _check_commissions(self, by_key: dict[str, LedgerEntry]) -> list[str]:
        problems = []
        for commission in await Commission.all().order_by("id"):
            what = f"commission #{commission.id}"
            if commission.kind == CommissionKind.SALE:
                problems += self._expect(
                    by_key, f"commission:{commission.id}", commission.amount, what
                )
                if commission.cancelled_at is not None:
                    problems += self._expect(
                        by_key, f"commission_reversal:{commission.id}", commission.amount, what
                    )
            else:  # a refund's adjustment: a reversal of the sale's commission
                problems += self._expect(
                    by_key, f"commission_reversal:{commission.id}", -commission.amount, what
                )
        for payout in await Payout.filter(status=PayoutStatus.PAID).order_by("id"):
            problems += self._expect(
                by_key, f"payout:{payout.id}", payout.amount, f"payout #{payout.id}"
            )
        return problems

    @staticmethod
    async def _check_revenue() -> list[str]:
        """Revenue per currency equals what payments brought in minus what was refunded."""
        expected: dict[str, int] = defaultdict(int)
        for payment in await Payment.exclude(outcome=PaymentOutcome.RECEIVED):
            # Kept, or disputed and given back when the dispute was won.
            if payment.outcome != PaymentOutcome.REFUNDED or payment.dispute_status == "won":
                expected[payment.currency] += payment.amount - payment.refunded_amount
        booked: dict[str, int] = defaultdict(int)
        for currency, amount in await LedgerLine.filter(account=Account.REVENUE).values_list(
            "currency", "amount"
        ):
            booked[currency] -= amount  # revenue is a credit
        return [
            f"revenue in {currency} is {Money(booked[currency], currency).format()}, but "
            f"payments minus refunds are {Money(expected[currency], currency).format()}"
            for currency in sorted(set(expected) | set(booked))
            if booked[currency] != expected[currency]
        ]
