"""Stripe webhook throughput: signed events per second through the verified endpoint on
PostgreSQL, against the bare cost of the SDK's signature check, in one run.

    python bench/stripe_webhook.py [--events 20000] [--duration 10] [--connections 32] [--threads 1]

`python -m app serve` runs as its own process on a fresh PostgreSQL database and Redis, with
the fake Bot API, Stripe's keys, and STRIPE_API_BASE at a closed local port: nothing here may
call Stripe. The bench signs --events distinct `customer.created` events (a type the app stores as
ignored and acknowledges, without asking Stripe) with the SDK's generate_signature_header;
`wrk`, a process of its own (-t1 by default, which leaves the server a core), posts them to
POST /api/v1/stripe/webhook for --duration seconds through bench/stripe_webhook.lua, each event
once, after a short warm-up on other events. The goal is 500 events/s or more. An event of a
type the app acts on costs the same to receive; its effects are made after the answer, on a task
of its own, and are not measured here.

Printed: events/s through the endpoint, wrk's p50/p99 latency, CPU ms per event of the server, of
wrk and of PostgreSQL's backends for this database (/proc/<pid>/stat before and after; wrk's from
its rusage when it exits), and the events/s of `stripe.Webhook.construct_event` alone on one
core, timed in this process before the load over the same bodies (beside it, the endpoint's own
check: signature_refusal + json.loads); last, the ratio endpoint/construct_event. The events
still pending (not yet marked ignored) when the load stops are counted, and the server's CPU
for marking them is shown apart. The run fails unless every answer was 200 and stripe_events
holds exactly the events accepted (those answered as new, plus at most one in flight per
connection when wrk stopped), all marked ignored.
Needs `wrk` (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import asyncpg
import stripe
from aiohttp import web
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.stripe_webhook import STRIPE_WEBHOOK_PATH, signature_refusal  # noqa: E402
from tests.fakes.telegram import BOT_TOKEN, FakeTelegram  # noqa: E402

LUA = Path(__file__).with_suffix(".lua")
STRIPE_KEY = "sk_test_bench0000000000000000"
STRIPE_SECRET = "whsec_bench00000000000000000000000000"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE = "bot_bench_stripe"
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
# A signature older than Stripe's tolerance (300 s) is refused: the run must end well before.
MAX_AGE_S = 240


@dataclass(frozen=True)
class Event:
    id: str
    body: str
    signature: str


def stripe_event(event_id: str, number: int, now: int) -> str:
    """A `customer.created` event as Stripe sends it: indented JSON, about 1.6 kB."""
    customer = f"cus_bench{number:015d}"
    event = {
        "id": event_id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": now,
        "data": {
            "object": {
                "id": customer,
                "object": "customer",
                "address": None,
                "balance": 0,
                "created": now,
                "currency": None,
                "default_source": None,
                "delinquent": False,
                "description": None,
                "discount": None,
                "email": f"buyer{number}@example.com",
                "invoice_prefix": f"B{number:07X}",
                "invoice_settings": {
                    "custom_fields": None,
                    "default_payment_method": None,
                    "footer": None,
                    "rendering_options": None,
                },
                "livemode": False,
                "metadata": {"telegram_user_id": str(700_000_000 + number)},
                "name": None,
                "next_invoice_sequence": 1,
                "phone": None,
                "preferred_locales": ["en"],
                "shipping": None,
                "tax_exempt": "none",
                "test_clock": None,
            }
        },
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": f"req_bench{number:014d}", "idempotency_key": secrets.token_hex(16)},
        "type": "customer.created",
    }
    return json.dumps(event, indent=2)


def sign_events(prefix: str, count: int) -> list[Event]:
    now = int(time.time())
    events = []
    for number in range(count):
        event_id = f"evt_{prefix}{number:08d}"
        body = stripe_event(event_id, number, now)
        signature = stripe.WebhookSignature.generate_signature_header(body, STRIPE_SECRET, now)
        events.append(Event(event_id, body, signature))
    return events


def write_events(events: list[Event], path: Path) -> None:
    """The layout bench/stripe_webhook.lua reads: header line, body length line, body."""
    with path.open("wb") as file:
        for event in events:
            body = event.body.encode()
            file.write(f"{event.signature}\n{len(body)}\n".encode() + body)


def events_per_second(verify, events: list[Event], passes: int = 3) -> float:
    """The median over `passes` of events/s of `verify` over every event, in this process."""
    rates = []
    for _ in range(passes):
        started = time.perf_counter()
        for event in events:
            verify(event)
        rates.append(len(events) / (time.perf_counter() - started))
    return statistics.median(rates)


def construct_event(event: Event) -> None:
    stripe.Webhook.construct_event(event.body, event.signature, STRIPE_SECRET)


def endpoint_check(event: Event) -> None:
    """What the endpoint itself does to a body before it touches the database."""
    if signature_refusal(event.body, event.signature, (STRIPE_SECRET,)):
        raise SystemExit("the endpoint's own check refused a bench event")
    json.loads(event.body)


# CPU of processes, from /proc


def cpu_ticks(pid: int) -> int:
    """utime + stime of one process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)


