"""The long fuzz run: the properties of `fuzz/properties.py` on generated inputs (the hypothesis strategies
of `fuzz/strategies.py`) and on real texts of ../shared/data mutated at random, until time is up.

    .venv/bin/python fuzz/run.py                          # an hour
    .venv/bin/python fuzz/run.py --minutes 10 --out /tmp/fuzz-failures --seed 3

Targets: `extract` (the extractor on any text: spans in range, text == article[span], deterministic),
`likelihood` (probabilities in [0, 1], low <= p <= high, band of p), `feed` (the feed reader on any bytes:
a feed or our SourceError), `fragment` (a feed item's HTML to text), `html` (the page reader on any bytes).
Each round gives every target a batch of generated inputs, then a batch of mutated corpus documents
(characters or bytes deleted, repeated, swapped, spliced from another document, quotation marks and
markup inserted, encodings changed, cut short). An input that takes longer than --hang seconds counts as a
failure. Every minute, and at the end, it prints the inputs tried and failures found per target; the first
input of each distinct failure (target, exception, where it was raised) is saved in --out with its
traceback. Exits 1 when anything failed. Shared texts are read in place and never copied into the repo.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import itertools
import json
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from fuzz.mutate import mutate_bytes, mutate_text
from fuzz.properties import check_extraction, check_feed, check_fragment, check_html, check_likelihood
from fuzz.strategies import extraction_texts, feed_documents, html_documents, likelihood_texts

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))


# --- the corpus --------------------------------------------------------------------------------------


@dataclass
class Corpus:
    texts: list[str] = field(default_factory=list)  # article texts
    pages: list[bytes] = field(default_factory=list)  # raw HTML pages
    feeds: list[bytes] = field(default_factory=list)  # raw feeds


def load_corpus(shared: Path, rng: random.Random, per_source: int = 300) -> Corpus:
    corpus = Corpus()
    news = shared / "data" / "news"
    for name in ("ukraine_gdelt_2022", "bbc_news_2225"):
        path = news / name / "articles.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                records = [json.loads(line) for line in itertools.islice(handle, 2_000)]
            corpus.texts += [r["text"] for r in rng.sample(records, min(per_source, len(records)))]
    polnear = sorted((shared / "data" / "polnear").glob("*/text/*.txt"))
    for path in rng.sample(polnear, min(per_source, len(polnear))):
        corpus.texts.append(path.read_text(encoding="utf-8"))
    pages = sorted((news / "html_fixtures").rglob("*.html.gz"))
    for path in rng.sample(pages, min(per_source, len(pages))):
        corpus.pages.append(gzip.decompress(path.read_bytes()))
    corpus.feeds = [p.read_bytes() for p in sorted((news / "rss_fixtures").glob("*.xml"))]
    corpus.feeds += [p.read_bytes() for p in sorted((news / "rss_fixtures").glob("*.rss"))]
    if not corpus.texts:
        raise SystemExit(f"no shared corpus under {shared} (set PARLEY_SHARED)")
    return corpus


# --- targets ----------------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    check: Callable[[Any], object]
    strategy: Any  # hypothesis strategy of inputs
    mutated: Callable[[random.Random], Any]  # a mutated corpus document
    batch: int  # inputs of each kind per round
    tried: Counter[str] = field(default_factory=Counter)  # "generated" / "mutated" -> count
    failures: int = 0
    seconds: float = 0.0


def make_targets(corpus: Corpus) -> list[Target]:
    from parley.extract.pipeline import Extractor
    from parley.negotiations import builtin_negotiations, seed_registry

    extractor = Extractor(registry=seed_registry(builtin_negotiations()))

    def some_text(rng: random.Random, limit: int) -> str:
        text = rng.choice(corpus.texts)
        if len(text) > limit:  # a window of a long article: extraction time grows with length
            start = rng.randrange(len(text) - limit)
            text = text[start : start + limit]
        return mutate_text(text, rng, corpus.texts)

    return [
        Target(
            "extract",
            lambda text: check_extraction(extractor, text),
            extraction_texts(),
            lambda rng: some_text(rng, 6_000),
            batch=20,
        ),
        Target("likelihood", check_likelihood, likelihood_texts(), lambda rng: some_text(rng, 3_000), 100),
        Target(
            "feed", check_feed, feed_documents(), lambda rng: mutate_bytes(rng.choice(corpus.feeds), rng), 40
        ),
        Target(
            "fragment",
            check_fragment,
            html_documents().map(lambda b: b.decode("utf-8", "replace")),
            lambda rng: mutate_bytes(rng.choice(corpus.pages), rng).decode("utf-8", "replace")[:50_000],
            100,
        ),
        Target(
            "html", check_html, html_documents(), lambda rng: mutate_bytes(rng.choice(corpus.pages), rng), 20
        ),
    ]


# --- running ----------------------------------------------------------------------------------------------


class Hang(Exception):
    """An input took longer than --hang seconds."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang("took longer than the --hang limit")


