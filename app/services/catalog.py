"""The catalog: products and plans, described by admins in one TOML file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.money import STARS, Money, MoneyError, check_currency
from models import Plan, PlanPrice, Product

CODE_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
ENTITLEMENT_KEY_RE = re.compile(r"[a-z0-9_]{1,64}")
# Telegram Stars subscriptions renew every 30 days (createInvoiceLink subscription_period).
STARS_SUBSCRIPTION_DAYS = 30
# Telegram's ceiling for a Stars subscription's price.
MAX_SUBSCRIPTION_STARS = 10_000


def _code(value: str) -> str:
    if not CODE_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a code: use 1-64 of a-z 0-9 _ -, starting with a-z or 0-9"
        )
    return value


def _entitlement_key(value: str) -> str:
    if not ENTITLEMENT_KEY_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not an entitlement key: use 1-64 of a-z 0-9 _")
    return value


Code = Annotated[str, AfterValidator(_code)]
EntitlementKey = Annotated[str, AfterValidator(_entitlement_key)]
# TOML floats are not amounts: 19.90 would be a binary fraction. Text ("19.90") or whole numbers.
Amount = StrictStr | StrictInt


def _printable(value: str) -> str:
    """Titles and descriptions are shown to users: no control characters (a description may
    have line breaks)."""
    if any(ord(c) < 32 and c != "\n" or ord(c) == 127 for c in value):
        raise ValueError("control characters are not allowed")
    return value


Printable = Annotated[str, AfterValidator(_printable)]


def entitlement_title(key: str, titles: dict[str, str]) -> str:
    """The product title for an entitlement key, or the key made readable."""
    return titles.get(key) or key.replace("_", " ")


class CatalogError(DomainError):
    """The file is not a valid catalog; `problems` lists each one with its place."""

    code = "catalog.invalid"

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class PlanWords(BaseModel):
    """A plan's title in another language."""

    model_config = ConfigDict(extra="forbid")

    title: Printable = Field(min_length=1, max_length=128)


class ProductWords(PlanWords):
    """A product's title and description in another language."""

    description: Printable = Field(default="", max_length=1000)


# The catalog file's `translations = { ru = { title = "…" } }`: keyed by ISO 639-1 code.
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]


class PlanSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    title: Printable = Field(min_length=1, max_length=128)
    translations: dict[LanguageCode, PlanWords] = {}
    duration_days: int | None = Field(default=None, ge=1, le=3650)
    lifetime: bool = False
    prices: dict[str, Amount] = Field(min_length=1)
    floors: dict[str, Amount] = {}
    stars_subscription: bool = False
    stripe_price_id: str | None = Field(default=None, pattern=r"^price_[A-Za-z0-9]+$")  # Stripe's
    order: int = 0

    @field_validator("prices", "floors")
    @classmethod
    def _amounts(cls, amounts: dict[str, Amount]) -> dict[str, Amount]:
        problems = []
        for currency, amount in amounts.items():
            try:
                if Money.parse(amount, check_currency(currency)).amount < 0:
                    problems.append(f"{currency}: an amount cannot be negative")
            except MoneyError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("; ".join(problems))
        return amounts

    @model_validator(mode="after")
    def _consistent(self) -> PlanSpec:
        problems = []
        if self.lifetime == (self.duration_days is not None):
            problems.append("give either duration_days or lifetime = true")
        if self.stars_subscription and self.duration_days != STARS_SUBSCRIPTION_DAYS:
            problems.append("a Stars subscription renews every 30 days: duration_days must be 30")
        stars = self.prices.get("XTR")
        if (
            self.stars_subscription
            and stars is not None
            and Money.parse(stars, "XTR").amount > MAX_SUBSCRIPTION_STARS
        ):
            problems.append(
                f"XTR: a Stars subscription costs at most {MAX_SUBSCRIPTION_STARS} Stars"
            )
        for currency, floor in self.floors.items():
            if currency not in self.prices:
                problems.append(f"floors.{currency}: there is no {currency} price")
            elif Money.parse(floor, currency) > Money.parse(self.prices[currency], currency):
                problems.append(f"floors.{currency}: the floor is above the price")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def money(self, field: str) -> dict[str, Money]:
        return {c: Money.parse(a, c) for c, a in getattr(self, field).items()}


class ProductSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    title: Printable = Field(min_length=1, max_length=128)
    description: Printable = Field(default="", max_length=1000)
    translations: dict[LanguageCode, ProductWords] = {}
    entitlements: list[EntitlementKey] = Field(min_length=1)
    trial_days: int | None = Field(default=None, ge=1, le=365)
    newcomer_discount_percent: Decimal = Field(default=Decimal(0), ge=0, le=100, decimal_places=2)
    order: int = 0
    plans: list[PlanSpec] = Field(min_length=1)


class CatalogFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    products: list[ProductSpec]


def _tables(value: object) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def repeated_codes(document: dict) -> list[str]:
    """Codes that appear twice, read off the raw document so that they are reported together
    with every other problem."""
    products = _tables(document.get("products"))
    plans = [plan for product in products for plan in _tables(product.get("plans"))]
    problems = []
    for kind, items in (("product", products), ("plan", plans)):
        codes = [code for item in items if isinstance(code := item.get("code"), str)]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            problems.append(f"{kind} codes must be unique: {', '.join(repeated)} repeated")
    return problems


def _place(loc: tuple, document: dict) -> str:
    """products[1].plans[0].prices.USD, with the codes named where the file has them."""
    parts: list[str] = []
    node: object = document
    for step in loc:
        if isinstance(step, int):
            parts[-1] += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("code"), str):
                parts[-1] += f" ({node['code']})"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "file"


def parse_catalog(text: str) -> CatalogFile:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError([f"not valid TOML: {exc}"]) from None
    except RecursionError:
        raise CatalogError(["not valid TOML: nested too deep"]) from None
    problems = [f"file: {problem}" for problem in repeated_codes(document)]
    try:
        catalog = CatalogFile.model_validate(document)
    except ValidationError as exc:
        for error in exc.errors():
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{_place(error['loc'], document)}: {message}")
    if problems:
        raise CatalogError(problems)
    return catalog


def read_catalog(path: Path) -> CatalogFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([f"cannot read {path}: {exc}"]) from None
    return parse_catalog(text)


class UnknownPlan(DomainError):
    code = "plan.unknown"


class NoPrice(DomainError):
    """The plan has no price in that currency."""

    code = "plan.no_price"


@dataclass(frozen=True)
class Price:
    base: Money
    floor: Money  # discounts stop here


@dataclass(frozen=True)
class LoadSummary:
    products: int
    plans: int
    deactivated_products: list[str]
    deactivated_plans: list[str]


