"""`orders list|show|refund`, `ledger check|balances` and `stars reconcile` with good and bad
input. Bad input is one line on stderr and a non-zero exit, never a traceback."""

import asyncio
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from app.container import build_services
from app.db import connected
from app.services.orders import OrderService, payload_of
from app.services.payments import PaymentFacts
from models import (
    Account,
    EntitlementGrant,
    GrantStatus,
    LedgerLine,
    Order,
    OrderStatus,
    Payment,
    PaymentOutcome,
    Plan,
    Referral,
    User,
)
from tests.conftest import load_example_catalog, one_line_error

PRICE = 950  # premium_monthly in Stars, from catalog.example.toml


async def in_db(work):
    """Run `work()` on the test database, in a task of its own (Tortoise's state is per
    context, and the command under test connects in its own thread)."""

    async def task():
        async with connected(os.environ["DATABASE_URL"]):
            return await work()

    return await asyncio.create_task(task())


@pytest.fixture
async def shop(cli, settings):
    """The example catalog, @alice (1001) and @bob (1002), and ways to give them orders."""

    async def setup():
        await load_example_catalog(settings)
        await User.create(telegram_id=1001, username="alice", first_name="Alice")
        await User.create(telegram_id=1002, username="bob", first_name="Bob")

    await in_db(setup)
    return Shop(settings)


class Shop:
    def __init__(self, settings):
        self.settings = settings

    async def order(
        self, telegram_id=1001, plan="premium_monthly", when=None, amount=PRICE, invoice=True
    ):
        """An order waiting for payment (an invoice went out), or only created."""

        async def work():
            now = when or datetime.now(UTC)
            user = await User.get(telegram_id=telegram_id)
            sold = await Plan.get(code=plan)
            async with in_transaction() as connection:
                order = await OrderService.create(
                    user, sold, "XTR", amount, "test", now, connection
                )
            if invoice:
                await OrderService.move(order, OrderStatus.AWAITING_PAYMENT, "invoice_sent", now)
            return order.id

        return await in_db(work)

    async def pay(self, order_id, charge_id, when=None, amount=None):
        """The successful_payment for the order, settled as the bot settles it."""

        async def work():
            now = when or datetime.now(UTC)
            order = await Order.get(id=order_id).prefetch_related("user")
            services = build_services(self.settings, None, None)
            facts = PaymentFacts(
                charge_id=charge_id,
                provider_charge_id="",
                currency=order.currency,
                amount=order.amount if amount is None else amount,
                payload=payload_of(order),
            )
            payment = await services.payments.record(facts, order.user.telegram_id, now)
            settlement = await services.payments.settle(payment, order.user, now)
            return settlement.payment.outcome

        return await in_db(work)

    async def paid_order(self, telegram_id=1001, charge_id="charge-1", when=None):
        order_id = await self.order(telegram_id, when=when)
        assert await self.pay(order_id, charge_id, when) == PaymentOutcome.APPLIED
        return order_id

    async def refer(self, buyer=1001, affiliate=1002):
        async def work():
            services = build_services(self.settings, None, None)
            owner = await services.affiliates.join(await User.get(telegram_id=affiliate))
            await Referral.create(affiliate=owner, user=await User.get(telegram_id=buyer))

        await in_db(work)


# orders list


async def test_orders_list_says_when_there_are_none(cli):
    code, out, err = await cli("orders", "list")

    assert (code, out, err) == (0, "No orders.\n", "")


async def test_orders_list_shows_one_line_per_order_newest_first(cli, shop):
    first = await shop.paid_order(1001, "charge-1")
    second = await shop.order(1002, plan="premium_yearly", amount=9500)

    code, out, _ = await cli("orders", "list")

    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    number, day, time_of_day = lines[0].split()[:3]
    assert (number, day) == (f"#{second}", f"{datetime.now(UTC):%Y-%m-%d}")
    assert re.fullmatch(r"\d\d:\d\d", time_of_day)
    assert lines[0].split()[3:] == [
        "@bob",
        "(1002)",
        "premium_yearly",
        "⭐",
        "9,500",
        "awaiting_payment",
    ]
    assert lines[1].startswith(f"#{first}")
    assert lines[1].split()[3:] == ["@alice", "(1001)", "premium_monthly", "⭐", "950", "fulfilled"]


