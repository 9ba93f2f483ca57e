"""`worker`: the background jobs (expiry, reminders) as an arq worker on Redis."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from arq import cron
from arq.connections import RedisSettings
from arq.worker import run_worker

from app.bot import create_bot, create_redis
from app.config import ConfigError, Settings
from app.container import build_services
from app.db import close_db, init_db
from app.guides import load_guides
from app.i18n import translator
from app.jobs import Maintenance, maintenance_job

log = logging.getLogger(__name__)


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("worker", help="run the background jobs (needs REDIS_URL)")
    parser.set_defaults(run=worker)


def worker_settings(settings: Settings) -> dict[str, Any]:
    async def startup(ctx: dict[str, Any]) -> None:
        await init_db(settings.database_url)
        ctx["bot"] = create_bot(settings)
        # The services' own Redis (arq holds another): the pace of broadcasts is shared.
        services = build_services(settings, ctx["bot"], create_redis(settings))
        ctx["services"] = services
        ctx["maintenance"] = Maintenance(services)
        assert services.broadcaster is not None, "made with the Bot"
        ctx["sender"] = asyncio.create_task(services.broadcaster.run())
        log.info(
            "Worker started: broadcasts as they are due; expiry, reminders and channel retries "
            "every minute, and now"
        )

    async def shutdown(ctx: dict[str, Any]) -> None:
        services = ctx["services"]
        await services.broadcaster.shut_down(ctx["sender"])
        await services.close()
        if services.redis is not None:
            await services.redis.aclose()
        await ctx["bot"].session.close()
        await close_db()

    return {
        "functions": [],
        # Every minute, and at start-up to catch up after a deploy. arq's `unique` cron runs each
        # slot once across workers; the reminder claims in the database make each reminder go
        # out once regardless.
        "cron_jobs": [cron(maintenance_job, second=0, unique=True, run_at_startup=True)],
        "redis_settings": RedisSettings.from_dsn(settings.required_redis_url),
        "on_startup": startup,
        "on_shutdown": shutdown,
    }


def worker(settings: Settings, args: argparse.Namespace) -> None:
    if settings.redis_url is None:
        raise ConfigError(
            "REDIS_URL is not set: without Redis the jobs run inside `serve` or `polling`"
        )
    settings.required_bot_token  # noqa: B018 (stops here, with one line, when it is missing)
    translator()  # a broken catalog stops the start here, in one line, not at the first text
    load_guides(settings.guides_dir)  # a broken guide too (the worker sends no guide, though)
    run_worker(type("WorkerSettings", (), worker_settings(settings)))
