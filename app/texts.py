"""Words built from facts, when they are shown: quote lines and the refusals users meet.

Services store and raise codes and numbers; this is where they become sentences, for the bot
and the CLI alike. Every text is marked for the catalogs and translated where it is built, in
the language of the moment: the user's in the bot, English in the CLI.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.numbers import format_decimal

from app.errors import DomainError
from app.i18n import N_, _, current, date, localized, money, ngettext, number, percent
from app.money import Money
from app.services.broadcasts import Progress, Segment
from app.services.pricing import Line, PromoRejected
from app.wording import duration, relative, utc
from models import Broadcast, BroadcastStatus, DeliveryStatus, Order

# What a user is told when a service refuses, by the refusal's code. A handler that needs other
# words for the same code says so where it answers. Marked here, translated where shown.
REFUSALS = {
    "promo.unknown": N_("There is no such promo code. Check the spelling and try again."),
    "promo.disabled": N_("This promo code is no longer valid."),
    "promo.expired": N_("This promo code has expired."),
    "promo.not_for_plan": N_("This promo code is not valid for this plan."),
    "promo.first_purchase_only": N_("This promo code is for a first purchase only."),
    "promo.used_up": N_("This promo code has been used up."),
    "promo.used_up_by_you": N_("You have already used this promo code."),
    "quote.unavailable": N_("That price has expired. Send /shop for the current one."),
    "quote.not_free": N_("That price has expired. Send /shop for the current one."),
    "quote.paid": N_("That is done already. /subscription shows what you have."),
    "trial.used": N_("You have had this trial already."),
    "trial.none": N_("You have had this trial already."),
    "premium.required": N_("This comes with premium access."),
    "api_key.changed": N_("Your key has changed since. Send /apikey to see it."),
    # Pre-checkout: Telegram shows these in the payment form, which then closes.
    "payment.forged": N_("This invoice is not valid. Send /shop to buy."),
    "payment.not_yours": N_("This invoice belongs to someone else. Send /shop to get your own."),
    "payment.already_paid": N_("This order is paid already. /orders shows it."),
    "payment.closed": N_("This invoice is no longer valid. Send /shop for a new one."),
    "payment.unavailable": N_("This plan is no longer on sale. Send /shop to see what is."),
    "payment.quote_expired": N_("This price has expired. Tap the button in the chat for today's."),
    "payment.amount_changed": N_("The price has changed. Tap the button in the chat for today's."),
    "payment.down": N_("Payments are briefly unavailable. Please try again in a minute."),
    "payment.already_subscribed": N_("You have this subscription already. /subscription shows it."),
    "subscription.exists": N_("You have this subscription already. /subscription shows it."),
    "refund.charge_not_found": N_("Telegram does not know this payment, so it cannot be refunded."),
    "subscription.none": N_("That subscription has ended. /subscription shows what you have."),
    "subscription.refused": N_("Telegram did not accept that change. Please try again later."),
    "card.off": N_("Card payments are not available. Please pay with Stars."),
    "card.no_price": N_("This plan cannot be paid by card. Please pay with Stars."),
    "card.unavailable": N_(
        "Card payments are briefly unavailable. Please try again in a minute, or pay with Stars."
    ),
    "card.no_customer": N_("You have not paid by card yet, so there is nothing to manage."),
    "card.disputed": N_(
        "Card payments are not available for your account. Pay with Stars, or see /paysupport."
    ),
}
# An order as its buyer reads it in /orders, by its status: whole lines, so that a status word
# ("paid") is never a msgid of its own, which other texts would share.
ORDER_LINES = {
    "created": N_("#{id} · {date} · {product} · {plan} · {price} · not paid"),
    "awaiting_payment": N_("#{id} · {date} · {product} · {plan} · {price} · awaiting payment"),
    "paid": N_("#{id} · {date} · {product} · {plan} · {price} · paid"),
    "fulfilled": N_("#{id} · {date} · {product} · {plan} · {price} · paid"),
    "expired": N_("#{id} · {date} · {product} · {plan} · {price} · expired"),
    "cancelled": N_("#{id} · {date} · {product} · {plan} · {price} · cancelled"),
    "refunded": N_("#{id} · {date} · {product} · {plan} · {price} · refunded"),
}
UNKNOWN_REFUSAL = N_("That did not work. Please try again, or send /help.")
# The names of the pricing rules in a quote's lines (a promo code's name carries its code).
RULE_NAMES = {
    "newcomer": N_("newcomer offer"),
    "referral": N_("referral discount"),
}


def refusal(error: DomainError, now: datetime | None = None) -> str:
    """The sentence a user reads for a refusal."""
    if isinstance(error, PromoRejected):
        if error.rule == "not_yet" and error.valid_from is not None and now is not None:
            return _("This promo code can be used {when} (from {moment}).").format(
                when=relative(error.valid_from, now), moment=date(error.valid_from)
            )
        if error.rule == "not_for_currency":
            return _("This promo code does not apply to prices in {currency}.").format(
                currency=error.currency
            )
    return _(REFUSALS.get(error.code, UNKNOWN_REFUSAL))


def order_line(order: Order) -> str:
    """One of /orders' lines: what, how much, when, and where it stands. The order's plan and
    product are fetched."""
    free = order.amount == 0
    price = _("free of charge") if free else money(Money(order.amount, order.currency))
    facts = {
        "id": order.id,
        "date": date(order.created_at),
        "product": localized(order.plan.product, "title"),
        "plan": localized(order.plan, "title"),
        "price": price,
    }
    pattern = ORDER_LINES.get(order.status)
    if pattern is None:  # a status newer than these words: its code
        return " · ".join([f"#{order.id}", *map(str, list(facts.values())[1:]), order.status])
    return _(pattern).format(**facts)


def for_operator(error: DomainError, now: datetime) -> str:
    """A refusal for the CLI: the words its user would read, when users meet it (support sees
    what the user saw), else the service's own sentence."""
    if isinstance(error, PromoRejected) or error.code in REFUSALS:
        return refusal(error, now)
    return error.message


