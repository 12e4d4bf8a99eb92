"""Money: one representation everywhere.

Amounts are ``decimal.Decimal`` quantized to whole øre (two decimals). The database stores
integer øre through :class:`kvp_desktop.store.types.Money`; nothing in the program uses float
for money. Rounding happens here and only here:

* :func:`round_ore` — every payout line is rounded to whole øre, half up (docs/rules.md,
  «Where rounding happens»).
* :func:`round_krone` — annual rates are rounded to whole kroner, half up (as the published
  rates are: 2.041 × 124 028 = 253 141.148 → 253 141; docs/rules.md, «Where rounding happens»).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kvp_desktop.i18n import _

ORE = Decimal("0.01")
KRONE = Decimal("1")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("1000000000")  # no single KVP amount comes near a milliard kroner


class MoneyError(ValueError):
    """An amount that is not a valid sum of money (Norwegian message in ``args[0]``)."""


def round_ore(value: Decimal) -> Decimal:
    """Round to whole øre, half up. The one place payout lines are rounded."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def round_krone(value: Decimal) -> Decimal:
    """Round to whole kroner, half up (annual rates), kept with two decimals."""
    return value.quantize(KRONE, rounding=ROUND_HALF_UP).quantize(ORE)


def parse_amount(text: str | int | Decimal) -> Decimal:
    """Parse a krone amount such as ``"1 234,50"``, ``"1234.50"`` or ``Decimal``.

    Accepts Norwegian and international decimal marks and spaces (also non-breaking) as
    thousands separators. Refuses more than two decimals rather than rounding silently.
    """
    if isinstance(text, bool):
        raise MoneyError(_("Beløpet må være et tall."))
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        cleaned = (
            str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        )
        cleaned = cleaned.removesuffix("kr").removeprefix("kr").strip()
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        if not cleaned:
            raise MoneyError(_("Beløpet mangler."))
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise MoneyError(_("«{tekst}» er ikke et gyldig beløp.", tekst=text)) from exc
    if not value.is_finite():
        raise MoneyError(_("Beløpet må være et endelig tall."))
    if abs(value) >= MAX_AMOUNT:
        raise MoneyError(_("Beløpet er urimelig stort (over én milliard kroner). Sjekk det som er skrevet."))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise MoneyError(_("Beløpet kan ha høyst to desimaler (øre)."))
    return value.quantize(ORE)


def to_ore(value: Decimal) -> int:
    """Decimal kroner → integer øre (for storage). The value must already be whole øre."""
    quantized = value.quantize(ORE)
    if quantized != value:
        raise MoneyError(_("Beløpet kan ha høyst to desimaler (øre)."))
    return int(quantized * 100)


def from_ore(ore: int) -> Decimal:
    """Integer øre (from storage) → Decimal kroner with two decimals."""
    return (Decimal(ore) / 100).quantize(ORE)
