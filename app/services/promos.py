"""Promo codes for admins: create, list, show with their uses, disable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.exceptions import IntegrityError

from app.errors import DomainError
from app.money import Money
from app.services.pricing import active_uses, promo_code_of
from models import Plan, Product, PromoCode, PromoKind, PromoReservation


class PromoError(DomainError):
    """Bad promo input; one sentence for the admin."""

    code = "promo.invalid"


@dataclass(frozen=True)
class PromoUsage:
    promo: PromoCode
    redeemed: int
    reserved: int  # held by open quotes right now


class PromoService:
    async def create(
        self,
        code: str,
        *,
        percent: Decimal | None = None,
        amounts: list[Money] | None = None,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
        max_uses: int | None = None,
        max_uses_per_user: int | None = None,
        products: list[str] | None = None,
        plans: list[str] | None = None,
        first_purchase_only: bool = False,
    ) -> PromoCode:
        normalized = promo_code_of(code)
        if normalized is None:
            raise PromoError(
                f"invalid code {code!r}: use 1-32 of A-Z, 0-9, _ and - (case is ignored)"
            )
        code = normalized
        if (percent is None) == (not amounts):
            raise PromoError("give either --percent or --amount (one per currency)")
        percent_bp = None
        if percent is not None:
            if not 0 < percent <= 100 or (percent * 100) != (percent * 100).to_integral_value():
                raise PromoError(
                    "--percent must be above 0 and at most 100, with 2 decimals at most"
                )
            percent_bp = int(percent * 100)
        fixed = {}
        for money in amounts or []:
            if money.amount <= 0:
                raise PromoError(f"--amount {money.currency} must be above zero")
            if money.currency in fixed:
                raise PromoError(f"--amount {money.currency} given twice")
            fixed[money.currency] = money.amount
        if valid_from and valid_until and valid_until <= valid_from:
            raise PromoError("--valid-until must be after --valid-from")
        for name, value in (("--max-uses", max_uses), ("--max-uses-per-user", max_uses_per_user)):
            if value is not None and value < 1:
                raise PromoError(f"{name} must be at least 1")
        await self._check_codes(Product, products or [], "product")
        await self._check_codes(Plan, plans or [], "plan")
        try:
            return await PromoCode.create(
                code=code,
                kind=PromoKind.PERCENT if percent_bp else PromoKind.FIXED,
                percent_bp=percent_bp,
                amounts=fixed,
                valid_from=valid_from,
                valid_until=valid_until,
                max_uses=max_uses,
                max_uses_per_user=max_uses_per_user,
                products=products or [],
                plans=plans or [],
                first_purchase_only=first_purchase_only,
            )
        except IntegrityError:
            raise PromoError(f"promo code {code} already exists") from None

    @staticmethod
    async def _check_codes(model, codes: list[str], kind: str) -> None:
        known = set(await model.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise PromoError(f"unknown {kind} {', '.join(unknown)}: `catalog show` lists them")

    async def all(self) -> list[PromoCode]:
        return list(await PromoCode.all().order_by("code"))

    async def usage(self, code: str, now: datetime) -> PromoUsage:
        promo = await self._get(code)
        redeemed = await PromoReservation.filter(promo=promo, redeemed_at__isnull=False).count()
        holding = await PromoReservation.filter(active_uses(now), promo=promo).count()
        return PromoUsage(promo, redeemed, holding - redeemed)

    async def disable(self, code: str) -> PromoCode:
        promo = await self._get(code)
        promo.active = False
        await promo.save(update_fields=["active"])
        return promo

    @staticmethod
    async def _get(code: str) -> PromoCode:
        normalized = promo_code_of(code)
        promo = await PromoCode.get_or_none(code=normalized) if normalized else None
        if promo is None:
            shown = normalized or repr(code.strip())
            raise PromoError(f"no promo code {shown}; `promo list` shows them")
        return promo
