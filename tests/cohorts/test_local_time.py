"""Wall-clock times in São Paulo, London and Manila land on the right instants."""

from datetime import UTC, date, datetime, timedelta

import pytest

from cohorts.domain.exceptions import AmbiguousLocalTime, SchedulingError
from cohorts.domain.local_time import local_to_utc

NEXT_YEAR = date.today().year + 1


def last_sunday(year, month):
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() + 1) % 7)


SPRING = last_sunday(NEXT_YEAR, 3)  # Europe moves clocks forward at 01:00 UTC
AUTUMN = last_sunday(NEXT_YEAR, 10)  # ... and back at 01:00 UTC


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute)


@pytest.mark.parametrize(
    ("zone", "local", "expected_utc"),
    [
        # Brazil has had no daylight saving since 2019: UTC-3 all year.
        ("America/Sao_Paulo", at(date(NEXT_YEAR, 1, 15), 19), at(date(NEXT_YEAR, 1, 15), 22)),
        ("America/Sao_Paulo", at(date(NEXT_YEAR, 7, 15), 19), at(date(NEXT_YEAR, 7, 15), 22)),
        # London: GMT in winter, BST (UTC+1) in summer.
        ("Europe/London", at(date(NEXT_YEAR, 1, 15), 14), at(date(NEXT_YEAR, 1, 15), 14)),
        ("Europe/London", at(date(NEXT_YEAR, 7, 15), 14), at(date(NEXT_YEAR, 7, 15), 13)),
        ("Europe/London", at(SPRING - timedelta(days=1), 14), at(SPRING - timedelta(days=1), 14)),
        ("Europe/London", at(SPRING, 14), at(SPRING, 13)),
        # Manila: UTC+8, no daylight saving.
        ("Asia/Manila", at(date(NEXT_YEAR, 2, 1), 9), at(date(NEXT_YEAR, 2, 1), 1)),
        ("Asia/Manila", at(date(NEXT_YEAR, 2, 1), 7), at(date(NEXT_YEAR, 1, 31), 23)),
    ],
)
def test_local_times_land_on_the_right_instant(zone, local, expected_utc):
    assert local_to_utc(local, zone) == expected_utc.replace(tzinfo=UTC)


def test_a_time_skipped_by_the_clocks_going_forward_is_refused():
    with pytest.raises(SchedulingError) as error:
        local_to_utc(at(SPRING, 1, 30), "Europe/London")
    assert "does not exist in Europe/London" in error.value.message
    assert "clocks go forward" in error.value.message


def test_a_repeated_time_must_be_disambiguated():
    local = at(AUTUMN, 1, 30)
    with pytest.raises(AmbiguousLocalTime) as error:
        local_to_utc(local, "Europe/London")
    assert "happens twice in Europe/London" in error.value.message
    assert "(BST)" in error.value.message and "(GMT)" in error.value.message
    assert error.value.choices == [
        at(AUTUMN, 0, 30).replace(tzinfo=UTC),
        at(AUTUMN, 1, 30).replace(tzinfo=UTC),
    ]
    assert local_to_utc(local, "Europe/London", fold=0) == at(AUTUMN, 0, 30).replace(tzinfo=UTC)
    assert local_to_utc(local, "Europe/London", fold=1) == at(AUTUMN, 1, 30).replace(tzinfo=UTC)


def test_aware_input_is_a_programming_error():
    with pytest.raises(ValueError):
        local_to_utc(datetime(NEXT_YEAR, 1, 1, tzinfo=UTC), "Europe/London")
