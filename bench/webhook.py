"""The webhook hot path: the full service against a bare aiogram app, driven by `wrk`.

    .venv/bin/python bench/webhook.py [--rounds 3] [--duration 10] [--warmup 3]
        [--connections 32] [--workers 1] [--users 50000] [--rate 300] [--paced 20] [--port 18100]

BENCH_POSTGRES and BENCH_REDIS_URL say where PostgreSQL and Redis are (localhost, Redis db 14 by
default); the bench drops and recreates the database bot_bench_webhook and flushes that Redis
database.

Every part runs as a process of its own: the fake Bot API (tests/fakes/telegram.py), the bare
server (aiogram's SimpleRequestHandler with one /help handler: no middleware, database or
Redis), the full service (`python -m app serve` on PostgreSQL and Redis, --workers processes
sharing one port), and the load: `wrk -t1` (Debian's package) posting distinct /help updates
from --users registered users through bench/webhook.lua (each last seen a day ago, so that
every update is its sender's first in a while, as it mostly is with this many users). Both
servers answer each update with the same reply (the full service's /help, captured once) in
the webhook's answer, as the service does in production; the fake Bot API serves what else
they call.

Runs alternate bare, full, bare, full ... (--rounds pairs of --duration seconds, after a warm-up
of each). Per run: updates/s, p50/p99 latency, and CPU ms per update of the server process(es),
of PostgreSQL's backends for the bench database and of redis-server, from /proc before and
after. Then the medians and the ratios full/bare of throughput and of server CPU per update
(median of the pairs). Last, a paced run against the full service: about --rate updates/s for
--paced seconds, from wrk as well (bench/webhook.lua's delay(): each connection pauses after an
answer, with as many connections as the rate needs), with p50/p99/p99.9 and the CPU per update.
A paced client in Python took a good part of the second core, which slowed the service beside
it. Needs PostgreSQL and Redis on localhost, and wrk.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram import BOT_TOKEN, FakeTelegram  # noqa: E402

LUA = Path(__file__).with_suffix(".lua")
SECRET = "bench-secret"
WEBHOOK = "/api/v1/telegram/webhook"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE = "bot_bench_webhook"
VACUUMED = ("users", "telegram_webhooks")  # the tables the full service writes to
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
# The paced run: each connection pauses this long after an answer, and there are as many
# connections as the rate needs if an answer takes about PACE_LATENCY_MS.
PACE_PAUSE_MS, PACE_LATENCY_MS = 100, 5
FIRST_USER = 700_000_000


# The processes under test


def serve_fake(port: int) -> None:
    from aiohttp import web

    web.run_app(FakeTelegram().app(), host="127.0.0.1", port=port, print=None, access_log=None)


def serve_bare(port: int, api_url: str, reply_path: str) -> None:
    """The baseline: aiogram's own webhook handler answering /help with the full service's
    reply, in the webhook's answer, on the same event loop as the service."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.filters import Command
    from aiogram.methods import SendMessage
    from aiogram.types import InlineKeyboardMarkup, Message, MessageEntity
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
    from aiohttp import web

    from app.cli.run import new_event_loop

    reply = json.loads(Path(reply_path).read_text())
    entities = [MessageEntity(**e) for e in reply.get("entities", [])]
    markup = InlineKeyboardMarkup(**reply["reply_markup"])
    bot = Bot(BOT_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_url)))
    dispatcher = Dispatcher()

    @dispatcher.message(Command("help"))
    async def help_(message: Message) -> SendMessage:
        return message.answer(reply["text"], entities=entities, reply_markup=markup)

    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, handle_in_background=False, secret_token=SECRET).register(
        app, path=WEBHOOK
    )
    setup_application(app, dispatcher, bot=bot)
    web.run_app(
        app, host="127.0.0.1", port=port, print=None, access_log=None, loop=new_event_loop()
    )


