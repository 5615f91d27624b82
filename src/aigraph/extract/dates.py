"""Dates in running text: re-exported from :mod:`aigraph.dates`, the one
home of the month table and the date parsers."""

from ..dates import (AGO, DAY_MONTH, DAY_MONTH_YEAR, DAY_RANGE_MONTH, ISO, MONTH_DAY,
                     MONTH_DAY_YEAR, MONTH_YEAR, MONTHS, NUMBERS, WEEKDAYS, YEAR, normalise_date,
                     relative_date)

__all__ = ["AGO", "DAY_MONTH", "DAY_MONTH_YEAR", "DAY_RANGE_MONTH", "ISO", "MONTH_DAY",
           "MONTH_DAY_YEAR", "MONTH_YEAR", "MONTHS", "NUMBERS", "WEEKDAYS", "YEAR",
           "normalise_date", "relative_date"]
