"""`campaigns create|list|stats`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.utils.deep_linking import create_start_link

from app.cli.services import open_services
from app.config import Settings
from app.container import Services
from app.money import Money
from app.services.campaigns import CampaignStats
from models import Campaign

# What a link looks like when the bot's username cannot be asked for.
LINK_FORM = "https://t.me/<bot username>?start={payload}"


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("campaigns", help="marketing campaigns and their links")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="a new campaign and its link")
    create.add_argument("name", help="1-64 of letters, digits, _ - .")
    create.set_defaults(run=create_campaign)
    actions.add_parser("list", help="every campaign with its link").set_defaults(run=list_campaigns)
    stats = actions.add_parser("stats", help="clicks, sign-ups, trials, orders and revenue")
    stats.add_argument("name", nargs="?", help="one campaign (default: all)")
    stats.set_defaults(run=campaign_stats)


async def links(services: Services, campaigns: list[Campaign]) -> tuple[list[str], str | None]:
    """Each campaign's link, from the bot's username (getMe). Without BOT_TOKEN, or when
    Telegram cannot say, the payloads in the link's form, and a note why."""
    payloads = [services.campaigns.payload(campaign) for campaign in campaigns]
    notifier = services.notifier
    if notifier is None:
        note = "BOT_TOKEN is not set, so the bot's username is unknown"
    else:
        try:
            return [await create_start_link(notifier.bot, p) for p in payloads], None
        except TelegramAPIError as exc:
            note = f"Telegram did not tell the bot's username ({exc.message})"
        except ClientDecodeError:
            note = "the Bot API's answer was not Telegram's JSON, so the bot's username is unknown"
    return [LINK_FORM.format(payload=p) for p in payloads], note


async def create_campaign(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        campaign = await services.campaigns.create(args.name)
        [link], note = await links(services, [campaign])
    print(f"Created campaign {campaign.name}: {link}")
    if note:
        print(f"({note}: put it in place of <bot username>)")


async def list_campaigns(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        campaigns = await services.campaigns.list()
        found, note = await links(services, campaigns)
    if not campaigns:
        print("No campaigns yet: `python -m app campaigns create NAME`")
        return
    width = max(len(c.name) for c in campaigns)
    for campaign, link in zip(campaigns, found):
        print(f"{campaign.name:<{width}}  {campaign.created_at:%Y-%m-%d}  {link}")
    if note:
        print(f"({note}: put it in place of <bot username>)")


def percent(rate: Fraction | None) -> str:
    """A rate for people, to a tenth of a percent, without floats: Fraction(1, 3) -> "33.3 %"."""
    if rate is None:
        return "-"
    value = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)} %"


def revenue(amounts: dict[str, Money]) -> str:
    return ", ".join(money.format() for _, money in sorted(amounts.items())) or "-"


COLUMNS = (
    "campaign",
    "clicks",
    "sign-ups",
    "members",
    "trials",
    "paying",
    "paid orders",
    "conversion",
    "revenue",
)


def table(rows: list[CampaignStats]) -> list[str]:
    """The figures in aligned columns: the name and the revenue to the left, the rest right."""
    cells = [
        [
            row.campaign.name,
            str(row.clicks),
            str(row.signups),
            str(row.members),
            str(row.trials),
            str(row.paying),
            str(row.paid_orders),
            percent(row.conversion),
            revenue(row.revenue),
        ]
        for row in rows
    ]
    lines = [list(COLUMNS), *cells]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    return [
        "  ".join(
            [line[0].ljust(widths[0])]
            + [cell.rjust(width) for cell, width in zip(line[1:-1], widths[1:-1])]
            + [line[-1]]
        )
        for line in lines
    ]


async def campaign_stats(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        rows = await services.campaigns.stats(args.name, now=datetime.now(UTC))
    if not rows:
        print("No campaigns yet: `python -m app campaigns create NAME`")
        return
    for line in table(rows):
        print(line)
    print(
        "Conversion is the share of sign-ups who paid; trials and orders count from the time "
        "a member joined the campaign."
    )
