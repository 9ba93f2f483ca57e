from tortoise import fields
from tortoise.models import Model


class TelegramCommand(Model):
    """A bot command as admins manage it: routing, access rules and the menu text."""

    id = fields.IntField(primary_key=True)
    command = fields.CharField(max_length=32, unique=True)
    category = fields.CharField(max_length=16)  # a key of the registry's CATEGORIES
    description = fields.CharField(max_length=256)
    # Descriptions in other languages, {"ru": "..."}, for the per-language command menus.
    translations: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)
    requires_auth = fields.BooleanField(default=True)
    requires_premium = fields.BooleanField(default=False)
    handler_class = fields.CharField(max_length=64)
    enabled = fields.BooleanField(default=True)
    sort_order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "telegram_commands"
        ordering = ("sort_order", "command")
