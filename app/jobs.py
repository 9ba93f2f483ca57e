"""Background jobs: expiry, reminders and channel retries. On Redis they run as an arq cron job
in the worker process (`python -m app worker`); without Redis, in-process next to the bot."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram.exceptions import TelegramAPIError

from app.container import Services
from app.i18n import _, date, language_of, use
from app.infrastructure import is_infrastructure_error
from app.keyboards import shop_button
from app.notifier import BLOCKED, describe
from app.services.catalog import entitlement_title
from app.services.reminders import DueReminder
from app.wording import plural, relative
from models import ChannelActionKind, ChannelActionStatus, ReminderKind

log = logging.getLogger(__name__)

# How often the in-process runner (and the arq cron) looks for work.
INTERVAL_S = 60


@dataclass
class Report:
    expired: int = 0
    reminders: int = 0
    channel_changes: int = 0
    orders: int = 0  # unpaid orders whose price ran out
    payments: int = 0  # payments an outage left half-done, applied or refunded now
    stripe_events: int = 0  # Stripe events retried (or taken up) and done

    def __str__(self) -> str:
        events = self.stripe_events
        stripe = f", {plural(events, 'Stripe event')} done" if events else ""
        return (
            f"{plural(self.expired, 'grant')} expired, {plural(self.reminders, 'reminder')} "
            f"sent, {plural(self.channel_changes, 'channel change')} retried, "
            f"{plural(self.orders, 'unpaid order')} closed, "
            f"{plural(self.payments, 'left-over payment')} finished{stripe}"
        )


def reminder_text(due: DueReminder, title: str, now: datetime) -> str:
    """The reminder in the current language (the job speaks each user's: see _remind)."""
    if due.kind == ReminderKind.EXPIRED:
        return _("Your access to {title} has ended. Renew to get it back.").format(title=title)
    return _("Your access to {title} ends {when} ({moment}). Renew to keep it.").format(
        title=title, when=relative(due.period_end, now), moment=date(due.period_end)
    )


class Maintenance:
    """One pass: expire what is due, deal with access that ended (channel, message), remind
    those whose access ends soon, retry channel changes Telegram refused. Every message is
    claimed in the database before it goes out, and given back when the Bot API fails, so the
    next pass tries again."""

    def __init__(self, services: Services) -> None:
        assert services.notifier is not None, "the jobs message users: they need the Bot"
        assert services.settler is not None, "made with the notifier"
        self.settler = services.settler
        self.stripe_processor = services.stripe_processor
        self.entitlements = services.entitlements
        self.reminders = services.reminders
        self.catalog = services.catalog
        self.notifier = services.notifier
        self.channel_queue = services.channel_queue
        self.orders = services.orders

    async def run(self, now: datetime) -> Report:
        report = Report(expired=await self.entitlements.expire_due(now))
        due = await self.reminders.due_at_end(now) + await self.reminders.due_before(now)
        titles: dict[str, dict[str, str]] = {}  # by language
        for reminder in due:
            language = language_of(reminder.user)
            if language not in titles:
                titles[language] = await self.catalog.entitlement_titles(language)
            report.reminders += await self._remind(
                reminder, entitlement_title(reminder.key, titles[language]), now
            )
        report.channel_changes = await self._retry_channel(now)
        report.orders = await self.orders.expire_stale(now)
        report.payments = await self.settler.finish_left_over(now)
        if self.stripe_processor is not None:
            report.stripe_events = await self.stripe_processor.process_due(now)
        return report

    async def _remind(self, due: DueReminder, title: str, now: datetime) -> int:
        claim = await self.reminders.claim(due)
        if claim is None:
            return 0  # another runner, or an earlier pass, has it
        try:
            if due.kind == ReminderKind.EXPIRED:
                # A refusal is queued for retries and never holds up the message.
                await self.notifier.close_channel(due.user, due.key, now)
            if due.user.blocked_at is not None:
                outcome = BLOCKED
            else:
                with use(language_of(due.user)):
                    text, renew = reminder_text(due, title, now), shop_button(_("Renew"))
                outcome = await self.notifier.send(due.user, text, renew)
        except asyncio.CancelledError:
            await self.reminders.release(claim)
            raise
        except Exception as exc:
            if not is_infrastructure_error(exc):
                await self.reminders.settle(claim, "failed", now)
                log.exception("Reminder %s to user %s failed", claim.id, due.user.telegram_id)
                return 0
            await self.reminders.release(claim)  # the Bot API may answer next time
            log.warning("Reminder to user %s postponed: %r", due.user.telegram_id, exc)
            return 0
        await self.reminders.settle(claim, outcome, now)
        return int(outcome != BLOCKED)

    async def _retry_channel(self, now: datetime) -> int:
        """Channel changes Telegram refused earlier, if they are still wanted."""
        done = 0
        for action in await self.channel_queue.due(now):
            if not await self.channel_queue.claim(action, now):
                continue  # another runner has it
            has_access = await self.entitlements.has(action.user_id, action.key, now)
            inviting = action.kind == ChannelActionKind.INVITE
            if has_access != inviting:
                await self.channel_queue.finish(action, ChannelActionStatus.DROPPED, now)
                continue
            try:
                await self.notifier.carry_out(action.kind, action.user)
            except TelegramAPIError as exc:
                await self.channel_queue.postpone(action, describe(exc), now)
                log.warning(
                    "Channel %s of user %s refused again (attempt %d): %r",
                    action.kind,
                    action.user.telegram_id,
                    action.attempts + 1,
                    exc,
                )
                continue
            await self.channel_queue.finish(action, ChannelActionStatus.DONE, now)
            log.info("Channel %s of user %s went through", action.kind, action.user.telegram_id)
            done += 1
        return done


async def run_in_process(maintenance: Maintenance, interval: float = INTERVAL_S) -> None:
    """The job loop for a single process without Redis; the first pass comes one interval
    after start-up."""
    while True:
        await asyncio.sleep(interval)
        try:
            report = await maintenance.run(datetime.now(UTC))
            log.info("Maintenance: %s", report)
        except Exception:
            log.exception("Maintenance pass failed; trying again in %s s", interval)


async def maintenance_job(ctx: dict[str, Any]) -> None:
    """The arq cron job."""
    report = await ctx["maintenance"].run(datetime.now(UTC))
    log.info("Maintenance: %s", report)
