"""Broadcasts: segments, composing, delivery at Telegram's pace through the fake Bot API (429,
403, 400, network failures), crashes and restarts, pause/resume/cancel, scheduled posts,
signal fan-out, /notifications, the /broadcast dialog, the click redirect and the CLI."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from app.bot import create_bot, create_redis
from app.broadcasting import Broadcaster
from app.container import build_services
from app.db import connected
from app.services.broadcasts import BadBroadcast, Button, Segment, WrongState
from app.services.entitlements import EntitlementService
from app.services.pacing import MemoryPacer, RedisPacer
from app.web import SERVICES, create_app
from handlers.admin import SEGMENT_CHOICES, BroadcastAction
from models import (
    Affiliate,
    Broadcast,
    BroadcastButton,
    BroadcastRecipient,
    BroadcastStatus,
    Campaign,
    CampaignMember,
    DeliveryStatus,
    GrantSource,
    MediaKind,
    Order,
    OrderStatus,
    Plan,
    SignalApproval,
    TelegramCommand,
    User,
)
from tests import updates
from tests.conftest import (
    ADMIN_ID,
    load_example_catalog,
    make_settings,
    one_line_error,
    requires_redis,
    send,
)
from tests.fakes.telegram import BOT_USERNAME
from tests.test_signals import post_signal, signal_body

DAY = timedelta(days=1)
entitlements = EntitlementService()


def now() -> datetime:
    return datetime.now(UTC)


def cli_database(cli) -> str:
    return os.environ["DATABASE_URL"]  # the cli fixture set it for the command


@pytest.fixture
async def parts(db, telegram):
    """The services and a sender, as a worker has them, with the fake Bot API."""
    settings = make_settings(db, telegram, broadcast={"rate": 200})
    bot = create_bot(settings)
    redis = create_redis(settings)
    services = build_services(settings, bot, redis)
    yield services
    await bot.session.close()
    if redis is not None:
        await redis.aclose()


def sender_of(services, *, rate: int = 200, lanes: int = 4, pacer=None) -> Broadcaster:
    """Another sender, as another worker process would run it (its own pacer object; on Redis
    the pace itself is shared)."""
    if pacer is None:
        redis = services.redis
        bot_id = services.broadcaster.bot.id
        pacer = (
            RedisPacer(redis, rate, f"pace:{bot_id}") if redis is not None else MemoryPacer(rate)
        )
    return Broadcaster(
        services.broadcaster.bot,
        services.broadcasts,
        pacer,
        services.settings.webhook_base_url,
        rate,
        lanes=lanes,
    )


async def users(*telegram_ids: int, **fields) -> list[User]:
    return [await User.create(telegram_id=i, first_name=f"U{i}", **fields) for i in telegram_ids]


async def premium(user: User, days: int = 30, when: datetime | None = None) -> None:
    await entitlements.grant(
        user, ["premium"], days, GrantSource.ADMIN, f"test-{user.telegram_id}", when or now()
    )


async def run_until_done(sender: Broadcaster, broadcast_id: int, passes: int = 200) -> None:
    for _ in range(passes):
        await sender.tick()
        broadcast = await Broadcast.get(id=broadcast_id)
        if broadcast.status in {BroadcastStatus.DONE, BroadcastStatus.CANCELLED}:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"broadcast #{broadcast_id} is still {broadcast.status}")


async def started(services, text: str = "Hello <b>all</b>", segment: str = "all", **extra):
    broadcast = await services.broadcasts.create(
        Segment.parse(segment), text, now(), send_at=now(), **extra
    )
    return broadcast


# Segments


async def test_each_segment_holds_the_users_it_names_and_never_those_who_blocked_the_bot(parts):
    moment = now()
    active, lapsed_recently, lapsed_long_ago, free, blocked_premium = await users(1, 2, 3, 4, 5)
    await premium(active, when=moment)
    await premium(lapsed_recently, days=10, when=moment - 15 * DAY)  # ended 5 days ago
    await premium(lapsed_long_ago, days=10, when=moment - 60 * DAY)  # ended 50 days ago
    await premium(blocked_premium, when=moment)
    await User.filter(id=blocked_premium.id).update(blocked_at=moment)
    (russian,) = await users(6, language_code="ru-RU")
    (english,) = await users(7, language_code="en")
    # The language the bot speaks with them: a /language choice over Telegram's.
    chose_russian, chose_english = await users(8, 9)
    await User.filter(id=chose_russian.id).update(language_code="en", language="ru")
    await User.filter(id=chose_english.id).update(language_code="ru", language="en")
    await Affiliate.create(user=free, code="AFF1")
    campaign = await Campaign.create(name="spring", code="abc")
    await CampaignMember.create(campaign=campaign, user=english, signed_up=True)
    await User.filter(id=free.id).update(language_code="ru")

    async def chats(text: str) -> set[int]:
        return set(await parts.broadcasts.recipients(Segment.parse(text), moment))

    assert await chats("all") == {1, 2, 3, 4, 6, 7, 8, 9}
    assert await chats("premium") == {1}
    assert await chats("free") == {2, 3, 4, 6, 7, 8, 9}
    assert await chats("expired:30") == {2}
    assert await chats("expired:90") == {2, 3}
    assert await chats("affiliates") == {4}
    assert await chats("language:ru") == {4, 6, 8}
    assert await chats("campaign:spring") == {7}
    # Explicit ids: strangers too (Telegram decides), never someone who blocked the bot.
    assert await chats("ids:1,5,999") == {1, 999}
    assert await chats("channel:-100123") == {-100123}


@pytest.mark.parametrize(
    "text",
    ["everyone", "expired:0", "expired:x", "language:", "ids:", "ids:1,x", "channel:1,2", "all:1"],
)
def test_an_unknown_segment_is_refused_with_the_list_of_segments(text):
    with pytest.raises(BadBroadcast, match="use all, premium, free"):
        Segment.parse(text)


@pytest.mark.parametrize(
    ("text", "extra", "problem"),
    [
        ("<b>bold", {}, "<b> is never closed"),
        ("<b>x</i>", {}, "</i> closes a tag that is not open"),
        ("<script>x</script>", {}, "<script> is not a tag Telegram knows"),
        ('<a href="javascript:alert(1)">x</a>', {}, "<a> needs an href to an http"),
        ('<span style="x">x</span>', {}, '<span> is only <span class="tg-spoiler">'),
        ("x" * 4097, {}, "4097 characters; Telegram's limit is 4096"),
        ("x" * 1025, {"media_kind": MediaKind.PHOTO, "media": "A" * 30}, "limit is 1024"),
        ("", {}, "needs a text, a photo or a document"),
        ("hi", {"media_kind": MediaKind.PHOTO, "media": "not a file"}, "file_id or an http"),
    ],
)
async def test_a_broken_broadcast_is_refused_before_anyone_gets_it(parts, text, extra, problem):
    with pytest.raises(BadBroadcast, match=problem):
        await parts.broadcasts.create(Segment.parse("all"), text, now(), **extra)
    assert await Broadcast.all().count() == 0


def test_a_button_is_text_and_an_http_link():
    assert Button.parse("Join = https://example.com/x") == Button("Join", "https://example.com/x")
    for bad in (
        "Join",
        "=https://example.com",
        "Join=javascript:alert(1)",
        "x" * 65 + "=https://a.b",
    ):
        with pytest.raises(BadBroadcast):
            Button.parse(bad)


# Delivery


async def test_a_broadcast_reaches_each_recipient_once_with_its_formatting_and_counted_link(
    parts, telegram
):
    await users(11, 12, 13)
    broadcast = await started(parts, buttons=[Button("Read more", "https://example.com/post")])

    await run_until_done(parts.broadcaster, broadcast.id)

    delivered = telegram.delivered()
    assert Counter(int(c.params["chat_id"]) for c in delivered) == {11: 1, 12: 1, 13: 1}
    assert {c.params["text"] for c in delivered} == {"Hello <b>all</b>"}
    assert {c.params["parse_mode"] for c in delivered} == {"HTML"}
    keyboard = delivered[0].json("reply_markup")["inline_keyboard"]
    assert keyboard == [
        [{"text": "Read more", "url": f"https://bot.example.com/b/{broadcast.id}/0"}]
    ]
    recipients = await BroadcastRecipient.filter(broadcast_id=broadcast.id)
    assert {r.status for r in recipients} == {DeliveryStatus.SENT}
    assert all(r.message_id for r in recipients)
    progress = await parts.broadcasts.progress(broadcast.id, now())
    assert (progress.broadcast.status, progress.counts[DeliveryStatus.SENT], progress.left) == (
        BroadcastStatus.DONE,
        3,
        0,
    )


async def test_a_photo_goes_with_its_caption(parts, telegram):
    await users(11)
    broadcast = await started(
        parts, "New <i>plans</i>", media_kind=MediaKind.PHOTO, media="https://example.com/a.png"
    )

    await run_until_done(parts.broadcaster, broadcast.id)

    (call,) = telegram.delivered()
    assert call.method == "sendPhoto"
    assert (call.params["photo"], call.params["caption"]) == (
        "https://example.com/a.png",
        "New <i>plans</i>",
    )


def most_in_a_second(times: list[float]) -> int:
    """The most of these moments any one-second window holds, wherever it starts."""
    return max(sum(1 for t in times if start <= t < start + 1) for start in times)


def gaps_per_chat(moments: list[tuple[int, float]]) -> list[float]:
    by_chat: dict[int, list[float]] = {}
    for chat, at in sorted(moments, key=lambda moment: moment[1]):
        by_chat.setdefault(chat, []).append(at)
    return [later - earlier for at in by_chat.values() for earlier, later in zip(at, at[1:])]


async def test_the_pace_holds_every_second_and_no_chat_gets_two_messages_within_a_second(
    parts, telegram
):
    rate = 20
    await users(*range(1, 21))
    first = await started(parts, "One")
    second = await started(parts, "Two")  # the same chats, at the same time
    sender = sender_of(parts, rate=rate, lanes=8)
    slots: list[tuple[int, float]] = []  # the moments the pace gave each message
    reserve = sender.pacer.reserve

    async def recorded(chat_id):
        slot = await reserve(chat_id)
        if not slot.chat_busy:
            slots.append((chat_id, time.monotonic() + slot.wait))
        return slot

    sender.pacer.reserve = recorded

    await run_until_done(sender, first.id)
    await run_until_done(sender, second.id)

    delivered = telegram.delivered()
    assert len(delivered) == len(slots) == 40
    # The schedule itself: never more than `rate` in a second, a chat never twice in one.
    assert most_in_a_second([at for _, at in slots]) <= rate
    assert len(gaps_per_chat(slots)) == 20 and min(gaps_per_chat(slots)) >= 1.0
    # What the fake Bot API saw. A message's way to it can take longer than the next one's
    # (this test shares its process and cores with the fake; a new connection costs more),
    # which the schedule's margins absorb only mostly: the way, not the schedule. Without
    # the pace, 40 messages would arrive within a fraction of a second.
    assert most_in_a_second([c.at for c in delivered]) <= rate + 1
    arrivals = [(int(c.params["chat_id"]), c.at) for c in delivered]
    assert min(gaps_per_chat(arrivals)) >= 0.8


async def test_a_429_makes_the_sender_wait_its_retry_after_and_nothing_is_lost(parts, telegram):
    await users(*range(1, 11))
    broadcast = await started(parts)
    telegram.flood_limit = 4  # the fifth message within a second gets 429, retry after 1 s

    await run_until_done(parts.broadcaster, broadcast.id)

    delivered = telegram.delivered()
    assert sorted(int(c.params["chat_id"]) for c in delivered) == list(range(1, 11))
    refused = [c for c in telegram.calls if c.outcome == 429]
    assert refused  # the limit was met
    # After a 429, nothing more is asked until its retry_after has passed, beyond the few
    # messages already on their way (4 lanes).
    assert len(refused) <= 3 * 4


@requires_redis
async def test_a_429_seen_by_one_worker_makes_every_worker_wait(parts, telegram):
    await users(*range(1, 31))
    broadcast = await started(parts)
    workers = [sender_of(parts, rate=100, lanes=2), sender_of(parts, rate=100, lanes=2)]
    telegram.fail("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    flood_from = asyncio.get_running_loop().time()
    telegram.flood(2)  # and every message in those 2 seconds is refused too, as Telegram does

    await asyncio.gather(*(run_until_done(w, broadcast.id) for w in workers))

    delivered = telegram.delivered()
    assert sorted(int(c.params["chat_id"]) for c in delivered) == list(range(1, 31))
    refused = [c for c in telegram.calls if c.outcome == 429]
    # Without the shared wait the other worker would go on at 100/s: ~200 refusals.
    assert 1 <= len(refused) <= 2 * 2 + 1
    assert min(c.at for c in delivered) >= flood_from + 2 - 0.05


async def test_a_user_who_blocked_the_bot_is_marked_and_leaves_future_segments(parts, telegram):
    alice, bob = await users(21, 22)
    telegram.refused_chats[22] = (403, "Forbidden: bot was blocked by the user")
    broadcast = await started(parts)

    await run_until_done(parts.broadcaster, broadcast.id)

    statuses = dict(
        await BroadcastRecipient.filter(broadcast_id=broadcast.id).values_list("chat_id", "status")
    )
    assert statuses == {21: DeliveryStatus.SENT, 22: DeliveryStatus.BLOCKED}
    assert (await User.get(id=bob.id)).blocked_at is not None
    assert set(await parts.broadcasts.recipients(Segment.parse("all"), now())) == {21}


async def test_a_channel_post_goes_to_the_channel_and_a_refusal_there_blocks_nobody(
    parts, telegram
):
    post = await started(parts, "Weekly outlook", segment="channel:-100555")
    refused = await started(parts, "Again", segment="channel:-100666")
    telegram.refused_chats[-100666] = (403, "Forbidden: bot is not a member of the channel chat")

    await run_until_done(parts.broadcaster, post.id)
    await run_until_done(parts.broadcaster, refused.id)

    (call,) = telegram.delivered(-100555)
    assert call.params["text"] == "Weekly outlook"
    failed = await BroadcastRecipient.get(broadcast_id=refused.id)
    assert (failed.status, failed.error) == (
        DeliveryStatus.FAILED,
        "TelegramForbiddenError: Forbidden: bot is not a member of the channel chat",
    )


async def test_a_refused_message_is_recorded_with_telegrams_reason_and_the_rest_go_on(
    parts, telegram
):
    await users(31, 32)
    telegram.refused_chats[31] = (400, "Bad Request: chat not found")
    broadcast = await started(parts)

    await run_until_done(parts.broadcaster, broadcast.id)

    failed = await BroadcastRecipient.get(broadcast_id=broadcast.id, chat_id=31)
    assert (failed.status, failed.error) == (
        DeliveryStatus.FAILED,
        "TelegramBadRequest: Bad Request: chat not found",
    )
    assert [int(c.params["chat_id"]) for c in telegram.delivered()] == [32]


async def test_text_telegram_cannot_parse_pauses_the_broadcast_instead_of_failing_everyone(
    parts, telegram
):
    await users(*range(35, 40))
    telegram.fail(
        "sendMessage", 400, "Bad Request: can't parse entities: unsupported tag", times=100
    )
    broadcast = await started(parts)

    await parts.broadcaster.tick()

    assert (await Broadcast.get(id=broadcast.id)).status == BroadcastStatus.PAUSED
    statuses = await BroadcastRecipient.filter(broadcast_id=broadcast.id).values_list(
        "status", flat=True
    )
    assert set(statuses) == {DeliveryStatus.PENDING}  # nobody failed: an admin composes it again


async def test_a_network_failure_is_retried_later_without_counting_against_others(parts, telegram):
    await users(41)
    telegram.fail("sendMessage", 502, "Bad Gateway")
    broadcast = await started(parts)
    await parts.broadcaster.tick()

    waiting = await BroadcastRecipient.get(broadcast_id=broadcast.id)
    assert (waiting.status, waiting.attempts) == (DeliveryStatus.PENDING, 1)
    assert waiting.next_attempt_at > now()  # backed off
    await BroadcastRecipient.filter(id=waiting.id).update(next_attempt_at=now())
    await run_until_done(parts.broadcaster, broadcast.id)

    assert (await BroadcastRecipient.get(id=waiting.id)).status == DeliveryStatus.SENT
    assert len(telegram.delivered(41)) == 1


async def test_a_crashed_sender_leaves_nothing_lost_and_only_its_message_in_flight_sent_again(
    parts, telegram
):
    await users(*range(51, 71))
    broadcast = await started(parts)
    sender = sender_of(parts, lanes=1)
    crashed = asyncio.Event()
    sends = 0

    async def crash_on_the_eighth(params):
        nonlocal sends
        sends += 1
        if sends == 8:
            crashed.set()
            await asyncio.sleep(3600)  # never answered: the process died meanwhile
        telegram.hooks["sendMessage"] = crash_on_the_eighth  # a hook runs once: again

    telegram.hooks["sendMessage"] = crash_on_the_eighth
    worker = asyncio.create_task(sender.run())
    await crashed.wait()
    worker.cancel()  # like kill -9: no goodbye, its claims stay
    await asyncio.gather(worker, return_exceptions=True)
    # The lease of the dead sender's claims runs out.
    await BroadcastRecipient.filter(
        broadcast_id=broadcast.id, status=DeliveryStatus.SENDING
    ).update(claimed_until=now() - timedelta(seconds=1))
    telegram.hooks.clear()

    await run_until_done(sender_of(parts), broadcast.id)

    per_chat = Counter(
        int(c.params["chat_id"]) for c in telegram.calls if c.method == "sendMessage"
    )
    assert set(per_chat) == set(range(51, 71))  # nobody lost
    assert sum(per_chat.values()) - 20 <= 1  # only the message in flight went twice


async def test_a_sender_whose_claim_ran_out_neither_sends_nor_records_anything(parts, telegram):
    await users(1, 2)
    broadcast = await started(parts)
    await parts.broadcasts.start_due(now())
    stalled = await parts.broadcasts.claim(now(), 10)  # one sender's claim …
    assert len(stalled) == 2
    # … runs out while it waits (a long flood-control wait, say), and another takes over.
    await BroadcastRecipient.filter(broadcast_id=broadcast.id).update(
        claimed_until=now() - timedelta(seconds=1)
    )
    await run_until_done(sender_of(parts), broadcast.id)

    # The first wakes up: past its claim's deadline it sends nothing, and what it would
    # record of its old claim changes nothing.
    await sender_of(parts).deliver_one(stalled[0], deadline=time.monotonic() - 1)
    await parts.broadcasts.later(stalled[1], now())
    await parts.broadcasts.failed(stalled[1], "late", now())
    await parts.broadcasts.release(stalled)

    assert sorted(int(c.params["chat_id"]) for c in telegram.delivered()) == [1, 2]
    recipients = await BroadcastRecipient.filter(broadcast_id=broadcast.id)
    assert {(r.status, r.error) for r in recipients} == {(DeliveryStatus.SENT, None)}


async def test_pause_stops_sending_resume_goes_on_and_cancel_ends_it(parts, telegram):
    await users(*range(81, 111))
    broadcast = await started(parts)
    sender = sender_of(parts, rate=5, lanes=1)
    await parts.broadcasts.start_due(now())

    task = asyncio.create_task(sender.run())
    while len(telegram.delivered()) < 2:
        await asyncio.sleep(0.05)
    await parts.broadcasts.pause(broadcast.id)
    await asyncio.sleep(1.5)  # a sender notices within a second
    paused_at = len(telegram.delivered())
    await asyncio.sleep(1.0)
    assert len(telegram.delivered()) == paused_at < 30
    with pytest.raises(WrongState):
        await parts.broadcasts.pause(broadcast.id)

    await parts.broadcasts.resume(broadcast.id)
    while len(telegram.delivered()) < paused_at + 2:
        await asyncio.sleep(0.05)
    await parts.broadcasts.cancel(broadcast.id, now())
    await asyncio.sleep(1.5)
    cancelled_at = len(telegram.delivered())
    await asyncio.sleep(1.0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)

    assert len(telegram.delivered()) == cancelled_at < 30
    assert (await Broadcast.get(id=broadcast.id)).status == BroadcastStatus.CANCELLED
    with pytest.raises(WrongState):
        await parts.broadcasts.resume(broadcast.id)


async def test_a_scheduled_broadcast_starts_once_however_many_senders_and_restarts(parts):
    await users(91, 92, 93)
    broadcast = await parts.broadcasts.create(
        Segment.parse("all"), "Later", now(), send_at=now() + timedelta(minutes=5)
    )
    assert await parts.broadcasts.start_due(now()) == []  # not yet

    at_time = now() + timedelta(minutes=5, seconds=1)
    results = await asyncio.gather(*(parts.broadcasts.start_due(at_time) for _ in range(3)))
    again = await parts.broadcasts.start_due(at_time)  # a sender after a restart

    assert [b.id for started_ in results for b in started_] == [broadcast.id]
    assert again == []
    assert await BroadcastRecipient.filter(broadcast_id=broadcast.id).count() == 3


async def test_a_link_press_is_counted_and_forwarded_and_unknown_ones_are_404(client):
    broadcast = await Broadcast.create(segment="all", text="x")
    await BroadcastButton.create(broadcast=broadcast, position=0, text="Go", url="https://e.x/a")

    pressed = await client.get(f"/b/{broadcast.id}/0", allow_redirects=False)
    await client.get(f"/b/{broadcast.id}/0", allow_redirects=False)
    unknown = await client.get(f"/b/{broadcast.id}/1", allow_redirects=False)
    not_a_number = await client.get("/b/x/0", allow_redirects=False)

    assert (pressed.status, pressed.headers["Location"]) == (302, "https://e.x/a")
    assert (unknown.status, await unknown.text()) == (404, "no such broadcast button")
    assert not_a_number.status == 404
    assert (await BroadcastButton.get(broadcast=broadcast)).clicks == 2
    progress = await client.app[SERVICES].broadcasts.progress(broadcast.id, now())
    assert progress.clicks == [("Go", 2)]


# Signal fan-out


async def test_a_new_premium_signal_goes_once_to_premium_members_with_buttons_and_a_teaser_to_the_channel(  # noqa: E501
    aiohttp_client, clean_state, telegram
):
    settings = make_settings(clean_state, telegram, signals_channel_id=-100777)
    client = await aiohttp_client(create_app(settings))
    member, muted, free = await users(61, 62, 63)
    await premium(member)
    await premium(muted)
    await send(client, updates.message("/notifications off", user_id=62))
    body = signal_body(external_id="fan-1")

    responses = [await post_signal(client, body) for _ in range(3)]  # the engine retries
    await post_signal(client, signal_body(external_id="free-1", tier="free"))
    sender = client.app[SERVICES].broadcaster
    fan_out = await Broadcast.get(signal__external_id="fan-1")
    await run_until_done(sender, fan_out.id)

    assert [r.status for r in responses] == [201, 200, 200]
    assert await Broadcast.all().count() == 1  # once per signal; free signals are not sent
    (to_member,) = telegram.delivered(61)
    assert "EURUSD" in to_member.params["text"] and "Entry 1.0850" in to_member.params["text"]
    buttons = [b["text"] for b in to_member.json("reply_markup")["inline_keyboard"][0]]
    assert buttons == ["Approve", "Skip"]
    assert telegram.delivered(62) == [] and telegram.delivered(63) == []
    (teaser,) = telegram.delivered(-100777)
    assert "Premium signal" in teaser.params["text"] and "1.0850" not in teaser.params["text"]
    assert teaser.json("reply_markup")["inline_keyboard"][0][0]["url"] == (
        f"https://t.me/{BOT_USERNAME}"
    )

    # The Approve button under the fanned-out signal works like the one under /signals.
    press = updates.callback_query(
        to_member.json("reply_markup")["inline_keyboard"][0][0]["callback_data"], user_id=61
    )
    await send(client, press)
    assert await SignalApproval.filter(user__telegram_id=61).count() == 1


async def test_notifications_can_be_turned_off_and_on(client, telegram):
    await send(client, updates.message("/start", user_id=71))

    await send(client, updates.message("/notifications", user_id=71))
    await send(client, updates.message("/notifications off", user_id=71))
    off = (await User.get(telegram_id=71)).signal_notifications
    await send(client, updates.message("/notifications loud", user_id=71))
    await send(client, updates.message("/notifications on", user_id=71))

    answers = telegram.sent_texts(71)[-4:]
    assert answers[0].startswith("New premium signals come to you here")
    assert answers[1].startswith("New premium signals are not sent to you")
    assert answers[2].startswith("I did not get 'loud'. Send /notifications off")
    assert answers[3].startswith("New premium signals come to you here")
    assert off is False
    assert (await User.get(telegram_id=71)).signal_notifications is True


# The /broadcast dialog


def buttons_of(call) -> dict[str, str]:
    rows = call.json("reply_markup")["inline_keyboard"]
    return {button["text"]: button.get("callback_data", "") for row in rows for button in row}


async def test_an_admin_composes_previews_and_sends_a_broadcast_in_the_bot(client, telegram):
    await send(client, updates.message("/start", user_id=ADMIN_ID))
    await send(client, updates.message("/start", user_id=91))
    await premium(await User.get(telegram_id=91))

    await send(client, updates.message("/broadcast new", user_id=ADMIN_ID))
    formatted = updates.message("Big news for members", user_id=ADMIN_ID)
    formatted["message"]["entities"] = [{"type": "bold", "offset": 0, "length": 8}]
    await send(client, formatted)
    audiences = buttons_of(telegram.shown(ADMIN_ID)[-1])
    assert list(audiences) == [label for _, label in SEGMENT_CHOICES]
    await send(client, updates.callback_query(audiences["Premium members"], user_id=ADMIN_ID))

    preview, question = telegram.sent_texts(ADMIN_ID)[-2:]
    assert preview == "<b>Big news</b> for members"
    draft = await Broadcast.get(created_by=ADMIN_ID)
    assert question == (
        f"Above is broadcast #{draft.id} as it will look, to premium: 1 recipient today."
    )
    assert draft.status == BroadcastStatus.DRAFT
    choices = buttons_of(telegram.called("sendMessage")[-1])
    await send(client, updates.callback_query(choices["Send now"], user_id=ADMIN_ID))
    assert (await Broadcast.get(id=draft.id)).status == BroadcastStatus.SCHEDULED
    await run_until_done(client.app[SERVICES].broadcaster, draft.id)

    (delivered,) = telegram.delivered(91)
    assert delivered.params["text"] == "<b>Big news</b> for members"
    await send(client, updates.message(f"/broadcast {draft.id}", user_id=ADMIN_ID))
    card = telegram.screen(ADMIN_ID)
    assert f"Broadcast #{draft.id} done: message to premium" in card
    assert "1 recipient: sent 1, failed 0, blocked 0, left 0" in card


async def test_a_typed_audience_is_checked_and_the_dialog_can_be_left(client, telegram):
    await send(client, updates.message("/start", user_id=ADMIN_ID))
    await send(client, updates.message("/broadcast new", user_id=ADMIN_ID))
    await send(client, updates.message("Hello", user_id=ADMIN_ID))

    await send(client, updates.message("nobody", user_id=ADMIN_ID))
    refused = telegram.screen(ADMIN_ID)
    await send(client, updates.message("/broadcast stop", user_id=ADMIN_ID))
    await send(client, updates.message("language:ru", user_id=ADMIN_ID))  # no dialog now

    assert refused.startswith("I do not know that audience. Type one of: all, premium")
    assert refused.endswith("Try again, or /broadcast stop.")
    assert await Broadcast.all().count() == 0


async def test_only_admins_reach_broadcast_and_its_buttons(client, telegram):
    await send(client, updates.message("/start", user_id=92))
    broadcast = await Broadcast.create(segment="all", text="x")

    await send(client, updates.message("/broadcast new", user_id=92))
    forged = BroadcastAction(action="send", broadcast_id=broadcast.id).pack()
    await send(client, updates.callback_query(forged, user_id=92))

    assert (await Broadcast.get(id=broadcast.id)).status == BroadcastStatus.DRAFT
    answers = [c.params.get("text") for c in telegram.called("answerCallbackQuery")]
    assert "This is for the bot's admins." in answers


async def test_the_broadcast_card_pauses_resumes_and_cancels(client, telegram):
    await send(client, updates.message("/start", user_id=ADMIN_ID))
    broadcast = await Broadcast.create(segment="all", text="x", status=BroadcastStatus.SCHEDULED)

    await send(client, updates.message(f"/broadcast pause {broadcast.id}", user_id=ADMIN_ID))
    paused = telegram.screen(ADMIN_ID)
    card = buttons_of(telegram.shown(ADMIN_ID)[-1])
    await send(client, updates.callback_query(card["Resume"], user_id=ADMIN_ID))
    resumed = await Broadcast.get(id=broadcast.id)
    await send(client, updates.callback_query(card["Cancel"], user_id=ADMIN_ID))
    await send(client, updates.message(f"/broadcast resume {broadcast.id}", user_id=ADMIN_ID))

    assert paused.startswith(f"Broadcast #{broadcast.id} paused")
    assert resumed.status == BroadcastStatus.SCHEDULED  # recipients not chosen yet
    assert (await Broadcast.get(id=broadcast.id)).status == BroadcastStatus.CANCELLED
    assert telegram.screen(ADMIN_ID) == (
        f"Broadcast #{broadcast.id} cannot be resumed: only a paused one can."
    )


# The CLI


async def test_broadcast_create_preview_send_list_and_status_from_the_cli(
    cli, tmp_path, telegram, monkeypatch
):
    monkeypatch.setenv("ADMIN_IDS", str(ADMIN_ID))
    text = tmp_path / "news.html"
    text.write_text("<b>Markets</b> open at 9", encoding="utf-8")
    async with connected(cli_database(cli)):  # closed even when a step fails
        await users(101, 102)

    code, out, err = await cli(
        "broadcast",
        "create",
        "--segment",
        "all",
        "--text-file",
        str(text),
        "--button",
        "Read=https://example.com/r",
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Broadcast #1 draft: message to all; 2 recipients today"
    code, out, _ = await cli("broadcast", "preview", "1", "--to", str(ADMIN_ID))
    assert (code, out) == (0, f"Sent broadcast #1 to {ADMIN_ID}\n")
    assert telegram.sent_texts(ADMIN_ID) == ["<b>Markets</b> open at 9"]
    code, out, _ = await cli("broadcast", "send", "1", "--at", "2030-01-01T09:00+01:00")
    assert out.splitlines()[0] == "Broadcast #1 scheduled at 2030-01-01 08:00 UTC: message to all"
    code, out, _ = await cli("broadcast", "list")
    assert out == "#1 scheduled at 2030-01-01 08:00 UTC: message to all\n"
    code, out, _ = await cli("broadcast", "status", "1")
    assert out == (
        "Broadcast #1 scheduled at 2030-01-01 08:00 UTC: message to all\n"
        "Recipients are chosen when it starts.\n"
    )
    for action, status in (("pause", "paused"), ("resume", "scheduled"), ("cancel", "cancelled")):
        code, out, _ = await cli("broadcast", action, "1")
        assert (code, out.split(":")[0]) == (
            0,
            f"Broadcast #1 {status}" + (" at 2030-01-01 08" if status == "scheduled" else ""),
        )
    code, out, _ = await cli("broadcast", "status", "1", "--follow")  # nothing to wait for
    assert out.splitlines()[1] == "It was cancelled before it started: nobody got it."

    # A file's final newline is no character (Telegram drops it): 4096 and a newline fit.
    text.write_text("x" * 4096 + "\n", encoding="utf-8")
    code, out, err = await cli("broadcast", "create", "--segment", "all", "--text-file", str(text))
    assert (code, err) == (0, "")
    code, out, _ = await cli("broadcast", "send", "2")
    assert out.splitlines()[0].endswith("(now)")


async def test_broadcast_status_shows_the_figures_of_a_sent_broadcast(cli, telegram):
    async with connected(cli_database(cli)):  # closed even when a step fails
        await load_example_catalog()
        plan = await Plan.first()
        alice, bob, carol = await users(111, 112, 113)
        started_at = now() - 10 * DAY
        broadcast = await Broadcast.create(
            segment="all", text="x", status=BroadcastStatus.DONE, started_at=started_at
        )
        await BroadcastButton.create(
            broadcast=broadcast, position=0, text="Go", url="https://e.x", clicks=4
        )
        for user, status in ((alice, "sent"), (bob, "blocked"), (carol, "failed")):
            await BroadcastRecipient.create(
                broadcast=broadcast,
                chat_id=user.telegram_id,
                user=user,
                status=status,
                next_attempt_at=now(),
            )

        async def order(user: User, days_after: int, status: OrderStatus) -> None:
            made = await Order.create(
                user=user,
                plan=plan,
                currency="XTR",
                amount=100,
                token="t",
                created_at=started_at + timedelta(days=days_after),
            )
            steps = [status] if status == OrderStatus.EXPIRED else [OrderStatus.PAID, status]
            for step in steps:  # the way the database lets an order go
                await Order.filter(id=made.id).update(status=step)

        await order(alice, 2, OrderStatus.FULFILLED)  # counted: a recipient, paid, within 7 days
        await order(alice, 3, OrderStatus.EXPIRED)  # not paid
        await order(alice, 8, OrderStatus.FULFILLED)  # too late
        await order(bob, 1, OrderStatus.FULFILLED)  # never got the message

    code, out, err = await cli("broadcast", "status", str(broadcast.id), "--follow")

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Broadcast #{broadcast.id} done: message to all",
        "3 recipients: sent 1, failed 1, blocked 1, left 0",
        "Clicks: Go 4",
        "Paid orders by recipients within 7 days: 1",
    ]


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (["create", "--segment", "everyone", "--text-file", "x"], "unknown segment 'everyone'"),
        (["create", "--segment", "all", "--text-file", "/nonexistent"], "cannot read /nonexistent"),
        (["create", "--segment", "all", "--text-file", "BROKEN"], "formatting is broken"),
        (["create", "--segment", "all", "--text-file", "GOOD", "--button", "x"], "TEXT=URL"),
        (["create", "--segment", "all", "--text-file", "GOOD", "--at", "soon"], "not a date"),
        (["create", "--segment", "campaign:none", "--text-file", "GOOD"], "no campaign 'none'"),
        (["preview", "1", "--to", "777"], "777 is not in ADMIN_IDS"),
        (["preview", "1", "--to", "abc"], "'abc' is not a Telegram user id"),
        (["send", "99"], "no broadcast #99"),
        (["status", "x"], "'x' is not a broadcast number"),
        (["pause", "99"], "no broadcast #99"),
        (["resume", "0"], "'0' is not a broadcast number"),
    ],
)
async def test_bad_broadcast_arguments_get_one_line_and_a_failure(
    cli, tmp_path, monkeypatch, argv, error
):
    monkeypatch.setenv("ADMIN_IDS", str(ADMIN_ID))
    (tmp_path / "BROKEN").write_text("<b>open", encoding="utf-8")
    (tmp_path / "GOOD").write_text("fine", encoding="utf-8")
    argv = [str(tmp_path / a) if a in {"BROKEN", "GOOD"} else a for a in argv]

    code, _, err = await cli("broadcast", *argv)

    assert error in one_line_error(code, err)


async def test_a_broadcast_that_is_done_cannot_be_paused_from_the_cli(cli):
    async with connected(cli_database(cli)):  # closed even when a step fails
        await Broadcast.create(segment="all", text="x", status=BroadcastStatus.DONE)

    code, _, err = await cli("broadcast", "pause", "1")

    assert one_line_error(code, err) == "error: broadcast #1 is done: it cannot be paused"


async def test_an_admin_command_cannot_be_moved_out_of_the_admin_category(cli):
    await cli("migrate")

    added = await cli(
        "commands",
        "add",
        "bc",
        "--category",
        "help",
        "--description",
        "x",
        "--handler",
        "admin.broadcast",
    )
    moved = await cli("commands", "update", "broadcast", "--category", "help")

    for code, _, err in (added, moved):
        assert one_line_error(code, err) == (
            "error: admin.broadcast is an admin handler: its command must stay in the admin "
            "category"
        )


async def test_admin_handlers_check_the_sender_themselves(client, telegram):
    await send(client, updates.message("/start", user_id=93))
    # A registry row changed behind the registry's back: the handler still refuses.
    await TelegramCommand.filter(command="broadcast").update(category="help")
    client.app[SERVICES].registry.invalidate()

    await send(client, updates.message("/broadcast", user_id=93))

    assert telegram.sent_texts(93)[-1] == "This command is for the bot's admins."


async def test_a_command_button_runs_its_command_for_whoever_presses_it(client, telegram):
    await load_example_catalog()
    await send(client, updates.message("/start", user_id=94))
    services = client.app[SERVICES]
    with pytest.raises(BadBroadcast, match="/nosuch, /refund: no such command for users"):
        await services.broadcasts.create(
            Segment.parse("all"),
            "x",
            now(),
            buttons=[Button.parse("A=/nosuch"), Button.parse("B=/refund")],
        )
    broadcast = await services.broadcasts.create(
        Segment.parse("all"),
        "Spring prices",
        now(),
        send_at=now(),
        buttons=[Button.parse("See the plans=/shop")],
    )
    await run_until_done(services.broadcaster, broadcast.id)
    (delivered,) = telegram.delivered(94)
    [[button]] = delivered.json("reply_markup")["inline_keyboard"]
    assert button == {"text": "See the plans", "callback_data": "run:shop"}

    await send(client, updates.callback_query(button["callback_data"], user_id=94))

    shop = telegram.shown(94)[-1]
    assert shop.params["text"].startswith("Premium access")
    assert await services.broadcasts.click(broadcast.id, 0) is None  # no link to count
