"""`affiliates list|show|payouts|mark-paid`."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime

from app.cli.services import open_services
from app.cli.telling import tell
from app.config import Settings
from app.i18n import _, money
from app.money import Money
from models import Affiliate, PayoutStatus


def payout_id(value: str) -> int:
    if not re.fullmatch(r"#?[0-9]{1,10}", value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a payout number like 12")
    return int(value.lstrip("#"))


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("affiliates", help="the affiliate program")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="affiliates with their figures").set_defaults(
        run=list_affiliates
    )
    show = actions.add_parser("show", help="one affiliate in detail")
    show.add_argument("user", help="Telegram id or @username")
    show.set_defaults(run=show_affiliate)
    payouts = actions.add_parser("payouts", help="payout requests")
    payouts.add_argument("--status", choices=["requested", "paid", "all"], default="requested")
    payouts.set_defaults(run=list_payouts)
    paid = actions.add_parser("mark-paid", help="record that a payout was paid")
    paid.add_argument("payout", type=payout_id)
    paid.add_argument("--reference", required=True, help="how it was paid, for the books")
    paid.set_defaults(run=mark_paid)


def who(affiliate: Affiliate) -> str:
    user = affiliate.user
    return f"@{user.username}" if user.username else str(user.telegram_id)


def money_list(amounts: dict[str, Money]) -> str:
    return ", ".join(money.format() for _, money in sorted(amounts.items())) or "-"


async def list_affiliates(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        summaries = await services.affiliates.overview(datetime.now(UTC))
    for row in summaries:
        print(
            f"{row.affiliate.code}  {who(row.affiliate):<20} clicks {row.clicks:>4}  "
            f"sign-ups {row.signups:>4}  paying {row.paying:>4}  "
            f"available {money_list(row.available)}"
        )
    if not summaries:
        print("No affiliates yet.")


async def show_affiliate(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        user = await services.users.resolve(args.user)
        report = await services.affiliates.report(user, datetime.now(UTC))
    affiliate, recent, total = report.affiliate, report.recent, report.total
    since = f"{affiliate.joined_at:%Y-%m-%d}"
    print(f"{who(affiliate)} ({user.telegram_id}), code {affiliate.code}, since {since}")
    print(
        f"Clicks {recent.clicks} / {total.clicks}, sign-ups {recent.signups} / {total.signups}, "
        f"paying {recent.paying} / {total.paying} (30 days / all time)"
    )
    for currency, earned in sorted(total.earnings.items()):
        figures = ", ".join(
            f"{name} {getattr(earned, name).format()}"
            for name in ("pending", "available", "requested", "paid")
        )
        print(f"{currency}: {figures}")
    print(f"Available now: {money_list(report.available)}")
    for payout in report.payouts:
        print(
            f"Payout #{payout.id} {Money(payout.amount, payout.currency).format()} "
            f"{payout.status.value} {payout.requested_at:%Y-%m-%d}"
            + (f" — {payout.reference}" if payout.reference else "")
        )


async def list_payouts(settings: Settings, args: argparse.Namespace) -> None:
    status = None if args.status == "all" else PayoutStatus(args.status)
    async with open_services(settings) as services:
        payouts = await services.affiliates.payouts(status)
    for payout in payouts:
        user = payout.affiliate.user
        print(
            f"#{payout.id}  {Money(payout.amount, payout.currency).format():>12}  "
            f"{payout.status.value:<9}  {payout.requested_at:%Y-%m-%d %H:%M}  "
            f"{who(payout.affiliate)} ({user.telegram_id})"
        )
    if not payouts:
        print(f"No {'' if args.status == 'all' else args.status + ' '}payouts.")


async def mark_paid(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        payout = await services.affiliates.mark_paid(args.payout, args.reference, datetime.now(UTC))
        amount = Money(payout.amount, payout.currency).format()
        paid = Money(payout.amount, payout.currency)
        note = await tell(
            services,
            payout.affiliate.user,
            lambda: _(
                "💸 Your payout #{payout} of {amount} has been paid. Thank you for bringing "
                "people to us!"
            ).format(payout=payout.id, amount=money(paid)),
        )
    print(f"Payout #{payout.id} of {amount} is paid ({payout.reference}; {note})")
