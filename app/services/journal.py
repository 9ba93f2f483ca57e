"""The update journal: one `telegram_webhooks` row per update, which is both the audit trail and,
through the unique `update_id`, the last line of idempotency when Redis is absent or down."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.services.batching import Batcher
from models import TelegramWebhook, UpdateStatus, User

log = logging.getLogger(__name__)

# A worker holding an update renews its claim every LEASE_RENEWAL; one that has not for
# PROCESSING_LEASE is presumed dead, and a redelivery takes the update over.
PROCESSING_LEASE = timedelta(seconds=15)
LEASE_RENEWAL = timedelta(seconds=5)
# Telegram keeps an undelivered update at most 24 hours, so a row older than that cannot be a
# redelivery: its update_id has been reused (Telegram restarts the sequence after a quiet week).
REDELIVERY_HORIZON = timedelta(hours=25)
TEXT_LIMIT = 500
COMMAND_LIMIT = 64
ERROR_LIMIT = 255
FINISH_FIELDS = ["status", "error_message", "handler_response_time_ms", "user_id"]
# The row of an update claimed in Redis, written once.
INSERTED_COLUMNS = (
    "attempts",
    "update_id",
    "update_type",
    "telegram_user_id",
    "chat_id",
    "message_id",
    "command",
    "text",
    "status",
    "error_message",
    "handler_response_time_ms",
    "user_id",
    "claimed_at",
    "created_at",
)
INSERT = {
    dialect: 'INSERT INTO "telegram_webhooks" ({}) VALUES ({})'.format(
        ", ".join(f'"{column}"' for column in INSERTED_COLUMNS),
        ", ".join(mark(n) for n in range(1, len(INSERTED_COLUMNS) + 1)),
    )
    for dialect, mark in {"postgres": lambda n: f"${n}", "sqlite": lambda n: "?"}.items()
}


class UpdateInProgress(Exception):
    """Another attempt at this update is running now; Telegram should redeliver it later."""


def clean_text(text: str | None, limit: int) -> str | None:
    """Cut user text to `limit` and drop what PostgreSQL text cannot hold."""
    if text is None:
        return None
    return text[:limit].encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


@dataclass
class UpdateRecord:
    """What is known about one update; inner layers set its outcome."""

    update_id: int
    update_type: str
    telegram_user_id: int | None = None
    chat_id: int | None = None
    message_id: int | None = None
    command: str | None = None
    text: str | None = None
    status: UpdateStatus = UpdateStatus.SUCCESS
    error_message: str | None = None
    command_known: bool = False  # the command is in the registry (a bounded metrics label)
    row: TelegramWebhook | None = None  # the journal row, once claimed

    @property
    def claimed_row(self) -> TelegramWebhook:
        """The journal row begin() claimed: renew follows a begin() that returned True."""
        assert self.row is not None, f"update {self.update_id} was not claimed"
        return self.row


class UpdateJournal:
    def __init__(self) -> None:
        self._inserts = Batcher(self._insert_batch)

    async def begin(self, record: UpdateRecord) -> bool:
        """Claim the update. True: process it. False: it was completed before, acknowledge it.
        Raises UpdateInProgress when another attempt holds it."""
        now = datetime.now(UTC)
        try:
            row = await TelegramWebhook.create(
                **self._details(record), status=UpdateStatus.PROCESSING, claimed_at=now
            )
        except IntegrityError:
            return await self._claim_existing(record, now)
        record.row = row
        return True

    async def _insert(self, row: dict[str, Any]) -> None:
        """Insert a new row, by a prepared statement (through the ORM, TelegramWebhook.create,
        it took twice the CPU), in a batch with the rows of concurrent updates (a fifth of the
        CPU per row in batches of 16). Returns once this row is in; raises what kept it out
        (IntegrityError: its update_id is taken)."""
        fields = TelegramWebhook._meta.fields_map  # to_db_value: as the database stores it
        await self._inserts(
            [
                User._meta.pk.to_db_value(row["user_id"], User)
                if column == "user_id"
                else fields[column].to_db_value(row[column], TelegramWebhook)
                for column in INSERTED_COLUMNS
            ]
        )

    @staticmethod
    async def _insert_batch(rows: list[list[Any]]) -> list[None | Exception]:
        connection = TelegramWebhook._choose_db()
        insert = INSERT[connection.capabilities.dialect]
        if len(rows) > 1:
            try:
                await connection.execute_many(insert, rows)
                return [None] * len(rows)
            except IntegrityError:
                pass  # a row's update_id is taken, and the batch undone: one by one
        outcomes: list[None | Exception] = []
        for values in rows:
            try:
                await connection.execute_query(insert, values)
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(exc)
        return outcomes

    @staticmethod
    def _details(record: UpdateRecord) -> dict[str, Any]:
        return {
            "update_id": record.update_id,
            "update_type": record.update_type,
            "telegram_user_id": record.telegram_user_id,
            "chat_id": record.chat_id,
            "message_id": record.message_id,
            "command": clean_text(record.command, COMMAND_LIMIT),
            "text": clean_text(record.text, TEXT_LIMIT),
        }

    @staticmethod
    async def _retire(row: TelegramWebhook) -> None:
        """A reused update_id: the old row stays in the audit trail, without its id."""
        await TelegramWebhook.filter(id=row.id, update_id=row.update_id).update(update_id=None)

    async def _claim_existing(self, record: UpdateRecord, now: datetime) -> bool:
        row = await TelegramWebhook.get_or_none(update_id=record.update_id)
        if row is None:  # retired by a concurrent attempt a moment ago
            raise UpdateInProgress
        if now - row.created_at > REDELIVERY_HORIZON:
            await self._retire(row)
            return await self.begin(record)
        if row.status.is_final:
            return False
        if row.status == UpdateStatus.PROCESSING and now - row.claimed_at < PROCESSING_LEASE:
            raise UpdateInProgress
        # The last attempt failed on our side or its worker died: take over, unless another
        # copy just did (the attempts counter is the compare-and-set).
        taken = await TelegramWebhook.filter(id=row.id, attempts=row.attempts).update(
            status=UpdateStatus.PROCESSING, claimed_at=now, attempts=row.attempts + 1
        )
        if not taken:
            raise UpdateInProgress
        record.row = row
        return True

    async def completed(self, update_id: int) -> bool:
        """Whether the update has been completed (or given up on), going by its row."""
        row = await TelegramWebhook.get_or_none(update_id=update_id)
        return (
            row is not None
            and row.status.is_final
            and datetime.now(UTC) - row.created_at <= REDELIVERY_HORIZON
        )

    async def finish(
        self, record: UpdateRecord, user_id: UUID | None, elapsed_ms: int | None
    ) -> None:
        """Store the outcome: on the row begin() claimed, or, for an update claimed in Redis,
        as its row now (one statement on the hot path). `user_id` is the sender's users row if
        known; otherwise it is looked up, since the handler (/start) may have just created it."""
        if user_id is None and record.telegram_user_id is not None:
            # A flat values_list of first() is the value itself; Tortoise types it as a tuple.
            user_id = cast(
                UUID | None,
                await User.filter(telegram_id=record.telegram_user_id)
                .first()
                .values_list("id", flat=True),
            )
        if record.row is None:
            await self._write(record, user_id, elapsed_ms)
            return
        row = record.row
        row.status = record.status
        row.error_message = clean_text(record.error_message, ERROR_LIMIT)
        row.handler_response_time_ms = elapsed_ms
        row.user_id = user_id
        # save(update_fields) reuses Tortoise's cached UPDATE statement: this runs per update.
        await row.save(update_fields=FINISH_FIELDS)

    async def _write(
        self, record: UpdateRecord, user_id: UUID | None, elapsed_ms: int | None
    ) -> None:
        """The row of an update claimed in Redis, written once with its outcome. A row may be
        there already: an earlier attempt's that failed on our side (or one claimed here while
        Redis was down), which this attempt completes; or one of a reused update_id, retired."""
        now = datetime.now(UTC)
        outcome: dict[str, Any] = {
            "status": record.status,
            "error_message": clean_text(record.error_message, ERROR_LIMIT),
            "handler_response_time_ms": elapsed_ms,
            "user_id": user_id,
            "claimed_at": now,
        }
        try:
            await self._insert(
                {**self._details(record), **outcome, "created_at": now, "attempts": 1}
            )
            return
        except IntegrityError:
            row = await TelegramWebhook.get_or_none(update_id=record.update_id)
        if row is None or now - row.created_at > REDELIVERY_HORIZON:
            if row is not None:
                await self._retire(row)
            await TelegramWebhook.create(**self._details(record), **outcome)
            return
        if row.status.is_final:
            log.warning(
                "Update %s was completed before, and again now: Redis had lost its claim",
                record.update_id,
            )
        await TelegramWebhook.filter(id=row.id).update(**outcome, attempts=row.attempts + 1)

    async def renew(self, record: UpdateRecord) -> None:
        """The holder is alive: extend its claim (see heartbeat)."""
        await TelegramWebhook.filter(
            id=record.claimed_row.id, status=UpdateStatus.PROCESSING
        ).update(claimed_at=datetime.now(UTC))

    async def release(self, record: UpdateRecord) -> None:
        """The attempt failed on our side: let the redelivery take the update over at once (an
        update claimed in Redis gets its row now, to show the attempt)."""
        record.status = UpdateStatus.RECEIVED
        if record.row is None:
            await self._write(record, None, None)
            return
        record.row.status = UpdateStatus.RECEIVED
        await record.row.save(update_fields=["status"])

    async def asked_unknown_lately(
        self, record: UpdateRecord, known: Iterable[str], since: datetime
    ) -> bool:
        """Whether this sender typed a command we do not know in their private chat since
        `since`, before this update: then they have seen the command list already."""
        return (
            await TelegramWebhook.filter(
                telegram_user_id=record.telegram_user_id,
                chat_id=record.telegram_user_id,
                command__isnull=False,
                created_at__gte=since,
            )
            .exclude(command__in=list(known))
            .exclude(update_id=record.update_id)
            .exists()
        )
