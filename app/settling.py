"""What follows a recorded Stars payment: apply it (or give it up and refund it), then tell the
payer and the admins. One path for the update that brought the payment and for the maintenance
job that finishes one an outage left half-done: so the payer is told in their own language
(their row's, not the moment's), and each admin in theirs."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from app.i18n import _, current, date, language_of, localized, money, use
from app.infrastructure import is_infrastructure_error
from app.money import Money
from app.notifier import Notifier, who
from app.services.catalog import CatalogService, entitlement_title
from app.services.entitlements import EntitlementService
from app.services.payments import PaymentService, RefundRefused, StarsGateway
from models import Order, OrderKind, Payment, User

log = logging.getLogger(__name__)

# How the payer is told something: the update's chat, or a message from the job.
Tell = Callable[[str], Awaitable[object]]


@dataclass(frozen=True)
class Settler:
    payments: PaymentService
    stars: StarsGateway
    notifier: Notifier
    catalog: CatalogService
    entitlements: EntitlementService

    async def finish(
        self, payment: Payment, user: User | None, tell: Tell | None, receipt_claim: int
    ) -> None:
        """Apply the payment once, or refund it when it pays for nothing we can give; tell the
        payer (through `tell`, when they can be told) and the admins. `receipt_claim` is the
        update id that may send the receipt (0: the job), so the receipt goes out once.
        An outage raises: the payment stays recorded and is finished later."""
        try:
            settlement = await self.payments.settle(payment, user, now())
        except Exception as exc:
            if is_infrastructure_error(exc):
                raise
            # A failure that a retry would only repeat: the money goes back instead.
            log.exception("Payment %s could not be applied; refunding it", payment.charge_id)
            settlement = await self.payments.give_up(payment, "error", now())
        payment = settlement.payment
        paid = Money(payment.amount, payment.currency)
        facts = {
            "charge": payment.charge_id,
            "payer": who(user) if user is not None else str(payment.telegram_user_id),
            "problem": payment.problem,
        }
        if settlement.refund_due:
            try:
                await self.payments.refund_unmatched(payment, now(), self.stars)
            except RefundRefused as refused:
                reason = refused.message
                await self.notifier.tell_admins(
                    lambda: _(
                        "⚠️ Payment {charge} of {amount} by {payer} paid for nothing we can give "
                        "({problem}) and Telegram refused to refund it: {reason}. "
                        "`python -m app payments refund {charge}` tries again."
                    ).format(amount=money(paid), reason=reason, **facts)
                )
                return
            if tell is not None:
                with use(language_of(user) if user else current()):
                    sorry = _(
                        "I could not give you what this payment of {amount} was for, so it was "
                        "refunded in full. Send /shop to buy again, or /paysupport for help."
                    ).format(amount=money(paid))
                await tell(sorry)
            await self.notifier.tell_admins(
                lambda: _(
                    "Payment {charge} of {amount} by {payer} paid for nothing we can give "
                    "({problem}): refunded automatically."
                ).format(amount=money(paid), **facts)
            )
            return
        order = settlement.order
        if order is None or user is None:
            return  # refunded since; nothing to confirm
        if settlement.first and settlement.late:
            fulfilled = order.id
            await self.notifier.tell_admins(
                lambda: _(
                    "Payment {charge} of {amount} by {payer} arrived after its order closed: "
                    "fulfilled as order #{order}."
                ).format(amount=money(paid), order=fulfilled, **facts)
            )
        if settlement.first:
            await self.notifier.apply(settlement.changes, {user.id: user})
        if tell is None or not await self.payments.claim_receipt(payment, receipt_claim):
            return
        await tell(await self.receipt(order, paid, user))
        await self.payments.receipt_sent(payment, now())

    async def receipt(self, order: Order, paid: Money, user: User) -> str:
        """What the payment bought and until when, in the payer's language."""
        plan = order.plan
        moment = now()
        titles = await self.catalog.entitlement_titles(language_of(user))
        accesses = [
            (entitlement_title(key, titles), await self.entitlements.access(user.id, key, moment))
            for key in plan.product.entitlements
        ]
        with use(language_of(user)):
            lines = [
                _("✅ Payment received: {amount} for {product} · {plan} (order #{order}).").format(
                    amount=money(paid),
                    product=localized(plan.product, "title"),
                    plan=localized(plan, "title"),
                    order=order.id,
                )
            ]
            for title, access in accesses:
                if not access.active:
                    continue
                if access.expires_at is None:
                    line = _("• {title} — for life").format(title=title)
                else:
                    line = _("• {title} — until {moment}").format(
                        title=title, moment=date(access.expires_at)
                    )
                lines.append(line)
            if order.kind != OrderKind.ONE_TIME:
                lines.append(_("It renews every 30 days until you cancel it in /subscription."))
            lines.append(_("/orders lists your orders; /paysupport if anything is wrong."))
        return "\n".join(lines)

    async def finish_left_over(self, moment: datetime) -> int:
        """The maintenance job's part: finish every payment left half-done by `moment`; how
        many were."""
        finished = 0
        for payment in await self.payments.left_over(moment):
            user = await self.payments.payer_of(payment)
            tell = None
            if user is not None and user.blocked_at is None:
                payer = user

                async def tell(text: str, payer: User = payer) -> object:
                    return await self.notifier.send(payer, text)

            try:
                await self.finish(payment, user, tell, receipt_claim=0)
            except Exception as exc:
                if is_infrastructure_error(exc):
                    log.warning("Payment %s still not finished: %r", payment.charge_id, exc)
                else:
                    log.exception("Payment %s could not be finished", payment.charge_id)
                continue
            finished += 1
        return finished


def now() -> datetime:
    return datetime.now(UTC)
