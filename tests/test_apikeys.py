"""/apikey and the keys of the approvals API: shown once as code, replaced only after the user
confirms, always revocable, and working only while premium access lasts."""

import asyncio
from datetime import UTC, datetime

import pytest

from app.services.entitlements import EntitlementService
from app.services.signals import ApiKeyService, KeyChanged
from models import ApiKey, GrantSource, User
from tests import updates
from tests.conftest import send

APPROVALS = "/api/v1/signals/approvals"
SINCE = {"since": "2026-01-01T00:00:00Z"}
service = EntitlementService()


async def register(client, premium=True):
    await send(client, updates.message("/start"))
    user = await User.get(telegram_id=updates.USER_ID)
    if premium:
        await service.grant(user, ["premium"], 30, GrantSource.ORDER, "o1", datetime.now(UTC))
    return user


async def first_key(client, telegram):
    await send(client, updates.message("/apikey"))
    return telegram.sent_texts()[-1].splitlines()[1]


async def fetch(client, key):
    return await client.get(APPROVALS, params=SINCE, headers={"Authorization": f"Bearer {key}"})


def buttons(call):
    return [b["callback_data"] for row in call.json("reply_markup")["inline_keyboard"] for b in row]


async def test_the_first_key_is_shown_once_as_code_and_kept_only_as_a_hash(client, telegram):
    await register(client)

    await send(client, updates.message("/apikey"))

    call = telegram.called("sendMessage")[-1]
    key = call.params["text"].splitlines()[1]
    assert key.startswith("sk_")
    entities = call.json("entities")
    assert [e["type"] for e in entities] == ["code"]  # copies with a tap
    offset = call.params["text"].index(key)
    assert (entities[0]["offset"], entities[0]["length"]) == (offset, len(key))
    stored = await ApiKey.get()
    assert key not in (stored.key_hash, stored.prefix) and key.startswith(stored.prefix)
    assert (await fetch(client, key)).status == 200


@pytest.mark.parametrize("argument", ["rotate", "show", "please", "newkey"])
async def test_unknown_arguments_get_usage_and_never_replace_the_key(client, telegram, argument):
    await register(client)
    key = await first_key(client, telegram)

    await send(client, updates.message(f"/apikey {argument}"))

    assert telegram.sent_texts()[-1].startswith("/apikey — your key for the approvals API")
    assert await ApiKey.all().count() == 1
    assert (await fetch(client, key)).status == 200


@pytest.mark.parametrize("command", ["/apikey", "/apikey new"])
async def test_a_new_key_when_one_exists_asks_first(client, telegram, command):
    await register(client)
    key = await first_key(client, telegram)

    await send(client, updates.message(command))

    call = telegram.called("sendMessage")[-1]
    assert "Replace it with a new one? Your execution client stops working" in call.params["text"]
    current = await ApiKey.get()
    assert buttons(call) == [f"apikey:replace:{current.id}", f"apikey:keep:{current.id}"]
    assert await ApiKey.all().count() == 1
    assert (await fetch(client, key)).status == 200


async def test_replacing_after_confirming_shows_the_new_key_in_place(client, telegram):
    await register(client)
    old = await first_key(client, telegram)
    await send(client, updates.message("/apikey new"))
    current = await ApiKey.get()

    await send(client, updates.callback_query(f"apikey:replace:{current.id}"))

    edited = telegram.called("editMessageText")[-1]
    new = edited.params["text"].splitlines()[1]
    assert new.startswith("sk_") and new != old
    assert "reply_markup" not in edited.params
    assert ((await fetch(client, old)).status, (await fetch(client, new)).status) == (401, 200)


async def test_a_stale_or_repeated_confirmation_replaces_nothing(client, telegram):
    await register(client)
    await first_key(client, telegram)
    await send(client, updates.message("/apikey new"))
    seen = await ApiKey.get()
    await send(client, updates.callback_query(f"apikey:replace:{seen.id}"))
    working = await ApiKey.get(revoked_at__isnull=True)

    await send(client, updates.callback_query(f"apikey:replace:{seen.id}"))  # pressed again

    answer = telegram.called("answerCallbackQuery")[-1]
    assert answer.params["text"] == "Your key has changed since. Send /apikey to see it."
    assert (await ApiKey.get(revoked_at__isnull=True)).id == working.id


async def test_keep_leaves_the_key_alone(client, telegram):
    await register(client)
    key = await first_key(client, telegram)
    await send(client, updates.message("/apikey"))

    await send(client, updates.callback_query(f"apikey:keep:{(await ApiKey.get()).id}"))

    assert telegram.called("editMessageText")[-1].params["text"] == "Your API key stays as it is."
    assert (await fetch(client, key)).status == 200


async def test_status_says_when_the_key_was_made_and_used(client, telegram):
    await register(client)
    key = await first_key(client, telegram)
    await fetch(client, key)

    await send(client, updates.message("/apikey status"))

    text = telegram.sent_texts()[-1]
    assert text.startswith(f"Your API key {key[:10]}… was made just now (")
    assert "), last used just now.\n" in text
    assert "It works while your premium access lasts." in text


async def test_a_key_stops_working_with_premium_and_works_again_on_renewal(client, telegram):
    user = await register(client)
    key = await first_key(client, telegram)

    await service.revoke(user, datetime.now(UTC), key="premium")
    paused = await fetch(client, key)
    await send(client, updates.message("/apikey status"))
    status = telegram.sent_texts()[-1]
    await service.grant(user, ["premium"], 30, GrantSource.ORDER, "o2", datetime.now(UTC))
    renewed = await fetch(client, key)

    assert paused.status == 403
    assert (await paused.json())["error"] == (
        "premium access has ended: the key works again after renewal"
    )
    assert "It is paused: your premium access has ended" in status
    assert renewed.status == 200


async def test_an_ex_premium_member_can_always_revoke_their_key(client, telegram):
    user = await register(client)
    key = await first_key(client, telegram)
    await service.revoke(user, datetime.now(UTC), key="premium")

    await send(client, updates.message("/apikey revoke"))
    await send(client, updates.message("/apikey"))  # a new key is premium

    assert telegram.sent_texts()[-2:] == [
        "Your API key is revoked: it no longer works.",
        "⭐ /apikey comes with premium access. See what it costs for you:",
    ]
    assert (await fetch(client, key)).status == 401
    assert await ApiKey.filter(revoked_at__isnull=True).count() == 0


async def test_without_premium_no_key_is_made(client, telegram):
    await register(client, premium=False)

    await send(client, updates.message("/apikey"))
    await send(client, updates.callback_query("apikey:replace:1"))  # a forged confirmation

    assert telegram.sent_texts()[-1].startswith("⭐ /apikey comes with premium access")
    assert telegram.called("answerCallbackQuery")[-1].params["text"] == (
        "A new key comes with premium access."
    )
    assert await ApiKey.all().count() == 0


async def test_keys_issued_at_the_same_moment_leave_one_working(client):
    user = await register(client)

    results = await asyncio.gather(
        *(ApiKeyService().issue(user) for _ in range(4)), return_exceptions=True
    )

    assert sum(isinstance(r, str) for r in results) == 1
    assert all(isinstance(r, (str, KeyChanged)) for r in results)
    assert await ApiKey.filter(user=user, revoked_at__isnull=True).count() == 1
