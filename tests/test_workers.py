"""Several worker processes behind a load balancer share one view of every update."""

import asyncio
import os
import sys

import aiohttp

from tests import updates
from tests.conftest import (
    ROOT,
    SECRET,
    TEST_REDIS_URL,
    WEBHOOK,
    requires_postgres,
    requires_redis,
    webhook_reply,
)
from tests.fakes.telegram import BOT_TOKEN


async def start_worker(
    port: int, database_url: str, telegram_url: str
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "WEBHOOK_SECRET": SECRET,
        "DATABASE_URL": database_url,
        "REDIS_URL": TEST_REDIS_URL,
        "TELEGRAM_API_URL": telegram_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        "serve",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_until_healthy(session: aiohttp.ClientSession, base: str, process) -> None:
    for _ in range(200):
        if process.returncode is not None:
            raise AssertionError((await process.stderr.read()).decode())
        try:
            async with session.get(f"{base}/readyz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"{base} did not become ready")


@requires_postgres
@requires_redis
async def test_copies_of_updates_sent_to_two_workers_at_once_are_served_once(
    clean_state, telegram, unused_tcp_port_factory
):
    ports = [unused_tcp_port_factory(), unused_tcp_port_factory()]
    workers = [await start_worker(port, clean_state, telegram.url) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    try:
        async with aiohttp.ClientSession() as session:
            for base, worker in zip(bases, workers):
                await wait_until_healthy(session, base, worker)

            async def deliver(update, base):
                # Telegram's behaviour: redeliver until it gets a 2xx, and carry out the reply
                # the 2xx may carry.
                for _ in range(50):
                    async with session.post(
                        base + WEBHOOK, json=update, headers=headers
                    ) as response:
                        if response.status == 200:
                            reply = await webhook_reply(response)
                            if reply is not None:
                                replies.append(int(reply["chat_id"]))
                            return
                        assert response.status == 503
                    await asyncio.sleep(0.05)
                raise AssertionError("never acknowledged")

            replies = []
            sent = [updates.message("/help", user_id=5000 + n) for n in range(20)]
            await asyncio.gather(*(deliver(update, base) for update in sent for base in bases))
    finally:
        for worker in workers:
            worker.terminate()
            await worker.wait()

    replies += [int(call.params["chat_id"]) for call in telegram.called("sendMessage")]
    assert sorted(replies) == [5000 + n for n in range(20)]
