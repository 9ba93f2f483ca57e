"""The Redis client's breaker: it opens after failures in a row, lets one probe through after
the cooldown, waits longer after a failed probe, and closes when Redis answers; the outage is
logged once when it opens and once when it ends."""

import logging

from app.redis_client import FAILURES_TO_OPEN, FIRST_COOLDOWN_S, Breaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_probes_and_closes(caplog):
    clock = Clock()
    breaker = Breaker(clock)
    caplog.set_level(logging.INFO, logger="app.redis_client")

    for _ in range(FAILURES_TO_OPEN):
        assert breaker.allow()
        breaker.failed(TimeoutError())
    assert breaker.is_open and not breaker.allow()

    clock.now += FIRST_COOLDOWN_S
    assert breaker.allow()  # the probe
    assert not breaker.allow()  # only one at a time
    breaker.failed(TimeoutError())
    clock.now += FIRST_COOLDOWN_S
    assert not breaker.allow()  # a failed probe doubles the wait
    clock.now += FIRST_COOLDOWN_S
    assert breaker.allow()
    breaker.succeeded()

    assert not breaker.is_open and breaker.allow()
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("Redis does not answer")
    assert messages[1] == "Redis answers again: using it"


def test_a_single_failure_does_not_open_it():
    breaker = Breaker(Clock())

    breaker.failed(TimeoutError())
    breaker.succeeded()
    for _ in range(FAILURES_TO_OPEN - 1):
        breaker.failed(TimeoutError())

    assert not breaker.is_open
