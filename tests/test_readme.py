"""The README cannot drift: every `python -m app` line in its shell blocks runs, in order,
against a test database and the fake Bot API, and its curl examples for the signals API run
against the real app."""

import asyncio
import json
import os
import re
import shlex
from datetime import UTC, datetime, timedelta

from app.db import connected
from app.money import Money
from app.services.affiliates import AffiliateService
from app.services.entitlements import EntitlementService
from app.services.ledger import Ledger
from app.services.signals import ApiKeyService
from models import GrantSource, Referral, User
from tests import updates
from tests.conftest import ROOT, SIGNALS_SECRET, send

README = (ROOT / "README.md").read_text()
# Covered by their own tests (tests/test_cli.py, test_workers.py, test_jobs.py): they run until
# stopped.
LONG_RUNNING = {"serve", "polling", "worker"}


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, re.S)


def app_commands() -> list[list[str]]:
    """The arguments of each `python -m app ...` in the README's shell blocks, in order."""
    commands = []
    for block in shell_blocks():
        for line in block.replace("\\\n", " ").splitlines():
            for part in line.split("&&"):
                found = re.search(r"python -m app (.*)$", part.strip())
                if found:
                    commands.append(shlex.split(found.group(1)))
    return commands


def block_with(marker: str) -> str:
    [block] = [b for b in shell_blocks() if marker in b]
    return block


async def an_affiliate_with_a_payout_waiting() -> None:
    """@alice brought a buyer whose purchase earned her $60.00, which she asked to be paid."""
    async with connected(os.environ["DATABASE_URL"]):
        program = AffiliateService(2000, timedelta(days=30), {"USD": 5000}, Ledger())
        alice = await User.create(telegram_id=1001, username="alice", first_name="Alice")
        buyer = await User.create(telegram_id=1002, first_name="Bob")
        await Referral.create(affiliate=await program.join(alice), user=buyer)
        now = datetime.now(UTC)
        await program.record_sale("sale-1", buyer, Money(30000, "USD"), now - timedelta(days=31))
        [payout] = (await program.request_payout(await program.of(alice), now)).payouts
        assert payout.id == 1  # the id the README's mark-paid example uses


async def test_every_command_example_in_the_readme_runs(cli, telegram, monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "42")  # the admin the broadcast preview goes to
    await asyncio.create_task(an_affiliate_with_a_payout_waiting())
    ran, skipped = [], []

    for argv in app_commands():
        if argv[0] in LONG_RUNNING:
            skipped.append(argv[0])
            continue
        code, out, err = await cli(*argv)
        assert code == 0, f"python -m app {shlex.join(argv)}: {err}"
        assert "Traceback" not in err
        ran.append(argv)

    assert len(ran) >= 20
    assert {argv[0] for argv in ran} >= {
        "migrate",
        "catalog",
        "commands",
        "webhook",
        "promo",
        "quote",
        "entitlements",
        "affiliates",
    }
    assert set(skipped) <= LONG_RUNNING


async def run_shell(script: str, **env: str) -> str:
    process = await asyncio.create_subprocess_exec(
        "bash",
        "-c",
        script,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_the_readmes_signal_example_is_signed_and_accepted(client):
    script = block_with("X-Signature").replace(
        "https://bot.example.com", str(client.make_url("")).rstrip("/")
    )
    # The example's valid_until is a fixed time; the check that it is still ahead is not the
    # example's point.
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    script = re.sub(r'"valid_until":"[^"]+"', f'"valid_until":"{tomorrow}"', script)

    answer = json.loads(await run_shell(script, SIGNALS_SECRET=SIGNALS_SECRET))

    assert (answer["external_id"], answer["created"]) == ("eng-42", True)


async def test_the_readmes_approvals_example_answers(client):
    await send(client, updates.message("/start"))
    user = await User.get(telegram_id=updates.USER_ID)
    await EntitlementService().grant(
        user, ["premium"], 30, GrantSource.ORDER, "o", datetime.now(UTC)
    )
    key = await ApiKeyService().issue(user)
    script = (
        block_with("Authorization: Bearer")
        .replace("https://bot.example.com", str(client.make_url("")).rstrip("/"))
        .replace("sk_...", key)
    )

    answer = json.loads(await run_shell(script))

    assert answer == {"approvals": [], "next_after": 0}
