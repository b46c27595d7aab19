"""Money in words: the one function every face formats an amount with, in the currency the answers chose.

Every amount the advisor computes is in US dollars (the documents' currency); `Currency` says how to show
it: which currency, at how many units per dollar, from which dated rate. Babel's locale data writes it the
way that currency is written (symbol, grouping, decimals): "$70,000", "€65,394", "₹62,40,000", "¥11,242,653".
It lives with the answers, below the engine, because the engine's own sentences (reasons, today's cost,
rates) carry money too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

from babel import Locale
from babel.numbers import (
    NumberPattern,
    format_decimal,
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    parse_pattern,
)

Style = Literal["whole", "signed", "short"]


@dataclass(frozen=True)
class Currency:
    """How money is shown: a currency and the rate that converts US dollars into it."""

    code: str = "USD"
    per_usd: float = 1.0  # units of `code` per US dollar
    locale: str = "en_US"
    date: str = ""  # the day of the table's rate; empty when the user typed the rate
    source: str = ""
    edited: bool = False  # the user's own rate, not the table's

    @property
    def is_usd(self) -> bool:
        return self.code == "USD"

    @property
    def symbol(self) -> str:
        return get_currency_symbol(self.code, self.locale)

    def of_usd(self, usd: float) -> float:
        """An amount in US dollars, in this currency."""
        return usd * self.per_usd

    def to_usd(self, amount: float) -> float:
        """An amount typed in this currency, in US dollars."""
        return amount / self.per_usd


USD: Final = Currency()


@functools.cache
def _pattern(locale: str, digits: int, suffix: str) -> str:
    """The locale's currency pattern with `digits` decimals and a size suffix after the number ("¤#,##0.0'M'"):
    planning money is shown in whole units, never cents."""
    standard = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    tail = ("." + "0" * digits if digits else "") + (f"'{suffix}'" if suffix else "")
    return re.sub(r"([#,]*0)(\.[0#]+)?", lambda m: m.group(1) + tail, standard, count=1)  # grouping kept: ₹1,00,000


@functools.cache
def _number_pattern(locale: str, digits: int, suffix: str) -> NumberPattern:
    """`_pattern` parsed, once (babel would parse it again on every amount). It holds one currency sign ¤."""
    pattern = _pattern(locale, digits, suffix)
    if pattern.count("¤") != 1:
        raise ValueError(f"the currency pattern of {locale} must hold one currency sign: {pattern}")
    return parse_pattern(pattern)


@functools.cache
def _bare_pattern(locale: str) -> NumberPattern:
    """The whole-unit pattern without its currency sign: the number alone, as a range's other end shows it."""
    return parse_pattern(_pattern(locale, 0, "").replace("¤", "").replace("\xa0", " ").strip())


@functools.cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


@functools.cache
def _symbol(code: str, locale: str) -> str:
    return get_currency_symbol(code, locale)


_SIZES: Final = ((1e9, "B", 1), (1e6, "M", 1), (1e3, "k", 0))  # a short amount: "$8.9M", "$450k"


def money(usd: float, currency: Currency = USD, style: Style = "whole") -> str:
    """An amount of US dollars as `currency` writes it, in whole units: "$1,200", "€1,121", "1 234 zł".
    "signed" and "whole" put a minus sign first ("-$1,200"); "short" is for a headline or an axis ("$8.9M",
    "€450k", "$900")."""
    amount = currency.of_usd(usd)
    size, suffix, digits = 1.0, "", 0
    if style == "short":
        size, suffix, digits = next((s for s in _SIZES if abs(amount) >= s[0]), (1.0, "", 0))
    shown = Decimal(abs(amount) / size)  # exact: rounds as Python's own formatting does
    # babel's format_currency with currency_digits=False, but the one currency sign put in here: babel looks up
    # the currency's plural name for every amount, which costs more than the rest of the formatting
    number = _apply(_number_pattern(currency.locale, digits, suffix), shown, currency.locale)
    text = number.replace("¤", _symbol(currency.code, currency.locale))
    return ("-" if amount < 0 and round(shown, digits) != 0 else "") + text


def _apply(pattern: NumberPattern, value: Decimal, locale: str) -> str:
    """`pattern.apply(value, locale)` for a finite value >= 0 and one of `_number_pattern`'s plain patterns:
    babel's own steps (round half to even, group, decimals), with the locale's signs looked up once rather
    than on every amount, which was most of the time every page and analysis spent writing money."""
    if not (_plain(pattern) and value.is_finite()):
        return str(pattern.apply(value, _locale(locale)))
    group, point = _signs(locale)
    low, high = pattern.frac_prec
    whole, _, frac = f"{value.normalize().quantize(Decimal(10) ** -high):f}".partition(".")
    whole = whole.zfill(pattern.int_prec[0])
    size, grouped = pattern.grouping[0], ""
    while len(whole) > size:
        whole, grouped = whole[:-size], group + whole[-size:] + grouped
        size = pattern.grouping[1]
    frac = (frac or "0").ljust(low, "0")
    if high > 0 and (low > 0 or int(frac) != 0):  # decimals, without trailing zeros beyond the fewest
        grouped += point + frac[:low] + frac[low:].rstrip("0")
    text = pattern.prefix[0] + (whole + grouped if pattern.number_pattern != "" else "") + pattern.suffix[0]
    return _QUOTED.sub(lambda m: m.group(1) or "'", text) if "'" in text else text


_QUOTED: Final = re.compile(r"'([^']*)'")  # text quoted in a pattern ("'M'"); '' is a quote sign


@functools.cache
def _plain(pattern: NumberPattern) -> bool:
    """A pattern `_apply` writes as babel does: no scaling, exponent, significant digits or percent signs."""
    signs = "".join((*pattern.prefix, *pattern.suffix))
    return pattern.scale == 0 and not pattern.exp_prec and "@" not in pattern.pattern and not set("%‰") & set(signs)


@functools.cache
def _signs(locale: str) -> tuple[str, str]:
    """The locale's group and decimal signs (babel looks both up again for every amount)."""
    return get_group_symbol(locale), get_decimal_symbol(locale)


def currency_words(currency: Currency) -> str:
    """The rate money is converted at, in words: "1 US dollar = 0.934143 EUR (European Central Bank, ...)"."""
    if currency.is_usd:
        return "US dollars, the documents' currency: no conversion."
    where = "your own rate" if currency.edited else f"{currency.source}: an assumption, not from the documents"
    return f"1 US dollar = {currency.per_usd:,.6g} {currency.code} ({where})."


def money_range(low: float, high: float, currency: Currency = USD) -> str:
    """A range of US dollars with the currency written once, where it is written: "$800-2,500", "747-2 335 zł"."""
    first, last = money(low, currency), money(high, currency)
    if first == last:
        return first
    bare, locale = _bare_pattern(currency.locale), _locale(currency.locale)
    ends = [format_decimal(Decimal(currency.of_usd(v)), format=bare, locale=locale) for v in (low, high)]
    if _pattern(currency.locale, 0, "").startswith("¤"):
        return f"{first}-{ends[1]}"
    return f"{ends[0]}-{last}"
