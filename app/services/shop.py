"""What the shop offers one user right now: the products on sale, each plan at this user's
price (every pricing rule applied, nothing stored), and the trials still open to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.services.catalog import CatalogService, NoPrice
from app.services.entitlements import EntitlementService
from app.services.pricing import Draft, PricingService
from models import Product, User


@dataclass(frozen=True)
class ProductOffer:
    product: Product
    plans: list[Draft]  # the plans with a price in the currency, in catalog order
    trial_available: bool


class ShopService:
    def __init__(
        self, catalog: CatalogService, pricing: PricingService, entitlements: EntitlementService
    ) -> None:
        self.catalog = catalog
        self.pricing = pricing
        self.entitlements = entitlements

    async def offers(self, user: User, currency: str, now: datetime) -> list[ProductOffer]:
        """The products with at least one plan priced in `currency`."""
        offers = []
        for product in await self.catalog.active_products():
            drafts = []
            for plan in product.active_plans:
                try:
                    drafts.append(await self.pricing.preview(user, plan, currency, now))
                except NoPrice:
                    continue
            if drafts:
                trial = await self.entitlements.trial_available(user.id, product)
                offers.append(ProductOffer(product, drafts, trial))
        return offers
