"""One journal row per update with its outcome; a handler's bug is told and acknowledged; an
outage of ours answers 5xx so Telegram redelivers."""

import logging

from app.web import create_app
from models import TelegramWebhook, UpdateStatus
from tests import updates
from tests.conftest import (
    TEST_REDIS_URL,
    a_button_press,
    make_settings,
    requires_postgres,
    requires_redis,
    send,
)
from tests.fakes.proxy import Proxy


async def test_each_update_gets_one_row_with_its_details(client):
    update = updates.message("/help me please")

    await send(client, update)

    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert row.update_type == "message"
    assert row.command == "help"
    assert row.text == "/help me please"
    assert row.telegram_user_id == updates.USER_ID
    assert row.chat_id == updates.USER_ID
    assert row.message_id == update["message"]["message_id"]
    assert row.status == UpdateStatus.SUCCESS
    assert row.error_message is None
    assert row.handler_response_time_ms is not None and row.handler_response_time_ms >= 0
    assert row.attempts == 1


async def test_long_text_is_cut(client):
    update = updates.message("x" * 3000)

    await send(client, update)

    assert len((await TelegramWebhook.get(update_id=update["update_id"])).text) == 500


async def test_callback_queries_are_journaled_with_their_data(client, telegram):
    await send(client, updates.message("/start"))
    update = updates.callback_query("poll:7")

    await send(client, update)

    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.update_type, row.text) == ("callback_query", "poll:7")
    answer = telegram.called("answerCallbackQuery")[0]
    assert answer.params["text"] == "This button no longer works. Send /help to see what does."


async def test_a_handler_error_is_recorded_told_to_the_user_and_acknowledged(
    client, telegram, caplog
):
    update = await a_button_press(client)
    telegram.fail("answerCallbackQuery", 400, "Bad Request: message text is empty")

    with caplog.at_level(logging.ERROR):
        response = await send(client, update)

    assert response.status == 200
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert row.status == UpdateStatus.ERROR
    assert row.error_message.startswith("TelegramBadRequest: Telegram server says - Bad Request")
    assert telegram.sent_texts()[-1] == (
        "Sorry, something went wrong on our side. If it happens again, write to support and "
        f"quote reference #{update['update_id']}."
    )
    assert "Traceback" in caplog.text  # the log keeps the traceback for us

    again = await send(client, update)
    assert again.status == 200
    assert len(telegram.called("answerCallbackQuery")) == 1  # not retried


async def test_a_user_who_blocked_the_bot_is_an_error_row_not_a_retry(client, telegram):
    update = await a_button_press(client)
    telegram.fail("answerCallbackQuery", 403, "Forbidden: bot was blocked by the user")
    telegram.block_bot()  # the apology too

    response = await send(client, update)

    assert response.status == 200
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert row.status == UpdateStatus.ERROR
    assert "blocked" in row.error_message


async def test_telegram_flood_control_makes_telegram_redeliver(client, telegram):
    update = await a_button_press(client)
    telegram.fail("answerCallbackQuery", 429, "Too Many Requests: retry after 3", retry_after=3)

    response = await send(client, update)

    assert response.status == 503
    assert (
        await TelegramWebhook.get(update_id=update["update_id"])
    ).status == UpdateStatus.RECEIVED


async def test_metrics_count_errors(client, telegram):
    update = await a_button_press(client)
    telegram.fail("answerCallbackQuery", 400, "Bad Request: query is not found")
    await send(client, update)

    text = await (await client.get("/metrics")).text()

    assert 'bot_updates_total{command="none",status="error"} 1.0' in text


@requires_postgres
async def test_database_down_answers_503_and_the_update_is_served_once_it_is_back(
    aiohttp_client, clean_state, telegram, caplog
):
    host, port = "127.0.0.1", 5432
    proxy = Proxy(host, port)
    await proxy.start()
    url = clean_state.replace(f"{host}:{port}", f"{host}:{proxy.port}")
    assert url != clean_state
    client = await aiohttp_client(create_app(make_settings(url, telegram)))
    update = updates.message("/help")

    await proxy.cut()
    caplog.set_level(logging.INFO)
    down = await send(client, update)
    for _ in range(3):
        assert (await send(client, updates.message("/help"))).status == 503
    ready = await client.get("/readyz")

    assert down.status == 503
    assert ready.status == 503 and (await ready.json())["database"] == "unavailable"
    assert telegram.sent_texts() == []

    await proxy.start()  # the database is back; Telegram redelivers
    redelivered = await send(client, update)
    # The outage is one warning and one line when it ends, not a line per update.
    outage_lines = [r for r in caplog.records if "not served" in r.getMessage()]
    assert [(r.levelname, r.getMessage()[:32]) for r in outage_lines] == [
        ("WARNING", "Updates not served, for now (ret")
    ]
    assert "Updates served again" in caplog.text

    assert redelivered.status == 200
    assert len(telegram.sent_texts()) == 1
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert row.status == UpdateStatus.SUCCESS
    await proxy.cut()


