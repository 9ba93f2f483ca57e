"""`migrate`: bring the database schema up to date and seed the built-in commands."""

from __future__ import annotations

import argparse

import asyncpg
from aerich import Command

import handlers
from app.config import Settings
from app.db import MIGRATIONS_DIR, connected, is_sqlite, tortoise_config
from app.services.commands import CommandRegistry
from app.wording import plural


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("migrate", help="apply database migrations")
    parser.set_defaults(run=migrate)


# pg_advisory_lock key: workers that start together (compose, several replicas) migrate in turn.
MIGRATION_LOCK = 7_246_310_001


async def apply_migrations(database_url: str) -> list[str]:
    """Apply the aerich migrations (PostgreSQL); SQLite builds its schema from the models."""
    if is_sqlite(database_url):
        return []
    config = tortoise_config(database_url, command_timeout=None)  # a schema change may take long
    credentials = config["connections"]["default"]["credentials"]
    lock = await asyncpg.connect(
        host=credentials["host"],
        port=credentials["port"],
        user=credentials["user"],
        password=credentials["password"],
        database=credentials["database"],
    )
    try:
        await lock.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        async with Command(config, app="models", location=str(MIGRATIONS_DIR)) as command:
            return await command.upgrade(run_in_transaction=True)
    finally:
        await lock.close()  # closing the session releases the lock


async def migrate(settings: Settings, args: argparse.Namespace) -> None:
    applied = await apply_migrations(settings.database_url)
    async with connected(settings.database_url):
        seeded = await CommandRegistry(handlers.HANDLER_NAMES).seed_builtins()
    print(f"Applied {plural(len(applied), 'migration')}: {', '.join(applied) or 'none pending'}")
    print(f"Seeded {plural(seeded, 'built-in command')}")
