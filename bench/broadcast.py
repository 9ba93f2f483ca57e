"""Broadcast delivery: how fast the sender goes on its own overhead, whether it keeps
Telegram's pace, and whether a kill -9 of the worker loses or doubles anything.

    python bench/broadcast.py [--users 20000] [--paced-users 900] [--limit 30]

Three processes besides PostgreSQL and Redis: this one (it sets up, watches and counts), a fake
Bot API (this file again, with --fake-bot-api: it answers sendMessage, records every message per
chat and, with a limit, answers 429 with retry_after beyond it, as Telegram does), and the
measured one, `python -m app worker` (the real sender, on a fresh PostgreSQL database and Redis).

(a) Unpaced: BROADCAST_RATE=1000 (the most the setting takes) and no limit at the fake; --users
    recipients. Printed: messages/s achieved, and CPU ms per message of the worker, of the fake
    and of PostgreSQL's backends; the worker's CPU per message gives what one worker sustains
    on its own overhead (1000 / ms). Goal: ≥ 1000 per worker process.
(b) Paced: BROADCAST_RATE=--limit and the fake enforcing --limit messages/s (429 beyond):
    achieved rate against the limit (goal ≥ 95 %), 429s, duplicates and losses (goal 0, 0).
(c) The same, with the worker killed (SIGKILL) a third of the way through and started again:
    duplicates (goal: at most the messages in flight at the kill) and losses (goal 0). The new
    worker takes over the dead one's claims when their lease (20 s) runs out.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter, deque
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import asyncpg
from aiohttp import web
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.telegram import BOT_ID, BOT_TOKEN, BOT_USERNAME  # noqa: E402

POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE = "bot_bench_broadcast"
FAKE_PORT = 8791
TICKS = os.sysconf("SC_CLK_TCK")


# The fake Bot API (its own process)


def fake_bot_api(port: int, limit: int | None) -> None:
    """sendMessage answered at once; every accepted message counted per chat; with a limit,
    more than `limit` accepted in the last second gets 429 retry_after=1, and so does every
    message until that second has passed."""
    accepted: Counter[int] = Counter()
    recent: deque[float] = deque()
    stats: dict = {"refused": 0, "first": None, "last": None, "max_per_second": 0}
    flood_until = 0.0
    message_ids = iter(range(1, 10**9))

    async def method(request: web.Request) -> web.Response:
        nonlocal flood_until
        name = request.match_info["method"]
        if name == "getMe":
            me = {"id": BOT_ID, "is_bot": True, "first_name": "Bench", "username": BOT_USERNAME}
            return web.json_response({"ok": True, "result": me})
        if name != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        params = await request.post()  # aiogram sends a form
        now = time.monotonic()
        while recent and recent[0] <= now - 1:
            recent.popleft()
        if now < flood_until or (limit is not None and len(recent) >= limit):
            if now >= flood_until:
                flood_until = now + 1
            stats["refused"] += 1
            if stats["first"] is not None:  # when, after the first message: for diagnosis
                stats.setdefault("refused_at", []).append(round(now - stats["first"], 3))
            retry_after = max(1, round(flood_until - now))
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
                status=429,
            )
        recent.append(now)
        stats["max_per_second"] = max(stats["max_per_second"], len(recent))
        chat_id = int(params["chat_id"])
        accepted[chat_id] += 1
        stats["first"] = stats["first"] or now
        stats["last"] = now
        message = {
            "message_id": next(message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": params["text"],
        }
        return web.json_response({"ok": True, "result": message})

    async def report(request: web.Request) -> web.Response:
        return web.json_response(
            {
                **stats,
                "chats": len(accepted),
                "messages": sum(accepted.values()),
                "duplicates": sum(n - 1 for n in accepted.values()),
            }
        )

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", method)
    app.router.add_get("/stats", report)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# The measured worker and its surroundings


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime, fields 14 and 15 of proc(5)


def postgres_ticks() -> int:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if title.startswith("postgres: ") and f" {DATABASE} " in title:
                total += cpu_ticks(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def environment(rate: int) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{FAKE_PORT}",
        "BROADCAST_RATE": str(rate),
        "LOG_LEVEL": "WARNING",
    }


async def fresh_database(users: int) -> asyncpg.Connection:
    admin = await asyncpg.connect(POSTGRES.replace("postgres://", "postgresql://", 1) + "/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    async with Redis.from_url(REDIS_URL) as redis:
        await redis.flushdb()
    subprocess.run(
        [sys.executable, "-m", "app", "migrate"],
        env=environment(25),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    db = await asyncpg.connect(f"{POSTGRES}/{DATABASE}".replace("postgres://", "postgresql://"))
    await db.execute(
        "INSERT INTO users (id, telegram_id, first_name, created_at, last_seen_at, "
        "signal_notifications) SELECT gen_random_uuid(), 1000000 + n, 'U', now(), now(), true "
        "FROM generate_series(1, $1) AS n",
        users,
    )
    return db


async def schedule_broadcast(db: asyncpg.Connection) -> int:
    return await db.fetchval(
        "INSERT INTO broadcasts (kind, status, segment, chat_ids, text, send_at, created_at) "
        "VALUES ('message', 'scheduled', 'all', '[]', 'Bench <b>news</b>', now(), now()) "
        "RETURNING id"
    )


def start_worker(rate: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "worker"],
        env=environment(rate),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def start_fake(limit: int | None) -> subprocess.Popen:
    argv = [sys.executable, __file__, "--fake-bot-api"]
    if limit is not None:
        argv += ["--limit", str(limit)]
    return subprocess.Popen(argv, cwd=ROOT)


async def wait_for_fake(session: aiohttp.ClientSession) -> None:
    for _ in range(100):
        try:
            async with session.get(f"http://127.0.0.1:{FAKE_PORT}/stats") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    raise SystemExit("the fake Bot API did not start")


async def fake_stats(session: aiohttp.ClientSession) -> dict:
    async with session.get(f"http://127.0.0.1:{FAKE_PORT}/stats") as response:
        return await response.json()


async def counts(db: asyncpg.Connection, broadcast_id: int) -> dict[str, int]:
    rows = await db.fetch(
        "SELECT status, count(*) FROM broadcast_recipients WHERE broadcast_id = $1 GROUP BY 1",
        broadcast_id,
    )
    return {row[0]: row[1] for row in rows}


async def wait_done(db: asyncpg.Connection, broadcast_id: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = await db.fetchval("SELECT status FROM broadcasts WHERE id = $1", broadcast_id)
        if status == "done":
            return
        await asyncio.sleep(0.2)
    raise SystemExit(f"broadcast #{broadcast_id} not done after {timeout_s:.0f} s")


async def run(
    name: str, users: int, rate: int, limit: int | None, kill_at: float | None
) -> dict[str, float]:
    db = await fresh_database(users)
    fake = start_fake(limit)
    async with aiohttp.ClientSession() as session:
        await wait_for_fake(session)
        worker = start_worker(rate)
        workers = [worker]
        await asyncio.sleep(3)  # started and idle: its start-up is not measured
        ticks = {"worker": cpu_ticks(worker.pid), "fake": cpu_ticks(fake.pid)}
        pg_before = postgres_ticks()
        broadcast_id = await schedule_broadcast(db)
        started = time.monotonic()
        killed_in_flight, dead_ticks = 0, 0
        if kill_at is not None:
            while (await counts(db, broadcast_id)).get("sent", 0) < users * kill_at:
                await asyncio.sleep(0.05)
            dead_ticks = cpu_ticks(worker.pid) - ticks["worker"]  # unreadable once it is gone
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            killed_in_flight = (await counts(db, broadcast_id)).get("sending", 0)
            worker = start_worker(rate)
            workers.append(worker)
            ticks["worker"] = cpu_ticks(worker.pid)
        await wait_done(
            db, broadcast_id, timeout_s=users / max(1, min(rate, limit or rate)) * 3 + 90
        )
        elapsed = time.monotonic() - started
        worker_ticks = dead_ticks + cpu_ticks(worker.pid) - ticks["worker"]
        fake_ticks = cpu_ticks(fake.pid) - ticks["fake"]
        pg_ticks = postgres_ticks() - pg_before
        stats = await fake_stats(session)
        if stats.get("refused_at"):
            print(f"  first 429s, seconds after the first message: {stats['refused_at'][:5]}")
    for process in (*workers, fake):
        if process.poll() is None:
            process.terminate()
            process.wait()
    recorded = await counts(db, broadcast_id)
    await db.close()
    sent_seconds = max(stats["last"] - stats["first"], 1e-9)
    result = {
        "messages/s": stats["messages"] / sent_seconds,
        "worker CPU ms/msg": worker_ticks / TICKS * 1000 / stats["messages"],
        "fake CPU ms/msg": fake_ticks / TICKS * 1000 / stats["messages"],
        "PostgreSQL CPU ms/msg": pg_ticks / TICKS * 1000 / stats["messages"],
        "429s": stats["refused"],
        "max in 1 s": stats["max_per_second"],
        "duplicates": stats["duplicates"],
        "lost": users - stats["chats"],
        "recorded sent": recorded.get("sent", 0),
        "elapsed s": elapsed,
    }
    if kill_at is not None:
        result["claims held by the killed worker"] = killed_in_flight
    print(f"\n({name})")
    for key, value in result.items():
        print(f"  {key:34} {value:,.2f}" if isinstance(value, float) else f"  {key:34} {value}")
    return result


async def main(args: argparse.Namespace) -> None:
    print(
        f"Broadcast bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores; worker = python -m app worker on PostgreSQL and Redis"
    )
    a = await run("a) unpaced, BROADCAST_RATE=1000", args.users, 1000, None, None)
    b = await run(f"b) fake limit {args.limit}/s", args.paced_users, args.limit, args.limit, None)
    c = await run(
        f"c) fake limit {args.limit}/s, worker killed at 1/3",
        args.paced_users,
        args.limit,
        args.limit,
        1 / 3,
    )
    capacity = 1000 / a["worker CPU ms/msg"]
    print("\nSummary")
    print(f"  (a) {a['messages/s']:,.0f} messages/s; one worker's CPU allows {capacity:,.0f}/s")
    print(
        f"  (b) {b['messages/s'] / args.limit:.1%} of the {args.limit}/s limit, "
        f"{b['duplicates']} duplicates, {b['lost']} lost"
    )
    print(f"  (c) {c['duplicates']} duplicates, {c['lost']} lost after kill -9")
    failures = [name for name, result in (("a", a), ("b", b), ("c", c)) if result["lost"]] + (
        ["b duplicates"] if b["duplicates"] else []
    )
    if failures:
        raise SystemExit(f"lost or doubled messages in {', '.join(failures)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20000)
    parser.add_argument("--paced-users", type=int, default=900)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--fake-bot-api", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.fake_bot_api:
        fake_bot_api(FAKE_PORT, arguments.limit if "--limit" in sys.argv else None)
    else:
        asyncio.run(main(arguments))
