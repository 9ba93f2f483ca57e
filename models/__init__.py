"""Tortoise models, one module per domain; this package is the app Tortoise and aerich load."""

from models.catalog import Plan, PlanPrice, Product
from models.commands import CommandCategory, TelegramCommand
from models.entitlements import (
    EntitlementEvent,
    EntitlementGrant,
    EntitlementReminder,
    GrantSource,
    GrantStatus,
    ReminderKind,
    TrialUse,
)
from models.pricing import PromoCode, PromoKind, PromoReservation, Quote, QuoteStatus
from models.users import User
from models.webhooks import TelegramWebhook, UpdateStatus

__all__ = [
    "CommandCategory",
    "EntitlementEvent",
    "EntitlementGrant",
    "EntitlementReminder",
    "GrantSource",
    "GrantStatus",
    "Plan",
    "PlanPrice",
    "Product",
    "PromoCode",
    "PromoKind",
    "PromoReservation",
    "Quote",
    "QuoteStatus",
    "ReminderKind",
    "TelegramCommand",
    "TelegramWebhook",
    "TrialUse",
    "UpdateStatus",
    "User",
]
