"""Dates: when an article was published (metadata, URL or text), and the dates its text names,
resolved against publication with their granularity kept ("December 22" is a day, "in March" a month).

Absolute dates are parsed here (the year chosen nearest the publication date, so "December 22" in a
report of December 20 is the coming 22nd); relative ones ("last Tuesday", "two weeks ago") go to
dateparser with the publication date as its base.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from parley.models import DateMention, DateMethod, Granularity, PublishedDate

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)"

_PREP = r"(?i:in|since|until|by|from|before|after|during|early|late|mid-|end of|beginning of)"

# Order matters: the longest constructions first, so "December 22, 2025" is one mention, not two.
# Month and weekday names are case-sensitive ("May" the month, not "may" the verb); the words
# around them are not. A group named `m`, when present, is the mention within the match.
_PATTERNS: list[tuple[str, Granularity, str]] = [
    ("abs", "day", rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b"),
    ("abs", "day", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b"),
    ("abs", "day", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b"),
    ("abs", "month", rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b"),
    ("abs", "month", rf"\b{_PREP}\s*(?P<m>{_MONTH})(?!\s+\d)\b"),
    ("abs", "year", rf"\b{_PREP}\s*(?P<m>{_YEAR})\b"),
    ("rel", "day", rf"\b(?i:last|next|this|on|since|until|by|from)\s+{_WEEKDAY}\b"),
    ("rel", "day", rf"\b{_WEEKDAY}\b"),
    ("rel", "day", r"\b(?i:yesterday|today|tomorrow|tonight)\b"),
    ("rel", "day", r"\b(?i:this (?:morning|afternoon|evening))\b"),
    ("rel", "day", rf"\b(?i:{_NUMBER} days? (?:ago|earlier|later))\b"),
    ("rel", "week", r"\b(?i:(?:last|next|this|earlier this|later this) week)\b"),
    ("rel", "week", rf"\b(?i:{_NUMBER} weeks? (?:ago|earlier|later))\b"),
    ("rel", "month", r"\b(?i:(?:last|next|this|earlier this|later this) month)\b"),
    ("rel", "month", rf"\b(?i:{_NUMBER} months? (?:ago|earlier|later))\b"),
    ("rel", "year", r"\b(?i:(?:last|next|this|earlier this|later this) year)\b"),
    ("rel", "year", rf"\b(?i:{_NUMBER} years? (?:ago|earlier|later))\b"),
]
_COMPILED = [(mode, gran, re.compile(rx)) for mode, gran, rx in _PATTERNS]


def _month_number(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()]


def _nearest_year(month: int, day: int, base: date) -> date | None:
    """The date with this month and day nearest to `base` (a year before, the same, or after)."""
    best: date | None = None
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - base).days) < abs((best - base).days):
            best = candidate
    return best


def _resolve_absolute(m: re.Match[str], gran: Granularity, base: date | None) -> str | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month_token = groups.get("month")
    if gran == "year":
        return f"{year:04d}" if year else None
    if not month_token:
        return None
    month = int(month_token) if month_token.isdigit() else _month_number(month_token)
    if gran == "month":
        if year is None:
            if base is None:
                return f"XXXX-{month:02d}"
            # "in March" without a year: the nearest March (by its middle) to the publication date
            nearest = _nearest_year(month, 15, base)
            year = nearest.year if nearest else base.year
        return f"{year:04d}-{month:02d}"
    day = int(groups["day"])
    if year is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if base is None:
        return f"XXXX-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    resolved = _nearest_year(month, day, base)
    return resolved.isoformat() if resolved else None


_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    import dateparser  # imported on first use: it takes a while to load its language data

    return dateparser


def _resolve_relative(text: str, gran: Granularity, base: date | None) -> str | None:
    if base is None:
        return None
    phrase = re.sub(r"^(?:on|since|until|by|from)\s+", "", text, flags=re.I)
    weekday = _WEEKDAYS.get(phrase.strip().lower())
    if weekday is not None:
        # a bare weekday in a report is the latest such day, the day of publication included: "said on
        # Tuesday" in Tuesday's paper is today (dateparser would go back a week)
        return (base - timedelta(days=(base.weekday() - weekday) % 7)).isoformat()
    parsed = _dateparser().parse(
        phrase,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        return None
    day = parsed.date()
    if gran == "week":
        iso = day.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if gran == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if gran == "year":
        return f"{day.year:04d}"
    return str(day.isoformat())


def find_date_mentions(text: str, published: date | None) -> tuple[DateMention, ...]:
    """Every date expression in `text`, resolved against `published` (None: absolute dates only,
    partial where the year is missing)."""
    # Which characters earlier matches have taken, one byte each: a match overlaps them when its range
    # holds a taken byte. Comparing each match with every span taken so far was quadratic (hours for a
    # 10 MB article full of dates).
    taken = bytearray(len(text))
    mentions: list[DateMention] = []
    for mode, gran, pattern in _COMPILED:
        for m in pattern.finditer(text):
            start, end = m.span("m") if "m" in pattern.groupindex else m.span()
            if taken.find(1, start, end) != -1:
                continue
            if mode == "rel":
                value = _resolve_relative(text[start:end], gran, published)
            else:
                value = _resolve_absolute(m, gran, published)
            taken[start:end] = b"\x01" * (end - start)
            mentions.append(
                DateMention(span=(start, end), text=text[start:end], value=value, granularity=gran)
            )
    mentions.sort(key=lambda d: d.span)
    return tuple(mentions)


# --- publication dates -------------------------------------------------------------------------

_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|\.html?|$)")
_URL_DAY_SPLIT = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def date_from_url(url: str | None) -> PublishedDate | None:
    """Dates that news sites put in their paths: /2017/02/07/, /20170207/, /2017-02-07-slug."""
    if not url:
        return None
    for pattern in (_URL_DAY_SPLIT, _URL_DAY):
        m = pattern.search(url)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            return PublishedDate(datetime(day.year, day.month, day.day), "day", "url")
    m = _URL_MONTH.search(url)
    if m:
        return PublishedDate(datetime(int(m.group(1)), int(m.group(2)), 1), "month", "url")
    return None


_DATELINES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b"),
]


def date_from_text(text: str, head_chars: int = 400) -> PublishedDate | None:
    """The first full date (with its year) in the dateline or first lines of the text."""
    head = text[:head_chars]
    found = [m for m in (p.search(head) for p in _DATELINES) if m]
    for m in sorted(found, key=lambda m: m.start()):
        month = m.group("month")
        try:
            day = date(
                int(m.group("year")),
                int(month) if month.isdigit() else _month_number(month),
                int(m.group("day")),
            )
        except ValueError:
            continue
        return PublishedDate(datetime(day.year, day.month, day.day), "day", "text")
    return None


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_ISO_YEAR = re.compile(r"^\d{4}$")


def parse_declared_date(value: str | None, method: str = "metadata") -> PublishedDate | None:
    """A date a record, page or feed declared: ISO 8601 first, then anything dateparser reads."""
    if not value or not value.strip():
        return None
    raw = value.strip()
    kind: DateMethod = "feed" if method == "feed" else "metadata"
    if _ISO_YEAR.match(raw):
        return PublishedDate(datetime(int(raw), 1, 1), "year", kind)
    if _ISO_MONTH.match(raw):
        year, month = raw.split("-")
        if 1 <= int(month) <= 12:
            return PublishedDate(datetime(int(year), int(month), 1), "month", kind)
    if _ISO_DAY.match(raw):
        try:
            return PublishedDate(datetime.fromisoformat(raw), "day", kind)
        except ValueError:
            return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        parsed = _dateparser().parse(raw, settings={"RETURN_AS_TIMEZONE_AWARE": False, "TO_TIMEZONE": "UTC"})
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    has_time = bool(re.search(r"\d:\d", raw))
    if not has_time:
        return PublishedDate(datetime(parsed.year, parsed.month, parsed.day), "day", kind)
    return PublishedDate(parsed, "time", kind)


def utc_now() -> datetime:
    """The current time, naive UTC, to the second (how the store keeps times)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def day_of(published: PublishedDate | None) -> date | None:
    return published.at.date() if published else None
