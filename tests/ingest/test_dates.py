"""Dates in the text resolved against the publication date, with their granularity; publication dates
from metadata, URLs and datelines."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from parley.ingest.dates import date_from_text, date_from_url, find_date_mentions, parse_declared_date

PUBLISHED = date(2025, 12, 23)  # a Tuesday

MENTION_CASES = [
    # month and day, the year taken nearest the publication date
    ("On December 22, talks began.", PUBLISHED, "December 22", "2025-12-22", "day"),
    # a coming date just after publication stays in the same year
    ("They meet on January 3.", PUBLISHED, "January 3", "2026-01-03", "day"),
    # day before month, with a year
    ("Signed on 22 December 2014.", PUBLISHED, "22 December 2014", "2014-12-22", "day"),
    # abbreviated month with a period and a year
    ("By Dec. 3, 2024 nothing had moved.", PUBLISHED, "Dec. 3, 2024", "2024-12-03", "day"),
    # ISO date
    ("The 2025-11-30 memo", PUBLISHED, "2025-11-30", "2025-11-30", "day"),
    # a month alone after a preposition is a month
    ("A new round in March.", PUBLISHED, "March", "2026-03", "month"),
    # month and year
    ("Since March 2022, no talks.", PUBLISHED, "March 2022", "2022-03", "month"),
    # a year after a preposition
    ("Crimea, annexed in 2014, ...", PUBLISHED, "2014", "2014", "year"),
    # last + weekday: the previous one
    ("Last Tuesday, envoys met.", PUBLISHED, "Last Tuesday", "2025-12-16", "day"),
    # a bare weekday in news copy is the most recent one
    ("Envoys met on Monday.", PUBLISHED, "on Monday", "2025-12-22", "day"),
    # ... and the day of publication itself when it is that day ("said on Tuesday" in Tuesday's paper)
    ("He said on Tuesday that talks would resume.", PUBLISHED, "on Tuesday", "2025-12-23", "day"),
    # yesterday
    ("Yesterday Kyiv rejected it.", PUBLISHED, "Yesterday", "2025-12-22", "day"),
    # weeks ago, as an ISO week
    ("Two weeks ago the plan leaked.", PUBLISHED, "Two weeks ago", "2025-W50", "week"),
    # next week: 30 December 2025 lies in ISO week 1 of 2026
    ("Talks resume next week.", PUBLISHED, "next week", "2026-W01", "week"),
    # last month
    ("Last month's round failed.", PUBLISHED, "Last month", "2025-11", "month"),
    # without a publication date, a day without year stays partial, as in TIMEX3
    ("On December 22, talks began.", None, "December 22", "XXXX-12-22", "day"),
    # without a publication date, a relative date cannot be resolved
    ("Yesterday Kyiv rejected it.", None, "Yesterday", None, "day"),
]


@pytest.mark.parametrize(("text", "published", "mention", "value", "granularity"), MENTION_CASES)
def test_date_mentions(
    text: str, published: date | None, mention: str, value: str | None, granularity: str
) -> None:
    found = {m.text: m for m in find_date_mentions(text, published)}
    assert mention in found, found
    m = found[mention]
    assert (m.value, m.granularity) == (value, granularity)
    assert text[m.span[0] : m.span[1]] == mention


def test_may_the_verb_is_not_a_month() -> None:
    # month names are case-sensitive: "may" is a verb
    assert find_date_mentions("They may meet again.", PUBLISHED) == ()


def test_longest_construction_wins() -> None:
    # "December 22, 2025" is one mention, not "December 22" plus "2025"
    mentions = find_date_mentions("On December 22, 2025 in Miami", PUBLISHED)
    assert [m.text for m in mentions] == ["December 22, 2025"]


URL_CASES = [
    ("https://www.nytimes.com/2017/02/07/world/europe/talks.html", date(2017, 2, 7), "day"),
    ("https://example.org/news/20170207-talks", date(2017, 2, 7), "day"),
    ("https://example.org/2017/2/7/talks", date(2017, 2, 7), "day"),
    ("https://example.org/2017/02/talks", date(2017, 2, 1), "month"),
    ("https://example.org/news/talks-resume", None, None),
    # an impossible date is not a date
    ("https://example.org/2017/02/31/x", None, None),
]


@pytest.mark.parametrize(("url", "day", "granularity"), URL_CASES)
def test_date_from_url(url: str, day: date | None, granularity: str | None) -> None:
    found = date_from_url(url)
    if day is None:
        assert found is None or found.granularity == "month"
        return
    assert found is not None
    assert (found.at.date(), found.granularity, found.method) == (day, granularity, "url")


def test_date_from_dateline() -> None:
    found = date_from_text("GENEVA, Feb. 23, 2017 (Reuters) - Syrian peace talks opened ...")
    assert found is not None and found.at == datetime(2017, 2, 23) and found.method == "text"
    assert date_from_text("Talks opened on Tuesday.") is None


DECLARED_CASES = [
    ("2017-02-07", datetime(2017, 2, 7), "day"),
    ("2022-01-25T09:00:00Z", datetime(2022, 1, 25, 9, 0), "time"),
    ("2024-01-07 01:20:00+02:00", datetime(2024, 1, 6, 23, 20), "time"),  # converted to UTC
    ("Wed, 22 Jul 2026 15:43:55 GMT", datetime(2026, 7, 22, 15, 43, 55), "time"),
    ("2017/2/7", datetime(2017, 2, 7), "day"),
    ("2017-03", datetime(2017, 3, 1), "month"),
    ("not a date at all", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("raw", "at", "granularity"), DECLARED_CASES)
def test_declared_dates(raw: str, at: datetime | None, granularity: str | None) -> None:
    found = parse_declared_date(raw)
    if at is None:
        assert found is None
    else:
        assert found is not None and (found.at, found.granularity) == (at, granularity)
