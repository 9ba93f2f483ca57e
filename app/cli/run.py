"""`serve` (webhook mode) and `polling` (local development): the same Dispatcher."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from app.bot import create_bot, create_dispatcher, create_redis
from app.config import Settings
from app.web import create_app

log = logging.getLogger(__name__)


def register(groups: argparse._SubParsersAction) -> None:
    serve_parser = groups.add_parser("serve", help="run the webhook web app")
    serve_parser.set_defaults(run=serve)
    polling_parser = groups.add_parser("polling", help="run with long polling (local development)")
    polling_parser.set_defaults(run=polling)


def serve(settings: Settings, args: argparse.Namespace) -> None:
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


async def polling(settings: Settings, args: argparse.Namespace) -> None:
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, bot, create_redis(settings))
    async with bot.context():
        # getUpdates refuses to work while a webhook is set.
        if (await bot.get_webhook_info()).url:
            log.warning("Removing the webhook so that polling can receive updates")
            await bot.delete_webhook()
        await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())
