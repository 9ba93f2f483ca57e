"""`stars reconcile [--since DATE]`: Telegram's Stars transactions against our payments."""

from __future__ import annotations

import argparse
import sys

from app.cli.promo import moment
from app.cli.services import open_services
from app.config import Settings
from app.wording import plural

EXIT_DIFFERENCES = 1


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("stars", help="Telegram Stars: reconciliation (needs BOT_TOKEN)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    reconcile = actions.add_parser(
        "reconcile", help="compare getStarTransactions with our payments; exit 1 on differences"
    )
    reconcile.add_argument(
        "--since", type=moment, help="only from this day on, YYYY-MM-DD (UTC; default: all)"
    )
    reconcile.set_defaults(run=reconcile_stars)


async def reconcile_stars(settings: Settings, args: argparse.Namespace) -> int:
    async with open_services(settings, need_bot=True) as services:
        assert services.stars is not None, "a Bot comes with its gateway"
        differences = await services.payments.reconcile(services.stars, args.since)
    period = f" since {args.since:%Y-%m-%d %H:%M} UTC" if args.since else ""
    if differences:
        for difference in differences:
            print(difference)
        print(
            f"error: {plural(len(differences), 'difference')} between Telegram's Stars "
            f"transactions and our payments{period} (listed above)",
            file=sys.stderr,
        )
        return EXIT_DIFFERENCES
    print(f"Telegram's Stars transactions and our payments agree{period}.")
    return 0
