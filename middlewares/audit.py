from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.middlewares.user_context import EventContext
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from app.heartbeat import heartbeat
from app.i18n import _, current, language_of, use
from app.infrastructure import OutageLog, is_infrastructure_error
from app.metrics import Metrics
from app.services.commands import ParsedCommand
from app.services.journal import LEASE_RENEWAL, UpdateJournal, UpdateRecord
from app.services.update_gate import UPDATE_CLAIMED
from models import UpdateStatus

log = logging.getLogger(__name__)

RENEWAL_S = LEASE_RENEWAL.total_seconds()


def record_of(update: Update, context: EventContext) -> UpdateRecord:
    try:
        update_type, event = update.event_type, update.event
    except UpdateTypeLookupError:  # a type newer than our aiogram: journaled, then ignored
        update_type, event = "unknown", None
    text = getattr(event, "text", None) or getattr(event, "caption", None)
    if update.callback_query is not None:
        text = update.callback_query.data
    parsed = ParsedCommand.from_text(getattr(event, "text", None))
    return UpdateRecord(
        update_id=update.update_id,
        update_type=update_type,
        telegram_user_id=context.user_id,
        chat_id=context.chat_id,
        message_id=getattr(event, "message_id", None),
        command=parsed.name if parsed else None,
        text=text,
    )


class AuditMiddleware(BaseMiddleware):
    """Journals every update (one row each) with its outcome and timing, and keeps the promise
    made to Telegram: a handler's bug is logged, told to the user with a reference, and
    acknowledged; an infrastructure failure is released and re-raised, so the webhook answers
    5xx and Telegram redelivers."""

    def __init__(self, journal: UpdateJournal, metrics: Metrics) -> None:
        self.journal = journal
        self.metrics = metrics
        self.outage = OutageLog(log, "Updates")

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        update: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(update, Update), "an outer middleware of dp.update"
        record = record_of(update, data["event_context"])
        # Claimed in Redis, the update needs no claim in the database: its row is written once,
        # with the outcome. Otherwise the row is the claim, written before the handler runs.
        claimed_in_redis = data.get(UPDATE_CLAIMED, False)
        if not claimed_in_redis:
            try:
                begun = await self.journal.begin(record)
            except Exception as exc:
                if is_infrastructure_error(exc):
                    self.outage.failed(exc)  # the journal cannot be written: Telegram redelivers
                raise
            if not begun:
                return None  # completed before: acknowledge the redelivery
        data["audit"] = record
        started = time.perf_counter()
        # A claim in the database is kept alive while the handler runs; Redis keeps its own.
        claim_kept = (
            nullcontext()
            if claimed_in_redis
            else heartbeat(lambda: self.journal.renew(record), RENEWAL_S)
        )
        try:
            async with claim_kept:
                result = await handler(update, data)
        except asyncio.CancelledError:  # out of time: the webhook answers 503
            await self._release(record)
            raise
        except Exception as exc:
            if is_infrastructure_error(exc):
                self.outage.failed(exc)  # Telegram redelivers it
                await self._release(record)
                raise
            log.exception("Update %s: handler failed", update.update_id)
            record.status = UpdateStatus.ERROR
            record.error_message = f"{type(exc).__name__}: {exc}"
            # Left the user's language with the handler: theirs again, else Telegram's.
            user = data.get("user")
            with use(language_of(user) if user is not None else current()):
                await self._apologize(data["bot"], data["event_context"], update.update_id)
            result = None
        self.outage.served()
        if result is UNHANDLED and record.status is UpdateStatus.SUCCESS:
            record.status = UpdateStatus.IGNORED
        elapsed = time.perf_counter() - started
        try:
            user = data.get("user")  # set by UserMiddleware further in
            await self.journal.finish(record, user.id if user else None, round(elapsed * 1000))
        except Exception as exc:
            # The user has been served; replaying the handler would answer twice.
            log.error("Update %s served but its journal row not updated: %r", update.update_id, exc)
        self.metrics.observe(record, elapsed)
        return result

    async def _release(self, record: UpdateRecord) -> None:
        try:
            await self.journal.release(record)
        except Exception as exc:  # the database itself may be what failed; the lease expires
            log.warning("Update %s: could not release its journal row: %r", record.update_id, exc)

    @staticmethod
    async def _apologize(bot: Bot, context: EventContext, update_id: int) -> None:
        if context.chat_id is None:
            return
        try:
            await bot.send_message(
                context.chat_id,
                _(
                    "Sorry, something went wrong on our side. If it happens again, write to "
                    "support and quote reference #{reference}."
                ).format(reference=update_id),
            )
        except TelegramAPIError as exc:
            log.warning("Update %s: could not tell the user about the error: %r", update_id, exc)
