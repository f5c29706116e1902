"""Money as integer minor units with an ISO 4217 code: formatting and parsing per locale.

No floats: amounts become `Decimal` only to be shown, and typed amounts are parsed straight
to Decimal by Babel and then to an integer of minor units.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import (
    NumberFormatError,
    format_currency,
    get_currency_name,
    get_currency_precision,
    get_group_symbol,
    parse_decimal,
)
from flask_babel import get_locale


def is_currency(code: str) -> bool:
    """An ISO 4217 code that Babel's locale data knows."""
    return len(code) == 3 and code.isupper() and get_currency_name(code, locale="en") != code


def precision(currency: str) -> int:
    """Digits after the decimal point (EUR 2, JPY 0, BHD 3), from CLDR."""
    return get_currency_precision(currency)


def to_decimal(amount_minor: int, currency: str) -> Decimal:
    return Decimal(int(amount_minor)).scaleb(-precision(currency))


def format_money(amount_minor: int, currency: str, locale: str | None = None) -> str:
    """`1250000, "EUR"` → "€12,500.00" (en), "12.500,00 €" (de), with the locale's digits."""
    return format_currency(
        to_decimal(amount_minor, currency), currency, locale=locale or str(get_locale() or "en")
    )


def format_plain(amount_minor: int, currency: str) -> str:
    """ "12500.00": for CSV and form values; no grouping, a dot, the currency's digits."""
    return f"{to_decimal(amount_minor, currency):.{precision(currency)}f}"


def parse_amount(text: str, currency: str, locale: str | None = None) -> int:
    """A typed amount ("12.500,50" in German) as minor units.

    :raise ValueError: when it is not a positive amount with at most the currency's digits.
    """
    text = (text or "").strip().replace("\u00a0", " ")
    for symbol in (currency, "€", "$", "£"):
        text = text.replace(symbol, "")
    locale = locale or str(get_locale() or "en")
    group = get_group_symbol(locale=locale)
    text = text.strip()
    if group.isspace():  # people type an ordinary space where the locale groups with a thin one
        text = text.replace(" ", group)
    try:
        value = parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        try:  # a plain "12500.50" is understood in every locale
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
    digits = precision(currency)
    minor = value.scaleb(digits)
    if minor != minor.to_integral_value() or minor <= 0 or not minor.is_finite():
        raise ValueError(text)
    return int(minor)
