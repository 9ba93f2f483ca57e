"""The services for one admin command: the database connected, the Bot when BOT_TOKEN is set
(to tell users what an admin did), no Redis (no admin command needs it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from app.bot import create_bot
from app.config import Settings
from app.container import Services, build_services
from app.db import connected


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    bot = create_bot(settings) if settings.bot_token is not None else None
    try:
        async with connected(settings.database_url):
            yield build_services(settings, bot, redis=None)
    finally:
        if bot is not None:
            await bot.session.close()
