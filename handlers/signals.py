"""/signals and /approve: trading signals arrive with the signals issue."""

from handlers.common import opens_soon, router_for

HANDLERS = {
    "signals.signals": opens_soon("Trading signals"),
    "signals.approve": opens_soon("Signal approvals"),
}


def create_router():
    return router_for("signals", HANDLERS)
