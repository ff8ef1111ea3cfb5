"""The brief as Markdown (for the terminal and for pasting into notes) and as a standalone HTML page
(printable, nothing fetched from elsewhere). Both show, for every line, each source that carries it:
outlet, date, a link to the report, and the span of the stored text the line is; with `reader_url`
(where `parley serve` runs) the span links to the article reader, which highlights it."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache
from importlib.resources import files

from jinja2 import Environment, select_autoescape

from parley.analyze.brief import Brief, Citation, Item, Line

CITATIONS_SHOWN = 6  # per line; the JSON form has them all

# what could make report text format itself: emphasis, code, links and raw HTML
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Report text as literal Markdown: its own asterisks and brackets must not format anything."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _day(moment: datetime | date | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "undated"


def reader_link(reader_url: str, citation: Citation) -> str:
    start, end = citation.span
    return f"{reader_url.rstrip('/')}/articles/{citation.article_id}?cite={start}-{end}#cite"


def period_text(brief: Brief) -> str:
    if brief.since and brief.until:
        return f"{_day(brief.since)} to {_day(brief.until)}"
    if brief.since:
        return f"since {_day(brief.since)}"
    if brief.until:
        return f"until {_day(brief.until)}"
    return "all reports"


def counts_text(brief: Brief) -> str:
    return (
        f"{brief.articles} reports, {brief.developments} developments, "
        f"{brief.positions} statements on the issues"
    )


INTRO = (
    "Every line is quoted from the reports and followed by its sources: outlet, date, link, and the "
    "characters of the stored article it is (§start–end). Labels in bold are parley's."
)


# --- Markdown ------------------------------------------------------------------------------------------


def _md_citation(citation: Citation, reader_url: str | None) -> str:
    name = _md(f"{citation.outlet}, {_day(citation.published)}")
    start, end = citation.span
    where = f"§{start}–{end}"
    if reader_url:
        where = f"[{where}]({reader_link(reader_url, citation)})"
    if citation.url:
        return f"[{name}]({citation.url}) {where}"
    return f"{name} (article {citation.key}) {where}"


def _md_sources(line: Line, reader_url: str | None) -> str:
    shown = [_md_citation(c, reader_url) for c in line.citations[:CITATIONS_SHOWN]]
    more = len(line.citations) - CITATIONS_SHOWN
    if more > 0:
        shown.append(f"and {more} more")
    return "; ".join(shown)


def _md_line(line: Line, reader_url: str | None) -> str:
    head = []
    if line.who:
        head.append(f"**{_md(line.who)}**")
    if line.label:
        head.append(f"*{_md(line.label)}*")
    lead = (" · ".join(head) + ": ") if head else ""
    more = " …" if line.cut else ""
    return f"{lead}“{_md(line.text)}{more}” — {_md_sources(line, reader_url)}"


def _md_item(item: Item, reader_url: str | None, bullet: str) -> list[str]:
    out = [f"{bullet}{_day(item.line.date)} — {_md_line(item.line, reader_url)}"]
    pad = " " * len(bullet)
    if item.note:
        out.append(f"{pad}*{_md(item.note)}*")
    for detail in item.details:
        prefix = "before: " if item.note and item.development_id is None else ""
        out.append(f"{pad}- {prefix}{_md_line(detail, reader_url)}")
    return out


def to_markdown(brief: Brief, reader_url: str | None = None) -> str:
    out = [
        f"# Brief: {_md(brief.name)}",
        "",
        f"*{period_text(brief)} · {counts_text(brief)}*",
        "",
        INTRO,
    ]
    for section in brief.sections:
        out += ["", f"## {_md(section.title)}"]
        if section.status:
            was = f" (was {section.status_before} when the period began)" if section.status_before else ""
            out += ["", f"**Status: {section.status}**{was}. {_md(section.explanation or '')}"]
        if not section.points:
            out += ["", "*Nothing in this period.*"]
        for part in section.parts:
            if part.title:
                out += ["", f"### {_md(part.title)}"]
            out.append("")
            for number, item in enumerate(part.items, 1):
                bullet = f"{number}. " if section.issue is None and not part.title else "- "
                out += _md_item(item, reader_url, bullet)
            if part.more:
                out.append(f"- *and {part.more} more*")
    return "\n".join(out) + "\n"


# --- HTML ----------------------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    environment.filters["day"] = _day
    return environment


def to_html(brief: Brief, reader_url: str | None = None) -> str:
    source = files("parley.analyze").joinpath("templates/brief.html").read_text(encoding="utf-8")
    template = _environment().from_string(source)
    return template.render(
        brief=brief,
        period=period_text(brief),
        counts=counts_text(brief),
        intro=INTRO,
        reader_url=reader_url.rstrip("/") if reader_url else None,
        shown=CITATIONS_SHOWN,
    )
