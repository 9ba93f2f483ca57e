"""The aerich migrations build exactly the schema the models describe: a model changed without a
migration fails here."""

from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import Tortoise

from app.cli.migrate import apply_migrations
from app.db import tortoise_config
from tests.conftest import TEST_DATABASE_URL, requires_postgres

SCHEMA_QUERIES = {
    "columns": """
        SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
        FROM information_schema.columns WHERE table_schema = 'public'""",
    "indexes": "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraints": """
        SELECT conrelid::regclass::text, contype, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
}


def database_url(name: str) -> str:
    parts = urlsplit(TEST_DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def recreate(name: str) -> str:
    admin = await asyncpg.connect(database_url("postgres").replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return database_url(name)


async def schema_of(url: str) -> dict[str, set[tuple]]:
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        return {
            name: {tuple(row) for row in await connection.fetch(query)}
            for name, query in SCHEMA_QUERIES.items()
        }
    finally:
        await connection.close()


@requires_postgres
async def test_migrations_on_an_empty_database_match_the_models():
    # Two scratch databases named after the test database, so runs on other databases don't clash.
    name = urlsplit(TEST_DATABASE_URL).path.lstrip("/")
    migrated = await recreate(f"{name}_migrated")
    from_models = await recreate(f"{name}_models")

    applied = await apply_migrations(migrated)
    await Tortoise.init(config=tortoise_config(from_models))
    try:
        await Tortoise.generate_schemas()
    finally:
        await Tortoise.close_connections()

    assert applied, "no migration was applied to the empty database"
    expected, actual = await schema_of(from_models), await schema_of(migrated)
    for part in SCHEMA_QUERIES:
        assert actual[part] == expected[part], part
    assert any(table == "telegram_webhooks" for table, *_ in actual["columns"])
