"""/start registers users; requires_auth commands wait for it; ids are 64-bit everywhere."""

from datetime import UTC, datetime, timedelta

import pytest

from app.db import close_db, init_db
from app.web import SERVICES
from models import TelegramWebhook, User
from tests import updates
from tests.conftest import send

BIG_USER_ID = 7_345_678_901  # above 2^32: Telegram user ids no longer fit 32 bits
SUPERGROUP_ID = -1001987654321


async def test_start_registers_and_greets_a_new_user(client, telegram):
    response = await send(
        client, updates.message("/start", first_name="Alice", username="alice", language_code="en")
    )

    assert response.status == 200
    assert telegram.sent_texts() == [
        "Welcome, Alice! I deliver trading signals that you can approve with one tap. "
        "Premium access and a referral program are here too.\n\n"
        "Step 1 of 3: What signals are\n"
        "A signal is a trade idea: an instrument, buy or sell, an entry, a stop loss and targets, "
        "live for a limited time. /signals shows the latest ones. Free signals are open to "
        "everyone; premium ones are shown in full to premium members, who can approve them for "
        "their execution client with one tap."
    ]
    user = await User.get(telegram_id=updates.USER_ID)
    assert (user.username, user.first_name, user.language_code) == ("alice", "Alice", "en")
    assert user.created_at is not None and user.last_seen_at is not None


async def test_start_again_welcomes_back_without_a_second_user(client, telegram):
    await send(client, updates.message("/start"))
    await send(client, updates.message("/start"))

    assert telegram.sent_texts()[-1].startswith("Welcome back, Alice!")
    assert await User.filter(telegram_id=updates.USER_ID).count() == 1


async def test_a_deep_link_payload_is_kept_from_the_first_registration_only(client):
    await send(client, updates.message("/start ref_abc-123"))
    await send(client, updates.message("/start ref_other"))

    assert (await User.get(telegram_id=updates.USER_ID)).start_payload == "ref_abc-123"


@pytest.mark.parametrize("payload", ["bad!payload", "x" * 65, "two words"])
async def test_a_payload_outside_telegrams_format_is_not_kept(client, telegram, payload):
    await send(client, updates.message(f"/start {payload}"))

    assert (await User.get(telegram_id=updates.USER_ID)).start_payload is None
    assert telegram.sent_texts()[-1].startswith("Welcome, Alice!")


async def test_a_payload_followed_by_a_newline_is_kept_without_it(client):
    await send(client, updates.message("/start " + "a" * 64 + "\n"))

    assert (await User.get(telegram_id=updates.USER_ID)).start_payload == "a" * 64


async def test_a_requires_auth_command_asks_strangers_to_start_first(client, telegram):
    update = updates.message("/shop", user_id=555)

    await send(client, update)

    assert telegram.sent_texts(555) == ["Please send /start first, then try /shop again."]
    assert await User.filter(telegram_id=555).count() == 0


async def test_commands_without_auth_work_for_strangers(client, telegram):
    await send(client, updates.message("/help", user_id=556))

    assert telegram.sent_texts(556)[0].startswith("Here is what I can do")


async def test_user_ids_above_32_bits_and_supergroup_chats_are_stored_whole(client, telegram):
    await send(client, updates.message("/start", user_id=BIG_USER_ID))
    update = updates.message(
        "/help", user_id=BIG_USER_ID, chat_id=SUPERGROUP_ID, chat_type="supergroup"
    )

    await send(client, update)

    user = await User.get(telegram_id=BIG_USER_ID)
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.telegram_user_id, row.chat_id, row.user_id) == (BIG_USER_ID, SUPERGROUP_ID, user.id)
    assert telegram.sent_texts(SUPERGROUP_ID)[0].startswith("Here is what I can do")


async def test_the_profile_and_last_seen_follow_the_user(client):
    await send(client, updates.message("/start", username="alice"))
    old = datetime.now(UTC) - timedelta(hours=1)
    await User.filter(telegram_id=updates.USER_ID).update(last_seen_at=old)

    await send(client, updates.message("/help", username="alice_new"))

    user = await User.get(telegram_id=updates.USER_ID)
    assert user.username == "alice_new"
    assert user.last_seen_at > old + timedelta(minutes=59)


async def test_journal_rows_link_the_registered_user(client):
    stranger = updates.message("/help")
    await send(client, stranger)
    start = updates.message("/start")
    await send(client, start)

    user = await User.get(telegram_id=updates.USER_ID)
    assert (await TelegramWebhook.get(update_id=stranger["update_id"])).user_id is None
    assert (await TelegramWebhook.get(update_id=start["update_id"])).user_id == user.id


async def last_seen(telegram_id: int) -> datetime:
    return (await User.get(telegram_id=telegram_id)).last_seen_at


async def test_returning_users_last_seen_times_are_written_together_a_moment_later(
    client, monkeypatch
):
    monkeypatch.setattr("app.services.users.LAST_SEEN_WRITE_EVERY", timedelta(hours=1))
    await send(client, updates.message("/start", user_id=1))
    await send(client, updates.message("/start", user_id=2))
    old = datetime.now(UTC) - timedelta(hours=1)
    await User.all().update(last_seen_at=old)

    await send(client, updates.message("/help", user_id=1))
    assert await last_seen(1) == old  # waiting, with the others', in memory
    monkeypatch.setattr("app.services.users.LAST_SEEN_WRITE_EVERY", timedelta(0))
    await send(client, updates.message("/help", user_id=2))
    writing = client.app[SERVICES].users._writing  # beside the update, not in its way
    assert writing is not None
    await writing

    assert await last_seen(1) > old + timedelta(minutes=59)
    assert await last_seen(2) > old + timedelta(minutes=59)


async def test_last_seen_times_waiting_are_written_when_the_service_stops(
    client, settings, monkeypatch
):
    monkeypatch.setattr("app.services.users.LAST_SEEN_WRITE_EVERY", timedelta(hours=1))
    await send(client, updates.message("/start", user_id=1))
    old = datetime.now(UTC) - timedelta(hours=1)
    await User.all().update(last_seen_at=old)
    await send(client, updates.message("/help", user_id=1))

    await client.close()  # the app shuts down, and with it the database connection

    await init_db(settings.database_url)
    try:
        assert await last_seen(1) > old + timedelta(minutes=59)
    finally:
        await close_db()
