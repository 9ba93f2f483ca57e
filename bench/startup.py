"""How long `python -m app serve` takes to be ready, as after a crash and restart.

    python bench/startup.py [--runs 5] [--postgres]

Each run starts a fresh `serve` process (SQLite by default; PostgreSQL and Redis with
--postgres, migrated first) and measures, from the moment the process is spawned:
- healthy: the first 200 from GET /healthz;
- serving: the first update (a /start) answered 200 on the webhook, which needs the database,
  the dispatcher and the models that validate an Update.
A bare `python -c pass` is measured the same way as the floor. The fake Bot API answers getMe
from this process; it does no other work during a start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import updates  # noqa: E402
from tests.fakes.telegram import BOT_TOKEN, FakeTelegram  # noqa: E402

SECRET = "bench-secret"
WEBHOOK = "/api/v1/telegram/webhook"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/bot_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


async def one_start(env: dict[str, str], port: int) -> tuple[float, float]:
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve"],
        cwd=ROOT,
        env={**env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    healthy = serving = None
    try:
        async with aiohttp.ClientSession() as session:
            while healthy is None:
                if process.poll() is not None:
                    raise SystemExit(process.stderr.read().decode())
                try:
                    async with session.get(f"{base}/healthz") as response:
                        if response.status == 200:
                            healthy = time.perf_counter() - started
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.01)
            update = updates.message("/start", user_id=7000 + port)
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            while serving is None:
                async with session.post(base + WEBHOOK, json=update, headers=headers) as response:
                    if response.status == 200:
                        serving = time.perf_counter() - started
                    else:
                        await asyncio.sleep(0.01)
    finally:
        process.terminate()
        process.wait()
    return healthy, serving


def floor_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    fake = FakeTelegram()
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api_port = site._server.sockets[0].getsockname()[1]
    workdir = tempfile.mkdtemp(prefix="bench-startup-")
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_SECRET": SECRET,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{api_port}",
        "HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite://{workdir}/bench.sqlite3",
    }
    env.pop("REDIS_URL", None)
    if args.postgres:
        env.update(DATABASE_URL=POSTGRES, REDIS_URL=REDIS_URL)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "bot_bench"], check=False)
        subprocess.run(
            [sys.executable, "-m", "app", "migrate"], cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    results = []
    for run in range(args.runs):
        results.append(await one_start(env, 18600 + run))
        print(f"run {run + 1}: healthy {results[-1][0]:.2f} s, serving {results[-1][1]:.2f} s")
    await runner.cleanup()
    floor = statistics.median(floor_seconds() for _ in range(5))
    backend = "PostgreSQL + Redis" if args.postgres else "SQLite"
    print(f"\n{backend}, {args.runs} starts of `python -m app serve`, median (min-max):")
    for name, index in (("healthy", 0), ("serving", 1)):
        figures = [r[index] for r in results]
        print(
            f"  {name:<8} {statistics.median(figures):.2f} s "
            f"({min(figures):.2f}-{max(figures):.2f})"
        )
    print(f"  floor    {floor:.2f} s  (python -c pass)")


if __name__ == "__main__":
    asyncio.run(main())
