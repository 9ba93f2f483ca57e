"""The aerich migrations build exactly the schema the models describe: a model changed without a
migration fails here."""

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from aerich import Command
from tortoise import Tortoise

from app.cli.migrate import apply_migrations
from app.db import MIGRATIONS_DIR, tortoise_config
from models import Order, Plan, Quote, User
from tests.conftest import TEST_DATABASE_URL, load_example_catalog, requires_postgres

SCHEMA_QUERIES = {
    "columns": """
        SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
        FROM information_schema.columns WHERE table_schema = 'public'""",
    "indexes": "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraints": """
        SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
}
# aerich documents enum columns in their comments (generate_schemas does not): a migration may
# change only those.
COMMENTS_QUERY = """
    SELECT c.table_name, c.column_name,
           col_description(format('%I', c.table_name)::regclass, c.ordinal_position)
    FROM information_schema.columns c WHERE c.table_schema = 'public'"""


def database_url(name: str) -> str:
    parts = urlsplit(TEST_DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def recreate(name: str) -> str:
    admin = await asyncpg.connect(
        database_url("postgres").replace("postgres://", "postgresql://", 1)
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return database_url(name)


async def schema_of(url: str, comments: bool = False) -> dict[str, set[tuple]]:
    queries = SCHEMA_QUERIES | ({"comments": COMMENTS_QUERY} if comments else {})
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return {
            name: {tuple(row) for row in await connection.fetch(query)}
            for name, query in queries.items()
        }
    finally:
        await connection.close()


async def schema_from_models(url: str) -> None:
    await Tortoise.init(config=tortoise_config(url))
    try:
        await Tortoise.generate_schemas()
    finally:
        await Tortoise.close_connections()


async def downgrade_last(url: str) -> list[str]:
    async with Command(tortoise_config(url), app="models", location=str(MIGRATIONS_DIR)) as command:
        return await command.downgrade(-1, delete=False)


def isolated(coroutine):
    """Each Tortoise initialisation in a task of its own: Tortoise keeps its state in a
    context variable."""
    return asyncio.create_task(coroutine)


def scratch_names() -> tuple[str, str]:
    # Named after the test database, so runs on other databases don't clash.
    name = urlsplit(TEST_DATABASE_URL).path.lstrip("/")
    return f"{name}_migrated", f"{name}_models"


async def assert_same_schema(actual_url: str, expected_url: str) -> None:
    expected, actual = await schema_of(expected_url), await schema_of(actual_url)
    for part in SCHEMA_QUERIES:
        assert actual[part] == expected[part], part


@requires_postgres
async def test_migrations_on_an_empty_database_match_the_models():
    migrated, from_models = [await recreate(name) for name in scratch_names()]

    applied = await isolated(apply_migrations(migrated))
    await isolated(schema_from_models(from_models))

    assert len(applied) == len(list(MIGRATIONS_DIR.glob("models/*.py")))
    await assert_same_schema(migrated, from_models)
    assert any(table == "telegram_webhooks" for table, *_ in (await schema_of(migrated))["columns"])


@requires_postgres
async def test_the_latest_migration_goes_down_and_up_again():
    migrated, from_models = [await recreate(name) for name in scratch_names()]
    await isolated(apply_migrations(migrated))
    await isolated(schema_from_models(from_models))

    reverted = await isolated(downgrade_last(migrated))
    between = await schema_of(migrated, comments=True)
    reapplied = await isolated(apply_migrations(migrated))

    assert reverted == reapplied and len(reverted) == 1
    assert between != await schema_of(migrated, comments=True)  # it did change something
    await assert_same_schema(migrated, from_models)


async def downgrade_to_before(url: str, version: int) -> list[str]:
    async with Command(tortoise_config(url), app="models", location=str(MIGRATIONS_DIR)) as command:
        return await command.downgrade(version, delete=False)


async def orders_made_twice_for_one_quote(url: str) -> dict[str, list[int]]:
    """Before migration 14 nothing stopped two presses from making two orders of one quote."""
    await Tortoise.init(config=tortoise_config(url))
    try:
        await load_example_catalog()
        user = await User.create(telegram_id=1, first_name="Ann")
        plan = await Plan.first()
        assert plan is not None
        ids: dict[str, list[int]] = {}
        for name, copies in (("twice", 3), ("once", 1)):
            quote = await Quote.create(
                user=user,
                plan=plan,
                currency="USD",
                base_amount=1000,
                total_amount=1000,
                expires_at=datetime.now(UTC) + timedelta(hours=1),
            )
            ids[name] = [
                (
                    await Order.create(
                        user=user,
                        plan=plan,
                        quote=quote,
                        currency="USD",
                        amount=1000,
                        token=secrets.token_urlsafe(16),
                        created_at=datetime.now(UTC),
                    )
                ).id
                for _ in range(copies)
            ]
        return ids
    finally:
        await Tortoise.close_connections()


@requires_postgres
async def test_one_order_per_quote_keeps_the_first_and_unlinks_the_copies():
    migrated, _ = scratch_names()
    url = await recreate(migrated)
    await isolated(apply_migrations(url))
    await isolated(downgrade_to_before(url, 14))
    made = await isolated(orders_made_twice_for_one_quote(url))

    await isolated(apply_migrations(url))

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        quote_of = dict(await connection.fetch('SELECT "id", "quote_id" FROM "orders"'))
        first, *copies = made["twice"]
        assert quote_of[first] is not None and quote_of[made["once"][0]] is not None
        assert all(quote_of[copy] is None for copy in copies)  # the orders themselves stay
        with pytest.raises(asyncpg.UniqueViolationError):
            await connection.execute(
                'UPDATE "orders" SET "quote_id" = $1 WHERE "id" = $2', quote_of[first], copies[0]
            )
    finally:
        await connection.close()
