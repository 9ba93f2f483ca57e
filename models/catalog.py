from tortoise import fields
from tortoise.models import Model


class Product(Model):
    """Something to sell: it grants entitlement keys such as `premium` or `vip_channel`."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=128)
    description = fields.TextField(default="")
    # The title and description in other languages: {"ru": {"title": …, "description": …}}.
    translations: fields.JSONField[dict[str, dict[str, str]]] = fields.JSONField(default=dict)
    # ["premium", "vip_channel"]
    entitlements: fields.JSONField[list[str]] = fields.JSONField(default=list)
    trial_days = fields.IntField(null=True)
    # Percentage off a user's first purchase of this product, in basis points (2000 = 20 %).
    newcomer_discount_bp = fields.IntField(default=0)
    active = fields.BooleanField(default=True)
    sort_order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    plans: fields.ReverseRelation["Plan"]
    # Not a column: the plans on sale, set by CatalogService.active_products.
    active_plans: list["Plan"]

    class Meta:
        table = "products"
        ordering = ("sort_order", "code")


class Plan(Model):
    """A way to buy a product: how long it lasts and what it costs in each currency."""

    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="plans", on_delete=fields.RESTRICT
    )
    product_id: int
    code = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=128)
    # The title in other languages: {"ru": {"title": "1 месяц"}}.
    translations: fields.JSONField[dict[str, dict[str, str]]] = fields.JSONField(default=dict)
    duration_days = fields.IntField(null=True)  # None: lifetime
    # A Telegram Stars subscription renews every 30 days, so only 30-day plans may be one.
    stars_subscription = fields.BooleanField(default=False)
    stripe_price_id = fields.CharField(max_length=128, null=True)
    active = fields.BooleanField(default=True)
    sort_order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    prices: fields.ReverseRelation["PlanPrice"]

    class Meta:
        table = "plans"
        ordering = ("sort_order", "code")


class PlanPrice(Model):
    """A plan's price in one currency, in minor units, and the floor discounts stop at."""

    id = fields.IntField(primary_key=True)
    plan: fields.ForeignKeyRelation[Plan] = fields.ForeignKeyField(
        "models.Plan", related_name="prices", on_delete=fields.CASCADE
    )
    currency = fields.CharField(max_length=3)
    amount = fields.BigIntField()
    floor_amount = fields.BigIntField(default=0)

    class Meta:
        table = "plan_prices"
        unique_together = (("plan", "currency"),)
