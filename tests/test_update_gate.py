"""The Redis claim of an update: one round trip for a new update, the journal's word on whether a
claimed one is done, and a claim whose holder stopped renewing it taken over exactly once."""

import asyncio

import pytest
from redis.asyncio import Redis

from app.services.journal import UpdateJournal, UpdateRecord
from app.services.throttle import Decision, RedisLimiter
from app.services.update_gate import LEASE_MS, Admission, Claim, UpdateGate
from models import UpdateStatus
from tests.conftest import TEST_REDIS_URL, requires_redis
from tests.fakes.telegram import BOT_ID

pytestmark = requires_redis


@pytest.fixture
async def gate(db):
    redis = Redis.from_url(TEST_REDIS_URL)
    await redis.flushdb()
    yield UpdateGate(redis, BOT_ID, UpdateJournal())
    await redis.aclose()


async def lapse(gate: UpdateGate, update_id: int) -> None:
    """What a holder that died leaves: a claim last renewed longer than the lease ago."""
    seconds, microseconds = await gate.redis.time()
    renewed = seconds * 1000 + microseconds // 1000 - LEASE_MS - 1000
    await gate.redis.set(gate.prefix + str(update_id), renewed, keepttl=True)


async def test_a_new_update_is_claimed_once(gate):
    assert (await gate.claim(1)).claim is Claim.CLAIMED
    assert (await gate.claim(1)).claim is Claim.BUSY
    # Kept as long as Telegram may redeliver it.
    assert await gate.redis.ttl(gate.prefix + "1") > 24 * 3600


async def test_a_claimed_update_whose_row_is_final_is_done(gate):
    assert (await gate.claim(2)).claim is Claim.CLAIMED
    await UpdateJournal().finish(UpdateRecord(update_id=2, update_type="message"), None, 3)

    assert (await gate.claim(2)).claim is Claim.DONE


async def test_an_update_given_up_on_is_done_too(gate):
    await gate.claim(3)
    record = UpdateRecord(update_id=3, update_type="message", status=UpdateStatus.ERROR)
    await UpdateJournal().finish(record, None, 3)

    assert (await gate.claim(3)).claim is Claim.DONE


async def test_a_released_update_is_claimed_again_at_once(gate):
    await gate.claim(4)
    await gate.release(4)

    assert (await gate.claim(4)).claim is Claim.CLAIMED


async def test_a_lapsed_claim_is_taken_over_by_one_of_its_copies(gate):
    await gate.claim(5)
    await lapse(gate, 5)

    claims = [a.claim for a in await asyncio.gather(*(gate.claim(5) for _ in range(6)))]

    assert claims.count(Claim.CLAIMED) == 1
    assert claims.count(Claim.BUSY) == 5


async def test_a_renewed_claim_is_not_taken_over(gate):
    await gate.claim(6)
    await lapse(gate, 6)
    await gate.renew(6)

    assert (await gate.claim(6)).claim is Claim.BUSY


async def test_renewing_a_released_claim_does_not_bring_it_back(gate):
    await gate.claim(7)
    await gate.release(7)
    await gate.renew(7)

    assert await gate.redis.exists(gate.prefix + "7") == 0


async def test_a_new_update_is_counted_with_its_claim_and_a_copy_is_not(gate):
    limiter = RedisLimiter(gate.redis, limit=2, name="throttle:test")

    first = await gate.claim(10, limiter.hit_of(42, 10))
    copy = await gate.claim(10, limiter.hit_of(42, 10))

    assert first == Admission(Claim.CLAIMED, Decision(allowed=True))
    assert copy == Admission(Claim.BUSY)
    assert await gate.redis.zcard("throttle:test:42") == 1


async def test_the_window_counted_with_claims_is_the_limiters_own(gate):
    limiter = RedisLimiter(gate.redis, limit=2, name="throttle:test")
    await gate.claim(11, limiter.hit_of(42, 11))
    await limiter.hit(42, 12)

    over = await gate.claim(13, limiter.hit_of(42, 13))

    assert over.claim is Claim.CLAIMED  # claimed, and held back by the throttle
    assert over.decision is not None and not over.decision.allowed
    assert over.decision.notify and 1 <= over.decision.retry_after <= 60
