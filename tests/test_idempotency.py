"""Each update is processed once: duplicates are acknowledged, concurrent copies run once, and
an update whose attempt failed on our side is processed when Telegram redelivers it."""

import asyncio
from datetime import UTC, datetime, timedelta

from redis import Redis
from redis.asyncio import Redis as AsyncRedis

from app.money import Money
from app.services.affiliates import AffiliateService
from app.services.journal import UpdateJournal
from app.services.ledger import Ledger
from app.services.update_gate import Claim, UpdateGate
from models import EntitlementGrant, Payout, Product, TelegramWebhook, TrialUse, UpdateStatus, User
from tests import updates
from tests.conftest import (
    ADMIN_ID,
    TEST_REDIS_URL,
    a_button_press,
    died_before_answering,
    load_example_catalog,
    requires_redis,
    send,
)
from tests.fakes.telegram import BOT_ID


async def test_a_redelivered_update_is_acknowledged_and_not_processed_again(client, telegram):
    update = updates.message("/help")

    first = await send(client, update)
    second = await send(client, update)

    assert (first.status, second.status) == (200, 200)
    assert len(telegram.sent_texts()) == 1
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.status, row.attempts) == (UpdateStatus.SUCCESS, 1)


async def test_concurrent_copies_are_processed_once(client, telegram):
    update = updates.message("/help")

    responses = await asyncio.gather(*(send(client, update) for _ in range(8)))

    assert len(telegram.sent_texts()) == 1
    statuses = sorted(r.status for r in responses)
    # The copies that found it in progress ask Telegram to come back later (503); the rest
    # found it done (200). None is lost and none is answered twice.
    assert set(statuses) <= {200, 503} and 200 in statuses
    for response in responses:
        if response.status == 503:
            assert response.headers["Retry-After"]
    assert (await send(client, update)).status == 200
    assert len(telegram.sent_texts()) == 1


async def test_an_update_that_failed_on_our_side_is_processed_on_redelivery(client, telegram):
    update = await a_button_press(client)
    telegram.reset()
    telegram.fail("answerCallbackQuery", 502, "Bad Gateway")

    failed = await send(client, update)
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert failed.status == 503
    assert row.status == UpdateStatus.RECEIVED

    redelivered = await send(client, update)

    assert redelivered.status == 200
    # The failed attempt, then the one that got through.
    assert len(telegram.called("answerCallbackQuery")) == 2
    assert len(telegram.sent_texts()) == 1
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.status, row.attempts) == (UpdateStatus.SUCCESS, 2)


async def test_an_update_abandoned_by_a_dead_worker_is_taken_over_after_the_lease(client, telegram):
    update = updates.message("/help")
    stale = datetime.now(UTC) - timedelta(minutes=3)
    # What a worker that died mid-update leaves behind: a PROCESSING row (its Redis lease
    # has expired by now, so there is nothing in Redis).
    await TelegramWebhook.create(
        update_id=update["update_id"],
        update_type="message",
        status=UpdateStatus.PROCESSING,
        claimed_at=stale,
    )

    response = await send(client, update)

    assert response.status == 200
    assert len(telegram.sent_texts()) == 1
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.status, row.attempts) == (UpdateStatus.SUCCESS, 2)


async def test_an_update_held_by_a_live_worker_is_sent_back_for_later(client, telegram):
    update = updates.message("/help")
    # What a live worker holds: the claim in Redis when there is Redis (its row is written
    # when it is done), else its PROCESSING row.
    if TEST_REDIS_URL:
        redis = AsyncRedis.from_url(TEST_REDIS_URL)
        gate = UpdateGate(redis, BOT_ID, UpdateJournal())
        assert (await gate.claim(update["update_id"])).claim is Claim.CLAIMED
        await redis.aclose()
    else:
        await TelegramWebhook.create(
            update_id=update["update_id"],
            update_type="message",
            status=UpdateStatus.PROCESSING,
            claimed_at=datetime.now(UTC),
        )

    response = await send(client, update)

    assert response.status == 503
    assert telegram.sent_texts() == []


@requires_redis
async def test_a_completed_update_redelivered_after_redis_lost_its_claims_is_served_and_logged(
    client, telegram, caplog
):
    """With Redis, its claim is all that keeps a completed update from being processed again
    (the journal row is written once, when it is done). Redis losing its data (a restart
    without persistence) while Telegram redelivers an update it was answered for is a double
    failure: the update is then served again, and the log says why."""
    update = updates.message("/help")
    await send(client, update)
    with Redis.from_url(TEST_REDIS_URL) as redis:
        redis.delete(f"update:{BOT_ID}:{update['update_id']}")

    await send(client, update)

    assert len(telegram.sent_texts()) == 2
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.status, row.attempts) == (UpdateStatus.SUCCESS, 2)
    assert "Redis had lost its claim" in caplog.text


async def test_a_reused_update_id_after_a_quiet_week_is_a_new_update(client, telegram):
    # Telegram restarts the update_id sequence after a week without updates.
    update = updates.message("/help")
    week_ago = datetime.now(UTC) - timedelta(days=8)
    old = await TelegramWebhook.create(
        update_id=update["update_id"],
        update_type="message",
        status=UpdateStatus.SUCCESS,
        command="start",
        claimed_at=week_ago,
    )
    await TelegramWebhook.filter(id=old.id).update(created_at=week_ago)

    response = await send(client, update)

    assert response.status == 200
    assert len(telegram.sent_texts()) == 1
    old = await TelegramWebhook.get(id=old.id)
    new = await TelegramWebhook.get(update_id=update["update_id"])
    assert old.update_id is None and old.command == "start"
    assert new.id != old.id and new.status == UpdateStatus.SUCCESS


