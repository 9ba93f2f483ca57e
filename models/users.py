from tortoise import fields
from tortoise.models import Model


class User(Model):
    """Someone who sent /start. Telegram ids are 64-bit."""

    id = fields.UUIDField(primary_key=True)
    telegram_id = fields.BigIntField(unique=True)
    username = fields.CharField(max_length=32, null=True)
    first_name = fields.CharField(max_length=64, null=True)
    language_code = fields.CharField(max_length=16, null=True)  # Telegram's, kept fresh
    language = fields.CharField(max_length=8, null=True)  # chosen with /language; wins
    # The deep-link payload of the first /start, kept for attribution.
    start_payload = fields.CharField(max_length=64, null=True)
    # The message of that /start: its redelivery is greeted as the first time, not "back".
    start_message_id = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField(auto_now_add=True)
    # Telegram answered 403 (the user blocked the bot): nothing is sent until they write again.
    blocked_at = fields.DatetimeField(null=True)
    # New premium signals are sent to them as they arrive (/notifications off|on).
    signal_notifications = fields.BooleanField(default=True)

    class Meta:
        table = "users"
