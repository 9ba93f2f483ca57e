"""Each update is processed once: duplicates are acknowledged, concurrent copies run once, and
an update whose attempt failed on our side is processed when Telegram redelivers it."""

import asyncio
from datetime import UTC, datetime, timedelta

from models import TelegramWebhook, UpdateStatus
from tests import updates
from tests.conftest import send


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
    update = updates.message("/help")
    telegram.fail("sendMessage", 502, "Bad Gateway")

    failed = await send(client, update)
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert failed.status == 503
    assert row.status == UpdateStatus.RECEIVED

    redelivered = await send(client, update)

    assert redelivered.status == 200
    assert len(telegram.sent_texts()) == 2  # the failed attempt, then the one that got through
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
    await TelegramWebhook.create(
        update_id=update["update_id"],
        update_type="message",
        status=UpdateStatus.PROCESSING,
        claimed_at=datetime.now(UTC),
    )

    response = await send(client, update)

    assert response.status == 503
    assert telegram.sent_texts() == []


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
    telegram.delay("sendMessage", 2)
    update = updates.message("/help")

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
