"""Dates as the programme counts them: days in Paris, months of the calendar."""

import calendar
import datetime

from django.utils import timezone


def today() -> datetime.date:
    """Today in Europe/Paris (the project's TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years of age on `day` (a birthday counts from the day itself)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
