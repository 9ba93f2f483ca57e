from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.users import User


class ChannelActionKind(StrEnum):
    INVITE = "invite"
    REMOVE = "remove"


class ChannelActionStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    DROPPED = "dropped"  # no longer wanted: access changed again before it went through


class ChannelAction(Model):
    """A premium-channel change that Telegram refused (the bot lost its admin rights, the
    channel is gone, the Bot API was down), retried by the background job until it goes
    through or is no longer wanted."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="channel_actions", on_delete=fields.CASCADE
    )
    user_id: UUID
    key = fields.CharField(max_length=64)
    kind = fields.CharEnumField(ChannelActionKind, max_length=8)
    status = fields.CharEnumField(
        ChannelActionStatus, max_length=8, default=ChannelActionStatus.PENDING
    )
    attempts = fields.IntField(default=1)
    last_error = fields.CharField(max_length=255, default="")
    next_attempt_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "channel_actions"
        indexes = (("status", "next_attempt_at"),)
