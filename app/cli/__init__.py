"""`python -m app <command>`: the one entry point. Errors are one line on stderr and a
non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import NoReturn

import asyncpg
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramNetworkError
from redis.exceptions import RedisError
from tortoise.exceptions import BaseORMException

from app.cli import (
    affiliates,
    broadcast,
    campaigns,
    catalog,
    commands,
    entitlements,
    ledger,
    migrate,
    orders,
    payments,
    promo,
    quote,
    run,
    stars,
    stripe,
    webhook,
    worker,
)
from app.config import load_settings
from app.errors import DomainError
from app.logs import configure_logging
from app.services.catalog import CatalogError
from app.texts import for_operator
from app.wording import plural

# The commands that run until stopped: they log at LOG_LEVEL, the others only warnings.
LONG_RUNNING = (run.serve, run.polling, worker.worker)

EXIT_FAILURE = 1
EXIT_USAGE = 2


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse prints the whole usage; one line is enough.
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m app",
        description="Trading-signals Telegram bot: service and admin commands.",
    )
    groups = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    modules = (
        run,
        migrate,
        commands,
        webhook,
        catalog,
        entitlements,
        promo,
        quote,
        affiliates,
        campaigns,
        broadcast,
        orders,
        payments,
        ledger,
        stars,
        stripe,
        worker,
    )
    for module in modules:
        module.register(groups)
    return parser


def log_level(level: str, long_running: bool) -> str:
    # Admin commands answer in their own words; their libraries' INFO lines would only clutter
    # stderr, where an error must stand alone on its line.
    if not long_running and logging.getLevelName(level) < logging.WARNING:
        return "WARNING"
    return level


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings, log_level(settings.log_level, args.run in LONG_RUNNING))
        result = args.run(settings, args)
        if asyncio.iscoroutine(result):
            loop_factory = run.new_event_loop if args.run in LONG_RUNNING else None
            with asyncio.Runner(loop_factory=loop_factory) as runner:
                result = runner.run(result)
        return result or 0
    except CatalogError as exc:  # a file's problems, each on its line
        print(
            f"error: the catalog has {plural(len(exc.problems), 'problem')}; nothing was changed:",
            file=sys.stderr,
        )
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILURE
    except DomainError as exc:  # every other refusal of ours, configuration included
        return fail(for_operator(exc, datetime.now(UTC)))
    except TelegramNetworkError as exc:
        return fail(f"cannot reach the Bot API: {exc.message}")
    except TelegramAPIError as exc:
        return fail(f"Telegram refused: {exc.message}")
    except ClientDecodeError:  # a proxy's error page, say, where the Bot API should answer
        return fail("the Bot API answered something that is not Telegram's JSON; is it up?")
    except OSError as exc:
        return fail(f"cannot reach a service: {exc}")
    except RedisError as exc:
        return fail(f"cannot reach Redis: {exc}")
    except (asyncpg.PostgresError, BaseORMException) as exc:
        return fail(f"the database refused: {exc}")
    except KeyboardInterrupt:
        return 130


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FAILURE
