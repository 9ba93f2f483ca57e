"""Money: an integer count of minor units and a currency code. No floats anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Minor-unit exponents from ISO 4217 for the currencies we sell in, and XTR (Telegram Stars),
# which Telegram counts in whole Stars.
EXPONENTS = {
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "CHF": 2,
    "CAD": 2,
    "AUD": 2,
    "PLN": 2,
    "TRY": 2,
    "INR": 2,
    "BRL": 2,
    "UAH": 2,
    "KZT": 2,
    "RUB": 2,
    "AED": 2,
    "SGD": 2,
    "HKD": 2,
    "CNY": 2,
    "MXN": 2,
    "JPY": 0,
    "KRW": 0,
    "VND": 0,
    "CLP": 0,
    "IDR": 2,
    "KWD": 3,
    "BHD": 3,
    "JOD": 3,
    "XTR": 0,
}
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "XTR": "⭐ "}
STARS = "XTR"
# Beyond any real price, and inside a 64-bit column with room to spare.
MAX_MINOR_UNITS = 10**15
AMOUNT_RE = re.compile(r"-?\d+(\.\d+)?")


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


def check_currency(code: str) -> str:
    if code not in EXPONENTS:
        raise MoneyError(f"unknown currency {code!r}: use an ISO 4217 code like USD, or XTR")
    return code


@dataclass(frozen=True)
class Money:
    amount: int  # minor units: cents for USD, whole Stars for XTR
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise MoneyError(f"an amount is a whole number of minor units, not {self.amount!r}")
        check_currency(self.currency)
        if abs(self.amount) >= MAX_MINOR_UNITS:
            raise MoneyError(f"{self.amount} {self.currency} minor units is beyond any price")

    @classmethod
    def parse(cls, text: str | int, currency: str) -> Money:
        """From a major-unit amount as written by people: "19.00" USD, 950 XTR, "500" JPY."""
        exponent = EXPONENTS[check_currency(currency)]
        text = str(text).strip()
        if not AMOUNT_RE.fullmatch(text):
            raise MoneyError(f"{text!r} is not an amount")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"{text!r} is not an amount") from None
        minor = value.scaleb(exponent)
        if minor != minor.to_integral_value():
            raise MoneyError(f"{text} {currency} has more than {exponent} decimal places")
        return cls(int(minor), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @property
    def exponent(self) -> int:
        return EXPONENTS[self.currency]

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def percent(self, basis_points: int, *, round_up: bool) -> Money:
        """`basis_points`/100 percent of this amount (1250 = 12.5 %), rounded to the minor unit
        up or down; integer arithmetic only."""
        numerator = self.amount * basis_points
        quotient = -(-numerator // 10_000) if round_up else numerator // 10_000
        return Money(quotient, self.currency)

    def major(self) -> str:
        """The amount in major units as text: 1900 USD -> "19.00"."""
        value = Decimal(abs(self.amount)).scaleb(-self.exponent)
        text = f"{value:.{self.exponent}f}"
        return f"-{text}" if self.amount < 0 else text

    def format(self) -> str:
        """For people: $19.00, €1,017.50, ⭐ 950, 12.000 KWD."""
        sign = "-" if self.amount < 0 else ""
        digits = f"{Decimal(abs(self.amount)).scaleb(-self.exponent):,.{self.exponent}f}"
        symbol = SYMBOLS.get(self.currency)
        if symbol:
            return f"{sign}{symbol}{digits}"
        return f"{sign}{digits} {self.currency}"

    def __str__(self) -> str:
        return self.format()


def percent_text(basis_points: int) -> str:
    """Basis points for people: 1250 -> "12.5 %", without floats."""
    return f"{(Decimal(basis_points) / 100).normalize():f} %"
