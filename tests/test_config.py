"""Settings: one class, from the environment or .env; a bad value stops with one line."""

import os
import subprocess
import sys

import pytest

from app.config import ConfigError, load_settings
from tests.conftest import ROOT

VARIABLES = [
    "BOT_TOKEN",
    "WEBHOOK_SECRET",
    "WEBHOOK_BASE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "TELEGRAM_API_URL",
    "HOST",
    "PORT",
    "ADMIN_IDS",
    "THROTTLE_RATE",
    "LOG_LEVEL",
    "AFFILIATE_COMMISSION_PERCENT",
    "AFFILIATE_HOLD_DAYS",
    "AFFILIATE_MIN_PAYOUT",
    "PREMIUM_CHANNEL_ID",
    "PREMIUM_CHANNEL_KEY",
    "PAYMENTS_SUPPORT",
    "PAYMENTS_TERMS",
    "PAYMENTS_TERMS_FILE",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
]


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults_run_on_the_embedded_database_without_redis(env):
    settings = load_settings()

    assert settings.database_url == "sqlite://./data/bot.sqlite3"
    assert settings.redis_url is None
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert (settings.host, settings.port, settings.throttle_rate) == ("0.0.0.0", 8080, 10)
    assert settings.admin_ids == frozenset()
    assert settings.log_level == "INFO"


def test_values_come_from_the_environment(env):
    env.setenv("BOT_TOKEN", "123:abc-DEF_ghi")
    env.setenv("WEBHOOK_SECRET", "s3cr3t-_X")
    env.setenv("WEBHOOK_BASE_URL", "https://bot.example.com:8443/")
    env.setenv("ADMIN_IDS", "1, 22,7345678901")
    env.setenv("REDIS_URL", "")
    env.setenv("THROTTLE_RATE", "30")
    env.setenv("LOG_LEVEL", "debug")

    settings = load_settings()

    assert settings.bot_token.get_secret_value() == "123:abc-DEF_ghi"
    assert settings.webhook_url == "https://bot.example.com:8443/api/v1/telegram/webhook"
    assert settings.admin_ids == frozenset({1, 22, 7345678901})
    assert settings.redis_url is None
    assert (settings.throttle_rate, settings.log_level) == (30, "DEBUG")
    assert "123:abc" not in repr(settings) and "s3cr3t" not in repr(settings)


def test_values_come_from_a_dotenv_file(env, tmp_path):
    (tmp_path / ".env").write_text(
        "THROTTLE_RATE=3\nADMIN_IDS=5\nPREMIUM_CHANNEL_ID=-1001234567890\nAFFILIATE_MIN_PAYOUT=\n"
    )
    env.setenv("AFFILIATE_COMMISSION_PERCENT", "25.5")

    settings = load_settings()

    assert (settings.throttle_rate, settings.admin_ids) == (3, frozenset({5}))
    assert (settings.premium_channel.id, settings.premium_channel.key) == (
        -1001234567890,
        "premium",
    )
    assert settings.affiliate.commission_bp == 2550
    assert settings.affiliate.min_payout == {"USD": 5000, "EUR": 5000, "XTR": 2500}


@pytest.mark.parametrize(
    ("variable", "value", "expects"),
    [
        ("BOT_TOKEN", "not-a-token", "the token from @BotFather"),
        ("WEBHOOK_SECRET", "has space", "1-256 characters of A-Z a-z 0-9 _ -"),
        ("WEBHOOK_SECRET", "x" * 257, "1-256 characters"),
        ("WEBHOOK_SECRET", "ünï", "1-256 characters"),
        ("WEBHOOK_BASE_URL", "http://bot.example.com", "https://"),
        ("WEBHOOK_BASE_URL", "https://bot.example.com:8080", "port 443, 80, 88 or 8443"),
        ("WEBHOOK_BASE_URL", "https://bot.example.com:abc", "https://"),
        ("DATABASE_URL", "mysql://x", "postgres://"),
        ("REDIS_URL", "http://localhost", "redis://"),
        ("TELEGRAM_API_URL", "ftp://x", "http(s)://"),
        ("PORT", "70000", "1 to 65535"),
        ("PORT", "eighty", "1 to 65535"),
        ("ADMIN_IDS", "1,two", "comma-separated Telegram user ids"),
        ("THROTTLE_RATE", "0", "at least 1"),
        ("LOG_LEVEL", "LOUD", "DEBUG, INFO"),
        # Groups of settings are read from their prefix, and named by it in errors.
        ("AFFILIATE_HOLD_DAYS", "400", "days a commission is held"),
        ("AFFILIATE_MIN_PAYOUT", "USD=-1", "the smallest payout per currency"),
        ("PREMIUM_CHANNEL_KEY", "Not A Key", "the entitlement key that opens"),
        ("PREMIUM_CHANNEL_ID", "the-channel", "the numeric id of the premium channel"),
        ("PAYMENTS_TERMS_FILE", "no-such-terms.txt", "an existing UTF-8 text file"),
        ("PAYMENTS_SUPPORT", "x" * 4097, "how buyers reach you"),
        ("STRIPE_SECRET_KEY", "pk_live_abc", "your Stripe secret (or restricted) key"),
        ("STRIPE_WEBHOOK_SECRET", "sk_test_abc", "the webhook endpoint's signing secret"),
        ("STRIPE_API_BASE", "ftp://stripe", "Stripe's API address"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_it_expects(env, variable, value, expects):
    env.setenv(variable, value)

    with pytest.raises(ConfigError) as error:
        load_settings()

    message = str(error.value)
    assert message.startswith(f"{variable} is invalid: expected ")
    assert expects in message
    assert "\n" not in message
    assert value not in message or len(value) < 3  # secrets are not echoed


def test_a_missing_value_a_command_needs_is_named(env):
    with pytest.raises(
        ConfigError, match="^BOT_TOKEN is not set: expected the token from @BotFather"
    ):
        load_settings().required_bot_token  # noqa: B018


def test_the_program_stops_with_one_line_and_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(PORT="eighty", PYTHONPATH=str(ROOT))

    result = subprocess.run(
        [sys.executable, "-m", "app", "commands", "list"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr == "error: PORT is invalid: expected a port number from 1 to 65535\n"


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n", b"\xff\xfe not UTF-8", b"x" * 4097],
    ids=["empty", "blank", "binary", "long"],
)
def test_a_terms_file_that_cannot_be_the_answer_stops_the_program(env, tmp_path, content):
    terms = tmp_path / "terms.txt"
    terms.write_bytes(content)
    env.setenv("PAYMENTS_TERMS_FILE", str(terms))

    with pytest.raises(ConfigError, match="^PAYMENTS_TERMS_FILE is invalid: expected an existing"):
        load_settings()


def test_the_terms_file_is_read_once_at_start(env, tmp_path):
    terms = tmp_path / "terms.txt"
    terms.write_text("  Our terms.\n")
    env.setenv("PAYMENTS_TERMS_FILE", str(terms))

    settings = load_settings()
    terms.unlink()

    assert settings.payments.terms == "Our terms."


def test_card_payments_are_on_only_with_both_stripe_secrets(env):
    assert not load_settings().stripe.enabled
    env.setenv("STRIPE_SECRET_KEY", "sk_test_abc")
    assert not load_settings().stripe.enabled
    env.setenv("STRIPE_WEBHOOK_SECRET", "whsec_new, whsec_old")

    stripe = load_settings().stripe

    assert stripe.enabled
    assert [s.get_secret_value() for s in stripe.webhook_secret] == ["whsec_new", "whsec_old"]
    assert "whsec_new" not in repr(stripe)  # secrets are never printed
