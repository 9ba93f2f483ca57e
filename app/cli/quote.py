"""`quote --user U --plan P --currency C [--promo X]`: what a user would be quoted, for support.
Nothing is stored and no promo use is reserved."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from app.cli.services import open_services
from app.config import Settings
from app.money import check_currency
from app.services.catalog import UnknownPlan
from app.texts import quote_line


def currency(value: str) -> str:
    try:
        return check_currency(value.strip().upper())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("quote", help="show the quote a user would get")
    parser.add_argument("--user", required=True, help="Telegram id or @username")
    parser.add_argument("--plan", required=True, help="plan code")
    parser.add_argument("--currency", type=currency, default="XTR")
    parser.add_argument("--promo")
    parser.set_defaults(run=show_quote)


async def show_quote(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        user = await services.users.resolve(args.user)
        plan = await services.catalog.plan_by_code(args.plan)
        if plan is None:
            raise UnknownPlan(f"no plan {args.plan}; `catalog show` lists them")
        # The bot's own pricing, every rule included: support sees what the user sees.
        draft = await services.pricing.preview(
            user, plan, args.currency, datetime.now(UTC), args.promo
        )
    inactive = "" if plan.active and plan.product.active else " [not on sale]"
    who = f"@{user.username} ({user.telegram_id})" if user.username else str(user.telegram_id)
    print(f"{plan.product.title} · {plan.title} ({plan.code}) for {who}{inactive}")
    rows = [(draft.base.format(), "price")]
    rows += [(line.amount.format(), quote_line(line)) for line in draft.lines]
    free = " (free: no payment needed)" if draft.total.amount == 0 else ""
    rows.append((draft.total.format(), f"total{free}"))
    width = max(len(amount) for amount, _ in rows)
    for amount, label in rows:
        print(f"  {amount:>{width}}  {label}")
