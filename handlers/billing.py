"""/shop and /checkout: the catalog and payments arrive with the billing issues."""

from handlers.common import opens_soon, router_for

HANDLERS = {
    "billing.shop": opens_soon("The shop and premium plans"),
    "billing.checkout": opens_soon("Payments"),
}


def create_router():
    return router_for("billing", HANDLERS)
