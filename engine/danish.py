"""Numbers as Danish staff read them: 177.678 kr., 48,0 %, 287.817,3."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def to_decimal(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, exactly (no float on the way)."""
    exact = Fraction(value)
    whole, rest = divmod(abs(exact.numerator) * 10**places, exact.denominator)
    whole += 1 if 2 * rest >= exact.denominator else 0
    return Decimal(whole if exact >= 0 else -whole).scaleb(-places)


def number(value: Fraction | Decimal | int, places: int = 0) -> str:
    """Danish notation: '.' between thousands, ',' before decimals."""
    rounded = to_decimal(value, places)
    text = f"{rounded:,.{places}f}"
    # Danish print uses the minus sign (−), not the hyphen; machine formats never come through here.
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".").replace("-", "−")


def kroner(value: Fraction | Decimal | int) -> str:
    """An amount: whole kroner without decimals, otherwise with øre (two decimals)."""
    places = 0 if Fraction(value).denominator == 1 else 2
    return number(value, places)


def basis(value: Fraction | Decimal | int) -> str:
    """An indbyggertal: whole where it is whole, else one decimal (a weighted population)."""
    return number(value, 0 if Fraction(value).denominator == 1 else 1)


def percent(share: Fraction, places: int = 1) -> str:
    """A share of 1 as a Danish percentage: Fraction(12, 25) -> '48,0 %'."""
    return f"{number(share * 100, places)} %"


def exact(value: Fraction | Decimal | int, max_places: int = 10) -> str:
    """A weight as written: every decimal it has (0,4466224; 1), up to ``max_places``."""
    fraction = Fraction(value)
    for places in range(max_places + 1):
        if (fraction * 10**places).denominator == 1:
            return number(fraction, places)
    return number(fraction, max_places)


def value(number_: Fraction | Decimal | int) -> str:
    """A whole number as is, anything else with one decimal: 177.678; 287.817,3."""
    return number(number_, 0 if Fraction(number_).denominator == 1 else 1)


def signed(difference: Fraction | Decimal | int) -> str:
    """A difference with its sign always shown: +728, −54.910, ±0."""
    exact = Fraction(difference)
    sign = "+" if exact > 0 else "−" if exact < 0 else "±"
    return sign + value(abs(exact))
