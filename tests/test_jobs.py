"""Expiry and reminders: each reminder once per period, with runners racing and across restarts;
channel invites and removals; users who blocked the bot."""

import asyncio
import os
import time
from datetime import UTC, datetime, timedelta

import pytest

from app.bot import create_bot
from app.container import build_services
from app.jobs import Maintenance, run_in_process
from app.services.entitlements import EntitlementService
from models import (
    Broadcast,
    ChannelAction,
    ChannelActionStatus,
    EntitlementGrant,
    EntitlementReminder,
    GrantSource,
    GrantStatus,
    User,
)
from tests import updates
from tests.conftest import (
    ADMIN_ID,
    TEST_REDIS_URL,
    make_settings,
    requires_postgres,
    requires_redis,
    run_app_until,
    send,
)
from tests.fakes.telegram import BOT_TOKEN

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CHANNEL = -1009876543210
service = EntitlementService()


@pytest.fixture
async def bot_settings(db, telegram):
    return make_settings(db, telegram, premium_channel={"id": CHANNEL})


@pytest.fixture
async def bot(bot_settings):
    bot = create_bot(bot_settings)
    yield bot
    await bot.session.close()


async def subscriber(days=30, telegram_id=555, when=NOW) -> User:
    user = await User.create(telegram_id=telegram_id, first_name="Bob")
    await service.grant(user, ["premium"], days, GrantSource.ORDER, f"order-{telegram_id}", when)
    return user


async def test_a_reminder_goes_out_once_with_two_runners_racing_and_after_a_restart(
    bot_settings, bot, telegram
):
    await subscriber(days=30)
    when = NOW + 27 * DAY + timedelta(hours=12)  # 2.5 days left

    first, second = (
        Maintenance(build_services(bot_settings, bot, None)),
        Maintenance(build_services(bot_settings, bot, None)),
    )
    await asyncio.gather(first.run(when), second.run(when))
    restarted = Maintenance(
        build_services(bot_settings, bot, None)
    )  # a new process: nothing remembered in memory
    await restarted.run(when + timedelta(minutes=1))

    texts = telegram.sent_texts(555)
    assert texts == [
        "Your access to premium ends in 3 days (Dec 26, 2026 12:00 UTC). Renew to keep it."
    ]
    markup = telegram.called("sendMessage")[0].json("reply_markup")
    assert markup["inline_keyboard"] == [[{"text": "Renew", "callback_data": "shop:open"}]]


