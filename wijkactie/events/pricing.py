"""Prices: partners attend free, everyone else pays the event's price; btw is added per person."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Price:
    excl_vat: Decimal
    vat_rate: Decimal

    @property
    def vat(self) -> Decimal:
        return (self.excl_vat * self.vat_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def incl_vat(self) -> Decimal:
        return self.excl_vat.quantize(CENT) + self.vat

    @property
    def is_free(self) -> bool:
        return self.excl_vat == 0


def is_partner_on(periods, day: date) -> bool:
    return any(period.covers(day) for period in periods)


def price_for(*, list_price: Decimal, vat_rate: Decimal, partner: bool) -> Price:
    return Price(excl_vat=Decimal(0) if partner else list_price, vat_rate=vat_rate)
