"""Serving on the open internet: compressed, slow and malformed requests, idle connections, a
cap on connections, and a graceful stop that finishes the updates in flight."""

import asyncio
import gzip
import json
import logging
import signal
import sys

import aiohttp
import pytest
from aiohttp import web

from app import api
from app.logs import configure_logging
from app.server import GuardedRunner
from models import Signal, TelegramWebhook
from tests import updates
from tests.conftest import (
    ROOT,
    SECRET,
    WEBHOOK,
    send,
    start_serve,
    wait_until_ready,
)
from tests.fakes.telegram import BOT_TOKEN


async def raw_request(port: int, data: bytes, wait: float = 0) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    if wait:
        await asyncio.sleep(wait)
    answer = await reader.read(4096)
    writer.close()
    return answer


@pytest.mark.parametrize("path", [WEBHOOK, "/api/v1/signals"])
@pytest.mark.parametrize("body", [b"not gzip at all", gzip.compress(b"{" + b" " * 10_000_000)])
async def test_compressed_bodies_are_refused_before_they_are_read(client, path, body):
    response = await client.post(
        path,
        data=body,
        headers={"Content-Encoding": "gzip", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )

    assert response.status == 415
    assert "Content-Encoding is not accepted" in await response.text()
    assert await TelegramWebhook.all().count() == 0
    assert await Signal.all().count() == 0


async def test_a_compressed_body_with_a_wrong_secret_is_401_first(client):
    response = await client.post(
        WEBHOOK,
        data=b"whatever",
        headers={"Content-Encoding": "gzip", "X-Telegram-Bot-Api-Secret-Token": "wrong"},
    )

    assert response.status == 401


async def test_a_body_too_slow_to_arrive_gets_408(client, monkeypatch):
    monkeypatch.setattr(api, "BODY_TIMEOUT_S", 0.3)
    head = (
        f"POST {WEBHOOK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: 100\r\n\r\n"
    ).encode()

    answer = await raw_request(client.server.port, head + b'{"update_id": 1', wait=0.6)

    assert answer.startswith(b"HTTP/1.1 408")
    assert b"did not arrive within 0.3 s" in answer
    assert await TelegramWebhook.all().count() == 0


def hello_app() -> web.Application:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application()
    app.router.add_get("/", hello)
    return app


@pytest.fixture
async def guarded(unused_tcp_port):
    """A GuardedRunner on a real port, with small limits to see them work."""
    runner = GuardedRunner(hello_app(), max_connections=3, header_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", unused_tcp_port).start()
    yield unused_tcp_port
    await runner.cleanup()


async def test_a_connection_that_sends_no_request_is_closed(guarded):
    reader, writer = await asyncio.open_connection("127.0.0.1", guarded)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the headers never end: slowloris

    closed = await asyncio.wait_for(reader.read(), timeout=5)

    assert closed == b""
    writer.close()


async def test_connections_over_the_cap_are_shed_and_the_rest_are_served(guarded):
    idle = [await asyncio.open_connection("127.0.0.1", guarded) for _ in range(3)]
    await asyncio.sleep(0.05)

    shed_reader, shed_writer = await asyncio.open_connection("127.0.0.1", guarded)
    shed = await asyncio.wait_for(shed_reader.read(), timeout=2)
    for _, writer in idle:
        writer.close()
    await asyncio.sleep(0.05)
    answer = await raw_request(guarded, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")

    assert shed == b""
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"hello")
    shed_writer.close()


@pytest.mark.parametrize("bad", [b"\x00", b"\rX"])
async def test_a_malformed_header_is_answered_without_echoing_it(guarded, caplog, bad):
    request = b"GET / HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: s3cret" + bad
    answer = await raw_request(guarded, request + b"\r\n\r\n")

    assert answer.startswith(b"HTTP/1.1 400") or answer.startswith(b"HTTP/1.0 400")
    assert answer.endswith(b"malformed HTTP request")
    assert b"s3cret" not in answer
    assert "s3cret" not in caplog.text


async def test_sigterm_lets_the_update_in_flight_finish(clean_state, telegram, unused_tcp_port):
    """A rolling deploy: the worker is told to stop while it serves an update. The update is
    answered and acknowledged, the process exits cleanly, and the secret is in no log line."""
    process = await start_serve(unused_tcp_port, clean_state, telegram.url, log_level="INFO")
    base = f"http://127.0.0.1:{unused_tcp_port}"
    await wait_until_ready(base, process)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with aiohttp.ClientSession() as session:
        registered = await session.post(
            base + WEBHOOK, data=json.dumps(updates.message("/start")), headers=headers
        )
        assert registered.status == 200
    telegram.delay("answerCallbackQuery", 1.5)  # the Bot API is slow: the update is in flight
    update = updates.callback_query("shop:open")

    async with aiohttp.ClientSession() as session:
        in_flight = asyncio.create_task(
            session.post(
                base + WEBHOOK,
                data=json.dumps(update),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
        )
        await asyncio.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        response = await in_flight
        status = response.status
        response.release()
    code = await asyncio.wait_for(process.wait(), timeout=30)
    stderr = (await process.stderr.read()).decode()

    assert status == 200
    assert len(telegram.called("answerCallbackQuery")) == 1
    assert telegram.sent_texts()[-1].startswith("The shop is closed for now")
    assert code == 0, stderr
    assert "Stopping: finishing the updates in flight" in stderr
    assert SECRET not in stderr and BOT_TOKEN not in stderr
    # At the default INFO an update writes no log line: its journal row has what it did.
    assert "Serving @" in stderr and "is handled" not in stderr


@pytest.mark.parametrize(("level", "per_update"), [("INFO", False), ("DEBUG", True)])
def test_a_line_per_update_is_logged_at_debug_only(level, per_update, settings):
    root, event_log = logging.getLogger(), logging.getLogger("aiogram.event")
    before = root.level, event_log.level
    try:
        root.setLevel(level)  # as basicConfig sets it where no test runner was first
        configure_logging(settings, level)
        assert event_log.isEnabledFor(logging.INFO) is per_update
        assert event_log.isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(before[0])
        event_log.setLevel(before[1])


async def test_webhook_body_is_read_through_the_same_limits(client):
    update = updates.message("/help")

    assert (await send(client, update)).status == 200


async def test_telegram_types_are_built_on_first_use_not_at_import():
    """The start-up saving of app/lazy_types.py, checked as a fact rather than a time: after
    importing the app and warming up, only the types an update needs are built."""
    script = (
        "import app.cli, aiogram.types as t\n"
        "from app.lazy_types import warm_up\n"
        "warm_up()\n"
        "models = [getattr(t, n) for n in t.__all__ if hasattr(getattr(t, n), 'model_rebuild')]\n"
        "print(sum(m.__pydantic_complete__ for m in models), len(models))\n"
        "print(t.Update.model_validate({'update_id': 1}).update_id)\n"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    built, total = map(int, out.decode().split()[:2])

    assert total > 400 and built < total / 2
    assert out.decode().split()[2] == "1"


async def test_two_serve_processes_share_one_port(clean_state, telegram, unused_tcp_port):
    """Scale-out on one machine: a second `serve` on the same port starts (SO_REUSEPORT), and
    the updates are served while either runs."""
    first = await start_serve(unused_tcp_port, clean_state, telegram.url)
    base = f"http://127.0.0.1:{unused_tcp_port}"
    await wait_until_ready(base, first)
    second = await start_serve(unused_tcp_port, clean_state, telegram.url)
    try:
        await asyncio.sleep(3)  # long enough to have failed to bind, were the port not shared
        assert second.returncode is None, (await second.stderr.read()).decode()
        first.send_signal(signal.SIGTERM)
        await asyncio.wait_for(first.wait(), timeout=30)
        await wait_until_ready(base, second)  # the one left serves alone
        async with aiohttp.ClientSession() as session:
            answer = await session.post(
                base + WEBHOOK,
                data=json.dumps(updates.message("/help")),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            assert answer.status == 200
            answer.release()
    finally:
        for process in (first, second):
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), timeout=30)
