"""Acting on Stripe's events: each stored event is claimed by one worker, handed to the card
payments service by its type, and whoever it concerns is told. The webhook starts each new
event on its own task (a slow one holds up no other, and never the webhook's answer); the
maintenance job retries failed ones with backoff and takes up any a stopped worker dropped.
No update sets a language here: the buyer is told in theirs, each admin in theirs."""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import stripe

from app.i18n import _, date, localized, money
from app.infrastructure import is_infrastructure_error
from app.money import Money
from app.notifier import Notifier, Words, who
from app.services.cards import CardPayments, NotOurs, NotYet, StripeUnavailable
from app.services.payments import Refund
from app.services.stripe_events import StripeEventStore
from app.settling import Settler
from app.texts import refund_notice
from models import Payment, StripeEvent, StripeEventStatus, SubscriptionStatus, User

log = logging.getLogger(__name__)

# After this many failed attempts (about an hour of backoff), admins hear of the event once.
ALERT_AFTER = 6
# Events acted on at once by one process; more wait their turn (already acknowledged).
CONCURRENCY = 16
# Failures that will pass by themselves: logged as a warning, not as a bug.
TRANSIENT = (
    NotYet,
    StripeUnavailable,
    stripe.APIConnectionError,
    stripe.RateLimitError,
    stripe.APIError,
)

Handler = Callable[[StripeEvent, datetime], Awaitable[None]]


def object_id(event: StripeEvent) -> str:
    """The id of the object an event is about: its handler re-reads the object from Stripe."""
    return str(event.payload["data"]["object"]["id"])


def receipt_claim(event: StripeEvent) -> int:
    """The claim an event makes on its payment's receipt (a Telegram update id makes it for a
    Stars one): the receipt goes out once, from the first event to claim it, and again only
    from that event retried after it failed. Negative: never a Telegram update id."""
    return -1 - zlib.crc32(event.id.encode())


