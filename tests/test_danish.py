"""Danish number notation, as staff read it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from klynge.engine import danish


def test_thousands_and_decimals() -> None:
    assert danish.kroner(Decimal(177678)) == "177.678"
    assert danish.kroner(Decimal(40_000_000)) == "40.000.000"
    assert danish.kroner(Decimal("1234.5")) == "1.234,50"
    assert danish.kroner(Decimal(-6344)) == "−6.344"  # the minus sign, not a hyphen
    assert danish.number(Fraction(681045, 100000), 5) == "6,81045"


def test_percent_rounds_half_up_to_one_decimal() -> None:
    assert danish.percent(Fraction(287181, 598032)) == "48,0 %"
    assert danish.percent(Fraction(1, 1)) == "100,0 %"
    assert danish.percent(Fraction(1, 2000)) == "0,1 %"  # 0,05 % rounds up, not to even


def test_weighted_population_shows_one_decimal() -> None:
    assert danish.basis(Fraction(20691)) == "20.691"
    assert danish.basis(Fraction(2878173, 10)) == "287.817,3"


def test_differences_always_show_their_sign() -> None:
    assert danish.signed(Fraction(728)) == "+728"
    assert danish.signed(Decimal(-54910)) == "−54.910"
    assert danish.signed(0) == "±0"
    assert danish.value(Fraction(2878173, 10)) == "287.817,3"