async def test_orders_list_filters_by_user_status_and_limit(cli, shop):
    await shop.paid_order(1001, "charge-1")
    await shop.order(1001, plan="premium_yearly", amount=9500)
    await shop.order(1002)

    _, alices, _ = await cli("orders", "list", "--user", "@Alice")
    _, by_id, _ = await cli("orders", "list", "--user", "1002")
    _, fulfilled, _ = await cli("orders", "list", "--status", "fulfilled")
    _, waiting_of_alice, _ = await cli(
        "orders", "list", "--user", "1001", "--status", "awaiting_payment"
    )
    _, newest, _ = await cli("orders", "list", "--limit", "1")
    _, none_refunded, _ = await cli("orders", "list", "--status", "refunded")
    _, none_of_bob, _ = await cli("orders", "list", "--user", "@bob", "--status", "fulfilled")

    assert [line.split()[0] for line in alices.splitlines()] == ["#2", "#1"]
    assert [line.split()[0] for line in by_id.splitlines()] == ["#3"]
    assert [line.split()[0] for line in fulfilled.splitlines()] == ["#1"]
    assert [line.split()[0] for line in waiting_of_alice.splitlines()] == ["#2"]
    assert [line.split()[0] for line in newest.splitlines()] == ["#3"]
    assert none_refunded == "No refunded orders.\n"
    assert none_of_bob == "No fulfilled orders of @bob (1002).\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["orders", "list", "--status", "shipped"],
        ["orders", "list", "--status", "PAID"],
        ["orders", "list", "--limit", "0"],
        ["orders", "list", "--limit", "ten"],
        ["orders", "list", "--limit", "1001"],
        ["orders", "show", "twelve"],
        ["orders", "show", "#"],
        ["orders", "show", "-1"],
        ["orders", "show", "12345678901"],
        ["orders", "show"],
        ["orders", "refund", "1.5"],
        ["orders", "refund", "##1"],
        ["orders"],
        ["ledger"],
        ["ledger", "audit"],
        ["stars"],
        ["stars", "reconcile", "--since", "yesterday"],
        ["stars", "reconcile", "--since", "2026-13-01"],
        ["stars", "reconcile", "--since", "1999-12-31"],
        ["stars", "reconcile", "--since"],
    ],
)
async def test_bad_arguments_are_one_line_usage_errors(cli, argv):
    code, out, err = await cli(*argv)

    assert code == 2 and out == ""
    one_line_error(code, err)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["orders", "list", "--user", "@nobody"], "no user @nobody"),
        (["orders", "list", "--user", "alice"], "neither a Telegram id nor an @username"),
        (["orders", "show", "99"], "no order #99; `orders list` shows them"),
        (["orders", "refund", "#99"], "no order #99; `orders list` shows them"),
    ],
)
async def test_unknown_users_and_orders_are_one_line(cli, shop, argv, message):
    code, out, err = await cli(*argv)

    assert out == ""
    assert message in one_line_error(code, err)


# orders show


async def test_orders_show_gives_transitions_payments_and_ledger_lines(cli, shop):
    order_id = await shop.paid_order(1001, "charge-1")

    code, out, _ = await cli("orders", "show", f"#{order_id}")

    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Order #1: Premium signals · 1 month (premium_monthly) for @alice (1001)"
    assert lines[1] == "  ⭐ 950, one_time, fulfilled"
    assert lines[2].startswith("  created ") and ", closed " in lines[2]
    transitions = lines[lines.index("Transitions:") + 1 : lines.index("Payments:")]
    assert [line.split("  ", 2)[2] for line in transitions] == [
        "(new) → created  (test)",
        "created → awaiting_payment  (invoice_sent)",
        "awaiting_payment → paid  (payment)",
        "paid → fulfilled  (granted)",
    ]
    [payment] = lines[lines.index("Payments:") + 1 : lines.index("Ledger:")]
    assert payment.startswith("  charge-1  ⭐ 950  applied  received ")
    assert "refunded" not in payment
    assert lines[lines.index("Ledger:") + 1 :] == [
        lines[lines.index("Ledger:") + 1],
        "    telegram_balance            ⭐ 950",
        "    revenue                    -⭐ 950",
    ]
    assert lines[lines.index("Ledger:") + 1].startswith("  #1 payment (payment:1) ")


