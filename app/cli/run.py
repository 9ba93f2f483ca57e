"""`serve` (webhook mode) and `polling` (local development): the same Dispatcher."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging

from app.bot import create_bot, create_dispatcher, create_redis
from app.config import Settings
from app.container import build_services
from app.server import serve_until_stopped
from app.web import create_app

log = logging.getLogger(__name__)


def register(groups: argparse._SubParsersAction) -> None:
    serve_parser = groups.add_parser("serve", help="run the webhook web app")
    serve_parser.set_defaults(run=serve)
    polling_parser = groups.add_parser("polling", help="run with long polling (local development)")
    polling_parser.set_defaults(run=polling)


def new_event_loop() -> asyncio.AbstractEventLoop:
    """The event loop serve and polling run on: uvloop where it is installed."""
    try:
        import uvloop
    except ImportError:  # not on this platform: asyncio's own
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def keep_imports_out_of_the_collector() -> None:
    """aiogram and pydantic leave ~200k objects behind at import, and each full garbage
    collection walks them all: a 0.1 s pause of the whole process. They live as long as the
    process does, so move them out of the collector's sight (measured in bench/webhook.py)."""
    gc.collect()
    gc.freeze()


async def serve(settings: Settings, args: argparse.Namespace) -> None:
    app = create_app(settings)
    keep_imports_out_of_the_collector()
    await serve_until_stopped(app, settings.host, settings.port, settings.max_connections)


async def polling(settings: Settings, args: argparse.Namespace) -> None:
    # Unlike the webhook, polling moves Telegram's offset past an update even when serving it
    # failed on our side: aiogram logs the failure and goes on. It is for local development.
    bot = create_bot(settings)
    dispatcher = create_dispatcher(build_services(settings, bot, create_redis(settings)), bot)
    keep_imports_out_of_the_collector()
    async with bot.context():
        # getUpdates refuses to work while a webhook is set.
        if (await bot.get_webhook_info()).url:
            log.warning("Removing the webhook so that polling can receive updates")
            await bot.delete_webhook()
        await dispatcher.start_polling(bot, allowed_updates=dispatcher.resolve_used_update_types())