def environment(port: int, api_url: str, database_url: str) -> dict[str, str]:
    return {
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


@dataclass
class Server:
    name: str
    base: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait()


def start(name: str, port: int, commands: list[list[str]], env: dict[str, str]) -> Server:
    server = Server(name, f"http://127.0.0.1:{port}")
    for command in commands:
        server.processes.append(subprocess.Popen(command, env=env, cwd=ROOT))
    return server


async def wait_ready(server: Server) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            if any(p.poll() is not None for p in server.processes):
                raise SystemExit(f"{server.name}: a process exited")
            try:
                async with session.post(
                    server.base + WEBHOOK,
                    json={"update_id": 0},
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                ) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{server.name} did not start")


# The database


async def prepare_database(users: int) -> str:
    admin = await asyncpg.connect(POSTGRES.replace("postgres://", "postgresql://", 1) + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    async with Redis.from_url(REDIS_URL) as redis:
        await redis.flushdb()
    url = f"{POSTGRES}/{DATABASE}"
    subprocess.run(
        [sys.executable, "-m", "app", "migrate"],
        env=environment(8080, "http://127.0.0.1:9", url),  # migrate binds nothing
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:  # registered users, as after their /start, last seen yesterday
        await connection.execute(
            "INSERT INTO users (id, telegram_id, first_name, language_code, created_at, "
            "last_seen_at, signal_notifications) SELECT gen_random_uuid(), $1 + n, 'Bench', "
            "'en', now() - interval '2 days', now() - interval '1 day', true "
            "FROM generate_series(0, $2 - 1) AS n",
            FIRST_USER,
            users,
        )
        # Vacuumed between runs (vacuum_between_runs), not by autovacuum in the middle of one,
        # where it took CPU from whichever server was running then.
        for table in VACUUMED:
            await connection.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    # A pool as large as the load's concurrency, as the README advises for production.
    return f"{url}?maxsize=32"


async def vacuum_between_runs(url: str) -> None:
    """What the full service's writes leave to vacuum, done now, outside the runs."""
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(f"VACUUM ANALYZE {', '.join(VACUUMED)}")
    finally:
        await connection.close()


# CPU of processes, from /proc


def cpu_ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def processes(match) -> dict[int, int]:
    """CPU ticks of every process whose command line `match`es."""
    ticks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if match(command):
                ticks[int(entry.name)] = cpu_ticks(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            pass  # ended meanwhile
    return ticks


def postgres_backends() -> dict[int, int]:
    return processes(lambda c: c.startswith("postgres: ") and f" {DATABASE} " in c)


def redis_servers() -> dict[int, int]:
    return processes(lambda c: c.startswith("redis-server"))


def ticks_since(before: dict[int, int], now: dict[int, int]) -> int:
    return sum(ticks - before.get(pid, 0) for pid, ticks in now.items())


# The load


@dataclass
class Run:
    name: str
    figures: dict[str, int]
    server_ticks: int
    postgres_ticks: int
    redis_ticks: int

    @property
    def requests(self) -> int:
        return self.figures["requests"]

    @property
    def throughput(self) -> float:
        return self.requests / (self.figures["duration_us"] / 1e6)

    def cpu_ms(self, ticks: int) -> float:
        return ticks * TICK_MS / self.requests

    @property
    def server_cpu(self) -> float:
        return self.cpu_ms(self.server_ticks)

    def row(self) -> str:
        return (
            f"{self.name:<5} {self.throughput:>8.0f} upd/s  "
            f"p50 {self.figures['p50_us'] / 1000:>6.2f} ms  "
            f"p99 {self.figures['p99_us'] / 1000:>6.2f} ms  CPU/update: server "
            f"{self.server_cpu:.2f} ms, PostgreSQL {self.cpu_ms(self.postgres_ticks):.2f} ms, "
            f"Redis {self.cpu_ms(self.redis_ticks):.2f} ms"
        )


def run_wrk(
    args, server: Server, seconds: int, first_update: int, paced_rate: int | None = None
) -> Run:
    """`wrk` as fast as the server answers, or, given `paced_rate`, at about that rate: each
    connection pauses PACE_PAUSE_MS after an answer, with enough connections for the rate."""
    connections = args.connections
    pause: list[str] = []
    if paced_rate is not None:
        connections = math.ceil(paced_rate * (PACE_PAUSE_MS + PACE_LATENCY_MS) / 1000)
        pause = [str(PACE_PAUSE_MS)]
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        server.base + WEBHOOK,
        "--",
        SECRET,
        str(first_update),
        str(args.users),
        str(FIRST_USER),
        *pause,
    ]
    server_before = {pid: cpu_ticks(pid) for pid in server.pids}
    postgres_before, redis_before = postgres_backends(), redis_servers()
    printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    server_ticks = sum(cpu_ticks(pid) - server_before[pid] for pid in server.pids)
    postgres_ticks = ticks_since(postgres_before, postgres_backends())
    redis_ticks = ticks_since(redis_before, redis_servers())
    line = next((ln for ln in printed.splitlines() if ln.startswith("bench ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{printed}")
    figures = {k: int(float(v)) for k, v in (item.split("=", 1) for item in line.split()[1:])}
    if figures["non200"] or figures["no_reply"] or figures["errors"]:
        raise SystemExit(f"{server.name}: failed answers: {figures}")
    return Run(server.name, figures, server_ticks, postgres_ticks, redis_ticks)


async def capture_reply(server: Server) -> dict[str, Any]:
    """The full service's answer to one /help (a JSON Bot API call), as the bare server is to
    give it."""
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": FIRST_USER, "type": "private", "first_name": "Bench"},
            "from": {
                "id": FIRST_USER,
                "is_bot": False,
                "first_name": "Bench",
                "language_code": "en",
            },
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            server.base + WEBHOOK, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        ) as response,
    ):
        return await response.json()


# The run


async def main(args: argparse.Namespace) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    fake_port, bare_port, full_port = args.port, args.port + 1, args.port + 2
    api_url = f"http://127.0.0.1:{fake_port}"
    database_url = await prepare_database(args.users)
    fake = start(
        "fake",
        fake_port,
        [[sys.executable, __file__, "--serve-fake", str(fake_port)]],
        {**os.environ},
    )
    full = start(
        "full",
        full_port,
        [[sys.executable, "-m", "app", "serve"]] * args.workers,
        environment(full_port, api_url, database_url),
    )
    servers = [fake, full]
    try:
        await wait_ready(full)
        with tempfile.TemporaryDirectory(prefix="bench-webhook-") as directory:
            reply_path = Path(directory) / "reply.json"
            reply_path.write_text(json.dumps(await capture_reply(full)))
            bare = start(
                "bare",
                bare_port,
                [
                    [
                        sys.executable,
                        __file__,
                        "--serve-bare",
                        str(bare_port),
                        api_url,
                        str(reply_path),
                    ]
                ],
                {**os.environ},
            )
            servers.append(bare)
            await wait_ready(bare)
        loop = asyncio.get_running_loop()
        next_update = 1_000

        async def load(server: Server, seconds: int) -> Run:
            nonlocal next_update
            run = await loop.run_in_executor(None, run_wrk, args, server, seconds, next_update)
            next_update += run.figures["sent"] + 1_000
            return run

        for server in (bare, full):
            await load(server, args.warmup)
        await vacuum_between_runs(database_url.split("?")[0])
        runs: dict[str, list[Run]] = {"bare": [], "full": []}
        for number in range(args.rounds):
            for server in (bare, full):
                run = await load(server, args.duration)
                runs[server.name].append(run)
                print(f"round {number + 1}: {run.row()}", flush=True)
                await vacuum_between_runs(database_url.split("?")[0])
        paced = await loop.run_in_executor(
            None, run_wrk, args, full, args.paced, next_update, args.rate
        )
    finally:
        for server in servers:
            server.stop()

    def median(name: str, value) -> float:
        return statistics.median(value(run) for run in runs[name])

    pairs = list(zip(runs["bare"], runs["full"]))
    throughput_ratio = statistics.median(f.throughput / b.throughput for b, f in pairs)
    cpu_ratio = statistics.median(f.server_cpu / b.server_cpu for b, f in pairs)
    print()
    print(
        f"{args.rounds} alternating pairs of {args.duration} s, wrk -t1 -c{args.connections}, "
        f"distinct /help updates from {args.users} users; full service: {args.workers} "
        f"serve process(es); medians:"
    )
    for name in ("bare", "full"):
        print(
            f"{name:<5} {median(name, lambda r: r.throughput):>8.0f} upd/s  "
            f"p50 {median(name, lambda r: r.figures['p50_us']) / 1000:.2f} ms  "
            f"p99 {median(name, lambda r: r.figures['p99_us']) / 1000:.2f} ms  "
            f"CPU/update: server {median(name, lambda r: r.server_cpu):.2f} ms, "
            f"PostgreSQL {median(name, lambda r: r.cpu_ms(r.postgres_ticks)):.2f} ms, "
            f"Redis {median(name, lambda r: r.cpu_ms(r.redis_ticks)):.2f} ms"
        )
    print(
        f"ratio full/bare: throughput {throughput_ratio:.2f}, server CPU per update {cpu_ratio:.2f}"
    )
    print(
        f"paced at {args.rate} upd/s for {args.paced} s (wrk, each connection pausing "
        f"{PACE_PAUSE_MS} ms after an answer), full: {paced.throughput:.0f} upd/s, "
        f"{paced.figures['requests']} updates, p50 {paced.figures['p50_us'] / 1000:.1f} ms, "
        f"p99 {paced.figures['p99_us'] / 1000:.1f} ms, "
        f"p99.9 {paced.figures['p999_us'] / 1000:.1f} ms; CPU/update: server "
        f"{paced.server_cpu:.2f} ms, PostgreSQL {paced.cpu_ms(paced.postgres_ticks):.2f} ms, "
        f"Redis {paced.cpu_ms(paced.redis_ticks):.2f} ms"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve-fake"]:
        serve_fake(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--serve-bare"]:
        serve_bare(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--rounds", type=int, default=3, help="alternating bare/full pairs")
        parser.add_argument("--duration", type=int, default=10, help="seconds per run")
        parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up each")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--users", type=int, default=50_000)
        parser.add_argument("--workers", type=int, default=1, help="serve processes, one port")
        parser.add_argument("--rate", type=int, default=300, help="updates/s of the paced run")
        parser.add_argument("--paced", type=int, default=20, help="seconds of the paced run")
        parser.add_argument("--port", type=int, default=18100)
        asyncio.run(main(parser.parse_args()))