def quote_line(line: Line) -> str:
    """Why a quote's price moved, e.g. "promo code SAVE10, 10 % off"."""
    facts = line.facts
    if "reason" in facts:  # stored before lines held facts: the words of that time
        return str(facts["reason"])
    if "percent_bp" in facts:
        off = _("{percent} off").format(percent=percent(facts["percent_bp"]))
    elif "off" in facts:
        off = _("{amount} off").format(amount=money(Money(facts["off"], line.amount.currency)))
    else:
        off = money(line.amount)
    if line.rule == "promo":
        name = _("promo code {code}").format(code=facts.get("code", ""))
    elif line.rule in RULE_NAMES:
        name = _(RULE_NAMES[line.rule])
    else:  # a rule newer than these words: its code, made readable
        name = line.rule.replace("_", " ")
    if facts.get("limited"):
        return _("{name}, {off} (limited by the plan's minimum price)").format(name=name, off=off)
    return _("{name}, {off}").format(name=name, off=off)


def refund_notice(amount: str | Money, order_id: int | None, by_card: bool = False) -> str:
    """What a buyer is told when their payment is given back, whoever gave it. `amount` is
    best given as Money, written here the reader's way."""
    shown = money(amount) if isinstance(amount, Money) else amount
    if order_id is None:
        if by_card:
            text = _("Your payment of {amount} was refunded to your card.")
        else:
            text = _("Your payment of {amount} was refunded to your Telegram Stars balance.")
        return text.format(amount=shown)
    if by_card:
        text = _("Your payment of {amount} for order #{order_id} was refunded to your card.")
    else:
        text = _(
            "Your payment of {amount} for order #{order_id} was refunded to your Telegram "
            "Stars balance."
        )
    return text.format(amount=shown, order_id=order_id)


# A broadcast's headline by its status: whole sentences, as word order differs by language.
HEADLINES = {
    BroadcastStatus.DRAFT: N_("#{id} draft: {what} {audience}"),
    BroadcastStatus.SCHEDULED: N_("#{id} scheduled: {what} {audience}"),
    BroadcastStatus.SENDING: N_("#{id} sending: {what} {audience}"),
    BroadcastStatus.PAUSED: N_("#{id} paused: {what} {audience}"),
    BroadcastStatus.DONE: N_("#{id} done: {what} {audience}"),
    BroadcastStatus.CANCELLED: N_("#{id} cancelled: {what} {audience}"),
}
# Who a broadcast goes to, by the segment the operator wrote ("all", "expired:30").
AUDIENCES = {
    "all": N_("to all"),
    "premium": N_("to premium"),
    "free": N_("to free"),
    "signal": N_("to signal"),
    "affiliates": N_("to affiliates"),
}