class StripeProcessor:
    def __init__(
        self,
        events: StripeEventStore,
        cards: CardPayments,
        settler: Settler,
        notifier: Notifier,
    ) -> None:
        self.events = events
        self.cards = cards
        self.settler = settler
        self.notifier = notifier
        self._slots = asyncio.Semaphore(CONCURRENCY)
        self._tasks: set[asyncio.Task[bool]] = set()
        self.handlers: dict[str, Handler] = {
            "checkout.session.completed": self._session_paid,
            "checkout.session.async_payment_succeeded": self._session_paid,
            "checkout.session.async_payment_failed": self._session_failed,
            "checkout.session.expired": self._session_expired,
            "invoice.paid": self._invoice_paid,
            "invoice.payment_failed": self._invoice_failed,
            "customer.subscription.updated": self._subscription_changed,
            "customer.subscription.deleted": self._subscription_changed,
            "charge.refunded": self._charge_refunded,
            "charge.dispute.created": self._dispute_opened,
            "charge.dispute.closed": self._dispute_closed,
        }

    # Running

    def acts_on(self, event_type: str) -> bool:
        """Whether events of this type do anything here (the others are stored as ignored)."""
        return event_type in self.handlers

    def start(self, event_id: str) -> None:
        """Act on a just-recorded event on a task of its own."""
        task = asyncio.create_task(self._in_turn(event_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _in_turn(self, event_id: str) -> bool:
        async with self._slots:
            return await self.process(event_id, datetime.now(UTC))

    async def drain(self) -> None:
        """Wait for the events started here (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def process_due(self, now: datetime) -> int:
        """The job's part: retry what failed and take up what was dropped; how many were done."""
        done = 0
        for event_id in await self.events.due(now):
            done += await self.process(event_id, now)
        return done

    async def process(self, event_id: str, now: datetime) -> bool:
        """Act on the event once, if no other worker has it; True when it is done."""
        event = await self.events.claim(event_id, now)
        if event is None:
            return False
        handler = self.handlers.get(event.type)
        if handler is None:  # stored and acknowledged: a type we do not act on
            await self.events.finish(event, StripeEventStatus.IGNORED, now)
            return True
        try:
            await handler(event, now)
        except NotOurs as foreign:
            await self.events.finish(event, StripeEventStatus.IGNORED, now, str(foreign))
            return True
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, TRANSIENT) or is_infrastructure_error(exc):
                log.warning("Stripe event %s (%s) postponed: %s", event.id, event.type, error)
            else:
                log.exception("Stripe event %s (%s) failed", event.id, event.type)
            await self.events.fail(event, error, now)
            if event.attempts == ALERT_AFTER:
                attempts = event.attempts
                await self.notifier.tell_admins(
                    lambda: _(
                        "⚠️ Stripe event {event} ({type}) failed {attempts} times, last with "
                        "{error}. It is tried again every hour or less; stripe_events holds it."
                    ).format(event=event.id, type=event.type, attempts=attempts, error=error[:300])
                )
            return False
        await self.events.finish(event, StripeEventStatus.PROCESSED, now)
        return True

    # Telling

    def _tell(self, user: User | None) -> Callable[[Words], Awaitable[object]] | None:
        """How to tell the user something, when they can be told: a text given as a function
        is written in their language."""
        if user is None or user.blocked_at is not None:
            return None

        async def tell(text: Words) -> object:
            return await self.notifier.send(user, text)

        return tell

    async def _finish(self, payment: Payment | None, event: StripeEvent) -> None:
        if payment is None:
            return  # not paid yet: its success comes as another event
        user = await User.get_or_none(telegram_id=payment.telegram_user_id)
        await self.settler.finish(payment, user, self._tell(user), receipt_claim(event))

    # The events

    async def _session_paid(self, event: StripeEvent, now: datetime) -> None:
        await self._finish(await self.cards.session_paid(object_id(event), now), event)

    async def _invoice_paid(self, event: StripeEvent, now: datetime) -> None:
        await self._finish(await self.cards.invoice_paid(object_id(event), now), event)

    async def _session_expired(self, event: StripeEvent, now: datetime) -> None:
        session_id = object_id(event)
        await self.cards.session_closed(session_id, "session_expired", now)

    async def _session_failed(self, event: StripeEvent, now: datetime) -> None:
        session_id = object_id(event)
        order = await self.cards.session_closed(session_id, "payment_failed", now)
        if order is None:
            return
        await order.fetch_related("user")
        tell = self._tell(order.user)
        if tell is not None:
            order_id = order.id
            await tell(
                lambda: _(
                    "Your bank did not complete the payment for order #{order}, so nothing was "
                    "charged. Send /shop to try again."
                ).format(order=order_id)
            )

    async def _invoice_failed(self, event: StripeEvent, now: datetime) -> None:
        invoice_id = object_id(event)
        failed = await self.cards.invoice_failed(invoice_id, now)
        if failed is None:
            return
        tell = self._tell(failed.user)
        if tell is None:
            return
        renewed, grace_until = failed.plan, failed.grace_until

        def declined() -> str:
            product, plan = localized(renewed.product, "title"), localized(renewed, "title")
            if grace_until is None:
                text = _(
                    "Your card was declined for the renewal of {product} · {plan}. Stripe will "
                    "try it again; /billing updates your card."
                )
                return text.format(product=product, plan=plan)
            text = _(
                "Your card was declined for the renewal of {product} · {plan}. Stripe will try "
                "it again; /billing updates your card. Your access continues until {moment}."
            )
            return text.format(product=product, plan=plan, moment=date(grace_until))

        await tell(declined)

    async def _subscription_changed(self, event: StripeEvent, now: datetime) -> None:
        subscription_id = object_id(event)
        subscription = await self.cards.subscription_changed(subscription_id, now)
        if subscription is None or subscription.status != SubscriptionStatus.ENDED:
            return
        tell = self._tell(subscription.user)
        if tell is not None:
            ended = subscription.plan
            await tell(
                lambda: _(
                    "Your card subscription to {product} · {plan} has ended; it renews no more. "
                    "/subscription shows what you have."
                ).format(product=localized(ended.product, "title"), plan=localized(ended, "title"))
            )

    async def _charge_refunded(self, event: StripeEvent, now: datetime) -> None:
        charge_id = object_id(event)
        result = await self.cards.charge_refunded(charge_id, now)
        if isinstance(result, Refund):
            await self._refunded(result)
        elif isinstance(result, Payment):
            user = await User.get_or_none(telegram_id=result.telegram_user_id)
            tell = self._tell(user)
            if tell is not None:
                refunded, order_id = Money(result.refunded_amount, result.currency), result.order_id
                await tell(
                    lambda: _(
                        "{amount} of your payment for order #{order} was refunded to your card."
                    ).format(amount=money(refunded), order=order_id)
                )

    async def _refunded(self, refund: Refund) -> None:
        if refund.user is None:
            return
        await self.notifier.apply(refund.changes, {refund.user.id: refund.user})
        tell = self._tell(refund.user)
        if tell is not None:
            paid = Money(refund.payment.amount, refund.payment.currency)
            order_id = refund.order.id if refund.order is not None else None
            await tell(lambda: refund_notice(paid, order_id, by_card=True))

    async def _dispute_opened(self, event: StripeEvent, now: datetime) -> None:
        dispute_id = object_id(event)
        refund = await self.cards.dispute_opened(dispute_id, now)
        if refund is None:
            return
        if refund.user is not None:
            await self.notifier.apply(refund.changes, {refund.user.id: refund.user})
        payment = refund.payment
        buyer = who(refund.user) if refund.user is not None else str(payment.telegram_user_id)
        paid = Money(payment.amount, payment.currency)
        await self.notifier.tell_admins(
            lambda: _(
                "⚠️ {buyer} disputed card payment {charge} of {amount} (order #{order}) with "
                "their bank: the order's access is revoked and card payments are closed to "
                "them. Answer the dispute in Stripe's Dashboard."
            ).format(
                buyer=buyer, charge=payment.charge_id, amount=money(paid), order=payment.order_id
            )
        )

    async def _dispute_closed(self, event: StripeEvent, now: datetime) -> None:
        dispute_id = object_id(event)
        payment = await self.cards.dispute_closed(dispute_id, now)
        if payment is None:
            return
        paid, won = Money(payment.amount, payment.currency), payment.dispute_status == "won"

        def outcome() -> str:
            if won:
                text = _(
                    "The dispute of card payment {charge} of {amount} (order #{order}) is won: "
                    "the money is back (the access stays revoked; `entitlements grant` "
                    "restores it)."
                )
            else:
                text = _(
                    "The dispute of card payment {charge} of {amount} (order #{order}) is lost: "
                    "the money stays with the buyer."
                )
            return text.format(charge=payment.charge_id, amount=money(paid), order=payment.order_id)

        await self.notifier.tell_admins(outcome)
