"""`orders list|show|refund`: orders for support, and refunds by hand."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime

from app.cli.services import open_services
from app.cli.telling import tell
from app.config import Settings
from app.money import STARS, Money
from app.texts import refund_notice
from models import LedgerEntry, Order, OrderStatus, Payment, User

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000


def order_id(value: str) -> int:
    if not re.fullmatch(r"#?[0-9]{1,10}", value.strip()):
        raise argparse.ArgumentTypeError(f"{value!r} is not an order number like 12 or #12")
    return int(value.strip().lstrip("#"))


def limit(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", value) or not 1 <= int(value) <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 1 to {MAX_LIMIT}")
    return int(value)


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("orders", help="orders, their payments and refunds")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="orders, newest first")
    listing.add_argument("--user", help="only this user's: Telegram id or @username")
    listing.add_argument("--status", choices=[s.value for s in OrderStatus])
    listing.add_argument(
        "--limit", type=limit, default=DEFAULT_LIMIT, help=f"at most N (default {DEFAULT_LIMIT})"
    )
    listing.set_defaults(run=list_orders)

    show = actions.add_parser("show", help="one order: transitions, payments, ledger entries")
    show.add_argument("order", type=order_id, help="the order number, like 12 or #12")
    show.set_defaults(run=show_order)

    refund = actions.add_parser("refund", help="give an order's Stars back (needs BOT_TOKEN)")
    refund.add_argument("order", type=order_id, help="the order number, like 12 or #12")
    refund.add_argument(
        "--reason", default="", help="kept with the order's move to refunded; not shown to the user"
    )
    refund.set_defaults(run=refund_order)


def who(user: User) -> str:
    return f"@{user.username} ({user.telegram_id})" if user.username else str(user.telegram_id)


def money(amount: int, currency: str) -> str:
    return Money(amount, currency).format()


def when(moment: datetime | None) -> str:
    return "-" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


async def list_orders(settings: Settings, args: argparse.Namespace) -> None:
    status = OrderStatus(args.status) if args.status else None
    async with open_services(settings) as services:
        user = await services.users.resolve(args.user) if args.user else None
        orders = await services.orders.search(user, status, args.limit)
    for order in orders:
        print(
            f"#{order.id:<6} {order.created_at.astimezone(UTC):%Y-%m-%d %H:%M}  "
            f"{who(order.user):<28} {order.plan.code:<20} "
            f"{money(order.amount, order.currency):>12}  {order.status.value}"
        )
    if not orders:
        what = f"{status.value} orders" if status else "orders"
        print(f"No {what}{f' of {who(user)}' if user else ''}.")


async def show_order(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        order = await services.orders.get(args.order)
    for line in order_lines(order):
        print(line)


def order_lines(order: Order) -> list[str]:
    plan = order.plan
    lines = [
        f"Order #{order.id}: {plan.product.title} · {plan.title} ({plan.code}) "
        f"for {who(order.user)}",
        f"  {money(order.amount, order.currency)}, {order.kind.value}, {order.status.value}"
        + (f", subscription #{order.subscription_id}" if order.subscription_id else ""),
        f"  created {when(order.created_at)}, paid {when(order.paid_at)}, "
        f"closed {when(order.closed_at)}",
        "Transitions:",
    ]
    for transition in sorted(order.transitions, key=lambda t: (t.at, t.id)):
        before = transition.from_status.value if transition.from_status else "(new)"
        lines.append(
            f"  {when(transition.at)}  {before} → {transition.to_status.value}  "
            f"({transition.cause}{': ' + transition.note if transition.note else ''})"
        )
    lines.append("Payments:")
    payments = sorted(order.payments, key=lambda p: p.id)
    lines += [f"  {payment_line(payment)}" for payment in payments] or ["  none"]
    lines.append("Ledger:")
    entries: list[LedgerEntry] = sorted(order.ledger_entries, key=lambda entry: entry.id)
    for entry in entries:
        lines.append(f"  #{entry.id} {entry.kind.value} ({entry.key}) {when(entry.created_at)}")
        for line in sorted(entry.lines, key=lambda item: item.id):
            lines.append(f"    {line.account.value:<20} {money(line.amount, line.currency):>12}")
    if not entries:
        lines.append("  none")
    return lines


def payment_line(payment: Payment) -> str:
    text = (
        f"{payment.charge_id}  {money(payment.amount, payment.currency)}  "
        f"{payment.outcome.value}"
        + (f" ({payment.problem})" if payment.problem else "")
        + f"  received {when(payment.received_at)}"
    )
    if payment.refunded_at is not None:
        cause = f" ({payment.refund_cause})" if payment.refund_cause else ""
        text += f", refunded {when(payment.refunded_at)}{cause}"
    return text


async def refund_order(settings: Settings, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    async with open_services(settings, need_bot=True) as services:
        assert services.stars is not None, "a Bot comes with its gateway"
        refund = await services.payments.refund_order(
            args.order, "refund_admin", now, services.stars, reason=args.reason
        )
        amount = money(refund.payment.amount, refund.payment.currency)
        number = refund.order.id if refund.order is not None else args.order
        if refund.user is None:
            buyer, note = "the buyer", "not told: the buyer never started the bot"
        else:
            buyer = who(refund.user)
            refunded = Money(refund.payment.amount, refund.payment.currency)
            note = (
                "told when Telegram reported the refund"
                if refund.told_by_telegram
                else await tell(
                    services,
                    refund.user,
                    lambda: refund_notice(refunded, number, refunded.currency != STARS),
                    refund.changes,
                )
            )
    already = "; Telegram had refunded it already" if refund.already_at_telegram else ""
    taken = f"; took back {', '.join(c.key for c in refund.changes)}" if refund.changes else ""
    reason = f" — reason: {args.reason}" if args.reason else ""
    print(f"Refunded order #{number}: {amount} back to {buyer}{already}{taken}{reason} ({note})")
