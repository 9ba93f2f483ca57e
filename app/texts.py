"""Words built from facts, when they are shown: quote lines and the refusals users meet.

Services store and raise codes and numbers; this is where they become sentences, for the bot
and the CLI alike, so the i18n catalogs have one place to take over.
"""

from __future__ import annotations

from datetime import datetime

from app.errors import DomainError
from app.money import Money, percent_text
from app.services.broadcasts import Progress, Segment
from app.services.pricing import Line, PromoRejected
from app.wording import plural, relative, utc
from models import Broadcast, BroadcastStatus, DeliveryStatus

# What a user is told when a service refuses, by the refusal's code. A handler that needs other
# words for the same code says so where it answers.
REFUSALS = {
    "promo.unknown": "There is no such promo code. Check the spelling and try again.",
    "promo.disabled": "This promo code is no longer valid.",
    "promo.expired": "This promo code has expired.",
    "promo.not_for_plan": "This promo code is not valid for this plan.",
    "promo.first_purchase_only": "This promo code is for a first purchase only.",
    "promo.used_up": "This promo code has been used up.",
    "promo.used_up_by_you": "You have already used this promo code.",
    "quote.unavailable": "That price has expired. Send /shop for the current one.",
    "quote.not_free": "That price has expired. Send /shop for the current one.",
    "quote.paid": "That is done already. /subscription shows what you have.",
    "trial.used": "You have had this trial already.",
    "trial.none": "You have had this trial already.",
    "premium.required": "This comes with premium access.",
    "api_key.changed": "Your key has changed since. Send /apikey to see it.",
    # Pre-checkout: Telegram shows these in the payment form, which then closes.
    "payment.forged": "This invoice is not valid. Send /shop to buy.",
    "payment.not_yours": "This invoice belongs to someone else. Send /shop to get your own.",
    "payment.already_paid": "This order is paid already. /orders shows it.",
    "payment.closed": "This invoice is no longer valid. Send /shop for a new one.",
    "payment.unavailable": "This plan is no longer on sale. Send /shop to see what is.",
    "payment.quote_expired": "This price has expired. Tap the button in the chat for today's.",
    "payment.amount_changed": "The price has changed. Tap the button in the chat for today's.",
    "payment.down": "Payments are briefly unavailable. Please try again in a minute.",
    "payment.already_subscribed": "You have this subscription already. /subscription shows it.",
    "subscription.exists": "You have this subscription already. /subscription shows it.",
    "refund.charge_not_found": "Telegram does not know this payment, so it cannot be refunded.",
    "subscription.none": "That subscription has ended. /subscription shows what you have.",
    "subscription.refused": "Telegram did not accept that change. Please try again later.",
    "card.off": "Card payments are not available. Please pay with Stars.",
    "card.no_price": "This plan cannot be paid by card. Please pay with Stars.",
    "card.unavailable": (
        "Card payments are briefly unavailable. Please try again in a minute, or pay with Stars."
    ),
    "card.no_customer": "You have not paid by card yet, so there is nothing to manage.",
    "card.disputed": (
        "Card payments are not available for your account. Pay with Stars, or see /paysupport."
    ),
}
# An order's status as its buyer reads it in /orders.
ORDER_STATUSES = {
    "created": "not paid",
    "awaiting_payment": "awaiting payment",
    "paid": "paid",
    "fulfilled": "paid",
    "expired": "expired",
    "cancelled": "cancelled",
    "refunded": "refunded",
}
UNKNOWN_REFUSAL = "That did not work. Please try again, or send /help."


def refusal(error: DomainError, now: datetime | None = None) -> str:
    """The sentence a user reads for a refusal."""
    if isinstance(error, PromoRejected):
        if error.rule == "not_yet" and error.valid_from is not None and now is not None:
            return (
                f"This promo code can be used {relative(error.valid_from, now)} "
                f"(from {utc(error.valid_from)})."
            )
        if error.rule == "not_for_currency":
            return f"This promo code does not apply to prices in {error.currency}."
    return REFUSALS.get(error.code, UNKNOWN_REFUSAL)


def for_operator(error: DomainError, now: datetime) -> str:
    """A refusal for the CLI: the words its user would read, when users meet it (support sees
    what the user saw), else the service's own sentence."""
    if isinstance(error, PromoRejected) or error.code in REFUSALS:
        return refusal(error, now)
    return error.message


def quote_line(line: Line) -> str:
    """Why a quote's price moved, e.g. "promo code SAVE10, 10 % off"."""
    facts = line.facts
    if "reason" in facts:  # stored before lines held facts
        return str(facts["reason"])
    if "percent_bp" in facts:
        off = f"{percent_text(facts['percent_bp'])} off"
    elif "off" in facts:
        off = f"{Money(facts['off'], line.amount.currency).format()} off"
    else:
        off = line.amount.format()
    name = {
        "newcomer": "newcomer offer",
        "promo": f"promo code {facts.get('code', '')}",
        "referral": "referral discount",
    }.get(line.rule, line.rule.replace("_", " "))
    limited = " (limited by the plan's minimum price)" if facts.get("limited") else ""
    return f"{name}, {off}{limited}"


def refund_notice(amount: str, order_id: int | None, by_card: bool = False) -> str:
    """What a buyer is told when their payment is given back, whoever gave it."""
    what = f" for order #{order_id}" if order_id is not None else ""
    where = "your card" if by_card else "your Telegram Stars balance"
    return f"Your payment of {amount}{what} was refunded to {where}."


def headline(broadcast: Broadcast) -> str:
    when = ""
    if broadcast.status == BroadcastStatus.SCHEDULED and broadcast.send_at is not None:
        when = f" at {utc(broadcast.send_at)}"
    what = f"signal #{broadcast.signal_id}" if broadcast.signal_id else "message"
    return f"#{broadcast.id} {broadcast.status}{when}: {what} to {Segment.of(broadcast).describe()}"


def progress_bar(done: int, total: int, width: int = 20) -> str:
    """ "▓▓▓▓▓░░░░░░░░░░░░░░░ 25 %" """
    share = done / total if total else 1.0
    filled = int(share * width)
    return f"{'▓' * filled}{'░' * (width - filled)} {int(share * 100)} %"


def broadcast_report(progress: Progress) -> list[str]:
    broadcast, counts = progress.broadcast, progress.counts
    lines = [f"Broadcast {headline(broadcast)}"]
    if broadcast.started_at is None:
        if broadcast.status == BroadcastStatus.CANCELLED:
            return [*lines, "It was cancelled before it started: nobody got it."]
        return [*lines, "Recipients are chosen when it starts."]
    lines.append(
        f"{plural(progress.total, 'recipient')}: sent {counts[DeliveryStatus.SENT]}, "
        f"failed {counts[DeliveryStatus.FAILED]}, blocked {counts[DeliveryStatus.BLOCKED]}, "
        f"left {progress.left}"
    )
    if broadcast.status in {BroadcastStatus.SENDING, BroadcastStatus.PAUSED}:
        lines.append(progress_bar(progress.done, progress.total))
    if broadcast.status == BroadcastStatus.SENDING:
        eta = f", about {progress.eta} left" if progress.eta is not None else ""
        lines.append(f"Rate {progress.rate:.1f} messages/s over the last minute{eta}")
    if progress.clicks:
        lines.append("Clicks: " + ", ".join(f"{text} {n}" for text, n in progress.clicks))
    lines.append(f"Paid orders by recipients within 7 days: {progress.orders}")
    return lines
