"""Concurrent calls served together: each caller gets its own answer, or its own error."""

import asyncio

import pytest

from app.services.batching import Batcher
from app.services.users import UserService
from models import User


class Recorder:
    def __init__(self):
        self.batches = []

    async def serve(self, items):
        self.batches.append(list(items))
        await asyncio.sleep(0.01)  # a round trip, during which the next batch gathers
        return [ValueError(item) if item < 0 else item * 10 for item in items]


async def test_calls_made_while_a_batch_is_served_go_together_in_the_next():
    recorder = Recorder()
    batched = Batcher(recorder.serve)
    alone = asyncio.create_task(batched(1))
    while not recorder.batches:  # served at once, without waiting for company
        await asyncio.sleep(0)

    results = await asyncio.gather(*(batched(n) for n in range(2, 21)))

    assert await alone == 10
    assert results == [n * 10 for n in range(2, 21)]
    assert recorder.batches == [[1], list(range(2, 21))]


async def test_each_caller_gets_its_own_error():
    batched = Batcher(Recorder().serve)

    results = await asyncio.gather(batched(1), batched(-2), batched(3), return_exceptions=True)

    assert results[0] == 10 and results[2] == 30
    assert isinstance(results[1], ValueError)


async def test_a_failed_batch_fails_each_of_its_callers():
    async def broken(items):
        raise ConnectionError("the database went away")

    batched = Batcher(broken)

    results = await asyncio.gather(batched(1), batched(2), return_exceptions=True)

    assert all(isinstance(result, ConnectionError) for result in results)


async def test_batches_are_capped():
    recorder = Recorder()
    batched = Batcher(recorder.serve, most=3)

    await asyncio.gather(*(batched(n) for n in range(1, 11)))

    assert max(len(batch) for batch in recorder.batches) == 3


async def test_a_caller_that_stops_waiting_does_not_upset_the_others():
    batched = Batcher(Recorder().serve)
    first = asyncio.create_task(batched(1))
    await asyncio.sleep(0)
    impatient = asyncio.create_task(batched(2))
    patient = asyncio.create_task(batched(3))
    await asyncio.sleep(0)
    impatient.cancel()

    assert await first == 10 and await patient == 30
    with pytest.raises(asyncio.CancelledError):
        await impatient


async def test_users_found_together_each_get_their_own(db):
    for telegram_id in (1, 2):
        await User.create(telegram_id=telegram_id, first_name=f"User {telegram_id}")
    users = UserService()

    found = await asyncio.gather(*(users.find(tid) for tid in (1, 2, 3, 1)))

    assert [user.telegram_id if user else None for user in found] == [1, 2, None, 1]
    assert found[0] is not found[3]  # one update's changes are not another's
