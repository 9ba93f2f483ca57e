"""`catalog load FILE` and `catalog show`."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from app.cli.services import open_services
from app.config import Settings
from app.money import STARS, percent_text
from app.services.catalog import CatalogService, NoPrice, read_catalog
from app.wording import plural
from models import Plan


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("catalog", help="the products and plans on sale")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = actions.add_parser("load", help="validate a catalog file and apply it")
    load.add_argument("file", type=Path)
    load.set_defaults(run=load_catalog)
    actions.add_parser("show", help="print the catalog").set_defaults(run=show_catalog)


async def load_catalog(settings: Settings, args: argparse.Namespace) -> None:
    catalog = read_catalog(args.file)  # every problem is reported before anything changes
    async with open_services(settings) as services:
        summary = await services.catalog.apply(catalog)
    print(
        f"Loaded {plural(summary.products, 'product')} and {plural(summary.plans, 'plan')} "
        f"from {args.file}"
    )
    for kind, codes in (
        ("products", summary.deactivated_products),
        ("plans", summary.deactivated_plans),
    ):
        if codes:
            print(f"Deactivated {kind} no longer in the file: {', '.join(codes)}")


def plan_line(service: CatalogService, plan: Plan) -> str:
    duration = "lifetime" if plan.duration_days is None else plural(plan.duration_days, "day")
    prices = []
    for row in sorted(plan.prices, key=lambda r: r.currency):
        price = service.price(plan, row.currency)
        floor = f" (floor {price.floor.format()})" if price.floor.amount else ""
        prices.append(f"{price.base.format()}{floor}")
    if STARS not in {row.currency for row in plan.prices}:
        with contextlib.suppress(NoPrice):  # no USD price to derive it from
            prices.append(f"{service.price(plan, STARS).base.format()} (from USD)")
    flags = [
        flag
        for flag, on in (
            ("Stars subscription", plan.stars_subscription),
            (f"Stripe {plan.stripe_price_id}", plan.stripe_price_id),
            ("inactive", not plan.active),
        )
        if on
    ]
    extra = f"  [{', '.join(flags)}]" if flags else ""
    return f"    {plan.code}: {plan.title}, {duration} — {', '.join(prices)}{extra}"


async def show_catalog(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        products = await services.catalog.all_products()
    if not products:
        print("The catalog is empty: `python -m app catalog load catalog.example.toml`")
        return
    for product in products:
        state = "" if product.active else " [inactive]"
        print(f"{product.code}: {product.title}{state}")
        details = [f"grants {', '.join(product.entitlements)}"]
        if product.trial_days:
            details.append(f"{product.trial_days}-day trial")
        if product.newcomer_discount_bp:
            details.append(f"newcomer offer {percent_text(product.newcomer_discount_bp)}")
        print(f"  {'; '.join(details)}")
        for plan in product.plans:
            print(plan_line(services.catalog, plan))
