"""Tortoise models, one module per domain; this package is the app Tortoise and aerich load."""

from models.commands import CommandCategory, TelegramCommand
from models.users import User
from models.webhooks import TelegramWebhook, UpdateStatus

__all__ = ["CommandCategory", "TelegramCommand", "TelegramWebhook", "UpdateStatus", "User"]