def postgres_backends() -> dict[int, int]:
    """CPU ticks of each PostgreSQL backend serving the bench database."""
    ticks = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if title.startswith("postgres: ") and f" {DATABASE} " in title:
                ticks[int(entry.name)] = cpu_ticks(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            pass  # ended meanwhile
    return ticks


def postgres_ticks_since(before: dict[int, int]) -> int:
    """What the backends spent since `before` (a backend that ended meanwhile is not counted)."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in postgres_backends().items())


# The server


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


def start_server(port: int, api_url: str, database_url: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_SECRET": "bench-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "TELEGRAM_API_URL": api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
        "STRIPE_SECRET_KEY": STRIPE_KEY,
        "STRIPE_WEBHOOK_SECRET": STRIPE_SECRET,
        # Port 9 (discard) has no listener: a call to Stripe would fail, and show as a failed
        # event in the table, which the run checks for.
        "STRIPE_API_BASE": "http://127.0.0.1:9",
    }
    subprocess.run(
        [sys.executable, "-m", "app", "migrate"],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with log.open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "serve"], env=env, cwd=ROOT, stderr=stderr
        )


async def wait_ready(base: str, server: subprocess.Popen) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}")
            try:
                async with session.get(base + "/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("the server did not start")


# The load


@dataclass
class Load:
    """One wrk run: what it printed through bench/stripe_webhook.lua, and its own CPU."""

    figures: dict[str, str]
    accepted: list[str]  # the ids the server answered as new
    wrk_ticks: float
    server_ticks: int

    def __getitem__(self, name: str) -> int:
        return int(float(self.figures[name]))

    @property
    def seconds(self) -> float:
        return self["duration_us"] / 1e6

    @property
    def throughput(self) -> float:
        return self["requests"] / self.seconds


def run_wrk(args: argparse.Namespace, url: str, events: Path, seconds: int, server: int) -> Load:
    """wrk to its end, blocking (so called on a thread: the fake Bot API keeps answering)."""
    accepted = events.with_suffix(".accepted")
    output = events.with_suffix(".wrk")
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
        "--",
        str(events),
        str(args.threads),
        str(accepted),
    ]
    server_before = cpu_ticks(server)
    with output.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        # Reaped here with wait4, not by Popen: its rusage is all of wrk's CPU, to the end.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    server_ticks = cpu_ticks(server) - server_before
    printed = output.read_text()
    if process.returncode:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{printed}")
    line = next((ln for ln in printed.splitlines() if ln.startswith("bench ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{printed}")
    figures = dict(item.split("=", 1) for item in line.split()[1:])
    wrk_ticks = (usage.ru_utime + usage.ru_stime) * 1000 / TICK_MS
    return Load(figures, accepted.read_text().split(), wrk_ticks, server_ticks)


def pg_url(database_url: str) -> str:
    return database_url.split("?")[0].replace("postgres://", "postgresql://", 1)


async def wait_processed(database_url: str, timeout_s: float = 120) -> int:
    """Until the server has acted on every event it acknowledged (marked it ignored); how many
    were still pending when called."""
    connection = await asyncpg.connect(pg_url(database_url))
    try:
        deadline = time.monotonic() + timeout_s
        query = "SELECT count(*) FROM stripe_events WHERE status = 'pending'"
        backlog = pending = await connection.fetchval(query)
        while pending:
            if time.monotonic() > deadline:
                raise SystemExit(f"events still pending after {timeout_s:.0f} s")
            await asyncio.sleep(0.1)
            pending = await connection.fetchval(query)
        return backlog
    finally:
        await connection.close()


async def stored(database_url: str) -> tuple[set[str], dict[str, int]]:
    """The ids in stripe_events, and how many rows have each status."""
    connection = await asyncpg.connect(pg_url(database_url))
    try:
        ids = {row["id"] for row in await connection.fetch("SELECT id FROM stripe_events")}
        rows = await connection.fetch("SELECT status, count(*) FROM stripe_events GROUP BY 1")
        return ids, {row["status"]: row["count"] for row in rows}
    finally:
        await connection.close()


def check(load: Load, name: str) -> None:
    if load["non200"] or load["answered"] != load["requests"]:
        raise SystemExit(
            f"{name}: {load['non200']} of {load['answered']} answers were not 200 "
            f"(statuses {load.figures['codes']})"
        )
    errors = sum(load[e] for e in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    if errors:
        raise SystemExit(f"{name}: wrk saw {errors} socket errors or timeouts: {load.figures}")


def log_lines(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if line.strip()]


async def main(args: argparse.Namespace) -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    telegram = FakeTelegram()
    runner = web.AppRunner(telegram.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    api_url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    database_url = await prepare_database()
    base = f"http://127.0.0.1:{args.port}"
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory(prefix="bench-stripe-") as directory:
        work = Path(directory)
        log = work / "server.log"
        server = start_server(args.port, api_url, database_url, log)
        try:
            await wait_ready(base, server)
            at_start = len(telegram.calls)  # what the server asks Telegram when it starts
            # Signed now: every signature must still be within Stripe's tolerance when it lands.
            signed_at = time.monotonic()
            warm = sign_events("warm", args.warmup_events)
            events = sign_events("bench", args.events)
            write_events(warm, work / "warm.events")
            write_events(events, work / "bench.events")
            # The bare verification, in this process while the server is idle.
            construct_rate = events_per_second(construct_event, events)
            check_rate = events_per_second(endpoint_check, events)
            url = base + STRIPE_WEBHOOK_PATH
            warmup = await loop.run_in_executor(
                None, run_wrk, args, url, work / "warm.events", args.warmup, server.pid
            )
            check(warmup, "warm-up")
            await wait_processed(database_url)
            postgres_before = postgres_backends()
            load = await loop.run_in_executor(
                None, run_wrk, args, url, work / "bench.events", args.duration, server.pid
            )
            postgres_ticks = postgres_ticks_since(postgres_before)
            check(load, "load")
            drain_before, drain_started = cpu_ticks(server.pid), time.monotonic()
            backlog = await wait_processed(database_url)
            drain_ticks = cpu_ticks(server.pid) - drain_before
            drain_s = time.monotonic() - drain_started
            postgres_all_ticks = postgres_ticks_since(postgres_before)
            age = time.monotonic() - signed_at
            ids, statuses = await stored(database_url)
        finally:
            server.terminate()
            server.wait()
            await runner.cleanup()
        errors = log_lines(log)

    # Every event answered as new is stored; any other stored row is one of ours that was in
    # flight when wrk stopped (accepted by the server, its answer never read).
    accepted = set(warmup.accepted) | set(load.accepted)
    ours = {e.id for e in warm} | {e.id for e in events}
    unanswered = ids - accepted
    if len(accepted) != len(warmup.accepted) + len(load.accepted):
        raise SystemExit("an event was answered as new twice")
    if not accepted <= ids:
        raise SystemExit(f"{len(accepted - ids)} events answered as new are not stored")
    if not unanswered <= ours or len(unanswered) > 2 * args.connections:
        raise SystemExit(f"{len(unanswered)} stored events were never answered as new")
    if set(statuses) != {"ignored"}:
        raise SystemExit(f"stripe_events statuses: {statuses} (only 'ignored' expected)")
    if len(telegram.calls) > at_start:
        called = [call.method for call in telegram.calls[at_start:]]
        raise SystemExit(f"the server called the Bot API under load: {called}")

    n = load["requests"]
    fresh = n - load["duplicates"]
    latency = f"p50 {load['p50_us'] / 1000:.2f} ms   p99 {load['p99_us'] / 1000:.2f} ms"
    print(
        f"{n} signed customer.created events in {load.seconds:.1f} s over {args.connections} "
        f"connections (wrk -t{args.threads}); {fresh} fresh, {load['duplicates']} duplicates "
        f"of {args.events} prepared; all 200"
    )
    print(f"endpoint          {load.throughput:>8.1f} events/s   {latency}")
    print(
        f"  server CPU      {load.server_ticks * TICK_MS / n:>8.3f} ms/event   during the load; "
        f"{(load.server_ticks + drain_ticks) * TICK_MS / n:.3f} with marking them ignored after"
    )
    print(
        f"  backlog         {backlog:>8} events still pending when wrk stopped, "
        f"marked ignored within {drain_s:.1f} s after"
    )
    print(f"  wrk CPU         {load.wrk_ticks * TICK_MS / n:>8.3f} ms/event")
    print(
        f"  PostgreSQL CPU  {postgres_ticks * TICK_MS / n:>8.3f} ms/event   (this database's "
        f"backends); {postgres_all_ticks * TICK_MS / n:.3f} with marking them ignored after"
    )
    print(
        f"stripe_events: {len(ids)} rows = {len(accepted)} answered as new "
        f"+ {len(unanswered)} in flight when wrk stopped; all ignored, no Stripe or Bot API call"
    )
    print(
        f"construct_event   {construct_rate:>8.1f} events/s   "
        f"({1000 / construct_rate:.3f} ms/event, one core, in this process, no load)"
    )
    print(
        f"endpoint's check  {check_rate:>8.1f} events/s   "
        f"({1000 / check_rate:.3f} ms/event: signature_refusal + json.loads, as the endpoint does)"
    )
    print(
        f"signatures were at most {age:.0f} s old (tolerance {stripe.Webhook.DEFAULT_TOLERANCE} s)"
    )
    print(f"server log: {len(errors)} lines" + "".join(f"\n  {line}" for line in errors[:10]))
    verdict = "meets" if load.throughput >= 500 else "misses"
    print(
        f"ratio endpoint/construct_event: {load.throughput / construct_rate:.2f} "
        f"({verdict} the goal of 500 events/s)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000, help="distinct events signed")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk's threads")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up load")
    parser.add_argument("--warmup-events", type=int, default=3_000)
    parser.add_argument("--port", type=int, default=18090)
    arguments = parser.parse_args()
    if arguments.warmup + arguments.duration > MAX_AGE_S - 60:
        parser.error(f"keep --warmup + --duration under {MAX_AGE_S - 60} s: signatures expire")
    if arguments.connections < arguments.threads:
        parser.error("wrk needs at least one connection per thread")
    asyncio.run(main(arguments))
