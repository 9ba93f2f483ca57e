"""Prometheus metrics, one registry per app so every test starts from zero."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from app.services.journal import UpdateRecord


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "bot_updates_total",
            "Updates by outcome and command.",
            ["status", "command"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "bot_handler_latency_seconds",
            "Time from accepting an update to its outcome.",
            ["command"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )

    def observe(self, record: UpdateRecord, seconds: float) -> None:
        # Only registry commands become labels: free text must not grow the series without bound.
        if record.command is None:
            command = "none"
        else:
            command = record.command if record.command_known else "unknown"
        self.updates.labels(status=record.status.name.lower(), command=command).inc()
        self.latency.labels(command=command).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
