"""`affiliates list|show|payouts|mark-paid`."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta

from app.cli.telling import tell
from app.config import Settings
from app.db import connected
from app.money import Money
from app.services.affiliates import STATS_WINDOW, AffiliateService
from app.services.users import UnknownUser, UserService
from models import Affiliate, Payout, PayoutStatus


def service(settings: Settings) -> AffiliateService:
    return AffiliateService(
        settings.commission_bp,
        timedelta(days=settings.affiliate_hold_days),
        settings.affiliate_min_payout,
    )


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
    program = service(settings)
    now = datetime.now(UTC)
    async with connected(settings.database_url):
        affiliates = await Affiliate.all().order_by("joined_at").prefetch_related("user")
        rows = []
        for affiliate in affiliates:
            stats = await program.stats(affiliate, now, since=None)
            balances = await program.balances(affiliate, now)
            rows.append(
                f"{affiliate.code}  {who(affiliate):<20} clicks {stats.clicks:>4}  "
                f"sign-ups {stats.signups:>4}  paying {stats.paying:>4}  "
                f"available {money_list(balances)}"
            )
    print("\n".join(rows) if rows else "No affiliates yet.")


async def show_affiliate(settings: Settings, args: argparse.Namespace) -> None:
    program = service(settings)
    now = datetime.now(UTC)
    async with connected(settings.database_url):
        user = await UserService().resolve(args.user)
        affiliate = await program.of(user)
        if affiliate is None:
            raise UnknownUser(f"{args.user} has not joined the affiliate program")
        affiliate.user = user
        recent = await program.stats(affiliate, now, since=now - STATS_WINDOW)
        total = await program.stats(affiliate, now, since=None)
        balances = await program.balances(affiliate, now)
        payouts = await Payout.filter(affiliate=affiliate).order_by("-requested_at")
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
    print(f"Available now: {money_list(balances)}")
    for payout in payouts:
        print(
            f"Payout #{payout.id} {Money(payout.amount, payout.currency).format()} "
            f"{payout.status.value} {payout.requested_at:%Y-%m-%d}"
            + (f" — {payout.reference}" if payout.reference else "")
        )


async def list_payouts(settings: Settings, args: argparse.Namespace) -> None:
    async with connected(settings.database_url):
        query = Payout.all().order_by("requested_at").prefetch_related("affiliate__user")
        if args.status != "all":
            query = query.filter(status=PayoutStatus(args.status))
        payouts = await query
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
    async with connected(settings.database_url):
        payout = await service(settings).mark_paid(args.payout, args.reference, datetime.now(UTC))
        amount = Money(payout.amount, payout.currency).format()
        note = await tell(
            settings,
            payout.affiliate.user,
            f"💸 Your payout #{payout.id} of {amount} has been paid. Thank you for bringing "
            "people to us!",
        )
    print(f"Payout #{payout.id} of {amount} is paid ({payout.reference}; {note})")
