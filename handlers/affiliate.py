"""/affiliate, /referral_link and /stats: the program arrives with the affiliate issue."""

from handlers.common import opens_soon, router_for

HANDLERS = {
    "affiliate.affiliate": opens_soon("The affiliate program and its commissions"),
    "affiliate.referral_link": opens_soon("Personal referral links"),
    "affiliate.stats": opens_soon("Referral statistics"),
}


def create_router():
    return router_for("affiliate", HANDLERS)
