"""The service's settings: one pydantic-settings class, read from the environment or `.env`."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qsl, urlsplit

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.errors import DomainError
from app.money import Money

DEFAULT_DATABASE_URL = "sqlite://./data/bot.sqlite3"
# The guides /help shows: a folder per language of Markdown files (see app/guides.py).
DEFAULT_GUIDES_DIR = Path(__file__).resolve().parent / "guides"
# Pool sizes a PostgreSQL URL may carry (?maxsize=32), passed on to asyncpg.
POOL_SIZES = frozenset({"minsize", "maxsize"})
DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"
WEBHOOK_PATH = "/api/v1/telegram/webhook"
# Telegram delivers webhooks only to these ports (Bot API, setWebhook).
WEBHOOK_PORTS = frozenset({443, 80, 88, 8443})

BOT_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# Telegram's rule for setWebhook's secret_token.
WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(DomainError):
    """A setting is missing or invalid; the message is one line naming the variable."""

    code = "config.invalid"


T = TypeVar("T")


class EnvSettings(BaseSettings):
    """Read from the environment or `.env`; a blank value means "not set"."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank(cls, value: object, info: ValidationInfo) -> object:
        # `REDIS_URL=` in a .env file means "not set", not "the empty URL".
        if isinstance(value, str) and not value.strip() and info.field_name is not None:
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)
        return value


class AffiliateSettings(EnvSettings):
    """The affiliate program (AFFILIATE_*)."""

    model_config = SettingsConfigDict(env_prefix="AFFILIATE_")

    commission_percent: Decimal = Field(
        default=Decimal(20),
        gt=0,
        le=100,
        decimal_places=2,
        description="the referrer's share of a sale in percent, like 20",
    )
    hold_days: int = Field(
        default=30,
        ge=0,
        le=365,
        description="days a commission is held before it can be paid out, 0 to 365",
    )
    min_payout: Annotated[dict[str, int], NoDecode] = Field(
        default_factory=lambda: {"USD": 5000, "EUR": 5000, "XTR": 2500},
        description="the smallest payout per currency, like USD=50.00,XTR=2500",
    )

    @field_validator("min_payout", mode="before")
    @classmethod
    def _parse_minimums(cls, value: object) -> object:
        if isinstance(value, str) and value.strip():  # blank: the default (see _blank)
            minimums = {}
            for pair in value.split(","):
                currency, _, amount = pair.strip().partition("=")
                money = Money.parse(amount, currency.strip().upper())
                if money.amount <= 0:
                    raise ValueError("a minimum must be above zero")
                minimums[money.currency] = money.amount
            return minimums
        return value

    @property
    def commission_bp(self) -> int:
        return int(self.commission_percent * 100)

    @property
    def hold(self) -> timedelta:
        return timedelta(days=self.hold_days)


class PremiumChannelSettings(EnvSettings):
    """The private channel premium members are let into (PREMIUM_CHANNEL_*)."""

    model_config = SettingsConfigDict(env_prefix="PREMIUM_CHANNEL_")

    id: int | None = Field(
        default=None,
        description="the numeric id of the premium channel, like -1001234567890",
    )
    key: str = Field(
        default="premium",
        pattern=r"^[a-z0-9_]{1,64}$",
        description="the entitlement key that opens the premium channel, like premium",
    )


# Telegram's longest message text.
MESSAGE_MAX = 4096


class BroadcastSettings(EnvSettings):
    """Broadcasts and signal fan-out (BROADCAST_*)."""

    model_config = SettingsConfigDict(env_prefix="BROADCAST_")

    # Telegram allows a bot about 30 messages a second; paid broadcasts lift that to 1000.
    rate: int = Field(
        default=25,
        ge=1,
        le=1000,
        description="messages per second across every worker, from 1 to 1000, like 25",
    )


class PaymentSettings(EnvSettings):
    """What /paysupport and /terms answer, as Telegram requires of bots that sell (PAYMENTS_*).
    The defaults name no contact and promise no refund window: set them to yours."""

    model_config = SettingsConfigDict(env_prefix="PAYMENTS_")

    support: str = Field(
        default=(
            "Questions about a payment? Quote your order number from /orders when you contact "
            "us. Refunds go back to the Telegram Stars balance that paid."
        ),
        min_length=1,
        max_length=MESSAGE_MAX,
        description="the /paysupport answer: how buyers reach you, up to 4096 characters",
    )
    terms: str = Field(
        default=(
            "Premium access is a digital service, delivered in this chat the moment a payment "
            "lands, for the period the plan names. Subscriptions renew every 30 days until "
            "cancelled in /subscription; access then runs to the end of the paid period. "
            "/paysupport says how to reach us about a payment."
        ),
        min_length=1,
        max_length=MESSAGE_MAX,
        description="the /terms answer, up to 4096 characters",
    )
    terms_file: Path | None = Field(
        default=None,
        description=(
            "an existing UTF-8 text file of 1-4096 characters (a path from the working "
            "directory) whose content /terms answers instead of PAYMENTS_TERMS"
        ),
    )

    @field_validator("support", "terms")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("blank")
        return value.strip()

    @field_validator("terms_file")
    @classmethod
    def _check_terms_file(cls, value: Path | None) -> Path | None:
        if value is not None:
            read_terms(value)
        return value

    @model_validator(mode="after")
    def _terms_from_the_file(self) -> PaymentSettings:
        """Read once, at start-up: a bad file stops the program instead of failing /terms."""
        if self.terms_file is not None:
            self.terms = read_terms(self.terms_file)
        return self


