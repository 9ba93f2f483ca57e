"""The harness: the real aiohttp app over HTTP, real PostgreSQL and Redis when TEST_DATABASE_URL
and TEST_REDIS_URL are set (CI sets both), SQLite and in-process fallbacks otherwise, and a fake
Bot API server behind TELEGRAM_API_URL."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from aiohttp import ClientConnectionError, ClientSession
from aiohttp.test_utils import TestClient
from redis import Redis

from app.cli import main
from app.cli.migrate import apply_migrations
from app.config import (
    AffiliateSettings,
    PaymentSettings,
    PremiumChannelSettings,
    Settings,
    StripeSettings,
)
from app.db import close_db, init_db, is_sqlite
from app.services.catalog import CatalogService, read_catalog
from app.services.commands import CommandRegistry
from app.web import SERVICES, create_app
from tests.fakes.telegram import BOT_ID, BOT_TOKEN, WEBHOOK_REPLY_HEADER, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL")
SECRET = "test-secret_0123456789"
SIGNALS_SECRET = "signals-engine-shared-secret-0123456789"
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
        # Ids start at 1 again, as PostgreSQL's RESTART IDENTITY does.
        if connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).fetchone():
            connection.execute("DELETE FROM sqlite_sequence")


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


# A local address nothing listens on (the discard port).
NOWHERE = "http://127.0.0.1:9"


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
        "signals_secret": SIGNALS_SECRET,
        # Groups read the environment on their own: kept from a developer's .env here too.
        "affiliate": AffiliateSettings(_env_file=None),
        "premium_channel": PremiumChannelSettings(_env_file=None),
        "payments": PaymentSettings(_env_file=None),
        "stripe": StripeSettings(_env_file=None),
        **overrides,
    }
    if isinstance(values["stripe"], dict):  # tests never reach Stripe: the fake, or nothing
        values["stripe"] = {"api_base": NOWHERE, **values["stripe"]}
    return Settings(_env_file=None, **values)


@pytest.fixture
def settings(clean_state: str, telegram: FakeTelegram) -> Settings:
    return make_settings(clean_state, telegram)


@pytest.fixture
async def client(aiohttp_client, settings: Settings) -> TestClient:
    return await aiohttp_client(create_app(settings))


@pytest.fixture
async def db(clean_state: str) -> AsyncIterator[str]:
    """The database without the app, for service tests."""
    await init_db(clean_state)
    yield clean_state
    await close_db()


EXAMPLE_CATALOG = ROOT / "catalog.example.toml"


async def load_example_catalog(settings: Settings | None = None) -> None:
    stars_per_usd = settings.stars_per_usd if settings else Settings(_env_file=None).stars_per_usd
    await CatalogService(stars_per_usd).apply(read_catalog(EXAMPLE_CATALOG))


def registry_of(client: TestClient) -> CommandRegistry:
    return client.app[SERVICES].registry


async def send(client: TestClient, update: dict[str, Any], secret: str = SECRET):
    """POST an update the way Telegram does, and carry out the Bot API call the bot may return
    in its answer, as Telegram does (the fake Bot API records it like any other call)."""
    response = await client.post(
        WEBHOOK, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret}
    )
    reply = await webhook_reply(response) if response.status == 200 else None
    if reply is not None:
        settings = client.app[SERVICES].settings
        method = reply.pop("method")
        token = settings.bot_token.get_secret_value()
        async with ClientSession() as session:
            await session.post(
                f"{settings.telegram_api_url}/bot{token}/{method}",
                data=reply,
                headers={WEBHOOK_REPLY_HEADER: "1"},
            )
    return response


async def died_before_answering(client: TestClient, update: dict[str, Any]) -> None:
    """Deliver `update`, then leave things as a worker killed before its answer reached
    Telegram does: the effects that committed stay, the answer (and a reply in it) is lost, the
    update's claim has lapsed: with Redis, the claim there (the journal row is written only
    when an update is done), else the PROCESSING journal row."""
    from app.services.journal import PROCESSING_LEASE
    from models import TelegramWebhook, UpdateStatus

    response = await client.post(
        WEBHOOK, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )
    assert response.status == 200
    if not TEST_REDIS_URL:
        lapsed = datetime.now(UTC) - PROCESSING_LEASE - timedelta(seconds=1)
        await TelegramWebhook.filter(update_id=update["update_id"]).update(
            status=UpdateStatus.PROCESSING, claimed_at=lapsed
        )
    else:
        await TelegramWebhook.filter(update_id=update["update_id"]).delete()
        from app.services.update_gate import LEASE_MS

        with Redis.from_url(TEST_REDIS_URL) as redis:
            seconds, microseconds = redis.time()
            lapsed_ms = seconds * 1000 + microseconds // 1000 - LEASE_MS - 1000
            redis.set(f"update:{BOT_ID}:{update['update_id']}", lapsed_ms, keepttl=True)


async def a_button_press(client: TestClient, user_id: int = 1001) -> dict[str, Any]:
    """An update whose handling calls the Bot API itself (answerCallbackQuery, then sendMessage)
    rather than answering in the webhook's answer: for tests of Bot API failures. The user is
    registered first."""
    from tests import updates

    await send(client, updates.message("/start", user_id=user_id))
    return updates.callback_query("shop:open", user_id=user_id)


async def webhook_reply(response) -> dict[str, str] | None:
    """The Bot API call the bot made in its webhook response, or None when the response carries
    none. It comes as JSON, or as form data when it uploads a file; either way the parameters
    are given as the form has them: text, nested objects as JSON text."""
    assert response.status == 200
    if response.content_type == "application/json":
        call = await response.json()
        if not call:
            return None
        assert "method" in call, call
        return {
            key: value if isinstance(value, str) else json.dumps(value)
            for key, value in call.items()
        }
    if not response.content_type.startswith("multipart/"):
        return None
    head = f"Content-Type: {response.headers['Content-Type']}\r\n\r\n".encode()
    form = BytesParser(policy=policy.HTTP).parsebytes(head + await response.read())
    return {
        part.get_param("name", header="content-disposition"): part.get_payload(decode=True).decode()
        for part in form.iter_parts()
    }


@pytest.fixture
def cli(clean_state, telegram, monkeypatch, capsys):
    """Runs `python -m app ARGS` in-process (in a thread: the command has its own event loop)
    with the test's database and the fake Bot API. Returns (exit code, stdout, stderr)."""
    environment = {
        "BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_BASE_URL": "https://bot.example.com",
        "DATABASE_URL": clean_state,
        "TELEGRAM_API_URL": telegram.url,
        "LOG_LEVEL": "WARNING",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REDIS_URL", raising=False)

    async def run(*argv):
        capsys.readouterr()
        try:
            code = await asyncio.to_thread(main, list(argv))
        except SystemExit as exit_:  # argparse's usage errors
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_line_error(code, err):
    assert code != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


async def run_app_until(argv: list[str], env: dict[str, str], done, seconds: float = 15) -> str:
    """Run `python -m app ARGV` until `done()` holds or it exits; stop it and return its stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        *argv,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(int(seconds / 0.05)):
            if done() or process.returncode is not None:
                break
            await asyncio.sleep(0.05)
    finally:
        if process.returncode is None:
            process.terminate()
        _, stderr = await process.communicate()
    return stderr.decode()


async def start_serve(
    port: int,
    database_url: str,
    telegram_url: str,
    redis_url: str | None = None,
    log_level: str = "WARNING",
) -> asyncio.subprocess.Process:
    """`python -m app serve` as its own process, as a deployment runs it."""
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_SECRET": SECRET,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": telegram_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": log_level,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        "serve",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_until_ready(base: str, process: asyncio.subprocess.Process) -> None:
    async with ClientSession() as session:
        for _ in range(300):
            if process.returncode is not None:
                raise AssertionError((await process.stderr.read()).decode())
            try:
                async with session.get(f"{base}/readyz") as response:
                    if response.status == 200:
                        return
            except ClientConnectionError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"{base} did not become ready")


async def pay_quote(quote_id: object) -> None:
    """What a payment leaves behind, for tests of what comes after it: the quote's order, paid
    (a first purchase is one with no paid order)."""
    from tortoise.transactions import in_transaction

    from app.services.orders import OrderService
    from models import OrderStatus, Quote

    quote = await Quote.get(id=quote_id).prefetch_related("user", "plan")
    now = datetime.now(UTC)
    async with in_transaction() as connection:
        order = await OrderService.create(
            quote.user,
            quote.plan,
            quote.currency,
            quote.total_amount,
            "test",
            now,
            connection,
            quote=quote,
        )
    await OrderService.move(order, OrderStatus.PAID, "test", now)
