"""The services for one admin command: the database connected, the Bot when BOT_TOKEN is set
(to tell users what an admin did), no Redis (no admin command needs it). A command that talks to
Telegram itself (a refund, a reconciliation) asks for the Bot: without BOT_TOKEN it stops with
one line before it touches anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from app.bot import create_bot
from app.config import Settings
from app.container import Services, build_services
from app.db import connected


@asynccontextmanager
async def open_services(settings: Settings, *, need_bot: bool = False) -> AsyncIterator[Services]:
    bot = create_bot(settings) if need_bot or settings.bot_token is not None else None
    try:
        async with connected(settings.database_url):
            services = build_services(settings, bot, redis=None)
            try:
                yield services
            finally:
                await services.close()
    finally:
        if bot is not None:
            await bot.session.close()
