"""`stripe reconcile [--since DATE]` through the real entry point, against the local fake of
Stripe's API: clean after card payments made end to end, and each kind of difference seeded on
one side or the other (Stripe's objects in the fake, ours in the database)."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.context import get_current_context

from app.cli.stripe import CARDS_OFF
from app.db import close_db, init_db
from app.money import Money
from models import Order, OrderStatus, Payment, PaymentOutcome
from tests import test_cards, updates
from tests.conftest import one_line_error
from tests.test_cards import MONTHLY, WEBHOOK_SECRET, card_checkout, deliver

# The card tests' fixtures: the fake Stripe, and the app on it with a user who sent /start.
fake_stripe = test_cards.fake_stripe
shop = test_cards.shop

AGREE = "Stripe's payments and our card payments agree.\n"


def price(session):
    """What Stripe charged for a session (the example catalog's price, less the newcomer
    offer), as the command writes it."""
    return Money(session["amount_total"], session["currency"].upper()).format()


@pytest.fixture
def reconcile(cli, monkeypatch, fake_stripe):
    """`python -m app stripe reconcile ARGS` with card payments on, Stripe being the fake."""
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_reconcile0123")
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("STRIPE_API_BASE", fake_stripe.url)

    async def run(*argv):
        # In-process, the command would take over the app's Tortoise context (the global
        # fallback) from its own event loop: the app lets go of the database while the command
        # runs, and has it again after.
        app_connected = get_current_context() is not None
        if app_connected:
            await close_db()
        try:
            return await cli("stripe", "reconcile", *argv)
        finally:
            if app_connected:
                await init_db(os.environ["DATABASE_URL"])

    return run


async def paid(shop, telegram, fake_stripe, plan=None):
    """A card payment made end to end: checkout, Stripe's events delivered, order fulfilled."""
    args = (plan,) if plan else ()
    session = await card_checkout(shop, telegram, fake_stripe, *args)
    await deliver(shop, fake_stripe.complete_session(session["id"]))
    return fake_stripe.sessions[session["id"]]


async def test_clean_after_card_payments_and_a_refund(shop, telegram, fake_stripe, reconcile):
    await paid(shop, telegram, fake_stripe)
    await paid(shop, telegram, fake_stripe, MONTHLY)  # a subscription: paid by its invoice
    assert set(await Order.all().values_list("status", flat=True)) == {OrderStatus.FULFILLED}

    assert await reconcile() == (0, AGREE, "")
    listed = {r.path for r in fake_stripe.requests if r.method == "GET"}
    assert {"/v1/checkout/sessions", "/v1/invoices"} <= listed

    lifetime = await Payment.get(currency="USD", is_recurring=False)
    charge = fake_stripe.payment_intents[lifetime.charge_id]["latest_charge"]
    await deliver(shop, fake_stripe.refund_in_dashboard(charge))
    assert (await Payment.get(id=lifetime.id)).outcome == PaymentOutcome.REFUNDED

    assert await reconcile() == (0, AGREE, "")


async def test_nothing_at_all_agrees(reconcile):
    assert await reconcile() == (0, AGREE, "")


async def test_a_paid_session_no_order_was_fulfilled_by(shop, telegram, fake_stripe, reconcile):
    session = await card_checkout(shop, telegram, fake_stripe)
    fake_stripe.complete_session(session["id"])  # its event never reached us

    code, out, err = await reconcile()

    assert code == 1
    assert out == (
        f"Stripe has paid session {session['id']} ({price(session)}) "
        "that no order here was fulfilled by\n"
    )
    assert one_line_error(code, err) == (
        "error: 1 difference between Stripe's payments and our card payments (listed above)"
    )


async def test_a_paid_invoice_no_order_was_fulfilled_by(shop, telegram, fake_stripe, reconcile):
    session = await card_checkout(shop, telegram, fake_stripe, MONTHLY)
    fake_stripe.complete_session(session["id"])
    [invoice] = fake_stripe.invoices.values()

    code, out, _ = await reconcile()

    assert code == 1
    assert out == (
        f"Stripe has paid invoice {invoice['id']} ({Money(invoice['amount_paid'], 'USD').format()}) "
        "that no order here was fulfilled by\n"
    )


async def test_a_payment_recorded_but_not_applied_is_named(shop, telegram, fake_stripe, reconcile):
    session = await paid(shop, telegram, fake_stripe)
    # As a payment that matched no order is left while its refund is due.
    await Payment.all().update(outcome=PaymentOutcome.REFUND_DUE, order_id=None)

    code, out, _ = await reconcile()

    assert code == 1
    assert out == (
        f"Stripe has paid session {session['id']} ({price(session)}) that no order here was "
        f"fulfilled by; its payment {session['payment_intent']} is refund_due here\n"
    )


async def test_a_payment_stripe_does_not_know(shop, telegram, fake_stripe, reconcile):
    await Payment.create(
        charge_id="pi_nobodyknows",
        telegram_user_id=updates.USER_ID,
        currency="USD",
        amount=1900,
        invoice_payload="x",
        outcome=PaymentOutcome.APPLIED,
        received_at=datetime.now(UTC),
    )
    # A Stars payment is Telegram's business (`stars reconcile`), not Stripe's.
    await Payment.create(
        charge_id="stars-charge",
        telegram_user_id=updates.USER_ID,
        currency="XTR",
        amount=950,
        invoice_payload="y",
        outcome=PaymentOutcome.APPLIED,
        received_at=datetime.now(UTC),
    )

    code, out, _ = await reconcile()

    assert code == 1
    assert out == "we have card payment pi_nobodyknows ($19.00) that Stripe does not know\n"