def read_terms(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None
    if not 1 <= len(text) <= MESSAGE_MAX:
        raise ValueError("empty or over 4096 characters")
    return text


STRIPE_KEY_RE = re.compile(r"(sk|rk)_(test|live)_[A-Za-z0-9]+")


class StripeSettings(EnvSettings):
    """Card payments through Stripe (STRIPE_*): off unless both the secret key and the webhook
    signing secret are set. Telegram requires digital goods sold inside a bot to be paid in
    Stars; see the README before turning this on."""

    model_config = SettingsConfigDict(env_prefix="STRIPE_")

    secret_key: SecretStr | None = Field(
        default=None, description="your Stripe secret (or restricted) key, like sk_live_…"
    )
    webhook_secret: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        default=(),
        description=(
            "the webhook endpoint's signing secret, like whsec_…; two, comma-separated, "
            "while you roll it"
        ),
    )
    api_base: str | None = Field(
        default=None,
        pattern=r"^https?://[^\s/]+(/.*)?$",
        description="Stripe's API address, like https://api.stripe.com (a local fake in tests)",
    )

    return_url: str | None = Field(
        default=None,
        pattern=r"^https://[^\s/]+(/\S*)?$",
        description=(
            "where Stripe's pages send the buyer back (after paying, cancelling, or managing "
            "cards); default: the bot's t.me link"
        ),
    )
    grace_days: int = Field(
        default=3,
        ge=0,
        le=30,
        description=(
            "days a card subscription keeps its access after a renewal payment fails, while "
            "Stripe retries the card"
        ),
    )

    @field_validator("secret_key")
    @classmethod
    def _check_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not STRIPE_KEY_RE.fullmatch(value.get_secret_value()):
            raise ValueError("malformed key")
        return value

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _split_secrets(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(part.strip() for part in value.split(",") if part.strip())
        if isinstance(value, tuple | list) and not all(
            str(part).startswith("whsec_") for part in value
        ):
            raise ValueError("not whsec_")
        return value

    @property
    def enabled(self) -> bool:
        return self.secret_key is not None and bool(self.webhook_secret)


# Groups of settings that will grow (Stripe, broadcasts) are models of their own, read from
# their variables' prefix; each is a field of Settings.
GROUPS: tuple[type[EnvSettings], ...] = (
    AffiliateSettings,
    PremiumChannelSettings,
    PaymentSettings,
    StripeSettings,
    BroadcastSettings,
)


class Settings(EnvSettings):
    """Every setting, read once from the environment (or `.env`). A field's description says
    what its variable expects: it is the one-line error that stops the program."""

    bot_token: SecretStr | None = Field(
        default=None, description="the token from @BotFather, like 123456:ABC-DEF"
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="1-256 characters of A-Z a-z 0-9 _ -"
    )
    webhook_base_url: str | None = Field(
        default=None,
        description="the public https:// address of this service on port 443, 80, 88 or 8443",
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="postgres://user:password@host:5432/name[?maxsize=N] or sqlite://path/to/file",
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://host:6379/0 (or leave unset for one process without Redis)",
    )
    telegram_api_url: str = Field(
        default=DEFAULT_TELEGRAM_API_URL, description="an http(s):// base URL of a Bot API server"
    )
    host: str = Field(
        default="0.0.0.0", min_length=1, description="an address to listen on, like 0.0.0.0"
    )
    port: int = Field(default=8080, ge=1, le=65535, description="a port number from 1 to 65535")
    max_connections: int = Field(
        default=1000,
        ge=1,
        le=1_000_000,
        description="the most connections `serve` holds at once, like 1000",
    )
    api_rate: int = Field(
        default=300,
        ge=1,
        description="requests per minute to the HTTP APIs from one client address, like 300",
    )
    api_key_rate: int = Field(
        default=60, ge=1, description="requests per minute with one API key, like 60"
    )
    trusted_proxies: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        description="comma-separated addresses of your reverse proxies, like 10.0.0.2",
    )
    ops_token: SecretStr | None = Field(
        default=None,
        min_length=16,
        description="at least 16 characters that /readyz and /metrics callers must send",
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), description="comma-separated Telegram user ids, like 12345,67890"
    )
    throttle_rate: int = Field(
        default=10, ge=1, description="a whole number of commands per minute, at least 1"
    )
    throttle_step_rate: int = Field(
        default=30,
        ge=1,
        description="a whole number of button presses and messages per minute, at least 1",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="one of DEBUG, INFO, WARNING, ERROR"
    )
    quote_ttl: int = Field(
        default=15, ge=1, le=1440, description="minutes a quoted price holds, from 1 to 1440"
    )
    stars_per_usd: Decimal = Field(
        default=Decimal(50),
        gt=0,
        le=10_000,
        description="Telegram Stars per US dollar for plans without a Stars price, like 50",
    )
    reminder_days: Annotated[tuple[int, ...], NoDecode] = Field(
        default=(3, 1),
        description="comma-separated whole days before expiry to remind, like 3,1",
    )
    referral_discount_percent: Decimal = Field(
        default=Decimal(10),
        ge=0,
        lt=100,
        decimal_places=2,
        description="a referred user's discount on their first purchase, like 10",
    )
    signals_secret: SecretStr | None = Field(
        default=None,
        min_length=32,
        description="at least 32 characters shared with the signal engine",
    )
    signals_channel_id: int | None = Field(
        default=None,
        description="the numeric id of the channel that gets free previews of new premium "
        "signals, like -1001234567890",
    )
    signals_channel_language: Literal["en", "ru"] = Field(
        default="en",
        description="the language of the teasers in SIGNALS_CHANNEL_ID: en or ru",
    )
    guides_dir: Path = Field(
        default=DEFAULT_GUIDES_DIR,
        description="a folder with a folder of <guide>.md files per language, like app/guides",
    )
    affiliate: AffiliateSettings = Field(default_factory=AffiliateSettings)
    premium_channel: PremiumChannelSettings = Field(default_factory=PremiumChannelSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)
    stripe: StripeSettings = Field(default_factory=StripeSettings)
    broadcast: BroadcastSettings = Field(default_factory=BroadcastSettings)

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not BOT_TOKEN_RE.fullmatch(value.get_secret_value()):
            raise ValueError("malformed token")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET_RE.fullmatch(value.get_secret_value()):
            raise ValueError("malformed secret")
        return value

    @field_validator("webhook_base_url")
    @classmethod
    def _check_base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        try:
            port = parts.port or 443
        except ValueError:  # a port that is not a number
            port = None
        if parts.scheme != "https" or not parts.hostname or port not in WEBHOOK_PORTS:
            raise ValueError("not an https URL on a Telegram webhook port")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        scheme = value.partition("://")[0]
        if scheme not in {"sqlite", "postgres", "postgresql", "asyncpg"}:
            raise ValueError("unsupported database URL")
        if scheme != "sqlite":
            try:
                parts = urlsplit(value)
                parts.port  # noqa: B018 (raises on a port that is not a number)
            except ValueError:  # a broken IPv6 host, a bad port
                raise ValueError("malformed database URL") from None
            for name, number in parse_qsl(parts.query):
                if name in POOL_SIZES and not (number.isascii() and number.isdigit()):
                    raise ValueError(f"{name} must be a whole number")
                if name in POOL_SIZES and not 1 <= int(number) <= 1000:
                    raise ValueError(f"{name} must be from 1 to 1000")
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in {"redis", "rediss", "unix"}:
            raise ValueError("unsupported Redis URL")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("not an http(s) URL")
        return value.rstrip("/")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.split(",") if part.strip())
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                str(ip_address(part.strip())) for part in value.split(",") if part.strip()
            )
        return value

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _split_reminder_days(cls, value: object) -> object:
        if isinstance(value, str):
            days = tuple(int(part) for part in value.split(",") if part.strip())
            if any(not 1 <= day <= 60 for day in days):
                raise ValueError("days out of range")
            return tuple(sorted(set(days), reverse=True))
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def required_bot_token(self) -> str:
        return self._required("bot_token", self.bot_token).get_secret_value()

    @property
    def required_webhook_secret(self) -> str:
        return self._required("webhook_secret", self.webhook_secret).get_secret_value()

    @property
    def webhook_url(self) -> str:
        base = self._required("webhook_base_url", self.webhook_base_url)
        return f"{base}{WEBHOOK_PATH}"

    @property
    def required_redis_url(self) -> str:
        return self._required("redis_url", self.redis_url)

    def _required(self, name: str, value: T | None) -> T:
        """The value, or a one-line error that stops the command which needs it."""
        if value is None:
            raise ConfigError(f"{name.upper()} is not set: expected {expects(type(self), name)}")
        return value

    @property
    def quote_lifetime(self) -> timedelta:
        return timedelta(minutes=self.quote_ttl)

    @property
    def referral_discount_bp(self) -> int:
        return int(self.referral_discount_percent * 100)

    def is_admin(self, telegram_id: int | None) -> bool:
        return telegram_id is not None and telegram_id in self.admin_ids


def expects(model: type[EnvSettings], name: str) -> str:
    return model.model_fields[name].description or "a valid value"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning pydantic's report into one line per bad variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc)) from None


def describe_errors(exc: ValidationError) -> str:
    """ "NAME is invalid: expected …" per variable; a group's variables carry its prefix."""
    model = next((group for group in GROUPS if group.__name__ == exc.title), Settings)
    prefix = str(model.model_config.get("env_prefix") or "")
    lines = []
    for error in exc.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        if name in model.model_fields:
            variable = f"{prefix}{name}".upper()
            lines.append(f"{variable} is invalid: expected {expects(model, name)}")
        else:
            lines.append(f"settings are invalid: {error['msg']}")
    return "; ".join(dict.fromkeys(lines))
