"""Tortoise models, one module per domain; this package is the app Tortoise and aerich load."""

from models.affiliates import (
    Affiliate,
    AffiliateClick,
    Commission,
    CommissionKind,
    Payout,
    PayoutStatus,
    Referral,
)
from models.catalog import Plan, PlanPrice, Product
from models.channel import ChannelAction, ChannelActionKind, ChannelActionStatus
from models.commands import TelegramCommand
from models.entitlements import (
    EntitlementEvent,
    EntitlementGrant,
    EntitlementReminder,
    GrantSource,
    GrantStatus,
    ReminderKind,
    TrialUse,
)
from models.ledger import Account, EntryKind, LedgerEntry, LedgerLine
from models.orders import (
    OPEN_STATUSES,
    ORDER_TRANSITIONS,
    PAID_STATUSES,
    Order,
    OrderKind,
    OrderStatus,
    OrderTransition,
    Payment,
    PaymentOutcome,
    StarSubscription,
    SubscriptionProvider,
    SubscriptionStatus,
)
from models.pricing import PromoCode, PromoKind, PromoReservation, Quote, QuoteStatus
from models.signals import ApiKey, Signal, SignalApproval, SignalTier
from models.stripe import StripeCustomer, StripeEvent, StripeEventStatus
from models.users import User
from models.webhooks import TelegramWebhook, UpdateStatus

__all__ = [
    "StripeCustomer",
    "SubscriptionProvider",
    "StripeEvent",
    "StripeEventStatus",
    "Account",
    "EntryKind",
    "LedgerEntry",
    "LedgerLine",
    "OPEN_STATUSES",
    "ORDER_TRANSITIONS",
    "PAID_STATUSES",
    "Order",
    "OrderKind",
    "OrderStatus",
    "OrderTransition",
    "Payment",
    "PaymentOutcome",
    "StarSubscription",
    "SubscriptionStatus",
    "Affiliate",
    "AffiliateClick",
    "ApiKey",
    "Commission",
    "CommissionKind",
    "Payout",
    "PayoutStatus",
    "Referral",
    "Signal",
    "SignalApproval",
    "SignalTier",
    "ChannelAction",
    "ChannelActionKind",
    "ChannelActionStatus",
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
