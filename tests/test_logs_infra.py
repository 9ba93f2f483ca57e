"""No configured secret in a log line (the Stripe ones included), and which failures count as an
outage to retry rather than a bug: a deadlock or serialization failure, or a locked SQLite file,
as Tortoise hands them on."""

import logging
import sqlite3
import sys
from types import SimpleNamespace

import asyncpg
import pytest
from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.sqlite.client import translate_exceptions as sqlite_translate
from tortoise.exceptions import IntegrityError, OperationalError, TransactionManagementError

from app.infrastructure import is_infrastructure_error
from app.logs import RedactSecrets, secrets_of
from tests.conftest import make_settings

STRIPE_KEY = "sk_live_51Hsecretkey0123456789"
STRIPE_WHSEC = ("whsec_current_0123456789", "whsec_previous_0123456789")


def test_the_stripe_secrets_are_redacted_from_log_lines():
    settings = make_settings(
        "sqlite://:memory:",
        SimpleNamespace(url="http://127.0.0.1:9"),
        stripe={"secret_key": STRIPE_KEY, "webhook_secret": ",".join(STRIPE_WHSEC)},
    )
    try:
        raise RuntimeError(f"Stripe said no to {STRIPE_KEY}")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "app",
        logging.ERROR,
        __file__,
        1,
        "key %s, secrets %s",
        (STRIPE_KEY, STRIPE_WHSEC),
        exc_info,
    )

    assert RedactSecrets(secrets_of(settings)).filter(record)

    line = logging.Formatter().format(record)
    assert "[redacted]" in line
    for secret in (STRIPE_KEY, *STRIPE_WHSEC):
        assert secret not in line


def asyncpg_error(kind: type[asyncpg.PostgresError]) -> asyncpg.PostgresError:
    return kind.new({"C": kind.sqlstate, "M": "could not serialize access"})


async def through_tortoise_asyncpg(exc: BaseException) -> BaseException:
    """What Tortoise's asyncpg client raises when the driver raises `exc`."""

    async def query(self):
        raise exc

    try:
        await AsyncpgDBClient._translate_exceptions(None, query)
    except BaseException as raised:
        return raised
    raise AssertionError("nothing raised")


def wrapped(exc: BaseException, wrapper: type[Exception]) -> BaseException:
    """As Tortoise wraps a driver's error: `raise OperationalError(exc) from exc`."""
    try:
        raise wrapper(exc) from exc
    except wrapper as raised:
        return raised


@pytest.mark.parametrize(
    "kind",
    [
        asyncpg.exceptions.DeadlockDetectedError,
        asyncpg.exceptions.SerializationError,
        asyncpg.exceptions.TransactionRollbackError,
    ],
)
async def test_a_deadlock_or_serialization_failure_is_transient(kind):
    raw = asyncpg_error(kind)

    assert is_infrastructure_error(raw)
    assert is_infrastructure_error(await through_tortoise_asyncpg(raw))
    assert is_infrastructure_error(wrapped(raw, OperationalError))
    assert is_infrastructure_error(wrapped(raw, TransactionManagementError))


def sqlite_locked(tmp_path) -> sqlite3.OperationalError:
    """A real "database is locked": one connection holds the write lock, another does not wait."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            waiter.execute("INSERT INTO t VALUES (1)")
        except sqlite3.OperationalError as exc:
            return exc
        raise AssertionError("not locked")
    finally:
        waiter.close()
        holder.close()


async def test_a_locked_sqlite_database_is_transient(tmp_path):
    locked = sqlite_locked(tmp_path)
    assert str(locked) == "database is locked"

    @sqlite_translate
    async def query(self, sql):
        raise locked

    with pytest.raises(OperationalError) as through_tortoise:
        await query(None, "INSERT …")

    assert is_infrastructure_error(locked)
    assert is_infrastructure_error(through_tortoise.value)
    assert is_infrastructure_error(wrapped(locked, TransactionManagementError))


async def test_bugs_and_refused_data_stay_bugs():
    duplicate = asyncpg_error(asyncpg.exceptions.UniqueViolationError)
    syntax = asyncpg_error(asyncpg.exceptions.PostgresSyntaxError)

    @sqlite_translate
    async def query(self, sql):
        raise sqlite3.OperationalError("no such table: t")

    with pytest.raises(OperationalError) as no_table:
        await query(None, "SELECT …")

    for exc in (
        ValueError("bad"),
        IntegrityError("duplicate key"),
        wrapped(ValueError("bad"), OperationalError),
        await through_tortoise_asyncpg(duplicate),
        await through_tortoise_asyncpg(syntax),
        sqlite3.OperationalError("no such table: t"),
        no_table.value,
        sqlite3.IntegrityError("UNIQUE constraint failed: t.x"),
    ):
        assert not is_infrastructure_error(exc), repr(exc)
