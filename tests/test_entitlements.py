"""Entitlements: extension, lifetime, partial revocation, trials, premium gating, /subscription."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from app.bot import create_bot
from app.container import build_services
from app.jobs import Maintenance
from app.services.entitlements import EntitlementService, NothingToRevoke, TrialAlreadyUsed
from app.web import create_app
from models import EntitlementEvent, GrantSource, Product, User
from tests import updates
from tests.conftest import ADMIN_ID, load_example_catalog, make_settings, send

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
service = EntitlementService()


async def alice() -> User:
    return await User.create(telegram_id=updates.USER_ID, first_name="Alice")


async def grant(user, days, ref, when=NOW, source=GrantSource.ORDER, key="premium"):
    return await service.grant(user, [key], days, source, ref, when)


async def test_granting_extends_from_the_current_expiry(db):
    user = await alice()
    first = await grant(user, 30, "order-1")
    second = await grant(user, 30, "order-2", when=NOW + 10 * DAY)

    assert first[0].started and first[0].after.expires_at == NOW + 30 * DAY
    assert not second[0].started
    assert (await service.access(user.id, "premium", NOW + 10 * DAY)).expires_at == NOW + 60 * DAY


async def test_granting_after_expiry_starts_from_now(db):
    user = await alice()
    await grant(user, 30, "order-1")

    changes = await grant(user, 30, "order-2", when=NOW + 40 * DAY)

    assert changes[0].started
    assert changes[0].after.expires_at == NOW + 70 * DAY
    assert not await service.has(user.id, "premium", NOW + 35 * DAY)
    assert await service.has(user.id, "premium", NOW + 41 * DAY)


async def test_grants_at_the_same_moment_are_chained_in_the_database(db):
    user = await alice()
    await grant(user, 30, "order-1")
    await grant(user, 30, "order-2")  # the same instant, as in one payment batch

    stored = await service.grants_of(user.id)

    assert [(g.starts_at, g.expires_at) for g in stored] == [
        (NOW, NOW + 30 * DAY),
        (NOW + 30 * DAY, NOW + 60 * DAY),
    ]
    await grant(user, 1, "unrelated", key="vip_channel")
    await service.revoke(user, NOW, key="vip_channel")
    assert (await service.access(user.id, "premium", NOW)).expires_at == NOW + 60 * DAY


async def test_concurrent_grants_for_one_user_add_up_and_a_repeated_source_counts_once(db):
    user = await alice()

    await asyncio.gather(
        *(grant(user, 30, f"order-{n}") for n in range(4)),
        *(grant(user, 30, "order-0") for _ in range(4)),
    )

    assert (await service.access(user.id, "premium", NOW)).expires_at == NOW + 120 * DAY
    assert len(await service.grants_of(user.id)) == 4


async def test_the_same_source_grants_once(db):
    user = await alice()
    await grant(user, 30, "order-1")

    again = await grant(user, 30, "order-1")

    assert again == []
    assert (await service.access(user.id, "premium", NOW)).expires_at == NOW + 30 * DAY


async def test_lifetime_wins_and_revoking_it_restores_the_chain(db):
    user = await alice()
    await grant(user, 30, "order-1")
    await grant(user, None, "vip-forever", when=NOW + DAY, source=GrantSource.ADMIN)

    forever = await service.access(user.id, "premium", NOW + 100 * DAY)
    changes = await service.revoke(user, NOW + 2 * DAY, key="premium", source=GrantSource.ADMIN)

    assert forever.lifetime and forever.active
    assert changes[0].after.expires_at == NOW + 30 * DAY and not changes[0].ended


async def test_revoking_one_source_removes_only_what_it_gave(db):
    user = await alice()
    await grant(user, 30, "order-1")
    await grant(user, 30, "order-2", when=NOW + 5 * DAY)  # stacked: day 30 to 60
    await grant(user, 7, "support", when=NOW + 6 * DAY, source=GrantSource.ADMIN)  # day 60 to 67

    changes = await service.revoke(
        user, NOW + 10 * DAY, source=GrantSource.ORDER, source_ref="order-1"
    )

    # order-2 now runs from when it was granted (day 5 to 35), the admin week after it.
    assert changes[0].after.expires_at == NOW + 42 * DAY
    assert await service.has(user.id, "premium", NOW + 10 * DAY)
    grants = await service.grants_of(user.id)
    assert [(g.source_ref, g.status.value) for g in grants] == [
        ("order-1", "revoked"),
        ("order-2", "active"),
        ("support", "active"),
    ]


async def test_revoking_the_only_source_ends_access(db):
    user = await alice()
    await grant(user, 30, "order-1")

    changes = await service.revoke(user, NOW + DAY, source_ref="order-1")

    assert changes[0].ended
    assert not await service.has(user.id, "premium", NOW + DAY)
    with pytest.raises(NothingToRevoke):
        await service.revoke(user, NOW + DAY, source_ref="order-1")


async def test_every_change_is_in_the_history(db):
    user = await alice()
    await grant(user, 30, "order-1")
    await grant(user, 30, "order-2")
    await service.revoke(user, NOW, source_ref="order-1")

    events = await EntitlementEvent.filter(user=user).order_by("id")

    assert [(e.action, e.expires_at) for e in events] == [
        ("granted", NOW + 30 * DAY),
        ("granted", NOW + 60 * DAY),
        ("revoked", NOW + 30 * DAY),
    ]


async def test_a_trial_is_given_once_per_user_and_product(db):
    await load_example_catalog()
    user, premium = await alice(), await Product.get(code="premium")

    changes = await service.start_trial(user, premium, NOW)

    assert changes[0].after.expires_at == NOW + 3 * DAY
    assert not await service.trial_available(user.id, premium)
    with pytest.raises(TrialAlreadyUsed):
        await service.start_trial(user, premium, NOW + 10 * DAY)


async def register(client):
    await send(client, updates.message("/start"))


async def test_a_premium_command_offers_the_shop_to_those_without_premium(client, telegram):
    await register(client)

    await send(client, updates.message("/approve 5"))

    call = telegram.called("sendMessage")[-1]
    assert (
        call.params["text"] == "⭐ /approve comes with premium access. See what it costs for you:"
    )
    assert call.json("reply_markup")["inline_keyboard"] == [
        [{"text": "See the plans", "callback_data": "shop:open"}]
    ]


async def test_a_premium_command_opens_to_those_entitled(client, telegram):
    await register(client)
    user = await User.get(telegram_id=updates.USER_ID)
    await service.grant(user, ["premium"], 30, GrantSource.ADMIN, "test", datetime.now(UTC))

    await send(client, updates.message("/approve 5"))

    assert telegram.sent_texts()[-1] == "There is no signal #5."


async def test_subscription_without_access_points_to_the_plans(client, telegram):
    await register(client)

    await send(client, updates.message("/subscription"))

    call = telegram.called("sendMessage")[-1]
    assert call.params["text"] == "You have no premium access yet."
    assert call.json("reply_markup")["inline_keyboard"][0][0]["callback_data"] == "shop:open"


async def test_subscription_names_what_the_user_has_and_when_it_ends(client, telegram):
    await load_example_catalog()
    await register(client)
    user = await User.get(telegram_id=updates.USER_ID)
    now = datetime.now(UTC)
    await service.grant(user, ["premium"], 30, GrantSource.ADMIN, "a", now)
    await service.grant(user, ["vip_channel"], None, GrantSource.ADMIN, "b", now)

    await send(client, updates.message("/subscription"))

    call = telegram.called("sendMessage")[-1]
    until = now + 30 * DAY
    # Product names, not entitlement keys; the time relative to now, UTC beside it.
    assert call.params["text"] == (
        "Your access\n"
        f"• Premium signals — ends in 30 days ({until:%b} {until.day}, {until:%Y %H:%M} UTC)\n"
        "• VIP channel — lifetime"
    )
    assert call.json("reply_markup")["inline_keyboard"] == [
        [{"text": "Renew", "callback_data": "shop:open"}]
    ]


async def test_subscription_says_when_access_is_a_trial(client, telegram):
    await load_example_catalog()
    await register(client)
    premium = await Product.get(code="premium")
    await send(client, updates.callback_query(f"trial:{premium.id}"))

    await send(client, updates.message("/subscription"))

    call = telegram.called("sendMessage")[-1]
    assert "• Premium signals — trial, ends in 3 days" in call.params["text"]
    # Nothing bought yet, so nothing to renew: the button offers the plans.
    assert call.json("reply_markup")["inline_keyboard"][0][0]["text"] == "See the plans"


async def test_subscription_tells_former_members_when_their_access_ended(client, telegram):
    await load_example_catalog()
    await register(client)
    user = await User.get(telegram_id=updates.USER_ID)
    started = datetime.now(UTC) - 40 * DAY
    await service.grant(user, ["premium"], 30, GrantSource.ORDER, "o", started)

    await send(client, updates.message("/subscription"))

    ended = started + 30 * DAY
    assert telegram.sent_texts()[-1] == (
        "Your premium access ended 10 days ago "
        f"({ended:%b} {ended.day}, {ended:%Y %H:%M} UTC). Renew to get it back:"
    )


async def test_subscription_after_a_withdrawal_says_now_not_yet(client, telegram):
    await register(client)
    user = await User.get(telegram_id=updates.USER_ID)
    await service.grant(user, ["premium"], 30, GrantSource.ADMIN, "a", datetime.now(UTC))
    await service.revoke(user, datetime.now(UTC), key="premium")

    await send(client, updates.message("/subscription"))

    assert telegram.sent_texts()[-1] == "You have no premium access now."


async def test_subscription_tells_newcomers_they_have_nothing_yet(client, telegram):
    await register(client)

    await send(client, updates.message("/subscription"))

    assert telegram.sent_texts()[-1] == "You have no premium access yet."


async def test_the_channel_invite_button_sends_a_fresh_link_to_those_entitled(
    aiohttp_client, clean_state, telegram
):
    client = await aiohttp_client(
        create_app(make_settings(clean_state, telegram, premium_channel={"id": -100123}))
    )
    await register(client)
    user = await User.get(telegram_id=updates.USER_ID)
    await send(client, updates.callback_query("channel:invite"))
    assert (
        telegram.called("answerCallbackQuery")[-1].params["text"]
        == "Your access does not include the channel."
    )
    await service.grant(user, ["premium"], 30, GrantSource.ADMIN, "a", datetime.now(UTC))

    await send(client, updates.message("/subscription"))
    buttons = telegram.called("sendMessage")[-1].json("reply_markup")["inline_keyboard"]
    await send(client, updates.callback_query("channel:invite"))

    assert [row[0]["callback_data"] for row in buttons] == ["shop:open", "channel:invite"]
    assert [c.method for c in telegram.calls[-4:]] == [
        "unbanChatMember",
        "createChatInviteLink",
        "sendMessage",
        "answerCallbackQuery",
    ]
    assert telegram.sent_texts()[-1].startswith(
        "Your premium channel is open: https://t.me/+invite"
    )


async def test_a_refused_channel_invite_is_explained_reported_and_sent_when_it_works(
    aiohttp_client, clean_state, telegram
):
    """The bot is no longer an admin of the channel: the user used to get "Sorry, something
    went wrong"; now they are told, admins are told, and the link arrives once it works."""
    settings = make_settings(clean_state, telegram, premium_channel={"id": -100123})
    client = await aiohttp_client(create_app(settings))
    await register(client)
    user = await User.get(telegram_id=updates.USER_ID)
    await service.grant(user, ["premium"], 30, GrantSource.ADMIN, "a", datetime.now(UTC))
    telegram.fail("createChatInviteLink", 400, "Bad Request: not enough rights", times=1)

    await send(client, updates.callback_query("channel:invite"))

    answer = telegram.called("answerCallbackQuery")[-1]
    assert (answer.params["text"], answer.params["show_alert"]) == (
        "I couldn't create your invite just now. The team has been told, and I'll send it to "
        "you here as soon as it works.",
        "true",
    )
    assert telegram.sent_texts(ADMIN_ID)[0].startswith(
        "⚠️ Premium channel: Telegram refused to invite user 1001 (@alice): Bad Request"
    )
    assert not any("something went wrong" in text for text in telegram.sent_texts())

    bot = create_bot(settings)
    try:
        report = await Maintenance(build_services(settings, bot, None)).run(
            datetime.now(UTC) + timedelta(minutes=2)
        )
    finally:
        await bot.session.close()

    assert report.channel_changes == 1
    assert telegram.sent_texts(updates.USER_ID)[-1].startswith(
        "Your premium channel is open: https://t.me/+invite"
    )
