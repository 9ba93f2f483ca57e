"""`payments refund CHARGE`: give back a payment that paid no order (one Telegram refused to
refund automatically, say), by Telegram's charge id."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from app.cli.orders import money, who
from app.cli.services import open_services
from app.cli.telling import tell
from app.config import Settings
from app.money import STARS, Money
from app.texts import refund_notice


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("payments", help="payments by Telegram's charge id")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    refund = actions.add_parser("refund", help="give a payment's Stars back (needs BOT_TOKEN)")
    refund.add_argument("charge", help="the telegram_payment_charge_id, as `orders show` prints it")
    refund.add_argument(
        "--reason", default="", help="kept with the order's move to refunded, if it paid one"
    )
    refund.set_defaults(run=refund_payment)


async def refund_payment(settings: Settings, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    async with open_services(settings, need_bot=True) as services:
        assert services.stars is not None, "a Bot comes with its gateway"
        refund = await services.payments.refund_charge(
            args.charge.strip(), now, services.stars, reason=args.reason
        )
        amount = money(refund.payment.amount, refund.payment.currency)
        number = refund.order.id if refund.order is not None else None
        if refund.user is None:
            buyer, note = str(refund.payment.telegram_user_id), "not told: never started the bot"
        else:
            buyer = who(refund.user)
            refunded = Money(refund.payment.amount, refund.payment.currency)
            note = (
                "told when Telegram reported the refund"
                if refund.told_by_telegram
                else await tell(
                    services,
                    refund.user,
                    lambda: refund_notice(refunded, number, refunded.currency != STARS),
                    refund.changes,
                )
            )
    what = f" (order #{number})" if number is not None else ""
    already = "; Telegram had refunded it already" if refund.already_at_telegram else ""
    print(
        f"Refunded payment {refund.payment.charge_id}{what}: {amount} back to {buyer}"
        f"{already} ({note})"
    )
