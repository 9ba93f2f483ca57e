"""Logging for the long-running processes: one format, and no secret in any line."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from app.config import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# aiogram logs every update it handles ("Update id=… is handled") at INFO. Each update already
# has its journal row (status, handler time, error), so at INFO the log holds what needs an
# operator (start-up, outages, refusals, failures), not one line per update: those lines are
# written at DEBUG only.
PER_UPDATE_LOGGERS = ("aiogram.event", "stripe")  # the SDK logs each request at INFO


class RedactSecrets(logging.Filter):
    """Replaces the configured secrets in every record, its traceback included: a library may
    quote a header, a URL or a token in an error message."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is replaced whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "[redacted]")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[redacted]")
        record.msg, record.args = message, None
        return True


def secrets_of(settings: Settings) -> list[str]:
    values = [
        secret.get_secret_value()
        for secret in (
            settings.bot_token,
            settings.webhook_secret,
            settings.signals_secret,
            settings.ops_token,
            settings.stripe.secret_key,
            *settings.stripe.webhook_secret,  # two while one is rolled
        )
        if secret is not None
    ]
    for url in (settings.database_url, settings.redis_url):
        password = urlsplit(url).password if url else None
        if password:
            values.append(password)
    return values


def configure_logging(settings: Settings, level: str) -> None:
    logging.basicConfig(level=level, format=FORMAT)
    per_update = logging.DEBUG if logging.getLevelName(level) <= logging.DEBUG else logging.WARNING
    for name in PER_UPDATE_LOGGERS:
        logging.getLogger(name).setLevel(per_update)
    redact = RedactSecrets(secrets_of(settings))
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
