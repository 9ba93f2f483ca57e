from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.signals import Signal
    from models.users import User


class BroadcastKind(StrEnum):
    MESSAGE = "message"  # composed by an admin
    SIGNAL = "signal"  # a new premium signal, fanned out to premium members and the channel


class BroadcastStatus(StrEnum):
    DRAFT = "draft"  # composed; nothing sent until it is started
    SCHEDULED = "scheduled"  # starts at send_at
    SENDING = "sending"  # recipients chosen; going out
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


class MediaKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


class Broadcast(Model):
    """A message for many chats. Its text is Telegram HTML; its segment is a code (all, premium,
    free, expired:DAYS, affiliates, language:CODE, campaign:NAME, ids, channel) whose recipients
    are chosen once, when sending starts."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(BroadcastKind, max_length=8, default=BroadcastKind.MESSAGE)
    status = fields.CharEnumField(BroadcastStatus, max_length=16, default=BroadcastStatus.DRAFT)
    segment = fields.CharField(max_length=80)
    # The chats of the ids and channel segments.
    chat_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    text = fields.TextField(default="")
    media_kind = fields.CharEnumField(MediaKind, max_length=8, null=True)
    media = fields.CharField(max_length=512, null=True)  # a Telegram file_id or an https URL
    # The signal a SIGNAL broadcast carries: one broadcast per signal, however often it arrives.
    signal: fields.OneToOneNullableRelation["Signal"] = fields.OneToOneField(
        "models.Signal", related_name="broadcast", on_delete=fields.CASCADE, null=True
    )
    signal_id: int | None
    send_at = fields.DatetimeField(null=True)
    created_by = fields.BigIntField(null=True)  # the admin's Telegram id; None from the CLI
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    buttons: fields.ReverseRelation["BroadcastButton"]

    class Meta:
        table = "broadcasts"
        indexes = (("status", "send_at"),)


class BroadcastButton(Model):
    """A button under a broadcast: a link, whose presses go through the web app's redirect,
    which counts them; or a command, run for whoever presses it."""

    id = fields.IntField(primary_key=True)
    broadcast: fields.ForeignKeyRelation[Broadcast] = fields.ForeignKeyField(
        "models.Broadcast", related_name="buttons", on_delete=fields.CASCADE
    )
    broadcast_id: int
    position = fields.SmallIntField()
    text = fields.CharField(max_length=64)
    url = fields.CharField(max_length=1024, default="")  # "" for a command button
    # A command button runs this command (without the slash) for whoever presses it.
    command = fields.CharField(max_length=32, null=True)
    clicks = fields.IntField(default=0)

    class Meta:
        table = "broadcast_buttons"
        unique_together = (("broadcast", "position"),)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender until claimed_until
    SENT = "sent"
    FAILED = "failed"  # Telegram refused it (the error says why) or it kept failing
    BLOCKED = "blocked"  # the user blocked the bot


class BroadcastRecipient(Model):
    """One chat of a broadcast and what became of its message: the durable state that lets a
    broadcast resume after a crash without sending anyone the message twice."""

    id = fields.BigIntField(primary_key=True)
    broadcast: fields.ForeignKeyRelation[Broadcast] = fields.ForeignKeyField(
        "models.Broadcast", related_name="recipients", on_delete=fields.CASCADE
    )
    broadcast_id: int
    chat_id = fields.BigIntField()
    user: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", related_name="deliveries", on_delete=fields.SET_NULL, null=True
    )
    user_id: UUID | None
    status = fields.CharEnumField(DeliveryStatus, max_length=8, default=DeliveryStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField()
    claimed_until = fields.DatetimeField(null=True)
    # The claim a sender holds it by: only that sender records what became of it.
    claim = fields.CharField(max_length=32, null=True)
    message_id = fields.BigIntField(null=True)
    error = fields.CharField(max_length=200, null=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "broadcast_recipients"
        unique_together = (("broadcast", "chat_id"),)
        indexes = (("broadcast_id", "status", "next_attempt_at"),)


class Campaign(Model):
    """A marketing link (t.me/<bot>?start=c_<code>) and the users it brought."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    code = fields.CharField(max_length=16, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "campaigns"


class CampaignClick(Model):
    """A /start through a campaign's link, by a new user or not."""

    id = fields.BigIntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="clicks", on_delete=fields.CASCADE
    )
    campaign_id: int
    telegram_user_id = fields.BigIntField()
    # The /start message: a redelivered update is the same click, not another.
    message_id = fields.BigIntField()
    new_user = fields.BooleanField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "campaign_clicks"
        unique_together = (("telegram_user_id", "message_id"),)


class CampaignMember(Model):
    """A user's first campaign (first touch), set at the first /start through any campaign
    link; signed_up when that /start registered them."""

    id = fields.IntField(primary_key=True)
    campaign: fields.ForeignKeyRelation[Campaign] = fields.ForeignKeyField(
        "models.Campaign", related_name="members", on_delete=fields.CASCADE
    )
    campaign_id: int
    user: fields.OneToOneRelation["User"] = fields.OneToOneField(
        "models.User", related_name="campaign", on_delete=fields.CASCADE
    )
    user_id: UUID
    signed_up = fields.BooleanField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "campaign_members"