@requires_redis
async def test_redis_down_falls_back_to_the_database_and_in_process_limits(
    aiohttp_client, clean_state, telegram
):
    proxy = Proxy("127.0.0.1", 6379)
    await proxy.start()
    redis_url = TEST_REDIS_URL.replace("127.0.0.1:6379", f"127.0.0.1:{proxy.port}")
    assert redis_url != TEST_REDIS_URL
    client = await aiohttp_client(
        create_app(make_settings(clean_state, telegram, redis_url=redis_url))
    )
    update = updates.message("/help")

    await proxy.cut()
    first = await send(client, update)
    duplicate = await send(client, update)
    ready = await client.get("/readyz")

    assert (first.status, duplicate.status) == (200, 200)
    assert len(telegram.sent_texts()) == 1  # the journal's unique update_id caught the copy
    assert ready.status == 503 and await ready.json() == {"database": "ok", "redis": "unavailable"}
    for _ in range(10):  # with the /help above: one command over the limit
        await send(client, updates.message("/help"))
    assert await TelegramWebhook.filter(status=UpdateStatus.THROTTLED).count() == 1


async def test_a_strangers_button_tap_asks_them_to_start_first(client, telegram):
    await send(client, updates.callback_query("shop:open"))

    answer = telegram.called("answerCallbackQuery")[0]
    assert answer.params["text"] == "Please send /start first."


@requires_redis
async def test_a_silent_redis_is_worked_around_as_fast_as_a_refusing_one(
    aiohttp_client, clean_state, telegram
):
    """A network partition: Redis accepts and never answers. After a few timeouts the client
    stops asking it, so updates keep being served, once each, without waiting on Redis."""
    proxy = Proxy("127.0.0.1", 6379)
    await proxy.start()
    redis_url = TEST_REDIS_URL.replace("127.0.0.1:6379", f"127.0.0.1:{proxy.port}")
    client = await aiohttp_client(
        create_app(make_settings(clean_state, telegram, redis_url=redis_url))
    )
    await send(client, updates.message("/help", user_id=1))  # Redis answered: connections open

    proxy.black_hole()
    sent = [updates.message("/help", user_id=100 + n) for n in range(20)]
    statuses = [(await send(client, update)).status for update in sent]
    duplicate = await send(client, sent[0])

    assert statuses == [200] * 20 and duplicate.status == 200
    assert sorted(int(c.params["chat_id"]) for c in telegram.called("sendMessage")) == [1] + [
        100 + n for n in range(20)
    ]  # each served once, the duplicate caught by the journal
    # The breaker opened after a few timed-out commands, and since then only an occasional
    # probe goes to Redis; without it every update would wait on three commands (60 here).
    assert proxy.swallowed < len(sent)
    assert (await client.get("/readyz")).status == 503

    proxy.heal()
    await proxy.cut()


@requires_postgres
async def test_a_silent_database_answers_503_and_the_update_is_served_once_it_is_back(
    aiohttp_client, clean_state, telegram
):
    host, port = "127.0.0.1", 5432
    proxy = Proxy(host, port)
    await proxy.start()
    url = clean_state.replace(f"{host}:{port}", f"{host}:{proxy.port}")
    client = await aiohttp_client(create_app(make_settings(url, telegram)))
    await send(client, updates.message("/help", user_id=1))
    update = updates.message("/help")

    proxy.black_hole()
    down = await send(client, update)  # fails after the statement timeout, not a minute later
    proxy.heal()
    redelivered = await send(client, update)

    assert down.status == 503
    assert redelivered.status == 200
    assert [int(c.params["chat_id"]) for c in telegram.called("sendMessage")] == [
        1,
        update["message"]["chat"]["id"],
    ]
    await proxy.cut()