async def test_update_ids_need_not_grow(client, telegram):
    high, low = updates.message("/help", update_id=900_000), updates.message("/help", update_id=5)

    await send(client, high)
    await send(client, low)

    assert len(telegram.sent_texts()) == 2


async def test_an_attempt_out_of_time_answers_503_and_the_redelivery_is_served(
    client, telegram, monkeypatch
):
    # Telegram waits about a minute; past the budget the attempt is cancelled and answered 503
    # while Telegram still listens, instead of a 200 followed by a failure nobody hears of.
    monkeypatch.setattr("app.web.PROCESSING_TIMEOUT_S", 0.3)
    update = await a_button_press(client)
    telegram.delay("answerCallbackQuery", 2)

    slow = await send(client, update)

    assert slow.status == 503
    assert (
        await TelegramWebhook.get(update_id=update["update_id"])
    ).status == UpdateStatus.RECEIVED

    telegram.delays.clear()
    redelivered = await send(client, update)

    assert redelivered.status == 200
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.status, row.attempts) == (UpdateStatus.SUCCESS, 2)


# A worker that dies mid-update: one consistent answer, and the update let go within seconds.


async def test_a_crash_between_the_reply_and_completion_leads_to_one_consistent_welcome(
    client, telegram
):
    """/start registers the user; the process dies before its answer reaches Telegram. The
    welcome was in that answer, so it was never sent; the redelivery welcomes them as new,
    once, not "Welcome back"."""
    update = updates.message("/start")

    await died_before_answering(client, update)
    redelivered = await send(client, update)

    assert redelivered.status == 200
    [welcome] = telegram.sent_texts()
    assert welcome.startswith("Welcome, Alice! I deliver trading signals")


async def test_a_trial_whose_confirmation_failed_is_confirmed_on_redelivery(client, telegram):
    await load_example_catalog()
    await send(client, updates.message("/start"))
    premium = await Product.get(code="premium")
    press = updates.callback_query(f"trial:{premium.id}")
    telegram.fail("editMessageText", 502, "Bad Gateway")

    failed = await send(client, press)
    redelivered = await send(client, press)

    assert (failed.status, redelivered.status) == (503, 200)
    assert telegram.screen() == (
        "Your 3-day free trial of Premium signals has started. /subscription shows what you have."
    )
    assert await TrialUse.all().count() == 1
    assert await EntitlementGrant.all().count() == 1


async def test_a_payout_request_redelivered_after_a_crash_is_answered_with_that_payout(
    client, telegram
):
    from tests.test_affiliates import link_of, start

    await start(client, 1)
    await start(client, 2, await link_of(client, telegram, 1))
    buyer = await User.get(telegram_id=2)
    await AffiliateService(2000, timedelta(0), {"USD": 5000}, Ledger()).record_sale(
        "sale-1", buyer, Money(30000, "USD"), datetime.now(UTC) - timedelta(days=31)
    )
    request = updates.message("/payout", user_id=1)

    await died_before_answering(client, request)
    await send(client, request)

    assert telegram.sent_texts(1)[-1] == (
        "Payout requested: $60.00. We will be in touch to pay you."
    )
    assert await Payout.all().count() == 1
    assert len(telegram.sent_texts(ADMIN_ID)) == 1  # admins heard of it once


async def test_a_slow_update_keeps_its_claim_while_its_worker_lives(client, telegram, monkeypatch):
    """The lease is short so that a dead worker's update is retried within seconds; a live
    worker renews it, so a copy arriving during a slow update is still sent back (503)."""
    # Leases of 1-2 s renewed every 0.1 s: margins wide enough for a loaded machine.
    monkeypatch.setattr("app.services.journal.PROCESSING_LEASE", timedelta(seconds=1))
    monkeypatch.setattr("app.services.update_gate.LEASE_MS", 2000)
    monkeypatch.setattr("middlewares.audit.RENEWAL_S", 0.1)
    monkeypatch.setattr("middlewares.idempotency.RENEWAL_S", 0.1)
    update = await a_button_press(client)
    telegram.delay("answerCallbackQuery", 5)

    slow = asyncio.create_task(send(client, update))
    await asyncio.sleep(3.5)  # past both leases: only the renewals keep the claim
    copy = await send(client, update)
    first = await slow

    assert (first.status, copy.status) == (200, 503)
    assert len(telegram.called("answerCallbackQuery")) == 1


async def test_an_update_of_a_dead_worker_is_taken_over_once_its_short_lease_lapses(
    client, telegram
):
    update = updates.message("/help")
    await TelegramWebhook.create(
        update_id=update["update_id"],
        update_type="message",
        status=UpdateStatus.PROCESSING,
        claimed_at=datetime.now(UTC) - timedelta(seconds=20),  # was two minutes
    )

    response = await send(client, update)

    assert response.status == 200
    assert len(telegram.sent_texts()) == 1


async def test_a_button_press_redelivered_too_late_to_answer_still_does_its_work(client, telegram):
    update = await a_button_press(client)
    telegram.fail(
        "answerCallbackQuery",
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )

    response = await send(client, update)

    assert response.status == 200
    assert telegram.sent_texts()[-1].startswith("The shop is closed for now")
    assert not any("something went wrong" in text for text in telegram.sent_texts())
