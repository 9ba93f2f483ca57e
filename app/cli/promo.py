"""`promo create|list|show|disable`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from app.cli.services import open_services
from app.config import Settings
from app.money import Money, MoneyError, percent_text
from app.times import checked_time
from app.wording import plural
from models import PromoCode, PromoKind


def percent(value: str) -> Decimal:
    try:
        number = Decimal(value.rstrip("%").strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise argparse.ArgumentTypeError(f"{value!r} is not a percentage like 15 or 12.5")
    return number


def amount(value: str) -> Money:
    currency, separator, figure = value.partition("=")
    if not separator:
        raise argparse.ArgumentTypeError(f"{value!r}: write it as CURRENCY=AMOUNT, like USD=5.00")
    try:
        return Money.parse(figure, currency.strip().upper())
    except MoneyError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def moment(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date like 2026-12-31 or 2026-12-31T18:00"
        ) from None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        return checked_time(parsed)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r}: {exc}") from None


def codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("promo", help="promo codes")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", help="create a promo code")
    create.add_argument("code")
    kind = create.add_mutually_exclusive_group(required=True)
    kind.add_argument("--percent", type=percent, help="percentage off, like 15 or 12.5")
    kind.add_argument(
        "--amount",
        type=amount,
        action="extend",
        nargs="+",
        metavar="CURRENCY=AMOUNT",
        help="a fixed amount off per currency: --amount USD=5.00 XTR=250 (or the flag repeated)",
    )
    create.add_argument("--valid-from", type=moment)
    create.add_argument("--valid-until", type=moment)
    create.add_argument("--max-uses", type=int)
    create.add_argument("--max-uses-per-user", type=int)
    create.add_argument("--products", type=codes, default=[], help="product codes, comma-separated")
    create.add_argument("--plans", type=codes, default=[], help="plan codes, comma-separated")
    create.add_argument("--first-purchase-only", action="store_true")
    create.set_defaults(run=create_promo)

    actions.add_parser("list", help="all promo codes").set_defaults(run=list_promos)
    show = actions.add_parser("show", help="one promo code with its uses")
    show.add_argument("code")
    show.set_defaults(run=show_promo)
    disable = actions.add_parser("disable", help="stop a promo code")
    disable.add_argument("code")
    disable.set_defaults(run=disable_promo)


def describe(promo: PromoCode) -> str:
    if promo.kind == PromoKind.PERCENT and promo.percent_bp is not None:
        value = f"{percent_text(promo.percent_bp)} off"
    else:
        value = ", ".join(Money(a, c).format() for c, a in sorted(promo.amounts.items())) + " off"
    limits = []
    if promo.max_uses is not None:
        limits.append(plural(promo.max_uses, "use"))
    if promo.max_uses_per_user is not None:
        limits.append(f"{promo.max_uses_per_user} per user")
    if promo.valid_from:
        limits.append(f"from {promo.valid_from:%Y-%m-%d %H:%M}")
    if promo.valid_until:
        limits.append(f"until {promo.valid_until:%Y-%m-%d %H:%M}")
    if promo.products:
        limits.append(f"products {', '.join(promo.products)}")
    if promo.plans:
        limits.append(f"plans {', '.join(promo.plans)}")
    if promo.first_purchase_only:
        limits.append("first purchase only")
    state = "" if promo.active else " [disabled]"
    return f"{promo.code}: {value}" + (f" ({'; '.join(limits)})" if limits else "") + state


async def create_promo(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        promo = await services.promos.create(
            args.code,
            percent=args.percent,
            amounts=args.amount,
            valid_from=args.valid_from,
            valid_until=args.valid_until,
            max_uses=args.max_uses,
            max_uses_per_user=args.max_uses_per_user,
            products=args.products,
            plans=args.plans,
            first_purchase_only=args.first_purchase_only,
        )
    print(f"Created {describe(promo)}")


async def list_promos(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        promos = await services.promos.all()
    for promo in promos:
        print(describe(promo))
    if not promos:
        print("No promo codes yet: `python -m app promo create CODE --percent 10`")


async def show_promo(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        usage = await services.promos.usage(args.code, datetime.now(UTC))
    print(describe(usage.promo))
    print(f"Used: {usage.redeemed} paid, {usage.reserved} held by open quotes")


async def disable_promo(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        promo = await services.promos.disable(args.code)
    print(f"Disabled {promo.code}")
