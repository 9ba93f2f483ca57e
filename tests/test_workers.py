"""Several worker processes behind a load balancer share one view of every update."""

import asyncio

import aiohttp

from tests import updates
from tests.conftest import (
    SECRET,
    TEST_REDIS_URL,
    WEBHOOK,
    requires_postgres,
    requires_redis,
    start_serve,
    wait_until_ready,
    webhook_reply,
)


@requires_postgres
@requires_redis
async def test_copies_of_updates_sent_to_two_workers_at_once_are_served_once(
    clean_state, telegram, unused_tcp_port_factory
):
    ports = [unused_tcp_port_factory(), unused_tcp_port_factory()]
    workers = [await start_serve(port, clean_state, telegram.url, TEST_REDIS_URL) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    try:
        async with aiohttp.ClientSession() as session:
            for base, worker in zip(bases, workers):
                await wait_until_ready(base, worker)

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
