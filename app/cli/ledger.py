"""`ledger check|balances`: the books proved and read."""

from __future__ import annotations

import argparse
import sys

from app.cli.services import open_services
from app.config import Settings
from app.wording import plural
from models import LedgerEntry

EXIT_PROBLEMS = 1


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("ledger", help="the double-entry books")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser(
        "check", help="prove the books; each problem on its line, exit 1 if any"
    ).set_defaults(run=check_ledger)
    actions.add_parser("balances", help="every account's balance per currency").set_defaults(
        run=show_balances
    )


async def check_ledger(settings: Settings, args: argparse.Namespace) -> int:
    async with open_services(settings) as services:
        problems = await services.ledger.check()
        entries = await LedgerEntry.all().count()
    if problems:
        for problem in problems:
            print(problem)
        print(
            f"error: the ledger has {plural(len(problems), 'problem')} (listed above)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    balance = "balances" if entries == 1 else "balance"
    print(
        f"The ledger is clean: {plural(entries, 'entry', 'entries')} {balance}, every payment, "
        "refund, commission and payout is booked."
    )
    return 0


async def show_balances(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        balances = await services.ledger.balances()
    for balance in balances:
        print(f"{balance.money.currency}  {balance.account.value:<20} {balance.money.format():>16}")
    if not balances:
        print("No ledger entries yet: every balance is zero.")
