"""Signals: ingest with good, bad, replayed, stale and conflicting requests; who sees what;
approvals by button and by command; the approvals API with good, bad and revoked keys."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from app.services.entitlements import EntitlementService
from app.services.signals import signature_of
from app.web import create_app
from models import GrantSource, Signal, SignalApproval, User
from tests import updates
from tests.conftest import SIGNALS_SECRET, make_settings, send

SIGNALS = "/api/v1/signals"
APPROVALS = "/api/v1/signals/approvals"


def signal_body(**changes):
    body = {
        "external_id": "eng-1",
        "instrument": "EURUSD",
        "side": "buy",
        "entry": {"low": "1.0850", "high": "1.0860"},
        "stop_loss": "1.0800",
        "take_profits": ["1.0900", "1.0950"],
        "timeframe": "H1",
        "valid_until": (datetime.now(UTC) + timedelta(hours=3)).isoformat(),
        "tier": "premium",
        "note": "ECB at 14:15",
    }
    body.update(changes)
    return body


async def post_signal(client, body, *, secret=SIGNALS_SECRET, timestamp=None, signature=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": "application/json",
        "X-Timestamp": timestamp,
        "X-Signature": signature or signature_of(secret, timestamp, raw),
    }
    return await client.post(SIGNALS, data=raw, headers=headers)


async def test_a_signed_signal_is_stored_with_exact_decimal_prices(client):
    # JSON numbers as the engine writes them: read as decimals, never through a float.
    body = (
        json.dumps(signal_body()).replace('"1.0800"', "1.0800000001").replace('"1.0950"', "1.0950")
    )

    response = await post_signal(client, body.encode())

    assert response.status == 201
    assert (await response.json())["created"] is True
    signal = await Signal.get(external_id="eng-1")
    assert (signal.entry_low, signal.entry_high, signal.stop_loss) == (
        "1.0850",
        "1.0860",
        "1.0800000001",
    )
    assert signal.take_profits == ["1.0900", "1.0950"]


async def test_the_same_signal_again_is_the_same_signal_and_other_content_conflicts(client):
    body = signal_body()
    first = await post_signal(client, body)

    again = await post_signal(client, body)
    changed = await post_signal(client, {**body, "stop_loss": "1.0790"})

    assert (first.status, again.status, changed.status) == (201, 200, 409)
    assert (await again.json())["id"] == (await first.json())["id"]
    assert await Signal.all().count() == 1


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"signature": "0" * 64}, "does not match"),
        ({"secret": "another-secret-another-secret-0000"}, "does not match"),
        ({"age": 6 * 60}, "stale or replayed"),
        ({"age": -6 * 60}, "stale or replayed"),
        ({"timestamp": "yesterday"}, "Unix seconds"),
    ],
    ids=["bad-signature", "wrong-secret", "stale-or-replayed", "from-the-future", "bad-timestamp"],
)
async def test_unsigned_or_stale_requests_get_401_and_store_nothing(client, options, reason):
    options = dict(options)
    if "age" in options:  # computed now, not when the tests were collected
        options["timestamp"] = int(time.time()) - options.pop("age")
    response = await post_signal(client, signal_body(), **options)

    assert response.status == 401
    assert reason in (await response.json())["error"]
    assert await Signal.all().count() == 0


async def test_missing_headers_get_401(client):
    response = await client.post(SIGNALS, json=signal_body())

    assert response.status == 401
    assert (await response.json())["error"] == "X-Timestamp and X-Signature are required"


async def test_an_invalid_signal_gets_422_naming_each_bad_field(client):
    body = signal_body(
        instrument="",
        stop_loss="1.0900",  # a buy's stop above its entry
        take_profits=["1.0800"],  # and its target below
        side="buy",
    )
    del body["timeframe"]
    body["tier"] = "gold"

    response = await post_signal(client, body)

    assert response.status == 422
    fields = {error["field"] for error in (await response.json())["errors"]}
    assert {"instrument", "timeframe", "tier"} <= fields
    sense = await post_signal(client, signal_body(stop_loss="1.0900", take_profits=["1.0800"]))
    assert {e["field"] for e in (await sense.json())["errors"]} == {"stop_loss", "take_profits"}


@pytest.mark.parametrize(
    "changes",
    [
        {"side": "sell"},  # a sell's stop must be above and targets below
        {"entry": {"low": "1.09", "high": "1.08"}},
        {"entry": -1},
        {"take_profits": []},
        {"valid_until": "2026-11-26T18:00:00"},  # no time zone
        {"unexpected": 1},
    ],
)
async def test_more_invalid_signals_get_422(client, changes):
    response = await post_signal(client, signal_body(**changes))

    assert response.status == 422


async def test_non_json_and_oversized_bodies_get_4xx(client):
    not_json = await post_signal(client, b"this is not json")
    huge = await post_signal(client, json.dumps(signal_body(note="x" * 70_000)).encode())

    assert not_json.status == 400
    assert huge.status == 413


async def test_the_api_is_off_without_a_secret(aiohttp_client, clean_state, telegram):
    client = await aiohttp_client(
        create_app(make_settings(clean_state, telegram, signals_secret=None))
    )

    response = await post_signal(client, signal_body())

    assert response.status == 503


# Who sees what, and approvals in the bot


async def register(client, user_id=updates.USER_ID, premium=False):
    await send(client, updates.message("/start", user_id=user_id))
    user = await User.get(telegram_id=user_id)
    if premium:
        await EntitlementService().grant(
            user, ["premium"], 30, GrantSource.ADMIN, "t", datetime.now(UTC)
        )
    return user


async def ingest(client, **changes):
    response = await post_signal(client, signal_body(**changes))
    assert response.status == 201
    return await Signal.get(external_id=changes.get("external_id", "eng-1"))


async def test_premium_signals_show_in_full_with_buttons_only_to_premium_users(client, telegram):
    premium = await ingest(client)
    free = await ingest(client, external_id="eng-free", tier="free", instrument="BTCUSD", note="")
    await register(client, 1, premium=True)
    await register(client, 2)

    await send(client, updates.message("/signals", user_id=1))
    await send(client, updates.message("/signals", user_id=2))

    member = telegram.called("sendMessage")[-4:-2]
    other = telegram.called("sendMessage")[-2:]
    assert (
        member[1]
        .params["text"]
        .startswith(
            "🟢 BUY EURUSD · H1 · premium\nEntry 1.0850–1.0860 · SL 1.0800\nTP 1.0900 · 1.0950\n⏳ 3 h 0 min left"
        )
    )
    assert member[1].params["text"].endswith(f"ECB at 14:15\nSignal #{premium.id}")
    assert [b["callback_data"] for b in member[1].json("reply_markup")["inline_keyboard"][0]] == [
        f"sig:approve:{premium.id}",
        f"sig:skip:{premium.id}",
    ]
    assert other[0].params["text"].startswith("🟢 BUY BTCUSD · H1\n")  # free: in full for all
    assert "reply_markup" not in other[0].params
    assert other[1].params["text"] == (
        "⭐ Premium signal: EURUSD · H1 · ⏳ 3 h 0 min left\nPremium members see its entry, stop loss and targets."
    )
    assert "1.0850" not in other[1].params["text"]
    assert other[1].json("reply_markup")["inline_keyboard"][0][0]["callback_data"] == "shop:open"
    assert free.id != premium.id


async def test_expired_signals_are_marked(client, telegram):
    signal = await ingest(client, tier="free")
    await Signal.filter(id=signal.id).update(valid_until=datetime.now(UTC) - timedelta(minutes=1))
    await register(client)

    await send(client, updates.message("/signals"))

    assert "⌛ expired" in telegram.sent_texts()[-1]


async def test_approve_by_button_once_and_skip(client, telegram):
    signal = await ingest(client)
    user = await register(client, premium=True)

    await send(client, updates.callback_query(f"sig:approve:{signal.id}"))
    await send(client, updates.callback_query(f"sig:approve:{signal.id}"))
    await send(client, updates.callback_query(f"sig:skip:{signal.id}"))

    answers = [c.params["text"] for c in telegram.called("answerCallbackQuery")]
    assert answers == [
        f"Signal #{signal.id} approved: your execution terminal will pick it up.",
        f"Signal #{signal.id} is already approved.",
        "Skipped.",
    ]
    assert await SignalApproval.filter(user=user, signal=signal).count() == 1
    # The approved signal is redrawn from the server's state: marked ✅, its buttons gone.
    redrawn = telegram.called("editMessageText")[0]
    assert "⏳ 3 h 0 min left · ✅ approved" in redrawn.params["text"]
    assert "reply_markup" not in redrawn.params
    assert len(telegram.called("editMessageReplyMarkup")) == 1  # Skip


async def test_premium_members_can_approve_free_signals_from_the_list(client, telegram):
    free = await ingest(client, tier="free")
    await register(client, premium=True)
    await register(client, 2)  # not premium: reads it, approves nothing

    await send(client, updates.message("/signals"))
    await send(client, updates.message("/signals", user_id=2))
    member, other = telegram.called("sendMessage")[-2:]
    await send(client, updates.callback_query(f"sig:approve:{free.id}"))

    assert [b["callback_data"] for b in member.json("reply_markup")["inline_keyboard"][0]] == [
        f"sig:approve:{free.id}",
        f"sig:skip:{free.id}",
    ]
    assert "reply_markup" not in other.params
    assert await SignalApproval.filter(signal=free).count() == 1


async def test_a_signal_that_has_already_expired_is_refused_naming_the_field(client):
    response = await post_signal(client, signal_body(valid_until="2020-01-01T00:00:00Z"))

    assert response.status == 422
    assert (await response.json())["errors"] == [
        {"field": "valid_until", "message": "the time has passed: a signal must still be valid"}
    ]
    assert await Signal.all().count() == 0


async def test_approve_by_command(client, telegram):
    signal = await ingest(client)
    await register(client, premium=True)

    await send(client, updates.message(f"/approve #{signal.id}"))
    await send(client, updates.message(f"/approve {signal.id}"))
    await send(client, updates.message("/approve"))
    await send(client, updates.message("/approve twelve"))
    await send(client, updates.message("/approve 999999"))

    assert telegram.sent_texts()[-5:] == [
        f"Signal #{signal.id} approved: your execution terminal will pick it up.",
        f"Signal #{signal.id} is already approved.",
        "Send /approve and a signal number, like /approve 12. /signals lists them.",
        "Send /approve and a signal number, like /approve 12. /signals lists them.",
        "There is no signal #999999.",
    ]


async def test_an_expired_signal_cannot_be_approved(client, telegram):
    signal = await ingest(client)
    await Signal.filter(id=signal.id).update(valid_until=datetime.now(UTC))
    await register(client, premium=True)

    await send(client, updates.message(f"/approve {signal.id}"))

    assert (
        telegram.sent_texts()[-1]
        == f"Signal #{signal.id} has expired; it can no longer be approved."
    )
    assert await SignalApproval.all().count() == 0


async def test_forged_button_data_decides_nothing(client, telegram):
    signal = await ingest(client)
    free = await ingest(client, external_id="eng-free", tier="free")
    await register(client)  # not premium

    await send(client, updates.callback_query(f"sig:approve:{signal.id}"))
    # A free signal shows no Approve to a non-premium user, and /approve is premium: a forged
    # button must not store an approval either.
    await send(client, updates.callback_query(f"sig:approve:{free.id}"))
    await send(client, updates.callback_query("sig:approve:424242"))
    await send(client, updates.callback_query("sig:approve:not-a-number"))

    answers = [c.params["text"] for c in telegram.called("answerCallbackQuery")]
    assert answers[:3] == [
        "Approving signals comes with premium access.",
        "Approving signals comes with premium access.",
        "There is no signal #424242.",
    ]
    assert answers[3] == "This button no longer works. Send /help to see what does."
    assert await SignalApproval.all().count() == 0


# The approvals API


async def issue_key(client, telegram, user_id=updates.USER_ID):
    await send(client, updates.message("/apikey", user_id=user_id))
    return telegram.sent_texts(user_id)[-1].splitlines()[1]


async def test_an_execution_client_fetches_its_users_approvals(client, telegram):
    signal = await ingest(client)
    await register(client, premium=True)
    key = await issue_key(client, telegram)
    before = datetime.now(UTC) - timedelta(seconds=1)
    await send(client, updates.message(f"/approve {signal.id}"))

    response = await client.get(
        APPROVALS, params={"since": before.isoformat()}, headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status == 200
    body = await response.json()
    assert [
        (a["signal_id"], a["instrument"], a["side"], a["stop_loss"]) for a in body["approvals"]
    ] == [(signal.id, "EURUSD", "buy", "1.0800")]
    assert body["next_after"] == body["approvals"][0]["approval_id"]
    later = await client.get(
        APPROVALS,
        params={"after": str(body["next_after"])},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert (await later.json()) == {"approvals": [], "next_after": body["next_after"]}


@pytest.mark.parametrize(
    ("headers", "params", "status"),
    [
        ({}, {"since": "2026-01-01T00:00:00Z"}, 401),
        ({"Authorization": "Basic abc"}, {"since": "2026-01-01T00:00:00Z"}, 401),
        ({"Authorization": "Bearer sk_not_a_key"}, {"since": "2026-01-01T00:00:00Z"}, 401),
    ],
)
async def test_the_approvals_api_refuses_missing_and_unknown_keys(client, headers, params, status):
    response = await client.get(APPROVALS, params=params, headers=headers)

    assert response.status == status


@pytest.mark.parametrize("since", [None, "yesterday", "2026-01-01T00:00:00"])
async def test_the_approvals_api_needs_an_aware_since_or_an_after(client, telegram, since):
    await register(client, premium=True)
    key = await issue_key(client, telegram)
    params = {} if since is None else {"since": since}

    response = await client.get(
        APPROVALS, params=params, headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status == 400


@pytest.mark.parametrize(
    "changes",
    [
        {"valid_until": "9999-12-31T23:59:59-14:00"},
        {"valid_until": "0001-01-01T00:00:00+14:00"},
        {"note": "a\u0000b"},
    ],
)
async def test_absurd_times_and_control_characters_get_422(client, changes):
    response = await post_signal(client, signal_body(**changes))

    assert response.status == 422


async def test_equal_content_written_differently_is_the_same_signal(client):
    until = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    first = await post_signal(client, signal_body(instrument="eurusd", valid_until=until))
    written = json.dumps(signal_body(valid_until=until)).replace('"1.0800"', "1.08")
    again = await post_signal(client, written.encode())

    assert (first.status, again.status) == (201, 200)


async def test_422_names_the_field_as_it_is_in_the_body(client):
    response = await post_signal(client, signal_body(entry={"low": "1.09", "high": "x"}))

    fields = {e["field"] for e in (await response.json())["errors"]}
    assert fields <= {"entry", "entry.high"} and fields


@pytest.mark.parametrize("argument", ["²", "2147483648", "99999999999", "-1"])
async def test_numbers_no_signal_can_have_get_the_usage_answer(client, telegram, argument):
    await register(client, premium=True)

    await send(client, updates.message(f"/approve {argument}"))

    assert telegram.sent_texts()[-1].startswith("Send /approve and a signal number")


async def test_out_of_range_button_data_is_a_stale_button(client, telegram):
    await register(client, premium=True)

    await send(client, updates.callback_query("sig:approve:99999999999"))

    answer = telegram.called("answerCallbackQuery")[-1]
    assert answer.params["text"] == "This button no longer works. Send /help to see what does."


async def test_live_signals_come_before_newer_expired_ones(client, telegram):
    live = await ingest(client, external_id="old-live", tier="free")
    for n in range(5):
        signal = await ingest(client, external_id=f"gone-{n}", tier="free")
        await Signal.filter(id=signal.id).update(
            valid_until=datetime.now(UTC) - timedelta(minutes=1)
        )
    await register(client)

    await send(client, updates.message("/signals"))

    texts = telegram.sent_texts()[-5:]
    assert texts[0].endswith(f"Signal #{live.id}")
    assert all("⌛ expired" in text for text in texts[1:])


async def test_pages_follow_the_order_approvals_were_committed_in(client, telegram):
    """Paging by time could skip an approval whose time was set before an earlier one
    committed; ids follow one user's commits, so a client paging by `after` misses none."""
    signals = [await ingest(client, external_id=f"eng-{n}") for n in range(3)]
    await register(client, premium=True)
    key = await issue_key(client, telegram)
    headers = {"Authorization": f"Bearer {key}"}
    first = await (
        await client.get(APPROVALS, params={"since": "2026-01-01T00:00:00Z"}, headers=headers)
    ).json()
    seen = []
    after = first["next_after"]

    for signal in signals:
        await send(client, updates.message(f"/approve {signal.id}"))
        page = await (
            await client.get(APPROVALS, params={"after": str(after)}, headers=headers)
        ).json()
        seen += [a["signal_id"] for a in page["approvals"]]
        after = page["next_after"]

    assert (first["approvals"], first["next_after"]) == ([], 0)
    assert seen == [s.id for s in signals]


@pytest.mark.parametrize(
    "query", [{"after": "-1"}, {"after": "x"}, {"since": "2026-01-01T00:00:00Z", "after": "1"}]
)
async def test_a_bad_cursor_is_400(client, telegram, query):
    await register(client, premium=True)
    key = await issue_key(client, telegram)

    response = await client.get(APPROVALS, params=query, headers={"Authorization": f"Bearer {key}"})

    assert response.status == 400
    assert "after=<next_after" in (await response.json())["error"]


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
async def test_since_out_of_range_is_400(client, telegram, since):
    await register(client, premium=True)
    key = await issue_key(client, telegram)

    response = await client.get(
        APPROVALS, params={"since": since}, headers={"Authorization": f"Bearer {key}"}
    )

    assert response.status == 400
