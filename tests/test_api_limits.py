"""The HTTP APIs under a flood: per client address and per API key, 429 with Retry-After once
over the limit, before any work is done; a key's last use is written once a minute."""

from datetime import UTC, datetime, timedelta

import pytest

from app.services.entitlements import EntitlementService
from app.services.signals import ApiKeyService
from app.web import create_app
from models import ApiKey, GrantSource, Signal, User
from tests import updates
from tests.conftest import make_settings, send
from tests.test_signals import post_signal, signal_body

APPROVALS = "/api/v1/signals/approvals"
SINCE = {"since": "2026-01-01T00:00:00Z"}


@pytest.fixture
async def limited(aiohttp_client, clean_state, telegram):
    settings = make_settings(
        clean_state, telegram, api_rate=5, api_key_rate=3, trusted_proxies=frozenset({"127.0.0.1"})
    )
    return await aiohttp_client(create_app(settings))


async def a_key(client) -> str:
    await send(client, updates.message("/start"))
    user = await User.get(telegram_id=updates.USER_ID)
    await EntitlementService().grant(
        user, ["premium"], 30, GrantSource.ORDER, "o", datetime.now(UTC)
    )
    return await ApiKeyService().issue(user)


async def test_wrong_keys_from_one_address_are_stopped(limited):
    statuses = []
    for n in range(7):
        response = await limited.get(
            APPROVALS, params=SINCE, headers={"Authorization": f"Bearer sk_guess{n}"}
        )
        statuses.append(response.status)

    assert statuses == [401] * 5 + [429] * 2
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "too many requests" in (await response.json())["error"]


async def test_bad_signatures_from_one_address_are_stopped_before_they_are_checked(limited):
    statuses = [
        (await post_signal(limited, signal_body(), signature="0" * 64)).status for _ in range(6)
    ]
    good = await post_signal(limited, signal_body())

    assert statuses == [401] * 5 + [429]
    assert good.status == 429  # the address is over its limit, good signature or not
    assert await Signal.all().count() == 0


async def test_each_forwarded_address_behind_a_trusted_proxy_has_its_own_limit(limited):
    for _ in range(5):
        await limited.get(APPROVALS, params=SINCE, headers={"X-Forwarded-For": "203.0.113.7"})

    other = await limited.get(APPROVALS, params=SINCE, headers={"X-Forwarded-For": "203.0.113.8"})
    same = await limited.get(APPROVALS, params=SINCE, headers={"X-Forwarded-For": "203.0.113.7"})

    assert (other.status, same.status) == (401, 429)


async def test_one_key_has_its_own_limit(limited):
    key = await a_key(limited)
    headers = {"Authorization": f"Bearer {key}"}
    statuses = []
    for n in range(4):
        response = await limited.get(
            APPROVALS, params=SINCE, headers={**headers, "X-Forwarded-For": f"198.51.100.{n}"}
        )
        statuses.append(response.status)

    assert statuses == [200, 200, 200, 429]


async def test_a_keys_last_use_is_written_at_most_once_a_minute(client):
    key = await a_key(client)
    headers = {"Authorization": f"Bearer {key}"}

    await client.get(APPROVALS, params=SINCE, headers=headers)
    first = (await ApiKey.get()).last_used_at
    await client.get(APPROVALS, params=SINCE, headers=headers)
    unchanged = (await ApiKey.get()).last_used_at
    await ApiKey.all().update(last_used_at=first - timedelta(minutes=2))
    await client.get(APPROVALS, params=SINCE, headers=headers)
    later = (await ApiKey.get()).last_used_at

    assert first is not None and unchanged == first
    assert later > first
