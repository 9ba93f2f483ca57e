"""`webhook set|info|delete`: point Telegram at this service."""

from __future__ import annotations

import argparse

from app.bot import create_bot, create_dispatcher
from app.config import Settings
from app.container import build_services


def max_connections(value: str) -> int:
    """setWebhook's max_connections: 1-100 (Telegram's default is 40)."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 100")
    return number


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("webhook", help="manage the Telegram webhook")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    set_parser = actions.add_parser("set", help="setWebhook to WEBHOOK_BASE_URL with the secret")
    set_parser.add_argument(
        "--max-connections",
        type=max_connections,
        default=40,
        help="simultaneous deliveries Telegram may make, 1-100 (default 40)",
    )
    set_parser.add_argument("--drop-pending-updates", action="store_true")
    set_parser.set_defaults(run=set_webhook)

    actions.add_parser("info", help="show getWebhookInfo").set_defaults(run=webhook_info)

    delete_parser = actions.add_parser("delete", help="deleteWebhook")
    delete_parser.add_argument("--drop-pending-updates", action="store_true")
    delete_parser.set_defaults(run=delete_webhook)


async def set_webhook(settings: Settings, args: argparse.Namespace) -> None:
    bot = create_bot(settings)  # BOT_TOKEN first: nothing works without it
    secret_token, url = settings.required_webhook_secret, settings.webhook_url
    allowed_updates = create_dispatcher(
        build_services(settings, bot, redis=None), bot
    ).resolve_used_update_types()
    async with bot.context():
        await bot.set_webhook(
            url=url,
            secret_token=secret_token,
            allowed_updates=allowed_updates,
            max_connections=args.max_connections,
            drop_pending_updates=args.drop_pending_updates,
        )
    print(f"Webhook set to {settings.webhook_url} for {', '.join(allowed_updates)}")


async def webhook_info(settings: Settings, args: argparse.Namespace) -> None:
    bot = create_bot(settings)
    async with bot.context():
        info = await bot.get_webhook_info()
    print(f"URL:               {info.url or '(none: the bot is not on a webhook)'}")
    print(f"Pending updates:   {info.pending_update_count}")
    print(f"Max connections:   {info.max_connections or '-'}")
    print(
        f"Allowed updates:   {', '.join(info.allowed_updates or []) or 'all but a few (default)'}"
    )
    if info.last_error_date:
        when = f"{info.last_error_date:%Y-%m-%d %H:%M:%S} UTC"
        print(f"Last error:        {when} {info.last_error_message}")
    else:
        print("Last error:        none")


async def delete_webhook(settings: Settings, args: argparse.Namespace) -> None:
    bot = create_bot(settings)
    async with bot.context():
        await bot.delete_webhook(drop_pending_updates=args.drop_pending_updates)
    print("Webhook deleted" + (", pending updates dropped" if args.drop_pending_updates else ""))