class CatalogService:
    def __init__(self, stars_per_usd: Decimal) -> None:
        self.stars_per_usd = stars_per_usd

    async def apply(self, catalog: CatalogFile) -> LoadSummary:
        """Everything in one transaction: upsert by code; what left the file is deactivated,
        never deleted (quotes and orders refer to it)."""
        async with in_transaction() as connection:
            plan_codes = []
            for product_spec in catalog.products:
                product, _ = await Product.update_or_create(
                    code=product_spec.code,
                    defaults={
                        "title": product_spec.title,
                        "description": product_spec.description,
                        "translations": {
                            language: words.model_dump(exclude_defaults=True)
                            for language, words in product_spec.translations.items()
                        },
                        "entitlements": product_spec.entitlements,
                        "trial_days": product_spec.trial_days,
                        "newcomer_discount_bp": int(product_spec.newcomer_discount_percent * 100),
                        "active": True,
                        "sort_order": product_spec.order,
                    },
                    using_db=connection,
                )
                for plan_spec in product_spec.plans:
                    plan_codes.append(plan_spec.code)
                    plan, _ = await Plan.update_or_create(
                        code=plan_spec.code,
                        defaults={
                            "product": product,
                            "title": plan_spec.title,
                            "translations": {
                                language: words.model_dump(exclude_defaults=True)
                                for language, words in plan_spec.translations.items()
                            },
                            "duration_days": plan_spec.duration_days,
                            "stars_subscription": plan_spec.stars_subscription,
                            "stripe_price_id": plan_spec.stripe_price_id,
                            "active": True,
                            "sort_order": plan_spec.order,
                        },
                        using_db=connection,
                    )
                    await PlanPrice.filter(plan=plan).using_db(connection).delete()
                    floors = plan_spec.money("floors")
                    for currency, price in plan_spec.money("prices").items():
                        floor = floors.get(currency, Money.zero(currency))
                        await PlanPrice.create(
                            plan=plan,
                            currency=currency,
                            amount=price.amount,
                            floor_amount=floor.amount,
                            using_db=connection,
                        )
            product_codes = [p.code for p in catalog.products]
            # Flat values_list gives the values; Tortoise types them as tuples whatever `flat` says.
            gone_products = cast(
                list[str],
                await Product.filter(active=True)
                .exclude(code__in=product_codes)
                .using_db(connection)
                .values_list("code", flat=True),
            )
            gone_plans = cast(
                list[str],
                await Plan.filter(active=True)
                .exclude(code__in=plan_codes)
                .using_db(connection)
                .values_list("code", flat=True),
            )
            await Product.filter(code__in=gone_products).using_db(connection).update(active=False)
            await Plan.filter(code__in=gone_plans).using_db(connection).update(active=False)
        return LoadSummary(
            len(product_codes), len(plan_codes), sorted(gone_products), sorted(gone_plans)
        )

    async def all_products(self) -> list[Product]:
        """Every product with its plans and prices, on sale or not, for admins."""
        return list(await Product.all().order_by("id").prefetch_related("plans__prices"))

    async def active_products(self) -> list[Product]:
        """Active products with their active plans (and prices) loaded, in catalog order."""
        products = await Product.filter(active=True).prefetch_related("plans__prices")
        for product in products:
            product.active_plans = [plan for plan in product.plans if plan.active]
            for plan in product.active_plans:
                plan.product = product  # the pricing rules read the product from the plan
        return [p for p in products if p.active_plans]

    async def entitlement_title(self, key: str, language: str | None = None) -> str:
        return entitlement_title(key, await self.entitlement_titles(language))

    async def entitlement_titles(self, language: str | None = None) -> dict[str, str]:
        """A name for each entitlement key that people can read: the title of the first product
        in catalog order that grants it ("premium" → "Premium signals"), in `language` where
        the catalog translates it."""
        titles: dict[str, str] = {}
        for product in await Product.all().order_by("-active", "sort_order", "code"):
            translated = (product.translations or {}).get(language or "", {}).get("title")
            for key in product.entitlements:
                titles.setdefault(key, translated or product.title)
        return titles

    async def active_product(self, product_id: int) -> Product | None:
        return await Product.filter(id=product_id, active=True).first()

    async def plan(self, plan_id: int) -> Plan | None:
        """An active plan of an active product, with its product and prices."""
        return (
            await Plan.filter(id=plan_id, active=True, product__active=True)
            .prefetch_related("product", "prices")
            .first()
        )

    async def plan_by_code(self, code: str) -> Plan | None:
        return await Plan.filter(code=code).prefetch_related("product", "prices").first()

    def price(self, plan: Plan, currency: str) -> Price:
        """The plan's price and floor in `currency` (prices must be loaded). A Stars price the
        file does not give comes from the USD one at STARS_PER_USD, rounded up to whole Stars."""
        rows = {row.currency: row for row in plan.prices}
        if currency in rows:
            row = rows[currency]
            return Price(Money(row.amount, currency), Money(row.floor_amount, currency))
        if currency == STARS and "USD" in rows:
            usd = rows["USD"]
            return Price(self.stars_from_cents(usd.amount), self.stars_from_cents(usd.floor_amount))
        raise NoPrice(f"{plan.code} has no {currency} price")

    def stars_from_cents(self, cents: int) -> Money:
        stars = Decimal(cents) * self.stars_per_usd / 100
        return Money(int(stars.to_integral_value(rounding="ROUND_CEILING")), STARS)
