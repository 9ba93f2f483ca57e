"""The harness: the real aiohttp app over HTTP, real PostgreSQL and Redis when TEST_DATABASE_URL
and TEST_REDIS_URL are set (CI sets both), SQLite and in-process fallbacks otherwise, and a fake
Bot API server behind TELEGRAM_API_URL."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestClient
from redis import Redis

from app.cli.migrate import apply_migrations
from app.config import Settings
from app.db import close_db, init_db, is_sqlite
from app.services.commands import CommandRegistry
from app.web import DISPATCHER, create_app
from tests.fakes.telegram import BOT_TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
SECRET = "test-secret_0123456789"
ADMIN_ID = 42
WEBHOOK = "/api/v1/telegram/webhook"

requires_postgres = pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL")
requires_redis = pytest.mark.skipif(not TEST_REDIS_URL, reason="needs TEST_REDIS_URL")


async def _reset_postgres(url: str) -> None:
    """An empty schema, then every migration: each run proves the migrations build the schema."""
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
    await apply_migrations(url)


async def _create_sqlite(url: str) -> None:
    await init_db(url)
    await close_db()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        asyncio.run(_reset_postgres(TEST_DATABASE_URL))
        return TEST_DATABASE_URL
    url = f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    asyncio.run(_create_sqlite(url))
    return url


async def _truncate_postgres(url: str) -> None:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich'"
        )
        names = ", ".join(f'"{row["tablename"]}"' for row in tables)
        await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()


def _truncate_sqlite(url: str) -> None:
    with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
        tables = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name <> 'aerich'"
        ).fetchall()
        for (name,) in tables:
            connection.execute(f'DELETE FROM "{name}"')


@pytest.fixture
def clean_state(database_url: str) -> Iterator[str]:
    """Every test starts with empty tables and an empty Redis database."""
    if is_sqlite(database_url):
        _truncate_sqlite(database_url)
    else:
        asyncio.run(_truncate_postgres(database_url))
    if TEST_REDIS_URL:
        with Redis.from_url(TEST_REDIS_URL) as redis:
            redis.flushdb()
    yield database_url


@pytest.fixture
async def telegram(aiohttp_server) -> FakeTelegram:
    fake = FakeTelegram()
    server = await aiohttp_server(fake.app())
    fake.url = str(server.make_url("")).rstrip("/")
    return fake


def make_settings(database_url: str, telegram: FakeTelegram, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": BOT_TOKEN,
        "webhook_secret": SECRET,
        "webhook_base_url": "https://bot.example.com",
        "database_url": database_url,
        "redis_url": TEST_REDIS_URL,
        "telegram_api_url": telegram.url,
        "admin_ids": frozenset({ADMIN_ID}),
        "throttle_rate": 10,
        **overrides,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(clean_state: str, telegram: FakeTelegram) -> Settings:
    return make_settings(clean_state, telegram)


@pytest.fixture
async def client(aiohttp_client, settings: Settings) -> TestClient:
    return await aiohttp_client(create_app(settings))


def registry_of(client: TestClient) -> CommandRegistry:
    return client.app[DISPATCHER]["registry"]


async def send(client: TestClient, update: dict[str, Any], secret: str = SECRET):
    """POST an update the way Telegram does."""
    return await client.post(
        WEBHOOK, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
    )