def audience(segment: Segment) -> str:
    """ "to premium", "to expired:30", "to 3 chosen chats": the segment as the operator wrote
    it, in the reader's words."""
    if segment.kind == "ids":
        count = len(segment.chat_ids)
        return ngettext("to {n} chosen chat", "to {n} chosen chats", count).format(n=number(count))
    if segment.kind == "channel":
        return _("to channel {chat_id}").format(chat_id=segment.chat_ids[0])
    if segment.kind == "expired" and segment.argument.isdigit():
        days = int(segment.argument)
        return ngettext("to expired:{n}", "to expired:{n}", days).format(n=days)
    if segment.kind == "language":
        return _("to language:{code}").format(code=segment.argument)
    if segment.kind == "campaign":
        return _("to campaign:{name}").format(name=segment.argument)
    if segment.kind in AUDIENCES and not segment.argument:
        return _(AUDIENCES[segment.kind])
    return _("to {segment}").format(segment=segment)


def headline(broadcast: Broadcast) -> str:
    """ "#3 scheduled at 2030-01-01 08:00 UTC: message to all" """
    signal = _("signal #{id}").format(id=broadcast.signal_id) if broadcast.signal_id else None
    what = signal or _("message")
    facts = {"id": broadcast.id, "what": what, "audience": audience(Segment.of(broadcast))}
    if broadcast.status == BroadcastStatus.SCHEDULED and broadcast.send_at is not None:
        # The ISO moment reads the same in every language, and the CLI's tests know it.
        text = _("#{id} scheduled at {moment}: {what} {audience}")
        return text.format(moment=utc(broadcast.send_at), **facts)
    return _(HEADLINES[BroadcastStatus(broadcast.status)]).format(**facts)


def progress_bar(done: int, total: int, width: int = 20) -> str:
    """ "▓▓▓▓▓░░░░░░░░░░░░░░░ 25 %" """
    share = done / total if total else 1.0
    filled = int(share * width)
    return f"{'▓' * filled}{'░' * (width - filled)} {int(share * 100)} %"


def broadcast_report(progress: Progress) -> list[str]:
    broadcast, counts = progress.broadcast, progress.counts
    lines = [_("Broadcast {headline}").format(headline=headline(broadcast))]
    if broadcast.started_at is None:
        if broadcast.status == BroadcastStatus.CANCELLED:
            return [*lines, _("It was cancelled before it started: nobody got it.")]
        return [*lines, _("Recipients are chosen when it starts.")]
    lines.append(
        ngettext(
            "{n} recipient: sent {sent}, failed {failed}, blocked {blocked}, left {left}",
            "{n} recipients: sent {sent}, failed {failed}, blocked {blocked}, left {left}",
            progress.total,
        ).format(
            n=number(progress.total),
            sent=number(counts[DeliveryStatus.SENT]),
            failed=number(counts[DeliveryStatus.FAILED]),
            blocked=number(counts[DeliveryStatus.BLOCKED]),
            left=number(progress.left),
        )
    )
    if broadcast.status in {BroadcastStatus.SENDING, BroadcastStatus.PAUSED}:
        lines.append(progress_bar(progress.done, progress.total))
    if broadcast.status == BroadcastStatus.SENDING:
        rate = format_decimal(Decimal(f"{progress.rate:.1f}"), "0.0", locale=current())
        if progress.eta is not None:
            text = _("Rate {rate} messages/s over the last minute, about {eta} left")
            lines.append(text.format(rate=rate, eta=duration(progress.eta.total_seconds())))
        else:
            lines.append(_("Rate {rate} messages/s over the last minute").format(rate=rate))
    if progress.clicks:
        clicks = ", ".join(f"{text} {number(n)}" for text, n in progress.clicks)
        lines.append(_("Clicks: {clicks}").format(clicks=clicks))
    lines.append(
        _("Paid orders by recipients within 7 days: {orders}").format(
            orders=number(progress.orders)
        )
    )
    return lines
