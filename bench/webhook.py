"""Webhook throughput and latency: the full service against a bare aiogram app, in one run.

    python bench/webhook.py [--updates 2000] [--users 400] [--concurrency 32] [--rounds 5]

Both servers run as their own process and answer the same /help text through the same fake
Bot API. The bare one is aiogram's SimpleRequestHandler with one handler: no middlewares, no
database, no Redis. The full one is `python -m app serve` on PostgreSQL and Redis with every
middleware. The same load of distinct /help updates from many users (each under the throttle
limit) drives both; the figures and, last, the ratio full/bare are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import updates  # noqa: E402
from tests.fakes.telegram import BOT_TOKEN, FakeTelegram  # noqa: E402

SECRET = "bench-secret"
WEBHOOK = "/api/v1/telegram/webhook"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE = "bot_bench"


def serve_bare(port: int, api_url: str) -> None:
    """The baseline: aiogram's own webhook handler answering /help with the same text."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.filters import Command
    from aiogram.types import Message
    from aiogram.utils.formatting import as_list
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    from app.services.commands import BUILTIN_COMMANDS
    from handlers.common import command_list

    content = as_list("Here is what I can do:", command_list(BUILTIN_COMMANDS, "en"), sep="\n\n")
    bot = Bot(BOT_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dispatcher = Dispatcher()

    @dispatcher.message(Command("help"))
    async def help_(message: Message):
        # Answered in the webhook's answer, as the full service answers /help.
        return message.answer(**content.as_kwargs())

    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token=SECRET).register(
        app, path=WEBHOOK
    )
    setup_application(app, dispatcher, bot=bot)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


@dataclass
class Result:
    name: str
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def row(self) -> str:
        return (
            f"{self.name:<6} {self.throughput:>9.1f} upd/s   p50 {self.percentile(50):>7.2f} ms"
            f"   p99 {self.percentile(99):>7.2f} ms   ({len(self.latencies)} updates)"
        )


async def prepare_database() -> str:
    admin = await asyncpg.connect(POSTGRES.replace("postgres://", "postgresql://", 1) + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    async with Redis.from_url(REDIS_URL) as redis:
        await redis.flushdb()
    # A pool as large as the load's concurrency, as the README advises for production.
    return f"{POSTGRES}/{DATABASE}?maxsize=32"


def start_server(kind: str, port: int, api_url: str, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_SECRET": SECRET,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "TELEGRAM_API_URL": api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    if kind == "bare":
        command = [sys.executable, __file__, "--serve-bare", str(port), api_url]
    else:
        subprocess.run(
            [sys.executable, "-m", "app", "migrate"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        command = [sys.executable, "-m", "app", "serve"]
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


async def wait_ready(session: aiohttp.ClientSession, base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"the server at {base} exited with {server.returncode}")
        try:
            async with session.post(
                base + WEBHOOK,
                json={"update_id": 0},
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            ) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit(f"the server at {base} did not start")


async def drive(session, base, batch, concurrency) -> tuple[float, list[float], int]:
    """(seconds, latencies, replies carried in the webhook answers)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    queue = list(reversed(batch))
    latencies: list[float] = []
    replies = 0

    async def worker() -> None:
        nonlocal replies
        while queue:
            update = queue.pop()
            started = time.perf_counter()
            async with session.post(base + WEBHOOK, json=update, headers=headers) as response:
                body = await response.read()
                if response.status != 200:
                    raise SystemExit(f"{base} answered {response.status}")
                replies += b"sendMessage" in body
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, replies


class Server:
    """One server under test, started once; its users register before the timed rounds."""

    def __init__(self, kind: str, port: int, api_url: str, database_url: str) -> None:
        self.kind = kind
        self.base = f"http://127.0.0.1:{port}"
        self.process = start_server(kind, port, api_url, database_url)

    async def round(self, session, batch, concurrency, telegram) -> Result:
        telegram.calls.clear()
        seconds, latencies, in_answers = await drive(session, self.base, batch, concurrency)
        answered = in_answers + len(telegram.called("sendMessage"))
        if answered != len(batch):
            raise SystemExit(f"{self.kind}: {answered} replies for {len(batch)} updates")
        return Result(self.kind, seconds, latencies)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def median_result(results: list[Result]) -> Result:
    return sorted(results, key=lambda r: r.throughput)[len(results) // 2]


async def main(args: argparse.Namespace) -> None:
    telegram = FakeTelegram()
    runner = web.AppRunner(telegram.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    database_url = await prepare_database()
    servers = [
        Server("bare", args.port, api_url, database_url),
        Server("full", args.port + 1, api_url, database_url),
    ]
    results: dict[str, list[Result]] = {"bare": [], "full": []}
    per_user = args.updates // args.users
    try:
        connector = aiohttp.TCPConnector(limit=2 * args.concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            for server in servers:
                await wait_ready(session, server.base, server.process)
            # Rounds alternate between the two servers so that both see the same machine; each
            # round has its own users, who register first (untimed), as real users do.
            for number in range(args.rounds):
                first = 700_000_000 + number * args.users
                users = range(first, first + args.users)
                for server in servers:
                    starts = [updates.message("/start", user_id=u) for u in users]
                    await drive(session, server.base, starts, args.concurrency)
                    batch = [
                        updates.message("/help", user_id=u) for _ in range(per_user) for u in users
                    ]
                    results[server.kind].append(
                        await server.round(session, batch, args.concurrency, telegram)
                    )
    finally:
        for server in servers:
            server.stop()
        await runner.cleanup()
    bare, full = median_result(results["bare"]), median_result(results["full"])
    # Each round's pair ran back to back on the same machine: their ratio is the steadiest figure
    # on a shared host whose speed drifts from minute to minute.
    ratios = [f.throughput / b.throughput for b, f in zip(results["bare"], results["full"])]
    print(
        f"{args.rounds} rounds of {per_user * args.users} /help updates from {args.users} users, "
        f"{args.concurrency} at a time; the median round of each:"
    )
    print(bare.row())
    print(full.row())
    print(f"ratio full/bare per round, in order: {', '.join(f'{r:.2f}' for r in ratios)}")
    for kind in ("bare", "full"):
        print(f"{kind} per round: " + ", ".join(f"{r.throughput:.0f}" for r in results[kind]))
    print(f"ratio full/bare: {statistics.median(ratios):.2f} (median throughput ratio)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve-bare":
        serve_bare(int(sys.argv[2]), sys.argv[3])
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=18080)
    arguments = parser.parse_args()
    if not 1 <= arguments.updates // arguments.users < 10:
        parser.error("keep updates/users between 1 and 9: more would hit the throttle limit")
    asyncio.run(main(arguments))
