"""The heartbeat that keeps a claim alive: it beats while its block runs, and only then."""

import asyncio

from app.heartbeat import heartbeat


async def test_it_beats_while_the_block_runs_and_stops_with_it():
    beats = []

    async def beat():
        beats.append(len(beats))

    async with asyncio.timeout(10), heartbeat(beat, 0.05):  # the timeout: fail, not hang
        while len(beats) < 3:
            await asyncio.sleep(0.01)
    after = len(beats)
    await asyncio.sleep(0.2)

    assert len(beats) == after


async def test_a_failed_beat_does_not_stop_the_next():
    calls = []

    async def beat():
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("Redis is away")

    async with asyncio.timeout(10), heartbeat(beat, 0.05):
        while len(calls) < 2:
            await asyncio.sleep(0.01)

    assert len(calls) >= 2


async def test_a_slow_beat_is_not_doubled():
    running, most = 0, 0

    async def beat():
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.2)
        running -= 1

    async with heartbeat(beat, 0.02):
        await asyncio.sleep(0.3)

    assert most == 1


async def test_a_block_shorter_than_a_beat_never_beats():
    beats = []

    async def beat():
        beats.append(1)

    async with heartbeat(beat, 0.2):
        pass
    await asyncio.sleep(0.3)

    assert beats == []
