from enum import IntEnum
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.users import User


class UpdateStatus(IntEnum):
    """What became of an update; stored as a small integer in `telegram_webhooks.status`."""

    RECEIVED = 0  # accepted, waiting to be (re)processed: its last attempt failed on our side
    PROCESSING = 1  # a worker holds it
    SUCCESS = 2
    ERROR = 3  # a handler raised; the user was told and the update acknowledged
    THROTTLED = 4
    IGNORED = 5  # nothing to do: a command for another bot, chatter in a group, an unused type

    @property
    def is_final(self) -> bool:
        return self not in (UpdateStatus.RECEIVED, UpdateStatus.PROCESSING)


class TelegramWebhook(Model):
    """One row per update that passed the secret check: the audit trail and the last line of
    idempotency (`update_id` is unique)."""

    id = fields.BigIntField(primary_key=True)
    # Null once retired: Telegram may reuse an id after a quiet week (see UpdateJournal).
    update_id = fields.BigIntField(unique=True, null=True)
    telegram_user_id = fields.BigIntField(null=True)
    user: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="updates", null=True, on_delete=fields.SET_NULL
    )
    user_id: UUID | None
    chat_id = fields.BigIntField(null=True)
    message_id = fields.BigIntField(null=True)
    update_type = fields.CharField(max_length=32)
    command = fields.CharField(max_length=64, null=True, db_index=True)
    text = fields.CharField(max_length=512, null=True)
    status = fields.IntEnumField(UpdateStatus, default=UpdateStatus.PROCESSING)
    error_message = fields.CharField(max_length=255, null=True)
    handler_response_time_ms = fields.IntField(null=True)
    attempts = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    # When the current attempt started: a PROCESSING row older than the lease was abandoned.
    claimed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "telegram_webhooks"
        indexes = (("telegram_user_id", "created_at"),)
