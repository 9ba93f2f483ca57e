"""Tortoise ORM configuration and lifecycle."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url

from models import ORDER_TRANSITIONS, OrderStatus

MODEL_MODULES = ["models", "aerich.models"]
CONNECT_TIMEOUT_S = 3
COMMAND_TIMEOUT_S = 5
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def is_sqlite(database_url: str) -> bool:
    return database_url.startswith("sqlite://")


async def _keep_session(connection: Any) -> None:
    """asyncpg's pool resets every connection it takes back with a round trip of its own
    (RESET ALL, UNLISTEN, CLOSE, unlock advisory locks), which doubles the cost of each query.
    We change no session state, so there is nothing to reset; asyncpg still rolls back a
    transaction left open."""


def tortoise_config(
    database_url: str, command_timeout: float | None = COMMAND_TIMEOUT_S
) -> dict[str, Any]:
    """Tortoise's configuration. On PostgreSQL, a connection that does not open within
    CONNECT_TIMEOUT_S and a statement that gets no answer within `command_timeout` fail (as
    infrastructure errors: the webhook answers 503 and Telegram redelivers) instead of hanging
    with a database that went silent. Migrations pass None: a schema change may take long."""
    if database_url.startswith("postgresql://"):
        database_url = "postgres://" + database_url.removeprefix("postgresql://")
    connection = expand_db_url(database_url)
    if connection["engine"] == "tortoise.backends.asyncpg":
        credentials = connection["credentials"]
        credentials["reset"] = _keep_session
        credentials["timeout"] = CONNECT_TIMEOUT_S
        credentials["command_timeout"] = command_timeout
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(database_url: str) -> None:
    """Connect. The embedded SQLite default creates its schema from the models; PostgreSQL is
    migrated by `python -m app migrate`."""
    if is_sqlite(database_url):
        path = database_url.removeprefix("sqlite://").split("?", 1)[0]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    # The global fallback lets aiohttp's request tasks see the connections made at start-up.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    if is_sqlite(database_url):
        await Tortoise.generate_schemas(safe=True)
        for statement in sqlite_order_guards():
            await connections.get("default").execute_script(statement)


def legal_moves() -> list[str]:
    """Every legal order transition as "from>to", the form the database guards compare."""
    return [f"{old}>{new}" for old, news in ORDER_TRANSITIONS.items() for new in sorted(news)]


def sqlite_order_guards() -> list[str]:
    """The triggers by which SQLite, like PostgreSQL (migration 6), refuses an order that does
    not start as created and any status change ORDER_TRANSITIONS does not allow."""
    moves = ", ".join(f"'{move}'" for move in legal_moves())
    return [
        f"""CREATE TRIGGER IF NOT EXISTS orders_start_created BEFORE INSERT ON orders
        FOR EACH ROW WHEN NEW.status <> '{OrderStatus.CREATED}'
        BEGIN SELECT RAISE(ABORT, 'an order starts as created'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS orders_legal_transition BEFORE UPDATE OF status ON orders
        FOR EACH ROW WHEN NEW.status <> OLD.status AND OLD.status || '>' || NEW.status
            NOT IN ({moves})
        BEGIN SELECT RAISE(ABORT, 'illegal order transition'); END""",
    ]


async def close_db() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def connected(database_url: str) -> AsyncIterator[None]:
    """The database for the length of a CLI command."""
    await init_db(database_url)
    try:
        yield
    finally:
        await close_db()


async def ping_db() -> None:
    await connections.get("default").execute_query("SELECT 1")


def __getattr__(name: str) -> Any:
    # `TORTOISE_ORM` is what the aerich CLI reads ([tool.aerich] in pyproject.toml); built on
    # demand so importing this module never reads the environment.
    if name == "TORTOISE_ORM":
        from app.config import load_settings

        return tortoise_config(load_settings().database_url, command_timeout=None)
    raise AttributeError(name)
