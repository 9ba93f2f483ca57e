"""The HTTP surface: the secret check, bad bodies, health, readiness and metrics."""

import asyncio
import json

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SendDocument
from aiogram.types import BufferedInputFile

from app.web import WebhookHandler, create_app
from models import TelegramWebhook
from tests import updates
from tests.conftest import SECRET, TEST_REDIS_URL, WEBHOOK, make_settings, send
from tests.fakes.telegram import BOT_TOKEN


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Telegram-Bot-Api-Secret-Token": ""},
        {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret"},
        {"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"},
        {"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]},
        {"X-Telegram-Bot-Api-Secret-Token": "sécret-ünïcode"},
    ],
    ids=["missing", "empty", "wrong", "longer", "shorter", "non-ascii"],
)
async def test_a_bad_secret_gets_401_and_nothing_is_processed(client, telegram, headers):
    response = await client.post(WEBHOOK, json=updates.message("/start"), headers=headers)

    assert response.status == 401
    assert await TelegramWebhook.all().count() == 0
    assert telegram.sent_texts() == []


async def test_raw_non_utf8_bytes_in_the_secret_header_get_401(client, telegram):
    # aiohttp's client would encode the header; write the request by hand to send raw bytes.
    body = json.dumps(updates.message("/start")).encode()
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        b"POST " + WEBHOOK.encode() + b" HTTP/1.1\r\nHost: test\r\n"
        b"X-Telegram-Bot-Api-Secret-Token: \xff\xfe" + SECRET.encode() + b"\r\n"
        b"Content-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )
    status_line = await reader.readline()
    writer.close()

    assert status_line.split()[1] == b"401"
    assert await TelegramWebhook.all().count() == 0
    assert telegram.sent_texts() == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json at all", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[1, 2, 3]", "not a Telegram Update"),
        (b'{"message": {"text": "/start"}}', "update_id"),
        (b'{"update_id": "abc"}', "update_id"),
        (b'{"update_id": 99999999999999999999999}', "beyond 64 bits"),
        (b'{"update_id": -5}', "out of range"),
        (b'{"update_id": 1, "message": {"message_id": "x"}}', "message"),
        (
            b'{"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "hi", '
            b'"chat": {"id": 99999999999999999999, "type": "private"}}}',
            "beyond 64 bits",
        ),
        (
            b'{"update_id": 1, "message": {"message_id": 99999999999999999999, "date": 0, '
            b'"text": "hi", "chat": {"id": 5, "type": "private"}}}',
            "beyond 64 bits",
        ),
        # Every kind of update, not only messages: these used to reach the database and 500.
        (
            b'{"update_id":1,"channel_post":{"message_id":9223372036854775808,"date":1,'
            b'"chat":{"id":-1001,"type":"channel","title":"c"},"text":"hi"}}',
            "beyond 64 bits",
        ),
        (
            b'{"update_id":1,"edited_channel_post":{"message_id":1,"date":1,"edit_date":2,'
            b'"chat":{"id":-9223372036854775809,"type":"channel","title":"c"},"text":"hi"}}',
            "beyond 64 bits",
        ),
        (
            b'{"update_id":1,"message_reaction_count":{"chat":{"id":-1001,"type":"channel",'
            b'"title":"c"},"message_id":18446744073709551616,"date":1,"reactions":[]}}',
            "beyond 64 bits",
        ),
        (b"[" * 200_000, "not JSON"),
        (b'{"update_id": ' + b"9" * 5000 + b"}", "not JSON"),
    ],
)
async def test_a_body_that_is_not_an_update_gets_400_with_a_reason(client, body, reason, caplog):
    response = await client.post(
        WEBHOOK, data=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )

    assert response.status == 400
    assert reason in await response.text()
    assert await TelegramWebhook.all().count() == 0
    assert "Traceback" not in caplog.text


async def test_the_smallest_64_bit_id_is_a_telegram_id(client, telegram):
    update = updates.message("hi", chat_id=-(2**63), chat_type="supergroup")

    assert (await send(client, update)).status == 200


async def test_a_body_over_one_mebibyte_gets_413(client, caplog):
    update = updates.message("/help")
    update["message"]["text"] = "x" * (1024 * 1024)

    response = await send(client, update)

    assert response.status == 413
    assert await TelegramWebhook.all().count() == 0
    assert "Traceback" not in caplog.text


async def test_healthz_answers_while_the_process_is_up(client):
    response = await client.get("/healthz")

    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_readyz_reports_each_dependency(client):
    response = await client.get("/readyz")

    assert response.status == 200
    expected = {"database": "ok", "redis": "ok"} if TEST_REDIS_URL else {"database": "ok"}
    assert await response.json() == expected


async def test_metrics_count_updates_by_status_and_command(client):
    await send(client, updates.message("/start"))
    await send(client, updates.message("/help"))
    await send(client, updates.message("/nosuchcommand"))
    await send(client, updates.message("hello"))

    response = await client.get("/metrics")

    assert response.status == 200
    text = await response.text()
    assert 'bot_updates_total{command="start",status="success"} 1.0' in text
    assert 'bot_updates_total{command="help",status="success"} 1.0' in text
    assert 'bot_updates_total{command="unknown",status="success"} 1.0' in text
    assert 'bot_updates_total{command="none",status="success"} 1.0' in text
    assert 'bot_handler_latency_seconds_count{command="help"} 1.0' in text


@pytest.mark.parametrize("path", ["/readyz", "/metrics"])
async def test_readiness_and_metrics_can_be_kept_to_those_with_the_ops_token(
    aiohttp_client, clean_state, telegram, path
):
    token = "ops-token-0123456789"
    client = await aiohttp_client(create_app(make_settings(clean_state, telegram, ops_token=token)))

    anonymous = await client.get(path)
    wrong = await client.get(path, headers={"Authorization": "Bearer nope-nope-nope-nope"})
    right = await client.get(path, headers={"Authorization": f"bearer {token}"})  # any case
    health = await client.get("/healthz")

    assert (anonymous.status, wrong.status, right.status, health.status) == (401, 401, 200, 200)


async def test_the_reply_in_the_webhook_answer_is_a_json_bot_api_call(client):
    response = await client.post(
        WEBHOOK,
        json=updates.message("/help", user_id=4242),
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )

    assert response.status == 200
    assert response.content_type == "application/json"
    call = await response.json()
    assert call["method"] == "sendMessage"
    assert call["chat_id"] == 4242
    assert "/start" in call["text"]
    assert call["reply_markup"]["inline_keyboard"][0][0]["text"]  # nested, not JSON in a string


async def test_an_update_without_a_reply_gets_an_empty_json_answer(client):
    response = await client.post(
        WEBHOOK,
        json=updates.message("just chatting", chat_type="group", chat_id=-100123),
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )

    assert response.status == 200
    assert await response.json() == {}


def test_a_reply_that_uploads_a_file_keeps_the_form():
    bot = Bot(token=BOT_TOKEN)
    handler = WebhookHandler(Dispatcher(), bot, secret_token=SECRET)
    upload = SendDocument(chat_id=1, document=BufferedInputFile(b"report", filename="r.csv"))

    body = handler._build_response_writer(bot=bot, result=upload)

    assert body.content_type.startswith("multipart/form-data")