async def test_a_payment_stripe_shows_not_succeeded(shop, telegram, fake_stripe, reconcile):
    session = await card_checkout(shop, telegram, fake_stripe)
    fake_stripe.complete_session(session["id"], paid=False)  # the bank has not paid yet
    intent = fake_stripe.sessions[session["id"]]["payment_intent"]
    await Payment.create(
        charge_id=intent,
        telegram_user_id=updates.USER_ID,
        currency="USD",
        amount=session["amount_total"],
        invoice_payload="x",
        outcome=PaymentOutcome.APPLIED,
        received_at=datetime.now(UTC),
    )

    code, out, _ = await reconcile()

    assert code == 1
    assert out == (
        f"card payment {intent} ({price(session)}) is applied here but Stripe shows it processing\n"
    )


async def test_an_amount_or_currency_that_differs(shop, telegram, fake_stripe, reconcile):
    session = await paid(shop, telegram, fake_stripe)
    intent = session["payment_intent"]

    await Payment.filter(charge_id=intent).update(amount=100)
    code, out, _ = await reconcile()
    assert code == 1
    assert out == (
        f"card payment {intent}: we recorded $1.00, Stripe {price(session)} "
        f"(session {session['id']})\n"
    )

    await Payment.filter(charge_id=intent).update(amount=session["amount_total"], currency="EUR")
    code, out, _ = await reconcile()
    assert code == 1
    assert out == (
        f"card payment {intent}: we recorded {Money(session['amount_total'], 'EUR').format()}, Stripe {price(session)} "
        f"(session {session['id']})\n"
    )


async def test_a_refund_on_one_side_only(shop, telegram, fake_stripe, reconcile):
    first = await paid(shop, telegram, fake_stripe)
    await Payment.filter(charge_id=first["payment_intent"]).update(outcome=PaymentOutcome.REFUNDED)
    second = await paid(shop, telegram, fake_stripe, MONTHLY)
    second_intent = (await Payment.get(is_recurring=True)).charge_id
    charge = fake_stripe.payment_intents[second_intent]["latest_charge"]
    fake_stripe.refund_in_dashboard(charge)  # charge.refunded never reached us
    assert second["mode"] == "subscription"

    code, out, _ = await reconcile()

    assert code == 1
    assert sorted(out.splitlines()) == sorted(
        [
            f"card payment {first['payment_intent']} is refunded here but not at Stripe",
            f"card payment {second_intent} is refunded at Stripe but not here",
        ]
    )


async def test_since_leaves_out_what_came_before(shop, telegram, fake_stripe, reconcile):
    session = await card_checkout(shop, telegram, fake_stripe)
    fake_stripe.complete_session(session["id"])  # Stripe's side: not fulfilled here
    await Payment.create(
        charge_id="pi_old_and_unknown",
        telegram_user_id=updates.USER_ID,
        currency="USD",
        amount=1900,
        invoice_payload="x",
        outcome=PaymentOutcome.APPLIED,
        received_at=datetime(2025, 1, 10, 12, tzinfo=UTC),
    )
    january = int(datetime(2025, 1, 10, 12, tzinfo=UTC).timestamp())
    code, out, _ = await reconcile()
    assert code == 1 and len(out.splitlines()) == 2

    today = datetime.now(UTC).strftime("%Y-%m-%d")
    code, out, err = await reconcile("--since", today)
    assert code == 1
    assert out == (
        f"Stripe has paid session {session['id']} ({price(session)}) "
        "that no order here was fulfilled by\n"
    )
    assert f"and our card payments since {today} 00:00 UTC (listed above)" in err
    [listed] = [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"][-1:]
    midnight = int(datetime.fromisoformat(today).replace(tzinfo=UTC).timestamp())
    assert listed.params["created"] == {"gte": str(midnight)}

    fake_stripe.sessions[session["id"]]["created"] = january  # Stripe dates it in January
    code, out, err = await reconcile("--since", today)
    assert (code, err) == (0, "")
    assert out == f"Stripe's payments and our card payments agree since {today} 00:00 UTC.\n"

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    code, out, _ = await reconcile("--since", tomorrow)
    assert code == 0


async def test_card_payments_off_is_one_line(cli, reconcile, monkeypatch, fake_stripe):
    monkeypatch.delenv("STRIPE_SECRET_KEY")
    monkeypatch.delenv("STRIPE_WEBHOOK_SECRET")

    code, out, err = await reconcile()

    assert out == ""
    assert one_line_error(code, err) == f"error: {CARDS_OFF}"
    assert fake_stripe.requests == []


async def test_stripe_refusing_is_one_line(reconcile, fake_stripe):
    fake_stripe.fail_next("GET", "/v1/checkout/sessions", 400, "parameter_unknown", "No such thing")

    code, out, err = await reconcile()

    assert out == ""
    assert one_line_error(code, err) == "error: Stripe did not answer: No such thing"


@pytest.mark.parametrize("argv", [["--since", "yesterday"], ["--since"], ["again"]])
async def test_bad_arguments_are_usage_errors(reconcile, argv):
    code, out, err = await reconcile(*argv)

    assert code == 2 and out == ""
    one_line_error(code, err)
