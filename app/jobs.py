"""Background jobs: expiry and reminders. On Redis they run as an arq cron job in the worker
process (`python -m app worker`); without Redis, in-process next to the bot."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot

from app.config import Settings
from app.infrastructure import is_infrastructure_error
from app.keyboards import shop_button
from app.notifier import BLOCKED, Notifier
from app.services.entitlements import EntitlementService, days_until
from app.services.reminders import DueReminder, ReminderService
from models import ReminderKind

log = logging.getLogger(__name__)

# How often the in-process runner (and the arq cron) looks for work.
INTERVAL_S = 60


@dataclass
class Report:
    expired: int = 0
    reminders: int = 0


def reminder_text(due: DueReminder, now: datetime) -> str:
    key = due.key.replace("_", " ")
    if due.kind == ReminderKind.EXPIRED:
        return f"Your {key} access has ended. Renew to get it back."
    days = days_until(due.period_end, now)
    when = f"{due.period_end:%Y-%m-%d %H:%M} UTC"
    plural = "s" if days != 1 else ""
    return f"Your {key} access ends in {days} day{plural}, on {when}. Renew to keep it."


class Maintenance:
    """One pass: expire what is due, deal with access that ended (channel, message), remind
    those whose access ends soon. Every message is claimed in the database before it goes out,
    and given back when the Bot API fails, so the next pass tries again."""

    def __init__(self, settings: Settings, bot: Bot) -> None:
        self.entitlements = EntitlementService()
        self.reminders = ReminderService(settings.reminder_days)
        self.notifier = Notifier(bot, settings)

    async def run(self, now: datetime) -> Report:
        report = Report(expired=await self.entitlements.expire_due(now))
        due = await self.reminders.due_at_end(now) + await self.reminders.due_before(now)
        for reminder in due:
            report.reminders += await self._remind(reminder, now)
        return report

    async def _remind(self, due: DueReminder, now: datetime) -> int:
        claim = await self.reminders.claim(due)
        if claim is None:
            return 0  # another runner, or an earlier pass, has it
        try:
            if due.kind == ReminderKind.EXPIRED:
                await self.notifier.close_channel(due.user, due.key)
            if due.user.blocked_at is not None:
                outcome = BLOCKED
            else:
                outcome = await self.notifier.send(
                    due.user, reminder_text(due, now), shop_button("Renew")
                )
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


async def run_in_process(maintenance: Maintenance, interval: float = INTERVAL_S) -> None:
    """The job loop for a single process without Redis; the first pass comes one interval
    after start-up."""
    while True:
        await asyncio.sleep(interval)
        try:
            report = await maintenance.run(datetime.now(UTC))
            if report.expired or report.reminders:
                log.info(
                    "Maintenance: %d expired, %d reminders sent", report.expired, report.reminders
                )
        except Exception:
            log.exception("Maintenance pass failed; trying again in %s s", interval)


async def maintenance_job(ctx: dict[str, Any]) -> None:
    """The arq cron job."""
    await ctx["maintenance"].run(datetime.now(UTC))