async def test_orders_show_of_a_refunded_order_has_the_refund_everywhere(cli, shop):
    await shop.paid_order(1001, "charge-1")
    await cli("orders", "refund", "1")

    code, out, _ = await cli("orders", "show", "1")

    assert code == 0
    assert "  ⭐ 950, one_time, refunded\n" in out
    assert "fulfilled → refunded  (refund_admin)\n" in out
    [payment] = [line for line in out.splitlines() if line.startswith("  charge-1")]
    assert "  refunded  received " in payment and payment.endswith(" UTC (refund_admin)")
    assert ", refunded " in payment
    assert "\n  #2 refund (refund:1) " in out
    assert out.endswith(
        "    revenue                     ⭐ 950\n    telegram_balance           -⭐ 950\n"
    )


async def test_orders_show_of_an_unpaid_order_has_no_payments_or_entries(cli, shop):
    await shop.order(1002)

    code, out, _ = await cli("orders", "show", "1")

    assert code == 0
    assert "for @bob (1002)\n  ⭐ 950, one_time, awaiting_payment\n" in out
    assert "paid -, closed -\n" in out
    assert out.endswith("Payments:\n  none\nLedger:\n  none\n")


# orders refund


async def test_orders_refund_gives_the_stars_back_and_tells_the_buyer(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")

    code, out, err = await cli("orders", "refund", "#1", "--reason", "asked within 24 hours")

    assert (code, err) == (0, "")
    assert out == (
        "Refunded order #1: ⭐ 950 back to @alice (1001); took back premium "
        "— reason: asked within 24 hours (told the user)\n"
    )
    [call] = telegram.called("refundStarPayment")
    assert call.params["user_id"] == "1001"
    assert call.params["telegram_payment_charge_id"] == "charge-1"
    assert telegram.sent_texts(1001) == [
        "Your payment of ⭐ 950 for order #1 was refunded to your Telegram Stars balance."
    ]
    order = await in_db(lambda: Order.get(id=1))
    payment = await in_db(lambda: Payment.get(charge_id="charge-1"))
    grants = await in_db(
        lambda: EntitlementGrant.filter(source_ref="order:1", status=GrantStatus.ACTIVE)
    )
    assert order.status == OrderStatus.REFUNDED
    assert (payment.outcome, payment.refund_cause) == (PaymentOutcome.REFUNDED, "refund_admin")
    assert grants == []
    _, shown, _ = await cli("orders", "show", "1")
    assert "fulfilled → refunded  (refund_admin: asked within 24 hours)\n" in shown


async def test_a_refund_stands_when_the_buyer_cannot_be_told(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    telegram.block_bot()

    code, out, _ = await cli("orders", "refund", "1")

    assert code == 0
    assert out == (
        "Refunded order #1: ⭐ 950 back to @alice (1001); took back premium "
        "(not told: the user blocked the bot)\n"
    )
    assert (await in_db(lambda: Order.get(id=1))).status == OrderStatus.REFUNDED


async def test_a_second_refund_is_refused_in_one_line(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    await cli("orders", "refund", "1")

    code, out, err = await cli("orders", "refund", "1")

    assert out == ""
    assert one_line_error(code, err) == "error: order #1 was refunded already"
    assert len(telegram.called("refundStarPayment")) == 1  # Telegram is not asked twice


async def test_telegrams_charge_not_found_is_one_line_and_changes_nothing(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    telegram.fail("refundStarPayment", 400, "Bad Request: CHARGE_NOT_FOUND")

    code, out, err = await cli("orders", "refund", "1")

    assert out == ""
    assert one_line_error(code, err) == (
        "error: Telegram does not know this payment, so it cannot be refunded."
    )
    assert (await in_db(lambda: Order.get(id=1))).status == OrderStatus.FULFILLED
    assert telegram.sent_texts(1001) == []


async def test_another_refusal_by_telegram_is_one_line(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    telegram.fail("refundStarPayment", 400, "Bad Request: BALANCE_TOO_LOW")

    code, _, err = await cli("orders", "refund", "1")

    assert one_line_error(code, err) == (
        "error: Telegram refused the refund: Bad Request: BALANCE_TOO_LOW"
    )
    assert (await in_db(lambda: Order.get(id=1))).status == OrderStatus.FULFILLED


async def test_a_charge_telegram_refunded_already_is_booked_and_said(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    telegram.refunded_charges.add("charge-1")  # given back outside the bot

    code, out, _ = await cli("orders", "refund", "1")

    assert code == 0
    assert out.startswith(
        "Refunded order #1: ⭐ 950 back to @alice (1001); Telegram had refunded it already; "
    )
    assert (await in_db(lambda: Order.get(id=1))).status == OrderStatus.REFUNDED


@pytest.mark.parametrize("status", ["created", "awaiting_payment", "expired"])
async def test_an_unpaid_order_cannot_be_refunded(cli, shop, telegram, status):
    order_id = await shop.order(1001, invoice=status != "created")
    if status == "expired":

        async def expire():
            order = await Order.get(id=order_id)
            await OrderService.move(order, OrderStatus.EXPIRED, "quote_expired", datetime.now(UTC))

        await in_db(expire)

    code, out, err = await cli("orders", "refund", str(order_id))

    assert out == ""
    assert one_line_error(code, err) == f"error: order #{order_id} is {status}: it was never paid"
    assert telegram.called("refundStarPayment") == []


async def test_orders_refund_needs_the_bot_token(cli, shop, telegram, monkeypatch):
    await shop.paid_order(1001, "charge-1")
    monkeypatch.setenv("BOT_TOKEN", "")

    code, out, err = await cli("orders", "refund", "1")

    assert out == ""
    assert one_line_error(code, err).startswith("error: BOT_TOKEN is not set")
    assert (await in_db(lambda: Order.get(id=1))).status == OrderStatus.FULFILLED
    assert telegram.calls == []


# ledger


async def test_ledger_check_on_empty_books(cli):
    code, out, err = await cli("ledger", "check")

    assert (code, err) == (0, "")
    assert out == (
        "The ledger is clean: 0 entries balance, every payment, refund, commission and payout "
        "is booked.\n"
    )


async def test_ledger_check_is_clean_after_a_payment_a_commission_and_a_refund(cli, shop):
    await shop.refer(buyer=1001, affiliate=1002)
    await shop.paid_order(1001, "charge-1")
    await shop.paid_order(1002, "charge-2")
    code, out, _ = await cli("ledger", "check")
    assert (code, out) == (
        0,
        "The ledger is clean: 3 entries balance, every payment, refund, commission and payout "
        "is booked.\n",
    )

    await cli("orders", "refund", "1")
    code, out, err = await cli("ledger", "check")

    assert (code, err) == (0, "")
    # Each payment, the commission, the refund and the commission's reversal.
    assert out.startswith("The ledger is clean: 5 entries balance,")


async def test_ledger_check_names_a_corrupted_entry_and_fails(cli, shop):
    await shop.paid_order(1001, "charge-1")
    await in_db(
        lambda: LedgerLine.filter(entry__key="payment:1", account=Account.REVENUE).update(
            amount=-900
        )
    )

    code, out, err = await cli("ledger", "check")

    assert code == 1
    assert out.splitlines() == [
        "entry #1 (payment:1) does not balance: its lines sum to ⭐ 50",
        "revenue in XTR is ⭐ 900, but payments minus refunds are ⭐ 950",
    ]
    assert one_line_error(code, err) == "error: the ledger has 2 problems (listed above)"


async def test_ledger_check_finds_a_payment_without_its_entry(cli, shop):
    await shop.paid_order(1001, "charge-1")
    await in_db(
        lambda: Payment.filter(charge_id="charge-1").update(amount=1000)  # booked for 950
    )

    code, out, err = await cli("ledger", "check")

    assert code == 1
    assert (
        "payment #1 (charge-1): its payment entry is for ⭐ 950, not ⭐ 1,000" in out.splitlines()
    )
    assert "Traceback" not in err


async def test_ledger_balances_on_empty_books(cli):
    code, out, _ = await cli("ledger", "balances")

    assert (code, out) == (0, "No ledger entries yet: every balance is zero.\n")


async def test_ledger_balances_add_up_payments_commissions_and_refunds(cli, shop, settings):
    await shop.refer(buyer=1001, affiliate=1002)
    await shop.paid_order(1001, "charge-1")
    await shop.paid_order(1002, "charge-2")
    commission = PRICE * settings.affiliate.commission_bp // 10_000
    assert commission > 0

    code, out, _ = await cli("ledger", "balances")

    assert code == 0
    assert [line.split(maxsplit=2) for line in out.splitlines()] == [
        ["XTR", "telegram_balance", "⭐ 1,900"],
        ["XTR", "revenue", "-⭐ 1,900"],
        ["XTR", "commission_expense", f"⭐ {commission}"],
        ["XTR", "affiliate_payable", f"-⭐ {commission}"],
    ]

    await cli("orders", "refund", "1")
    _, out, _ = await cli("ledger", "balances")

    assert [line.split(maxsplit=2) for line in out.splitlines()] == [
        ["XTR", "telegram_balance", "⭐ 950"],
        ["XTR", "revenue", "-⭐ 950"],
        ["XTR", "commission_expense", "⭐ 0"],
        ["XTR", "affiliate_payable", "⭐ 0"],
    ]


# stars reconcile


async def test_stars_reconcile_is_clean_when_telegram_has_what_we_have(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    await shop.paid_order(1002, "charge-2")
    telegram.star_transactions += [
        telegram.star_transaction("charge-1", PRICE, 1001),
        telegram.star_transaction("charge-2", PRICE, 1002),
    ]

    code, out, err = await cli("stars", "reconcile")
    assert (code, out, err) == (0, "Telegram's Stars transactions and our payments agree.\n", "")
    assert len(telegram.called("getStarTransactions")) == 1

    await cli("orders", "refund", "1")  # the fake adds the refund to its transactions
    code, out, _ = await cli("stars", "reconcile")
    assert (code, out) == (0, "Telegram's Stars transactions and our payments agree.\n")


async def test_stars_reconcile_on_nothing_at_all(cli):
    code, out, _ = await cli("stars", "reconcile")

    assert (code, out) == (0, "Telegram's Stars transactions and our payments agree.\n")


async def test_stars_reconcile_reports_each_difference_and_fails(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    await shop.paid_order(1002, "ours-only")
    telegram.star_transactions += [
        telegram.star_transaction("charge-1", 900, 1001),  # we recorded 950
        telegram.star_transaction("theirs-only", 250, 1003),
    ]

    code, out, err = await cli("stars", "reconcile")

    assert code == 1
    assert out.splitlines() == [
        "Telegram has payment theirs-only (⭐ 250) that we do not",
        "payment charge-1: we recorded ⭐ 950, Telegram ⭐ 900",
        "we have payment ours-only (⭐ 950) that Telegram does not",
    ]
    assert one_line_error(code, err) == (
        "error: 3 differences between Telegram's Stars transactions and our payments (listed above)"
    )


async def test_stars_reconcile_reports_a_refund_on_one_side_only(cli, shop, telegram):
    await shop.paid_order(1001, "charge-1")
    telegram.star_transactions += [
        telegram.star_transaction("charge-1", PRICE, 1001),
        telegram.star_transaction("charge-1", PRICE, 1001, refund=True),
    ]

    code, out, _ = await cli("stars", "reconcile")

    assert code == 1
    assert out == "payment charge-1 is refunded at Telegram but not here\n"


async def test_stars_reconcile_since_leaves_out_what_came_before(cli, shop, telegram):
    january = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
    await shop.paid_order(1001, "old-ours", when=january)
    await shop.paid_order(1002, "new-1")
    telegram.star_transactions += [
        telegram.star_transaction("old-theirs", 100, 1003, date=int(january.timestamp())),
        telegram.star_transaction("new-1", PRICE, 1002),
    ]

    code, out, _ = await cli("stars", "reconcile")
    assert code == 1
    assert out.splitlines() == [
        "Telegram has payment old-theirs (⭐ 100) that we do not",
        "we have payment old-ours (⭐ 950) that Telegram does not",
    ]

    code, out, err = await cli("stars", "reconcile", "--since", "2025-01-11")
    assert (code, err) == (0, "")
    assert out == (
        "Telegram's Stars transactions and our payments agree since 2025-01-11 00:00 UTC.\n"
    )

    code, out, err = await cli("stars", "reconcile", "--since", "2025-01-10")
    assert code == 1 and len(out.splitlines()) == 2
    assert "and our payments since 2025-01-10 00:00 UTC (listed above)" in err


async def test_stars_reconcile_since_matches_a_payment_dated_on_either_side_of_the_day(
    cli, shop, telegram
):
    """Telegram dated it a few seconds before midnight; we recorded it a few seconds after."""
    midnight = datetime(2025, 1, 11, tzinfo=UTC)
    await shop.paid_order(1001, "edge", when=midnight + timedelta(seconds=5))
    telegram.star_transactions.append(
        telegram.star_transaction("edge", PRICE, 1001, date=int(midnight.timestamp()) - 5)
    )

    code, out, _ = await cli("stars", "reconcile", "--since", "2025-01-11")

    assert code == 0, out


async def test_stars_reconcile_needs_the_bot_token(cli, monkeypatch, telegram):
    monkeypatch.setenv("BOT_TOKEN", "")

    code, out, err = await cli("stars", "reconcile")

    assert out == ""
    assert one_line_error(code, err).startswith("error: BOT_TOKEN is not set")
    assert telegram.calls == []


async def test_stars_reconcile_when_telegram_refuses_is_one_line(cli, telegram):
    telegram.fail("getStarTransactions", 400, "Bad Request: something is wrong")

    code, _, err = await cli("stars", "reconcile")

    assert one_line_error(code, err) == "error: Telegram refused: Bad Request: something is wrong"


# payments refund, and payments left unsettled


async def due_for_refund(shop, telegram_id=1001, charge_id="charge-x"):
    """A payment for the wrong amount: booked as due for a refund (the bot would refund it at
    once; here nobody did, as when Telegram refused)."""
    order_id = await shop.order(telegram_id)
    assert await shop.pay(order_id, charge_id, amount=1) == PaymentOutcome.REFUND_DUE


async def test_ledger_check_names_a_payment_left_due_for_a_refund(cli, shop):
    await due_for_refund(shop)
    await in_db(
        lambda: Payment.filter(charge_id="charge-x").update(
            received_at=datetime.now(UTC) - timedelta(hours=1)
        )
    )

    code, out, _ = await cli("ledger", "check")

    assert code == 1
    [problem] = out.splitlines()
    assert problem.startswith("payment #1 (charge-x, ⭐ 1) is refund due since ")
    assert problem.endswith("`python -m app payments refund charge-x` gives it back")


async def test_payments_refund_gives_back_a_payment_that_paid_no_order(cli, shop, telegram):
    await due_for_refund(shop)

    code, out, err = await cli("payments", "refund", "charge-x")

    assert (code, err) == (0, "")
    assert out == "Refunded payment charge-x: ⭐ 1 back to @alice (1001) (told the user)\n"
    [call] = telegram.called("refundStarPayment")
    assert call.params["telegram_payment_charge_id"] == "charge-x"
    payment = await in_db(lambda: Payment.get(charge_id="charge-x"))
    assert payment.outcome == PaymentOutcome.REFUNDED
    code, _, _ = await cli("ledger", "check")
    assert code == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("payments", "refund", "nope"),
            "error: no payment 'nope'; `orders show` lists an order's",
        ),
        (("payments", "refund", "charge-x"), "error: payment charge-x was refunded already"),
    ],
)
async def test_payments_refund_refusals_are_one_line(cli, shop, telegram, argv, message):
    await due_for_refund(shop)
    await cli("payments", "refund", "charge-x")

    code, _, err = await cli(*argv)

    assert one_line_error(code, err) == message