async def test_each_configured_day_has_its_reminder_and_expiry_its_own(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    runner = Maintenance(build_services(bot_settings, bot, None))

    for moment in (
        NOW + 27 * DAY,
        NOW + 27 * DAY + timedelta(hours=1),
        NOW + 29 * DAY,
        NOW + 29 * DAY + timedelta(hours=5),
        NOW + 30 * DAY,
        NOW + 30 * DAY + timedelta(minutes=1),
    ):
        await runner.run(moment)

    assert telegram.sent_texts(555) == [
        "Your access to premium ends in 3 days (Dec 26, 2026 12:00 UTC). Renew to keep it.",
        "Your access to premium ends in 24 hours (Dec 26, 2026 12:00 UTC). Renew to keep it.",
        "Your access to premium has ended. Renew to get it back.",
    ]
    grant = await EntitlementGrant.get(user=user)
    assert grant.status == GrantStatus.EXPIRED
    assert await EntitlementReminder.filter(user=user, outcome="sent").count() == 3


async def test_a_late_first_run_sends_only_the_nearest_reminder(bot_settings, bot, telegram):
    await subscriber(days=30)

    await Maintenance(build_services(bot_settings, bot, None)).run(
        NOW + 29 * DAY + timedelta(hours=12)
    )

    assert telegram.sent_texts(555) == [
        "Your access to premium ends in 12 hours (Dec 26, 2026 12:00 UTC). Renew to keep it."
    ]


async def test_no_reminder_to_renew_in_the_first_day_of_a_period(bot_settings, bot, telegram):
    """A 3-day trial used to be told "ends in 3 days… Renew" within a minute of starting."""
    await subscriber(days=3)
    runner = Maintenance(build_services(bot_settings, bot, None))

    for moment in (NOW + timedelta(minutes=1), NOW + timedelta(hours=23), NOW + DAY):
        await runner.run(moment)
    assert telegram.sent_texts(555) == []  # the 3-day reminder is for periods over 3 days
    await runner.run(NOW + 2 * DAY)

    assert telegram.sent_texts(555) == [
        "Your access to premium ends in 24 hours (Nov 29, 2026 12:00 UTC). Renew to keep it."
    ]


async def test_a_two_day_grant_gets_only_the_one_day_reminder_after_its_first_day(
    bot_settings, bot, telegram
):
    await subscriber(days=2)
    runner = Maintenance(build_services(bot_settings, bot, None))

    await runner.run(NOW + timedelta(minutes=1))
    await runner.run(NOW + DAY + timedelta(minutes=1))

    assert telegram.sent_texts(555) == [
        "Your access to premium ends in 23 hours (Nov 28, 2026 12:00 UTC). Renew to keep it."
    ]


async def test_renewing_starts_a_new_period_with_its_own_reminders(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    runner = Maintenance(build_services(bot_settings, bot, None))
    await runner.run(NOW + 28 * DAY)
    await service.grant(user, ["premium"], 30, GrantSource.ORDER, "renewal", NOW + 28 * DAY)

    await runner.run(NOW + 57 * DAY)

    assert len(telegram.sent_texts(555)) == 2
    assert "Jan 25, 2027" in telegram.sent_texts(555)[1]


async def test_lifetime_access_gets_no_reminders(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    await service.grant(user, ["premium"], None, GrantSource.ADMIN, "forever", NOW)

    await Maintenance(build_services(bot_settings, bot, None)).run(NOW + 29 * DAY)

    assert telegram.sent_texts(555) == []


async def test_expiry_marks_each_grant_once_and_removes_the_user_from_the_channel(
    bot_settings, bot, telegram
):
    await subscriber(days=30)
    runners = [Maintenance(build_services(bot_settings, bot, None)) for _ in range(2)]

    reports = await asyncio.gather(*(r.run(NOW + 31 * DAY) for r in runners))

    assert sorted(r.expired for r in reports) == [0, 1]
    assert sorted(r.reminders for r in reports) == [0, 1]
    ban, unban = telegram.called("banChatMember"), telegram.called("unbanChatMember")
    assert [(c.params["chat_id"], c.params["user_id"]) for c in ban] == [(str(CHANNEL), "555")]
    assert unban[0].params["only_if_banned"] == "true"
    assert telegram.sent_texts(555) == ["Your access to premium has ended. Renew to get it back."]


async def test_a_failed_message_at_expiry_is_retried(bot_settings, bot, telegram):
    await subscriber(days=30)
    runner = Maintenance(build_services(bot_settings, bot, None))
    telegram.fail("sendMessage", 502, "Bad Gateway")

    await runner.run(NOW + 30 * DAY)
    await runner.run(NOW + 30 * DAY + timedelta(minutes=1))
    await runner.run(NOW + 30 * DAY + timedelta(minutes=2))

    assert (
        telegram.sent_texts(555) == ["Your access to premium has ended. Renew to get it back."] * 2
    )
    assert await EntitlementReminder.filter(outcome="sent").count() == 1


NOT_ADMIN = "Bad Request: not enough rights to restrict/unrestrict chat member"


async def test_a_channel_refusal_at_expiry_never_holds_up_the_message_and_is_retried(
    bot_settings, bot, telegram
):
    """The bot lost its rights in the channel: the user is still told their access ended,
    admins are told once, and the removal goes through once the rights are back."""
    await subscriber(days=30)
    runner = Maintenance(build_services(bot_settings, bot, None))
    telegram.fail("banChatMember", 400, NOT_ADMIN, times=2)

    await runner.run(NOW + 30 * DAY)
    assert telegram.sent_texts(555) == ["Your access to premium has ended. Renew to get it back."]
    assert telegram.sent_texts(ADMIN_ID) == [
        "⚠️ Premium channel: Telegram refused to remove user 555: " + NOT_ADMIN + ". I retry "
        "every few minutes until it works; check that the bot is an admin of the channel with "
        "the rights to invite and ban users."
    ]
    await runner.run(NOW + 30 * DAY + timedelta(minutes=1))  # refused again: wait 2 minutes
    await runner.run(NOW + 30 * DAY + timedelta(minutes=2))  # not due yet
    await runner.run(NOW + 30 * DAY + timedelta(minutes=3))  # goes through

    assert len(telegram.called("banChatMember")) == 3
    assert len(telegram.sent_texts(555)) == 1 and len(telegram.sent_texts(ADMIN_ID)) == 1
    action = await ChannelAction.get()
    assert (action.status, action.attempts) == (ChannelActionStatus.DONE, 2)
    assert await EntitlementReminder.filter(outcome="sent").count() == 1


async def test_admins_hear_of_a_broken_channel_once_not_once_per_user(bot_settings, bot, telegram):
    for telegram_id in (555, 556, 557):
        await subscriber(days=30, telegram_id=telegram_id)
    telegram.fail("banChatMember", 400, NOT_ADMIN, times=3)

    await Maintenance(build_services(bot_settings, bot, None)).run(NOW + 30 * DAY)

    assert len(telegram.sent_texts(ADMIN_ID)) == 1
    assert await ChannelAction.filter(status=ChannelActionStatus.PENDING).count() == 3


async def test_a_queued_removal_no_longer_wanted_is_dropped(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    runner = Maintenance(build_services(bot_settings, bot, None))
    telegram.fail("banChatMember", 502, "Bad Gateway")
    await runner.run(NOW + 30 * DAY)
    await service.grant(user, ["premium"], 30, GrantSource.ORDER, "renewal", NOW + 30 * DAY)

    await runner.run(NOW + 30 * DAY + timedelta(minutes=5))

    assert len(telegram.called("banChatMember")) == 1  # the renewed member is not removed
    assert (await ChannelAction.get()).status == ChannelActionStatus.DROPPED


async def test_several_grants_ending_in_one_pass_make_one_ending(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    await service.grant(user, ["premium"], 30, GrantSource.ORDER, "second", NOW)  # day 30 to 60

    await Maintenance(build_services(bot_settings, bot, None)).run(
        NOW + 61 * DAY
    )  # the job was down for both ends

    assert telegram.sent_texts(555) == ["Your access to premium has ended. Renew to get it back."]
    assert len(telegram.called("banChatMember")) == 1


async def test_renewing_after_an_end_lifts_the_ban_before_inviting(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    await Maintenance(build_services(bot_settings, bot, None)).run(NOW + 31 * DAY)
    changes = await service.grant(
        user, ["premium"], 30, GrantSource.ORDER, "renewal", NOW + 32 * DAY
    )

    await build_services(bot_settings, bot, None).notifier.apply(changes, {user.id: user})

    methods = [c.method for c in telegram.calls]
    assert methods.index("unbanChatMember", methods.index("banChatMember") + 2) < methods.index(
        "createChatInviteLink"
    )


async def test_a_grant_sends_a_single_use_channel_invite(bot_settings, bot, telegram):
    user = await User.create(telegram_id=777, first_name="Carol")
    changes = await service.grant(
        user, ["premium"], 30, GrantSource.ADMIN, "gift", datetime.now(UTC)
    )

    await build_services(bot_settings, bot, None).notifier.apply(changes, {user.id: user})

    invite = telegram.called("createChatInviteLink")[0]
    assert invite.params["chat_id"] == str(CHANNEL)
    assert invite.params["member_limit"] == "1"
    expires = datetime.fromtimestamp(int(invite.params["expire_date"]), UTC)
    # A day from now, in whole seconds as the Bot API takes it.
    assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(days=1, seconds=1)
    assert telegram.sent_texts(777)[0].startswith(
        "Your premium channel is open: https://t.me/+invite"
    )


async def test_extending_access_sends_no_second_invite(bot_settings, bot, telegram):
    user = await subscriber(days=30, when=datetime.now(UTC))
    changes = await service.grant(
        user, ["premium"], 30, GrantSource.ORDER, "again", datetime.now(UTC)
    )

    await build_services(bot_settings, bot, None).notifier.apply(changes, {user.id: user})

    assert telegram.called("createChatInviteLink") == []


async def test_a_user_who_blocked_the_bot_is_marked_and_not_retried(bot_settings, bot, telegram):
    user = await subscriber(days=30)
    telegram.block_bot()
    runner = Maintenance(build_services(bot_settings, bot, None))

    await runner.run(NOW + 28 * DAY)
    await runner.run(NOW + 29 * DAY + timedelta(hours=1))

    assert len(telegram.called("sendMessage")) == 1  # the 403; nothing after it
    assert (await User.get(id=user.id)).blocked_at is not None
    assert (await EntitlementReminder.get(user=user)).outcome == "blocked"


async def test_a_bot_api_outage_postpones_the_reminder_to_the_next_run(bot_settings, bot, telegram):
    await subscriber(days=30)
    telegram.fail("sendMessage", 502, "Bad Gateway")
    runner = Maintenance(build_services(bot_settings, bot, None))

    await runner.run(NOW + 28 * DAY)
    await runner.run(NOW + 28 * DAY + timedelta(minutes=1))

    assert [c.method for c in telegram.called("sendMessage")] == ["sendMessage", "sendMessage"]
    assert await EntitlementReminder.filter(outcome="sent").count() == 1


async def test_a_blocked_user_who_writes_again_is_messaged_again(client, telegram):
    await send(client, updates.message("/start"))
    await User.filter(telegram_id=updates.USER_ID).update(blocked_at=NOW)

    await send(client, updates.message("/help"))

    assert (await User.get(telegram_id=updates.USER_ID)).blocked_at is None


async def test_without_redis_the_job_runs_in_process(bot_settings, bot, telegram):
    # A 6-day period that began 3 days ago: inside the 3-day reminder.
    await subscriber(days=6, when=datetime.now(UTC) - 3 * DAY)

    runner = asyncio.create_task(
        run_in_process(Maintenance(build_services(bot_settings, bot, None)), interval=0.05)
    )
    try:
        for _ in range(100):
            if telegram.sent_texts(555):
                break
            await asyncio.sleep(0.05)
    finally:
        runner.cancel()

    assert telegram.sent_texts(555)[0].startswith("Your access to premium ends in 3 days")


@requires_postgres
@requires_redis
async def test_the_arq_worker_runs_the_job_and_sends_broadcasts_on_redis(db, telegram):
    await subscriber(days=6, when=datetime.now(UTC) - 3 * DAY)
    await User.create(telegram_id=556, first_name="Ann")
    await Broadcast.create(
        segment="ids", chat_ids=[556], text="Hello", status="scheduled", send_at=datetime.now(UTC)
    )
    env = {
        **os.environ,
        "BOT_TOKEN": BOT_TOKEN,
        "DATABASE_URL": db,
        "REDIS_URL": TEST_REDIS_URL,
        "TELEGRAM_API_URL": telegram.url,
        "LOG_LEVEL": "INFO",
    }
    sent_at = []

    def a_moment_after_the_reminder() -> bool:  # time for the pass to log its report
        if telegram.sent_texts(555) and telegram.sent_texts(556) and not sent_at:
            sent_at.append(time.monotonic())
        return bool(sent_at) and time.monotonic() - sent_at[0] > 1

    stderr = await run_app_until(["worker"], env, a_moment_after_the_reminder)

    assert len(telegram.sent_texts(555)) == 1, stderr
    assert telegram.sent_texts(555)[0].startswith("Your access to premium ends in 3 days")
    assert telegram.sent_texts(556) == ["Hello"]
    assert (
        "Worker started: broadcasts as they are due; expiry, reminders and channel retries "
        "every minute" in stderr
    )
    assert (
        "Maintenance: 0 grants expired, 1 reminder sent, 0 channel changes retried, 0 unpaid orders closed, 0 left-over payments finished"
        in stderr
    )
