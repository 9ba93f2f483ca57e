"""`stripe reconcile [--since DATE]`: Stripe's card payments against ours."""

from __future__ import annotations

import argparse
import sys

from app.cli.promo import moment
from app.cli.services import open_services
from app.config import Settings
from app.services.stripe_reconcile import StripeReconciliation
from app.wording import plural

EXIT_DIFFERENCES = 1
EXIT_OFF = 1  # a refusal, as every refusal of the CLI's (app.cli.fail)
CARDS_OFF = "card payments are off: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are unset"


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser(
        "stripe",
        help="Stripe card payments: reconciliation (needs STRIPE_SECRET_KEY)",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    reconcile = actions.add_parser(
        "reconcile",
        help="compare Stripe's paid sessions and invoices with our card payments; "
        "exit 1 on differences",
    )
    reconcile.add_argument(
        "--since", type=moment, help="only from this day on, YYYY-MM-DD (UTC; default: all)"
    )
    reconcile.set_defaults(run=reconcile_stripe)


async def reconcile_stripe(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.stripe.enabled:  # before the database: nothing to connect for
        print(f"error: {CARDS_OFF}", file=sys.stderr)
        return EXIT_OFF
    async with open_services(settings) as services:
        assert services.cards is not None, "card payments are on"
        differences = await StripeReconciliation(services.cards.client).differences(args.since)
    period = f" since {args.since:%Y-%m-%d %H:%M} UTC" if args.since else ""
    if differences:
        for difference in differences:
            print(difference)
        print(
            f"error: {plural(len(differences), 'difference')} between Stripe's payments and "
            f"our card payments{period} (listed above)",
            file=sys.stderr,
        )
        return EXIT_DIFFERENCES
    print(f"Stripe's payments and our card payments agree{period}.")
    return 0
