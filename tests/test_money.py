"""Money: integer minor units with a currency; no floats anywhere."""

import pytest

from app.money import Money, MoneyError, percent_text


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("19.00", "USD", 1900),
        ("19", "USD", 1900),
        ("0.05", "EUR", 5),
        (950, "XTR", 950),
        ("500", "JPY", 500),
        ("1.234", "KWD", 1234),
        ("0", "USD", 0),
    ],
)
def test_amounts_parse_to_minor_units_by_iso_4217_exponent(text, currency, minor):
    assert Money.parse(text, currency) == Money(minor, currency)


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("19.001", "USD"),
        ("1.5", "XTR"),
        ("0.5", "JPY"),
        ("abc", "USD"),
        ("1e3", "USD"),
        ("", "USD"),
        ("NaN", "USD"),
        ("19.00", "ZZZ"),
    ],
)
def test_impossible_amounts_are_refused(text, currency):
    with pytest.raises(MoneyError):
        Money.parse(text, currency)


def test_floats_and_unknown_currencies_are_not_money():
    with pytest.raises(MoneyError):
        Money(19.0, "USD")
    with pytest.raises(MoneyError):
        Money(True, "USD")
    with pytest.raises(MoneyError):
        Money(1, "usd")


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(1900, "USD"), "$19.00"),
        (Money(950, "XTR"), "⭐ 950"),
        (Money(1750, "EUR"), "€17.50"),
        (Money(101750, "EUR"), "€1,017.50"),
        (Money(-150, "USD"), "-$1.50"),
        (Money(500, "JPY"), "¥500"),
        (Money(12000, "KWD"), "12.000 KWD"),
        (Money(25000, "XTR"), "⭐ 25,000"),
    ],
)
def test_formatting_for_people(money, text):
    assert money.format() == text


def test_arithmetic_only_between_equal_currencies():
    assert Money(1900, "USD") + Money(100, "USD") == Money(2000, "USD")
    assert Money(1900, "USD") - Money(2000, "USD") == Money(-100, "USD")
    assert Money(5, "XTR") < Money(6, "XTR")
    with pytest.raises(MoneyError):
        Money(1, "USD") + Money(1, "EUR")
    with pytest.raises(MoneyError):
        assert Money(1, "USD") < Money(1, "XTR")
    with pytest.raises(TypeError):
        Money(1, "USD") + 1


@pytest.mark.parametrize(
    ("amount", "bp", "up", "down"),
    [(1900, 2000, 380, 380), (999, 1250, 125, 124), (1, 5000, 1, 0), (950, 3333, 317, 316)],
)
def test_percentages_round_either_way_on_integers(amount, bp, up, down):
    assert Money(amount, "USD").percent(bp, round_up=True).amount == up
    assert Money(amount, "USD").percent(bp, round_up=False).amount == down


def test_percent_text():
    assert [percent_text(bp) for bp in (2000, 1250, 5, 10000)] == [
        "20 %",
        "12.5 %",
        "0.05 %",
        "100 %",
    ]
