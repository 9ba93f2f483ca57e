"""The journal's row for an update claimed in Redis: written once, with its outcome, on
PostgreSQL and SQLite alike."""

import asyncio
from datetime import UTC, datetime, timedelta

from app.services.journal import UpdateJournal, UpdateRecord
from models import TelegramWebhook, UpdateStatus, User


def a_record(**outcome) -> UpdateRecord:
    return UpdateRecord(
        update_id=77,
        update_type="message",
        telegram_user_id=501,
        chat_id=501,
        message_id=9,
        command="help",
        text="/help me",
        **outcome,
    )


async def test_an_update_claimed_elsewhere_gets_its_row_with_its_outcome(db):
    user = await User.create(telegram_id=501, first_name="Ann")

    await UpdateJournal().finish(a_record(), None, 12)

    row = await TelegramWebhook.get(update_id=77)
    assert (row.update_type, row.telegram_user_id, row.chat_id, row.message_id) == (
        "message",
        501,
        501,
        9,
    )
    assert (row.command, row.text, row.status, row.attempts) == (
        "help",
        "/help me",
        UpdateStatus.SUCCESS,
        1,
    )
    assert (row.handler_response_time_ms, row.user_id, row.error_message) == (12, user.id, None)
    assert datetime.now(UTC) - row.created_at < timedelta(minutes=1)


async def test_a_failed_attempts_row_is_completed_by_the_next(db):
    journal = UpdateJournal()
    await journal.release(a_record())
    assert (await TelegramWebhook.get(update_id=77)).status == UpdateStatus.RECEIVED

    await journal.finish(a_record(status=UpdateStatus.ERROR, error_message="Boom: x"), None, 5)

    [row] = await TelegramWebhook.all()
    assert (row.status, row.error_message, row.attempts) == (UpdateStatus.ERROR, "Boom: x", 2)


async def test_a_reused_update_id_keeps_the_old_row_without_its_id(db):
    old = await TelegramWebhook.create(update_id=77, update_type="message", command="start")
    await TelegramWebhook.filter(id=old.id).update(created_at=datetime.now(UTC) - timedelta(days=8))

    await UpdateJournal().finish(a_record(), None, 3)

    assert (await TelegramWebhook.get(id=old.id)).update_id is None
    assert (await TelegramWebhook.get(update_id=77)).command == "help"


async def test_concurrent_updates_rows_go_in_together_each_as_it_should(db):
    """Rows of concurrent updates are inserted in batches; one whose update_id is taken (an
    earlier attempt's row) undoes its batch, and each row then goes in on its own."""
    journal = UpdateJournal()
    await journal.release(a_record())  # update 77: an earlier attempt failed on our side
    records = [
        UpdateRecord(update_id=update_id, update_type="message", telegram_user_id=update_id)
        for update_id in range(100, 130)
    ]

    await asyncio.gather(
        *(journal.finish(record, None, 1) for record in records),
        journal.finish(a_record(), None, 2),
    )

    rows = {row.update_id: row for row in await TelegramWebhook.all()}
    assert set(rows) == {77, *range(100, 130)}
    assert all(row.status == UpdateStatus.SUCCESS for row in rows.values())
    assert rows[77].attempts == 2 and rows[100].attempts == 1