@dataclass
class Findings:
    out: Path
    seen: dict[str, int] = field(default_factory=dict)  # signature -> occurrences

    def record(self, target: str, data: Any, exc: BaseException) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "/parley/" in f.filename or "/fuzz/properties" in f.filename]
        where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
        signature = f"{target} {type(exc).__name__} {where}"
        first = signature not in self.seen
        self.seen[signature] = self.seen.get(signature, 0) + 1
        if not first:
            return
        raw = data if isinstance(data, bytes) else str(data).encode("utf-8", "surrogatepass")
        stem = f"{target}-{len(self.seen):03d}-{hashlib.sha256(raw).hexdigest()[:10]}"
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{stem}.input").write_bytes(raw)
        trace = "".join(traceback.format_exception(exc))
        (self.out / f"{stem}.txt").write_text(
            f"{signature}\n\n{trace}\ninput ({len(raw)} bytes): {data!r:.2000}\n", encoding="utf-8"
        )
        print(f"  NEW FAILURE {signature} -> {self.out / stem}.input", flush=True)


def run_one(target: Target, kind: str, data: Any, findings: Findings, hang: int) -> bool:
    """Check one input; whether it passed."""
    target.tried[kind] += 1
    started = time.monotonic()
    signal.alarm(hang)
    try:
        target.check(data)
        return True
    except Exception as exc:
        target.failures += 1
        findings.record(target.name, data, exc)
        return False
    finally:
        signal.alarm(0)
        target.seconds += time.monotonic() - started


def generated_batch(target: Target, rng: random.Random, findings: Findings, hang: int) -> None:
    """A batch of hypothesis-generated inputs; on a failure hypothesis shrinks it, and the input saved is
    the smallest one that fails."""
    last: list[Any] = [None]
    failed: list[BaseException] = []

    @seed(rng.getrandbits(64))
    @settings(
        max_examples=target.batch,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(target.strategy)
    def property_(data: Any) -> None:
        last[0] = data
        target.tried["generated"] += 1
        signal.alarm(hang)
        try:
            target.check(data)
        finally:
            signal.alarm(0)

    started = time.monotonic()
    try:
        property_()
    except Exception as exc:
        failed.append(exc)
    target.seconds += time.monotonic() - started
    if failed:
        target.failures += 1
        findings.record(target.name, last[0], failed[0])  # hypothesis re-raises the shrunk example's error


def report(targets: list[Target], findings: Findings, elapsed: float) -> None:
    total = sum(sum(t.tried.values()) for t in targets)
    print(f"[{elapsed / 60:5.1f} min] {total:,} inputs, {sum(t.failures for t in targets)} failures, "
          f"{len(findings.seen)} distinct", flush=True)  # fmt: skip
    for t in targets:
        tried = sum(t.tried.values())
        rate = tried / t.seconds if t.seconds else 0.0
        print(
            f"    {t.name:<10} {tried:>8,} inputs ({t.tried['generated']:,} generated, "
            f"{t.tried['mutated']:,} mutated, {rate:,.0f}/s), {t.failures} failures",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=60.0, help="how long to run (default 60)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"), help="where failing inputs go")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang", type=int, default=60, help="seconds after which an input counts as a hang")
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    corpus = load_corpus(args.shared, rng)
    print(
        f"corpus: {len(corpus.texts)} texts, {len(corpus.pages)} pages, {len(corpus.feeds)} feeds; "
        f"seed {args.seed}, {args.minutes:g} min, failures to {args.out}",
        flush=True,
    )
    targets = make_targets(corpus)
    findings = Findings(args.out)
    signal.signal(signal.SIGALRM, _alarm)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    next_report = started + 60
    while time.monotonic() < deadline:
        for target in targets:
            generated_batch(target, rng, findings, args.hang)
            for _ in range(target.batch):
                run_one(target, "mutated", target.mutated(rng), findings, args.hang)
            if time.monotonic() >= next_report:
                report(targets, findings, time.monotonic() - started)
                next_report += 60
            if time.monotonic() >= deadline:
                break
    print("\nfinal:")
    report(targets, findings, time.monotonic() - started)
    for signature, count in sorted(findings.seen.items()):
        print(f"    {count:>6} × {signature}")
    return 1 if findings.seen else 0


if __name__ == "__main__":
    sys.exit(main())
