"""Quality gate: HTML extraction against the 246 gold pages of ../shared/data/news/html_fixtures.

Every page is read in place (gzipped raw HTML) and run through `extract_page`, exactly as ingest does.

How the body is scored
- Tokens: the text is NFKC-normalised and case-folded, and every maximal run of Unicode word
  characters (regex `\\w+`: letters, digits, underscore, any script) is one token. Punctuation and
  whitespace are ignored.
- Overlap: bag of tokens — the multiset intersection of the extracted and the gold tokens, so a word
  counts as often as it occurs in both, in any order.
- recall = overlap / gold tokens; precision = overlap / extracted tokens; F1 their harmonic mean.
- micro: the sums over all pages (long pages weigh more); mean: the average of the per-page figures.
- A page whose extraction fails (SourceError, or no text) has recall 0, precision 0 and F1 0 in the
  per-page means, and adds its gold tokens (and no extracted ones) to the micro sums.
Title: the extracted and the gold title, each reduced to its lower-cased word tokens, match when equal, or
when one is a contiguous run of the other that holds at least half of its tokens (the Zyte gold titles are
the pages' <title> with the site name, "Headline - Site"; the fundus ones are the bare headline).
Date: only fundus pages carry a gold date; a match is the same calendar day as the gold timestamp.

Floors are in tests/gates/html_extraction.json (read its `policy`). Run with `-s` for the figures per
source and the weakest pages.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from parley.errors import SourceError
from parley.ingest.html import extract_page
from tests.conftest import shared_path
from tests.gates.floors import below_floors, check_history, loose_floors

pytestmark = pytest.mark.gate

FLOORS_FILE = Path(__file__).resolve().parents[1] / "gates" / "html_extraction.json"
METRICS = (
    "recall_micro",
    "precision_micro",
    "f1_micro",
    "recall_mean",
    "precision_mean",
    "f1_mean",
    "title_match",
    "date_match",
)
SOURCES = ("scrapinghub", "fundus")
_WORD = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())


def titles_match(gold: str | None, extracted: str | None) -> bool:
    g, e = tokens(gold), tokens(extracted)
    if not g or not e:
        return False
    if g == e:
        return True
    short, long = (g, e) if len(g) < len(e) else (e, g)
    if 2 * len(short) < len(long):
        return False
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def same_day(gold: str | None, extracted: str | None) -> bool:
    if not gold or not extracted:
        return False
    try:
        return date.fromisoformat(gold[:10]) == date.fromisoformat(extracted[:10])
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class PageScore:
    id: str
    source: str
    gold: int  # gold tokens
    extracted: int  # extracted tokens
    overlap: int
    failure: str | None
    title_match: bool
    date_match: bool | None  # None: no gold date
    seconds: float

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.overlap / self.extracted if self.extracted else 0.0

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0


def score_page(root: Path, row: dict[str, Any]) -> PageScore:
    html = gzip.decompress((root / row["html_path"]).read_bytes())
    started = time.perf_counter()
    failure: str | None = None
    text = title = page_date = None
    try:
        page = extract_page(html, row.get("url"), row["id"])
        text, title, page_date = page.text, page.title, page.date
    except SourceError as exc:
        failure = exc.reason
    seconds = time.perf_counter() - started
    gold, got = Counter(tokens(row["text"])), Counter(tokens(text))
    return PageScore(
        id=row["id"],
        source=row["id"].split("/", 1)[0],
        gold=sum(gold.values()),
        extracted=sum(got.values()),
        overlap=sum((gold & got).values()),
        failure=failure,
        title_match=titles_match(row.get("title"), title),
        date_match=same_day(row["date"], page_date) if row.get("date") else None,
        seconds=seconds,
    )


def summarise(pages: Iterable[PageScore]) -> dict[str, float]:
    pages = list(pages)
    n = len(pages)
    overlap = sum(p.overlap for p in pages)
    recall = overlap / max(1, sum(p.gold for p in pages))
    precision = overlap / max(1, sum(p.extracted for p in pages))
    dated = [p.date_match for p in pages if p.date_match is not None]
    return {
        "pages": n,
        "failures": sum(p.failure is not None for p in pages),
        "recall_micro": recall,
        "precision_micro": precision,
        "f1_micro": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
        "recall_mean": sum(p.recall for p in pages) / n,
        "precision_mean": sum(p.precision for p in pages) / n,
        "f1_mean": sum(p.f1 for p in pages) / n,
        "title_match": sum(p.title_match for p in pages) / n,
        "dated_pages": len(dated),
        "date_match": sum(dated) / len(dated) if dated else float("nan"),
        "seconds": sum(p.seconds for p in pages),
    }


@dataclass(frozen=True, slots=True)
class GateRun:
    pages: list[PageScore]
    overall: dict[str, float]
    by_source: dict[str, dict[str, float]]
    wall_seconds: float


@pytest.fixture(scope="module")
def gate_run() -> GateRun:
    root = shared_path("data", "news", "html_fixtures")
    with (root / "articles.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    started = time.perf_counter()
    pages = [score_page(root, row) for row in rows]
    wall = time.perf_counter() - started
    by_source = {s: summarise(p for p in pages if p.source == s) for s in SOURCES}
    return GateRun(pages, summarise(pages), by_source, wall)


def load_floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


def _report(run: GateRun) -> str:
    header = (
        f"{'set':<12}{'pages':>6}{'fail':>5}{'R micro':>9}{'P micro':>9}{'F1 micro':>9}"
        f"{'R mean':>8}{'P mean':>8}{'F1 mean':>8}{'title':>7}{'date':>11}{'s/page':>8}"
    )
    lines = ["", "HTML extraction gate (bag of lower-cased word tokens)", header]
    for name, m in [("all", run.overall), *run.by_source.items()]:
        date_cell = f"{m['date_match']:.3f}/{int(m['dated_pages'])}" if m["dated_pages"] else "-"
        lines.append(
            f"{name:<12}{int(m['pages']):>6}{int(m['failures']):>5}{m['recall_micro']:>9.4f}"
            f"{m['precision_micro']:>9.4f}{m['f1_micro']:>9.4f}{m['recall_mean']:>8.4f}"
            f"{m['precision_mean']:>8.4f}{m['f1_mean']:>8.4f}{m['title_match']:>7.3f}{date_cell:>11}"
            f"{m['seconds'] / m['pages']:>8.3f}"
        )
    weakest = sorted(run.pages, key=lambda p: p.f1)[:8]
    lines.append("weakest pages (F1, recall, precision):")
    lines += [
        f"  {p.f1:.3f} {p.recall:.3f} {p.precision:.3f}  {p.id}" + (f"  [{p.failure}]" if p.failure else "")
        for p in weakest
    ]
    lines.append(f"extraction wall time {run.wall_seconds:.1f} s for {len(run.pages)} pages")
    return "\n".join(lines)


def test_extraction_meets_floors(gate_run: GateRun) -> None:
    print(_report(gate_run))
    assert len(gate_run.pages) == 246
    below = below_floors(_measured(gate_run), load_floors()["floors"])
    assert not below, "HTML extraction fell below its floors:\n" + "\n".join(below)


def test_floors_are_close_to_what_is_measured(gate_run: GateRun) -> None:
    """A floor far below the measurement would let a regression through: when extraction improves,
    raise the floors (and add a history entry)."""
    data = load_floors()
    slack = data["policy"]["max_slack"]
    loose = loose_floors(_measured(gate_run), data["floors"], slack)
    assert not loose, f"floors more than {slack} below the measurement, raise them:\n" + "\n".join(loose)


def _measured(gate_run: GateRun) -> dict[str, dict[str, float]]:
    return {"all": gate_run.overall, **gate_run.by_source}


def test_floors_file_is_sane_and_only_rises() -> None:
    data = load_floors()
    floors = data["floors"]
    assert set(floors) == {"all", *SOURCES}
    assert set(floors["all"]) == set(METRICS), "every metric has an overall floor"
    for scope in floors.values():
        for metric, floor in scope.items():
            assert metric in METRICS
            assert 0.5 <= floor <= 1.0, f"{metric} floor {floor} is not a sensible rate"
    assert 0 < data["policy"]["max_slack"] <= 0.03
    check_history(data)
