"""What a store must satisfy after a crash: the engine's own integrity checks, no orphans, no duplicates,
and every article it holds complete (all the statements a reference run gave it). Used by
`bench/kill_loop.py` and `tests/test_crash_safety.py`; reads with plain SQL so that a store killed half-way
through its first migration can be looked at without being migrated."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, text

from parley.store.engine import make_engine, normalise_url, sqlite_path
from parley.store.migrate import head_revision
from parley.store.schema import metadata

Span = tuple[str, int, int]  # statement kind, start, end


@dataclass
class Snapshot:
    """The parts of a store a crash could tear: articles, their sources and their statements."""

    articles: dict[str, str] = field(default_factory=dict)  # id -> key
    sources: set[tuple[str, str, str]] = field(default_factory=set)  # (article id, location, key)
    statements: dict[str, Counter[Span]] = field(default_factory=dict)  # article id -> spans
    speakers: dict[tuple[str, int, int], str | None] = field(default_factory=dict)  # (article, span) -> name

    @property
    def statement_count(self) -> int:
        return sum(sum(c.values()) for c in self.statements.values())


def _engine(url: str) -> Engine | None:
    """An engine on an existing store, or None when there is no store yet (killed before creating it)."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return None
        # no WAL pragma or migration on our side: look at the file as the killed process left it
        return create_engine(normalise_url(url))
    return make_engine(url)


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def snapshot(url: str) -> Snapshot:
    snap = Snapshot()
    engine = _engine(url)
    if engine is None:
        return snap
    try:
        with engine.connect() as connection:
            if "statements" not in _tables(connection):
                return snap
            snap.articles = dict(connection.execute(text("SELECT id, key FROM articles")).all())
            snap.sources = {
                (a, loc, k)
                for a, loc, k in connection.execute(
                    text("SELECT article_id, location, key FROM article_sources")
                )
            }
            rows = connection.execute(
                text('SELECT article_id, kind, start, "end", speaker_name FROM statements')
            )
            for article_id, kind, start, end, speaker in rows:
                snap.statements.setdefault(article_id, Counter())[(kind, start, end)] += 1
                snap.speakers[(article_id, start, end)] = speaker
    finally:
        engine.dispose()
    return snap


# --- integrity ---------------------------------------------------------------------------------------

# Rows that must be unique; the schema enforces most of them, and a check that cannot fail today still
# catches the day a constraint is dropped by a migration.
_UNIQUE = {
    "articles": ["id"],
    "article_sources": ["article_id", "location", "key"],
    "statements": ["article_id", "kind", "start", '"end"'],
    "mentions": ["article_id", "start"],
    "likelihoods": ["id"],
    "actors": ["id"],
}


def integrity_problems(url: str) -> list[str]:
    """Everything wrong with the store as a store, whatever it holds; [] when it is whole."""
    engine = _engine(url)
    if engine is None:
        return []
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            tables = _tables(connection)
            if engine.dialect.name == "sqlite":
                problems += _sqlite_problems(connection, tables)
            if "alembic_version" in tables:
                versions = [v for (v,) in connection.execute(text("SELECT version_num FROM alembic_version"))]
                if versions != [head_revision()]:
                    problems.append(f"schema version {versions}, expected [{head_revision()!r}]")
            elif tables:
                problems.append(f"tables without a recorded migration: {sorted(tables)}")
            if "statements" in tables:
                problems += _orphans(connection, tables)
                problems += _duplicates(connection)
                problems += _incomplete_articles(connection)
    finally:
        engine.dispose()
    return problems


def _sqlite_problems(connection: Connection, tables: set[str]) -> list[str]:
    problems = []
    result = [r for (r,) in connection.execute(text("PRAGMA integrity_check"))]
    if result != ["ok"]:
        problems.append(f"PRAGMA integrity_check: {result[:5]}")
    dangling = connection.execute(text("PRAGMA foreign_key_check")).all()
    if dangling:
        problems.append(f"PRAGMA foreign_key_check: {len(dangling)} rows, first {list(dangling[0])}")
    for fts in ("articles_fts", "statements_fts"):
        if fts in tables:  # the full-text index must agree with the rows its triggers index
            try:
                connection.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')"))
            except Exception as exc:
                problems.append(f"{fts} integrity-check: {exc}")
            connection.rollback()
    return problems


def _orphans(connection: Connection, tables: set[str]) -> list[str]:
    """Foreign keys checked by query: the same check on PostgreSQL as PRAGMA foreign_key_check on SQLite."""
    problems = []
    for table in metadata.sorted_tables:
        if table.name not in tables:
            continue
        for fk in table.foreign_keys:
            child, parent = fk.parent, fk.column
            count = connection.execute(
                text(
                    f'SELECT count(*) FROM {table.name} c WHERE c."{child.name}" IS NOT NULL AND NOT EXISTS '
                    f'(SELECT 1 FROM {parent.table.name} p WHERE p."{parent.name}" = c."{child.name}")'
                )
            ).scalar()
            if count:
                problems.append(f"{count} rows of {table.name}.{child.name} point to no {parent}")
    return problems


def _duplicates(connection: Connection) -> list[str]:
    problems = []
    for table, columns in _UNIQUE.items():
        cols = ", ".join(columns)
        count = connection.execute(
            text(f"SELECT count(*) FROM (SELECT {cols} FROM {table} GROUP BY {cols} HAVING count(*) > 1) d")
        ).scalar()
        if count:
            problems.append(f"{count} duplicated ({cols}) in {table}")
    return problems


def _incomplete_articles(connection: Connection) -> list[str]:
    # an article is written with its first source in one transaction: one without any is a torn write
    count = connection.execute(
        text(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_sources s WHERE s.article_id = a.id)"
        )
    ).scalar()
    return [f"{count} articles without a source"] if count else []


# --- against a reference run ---------------------------------------------------------------------------


def completeness_problems(current: Snapshot, reference: Snapshot, before: Snapshot) -> list[str]:
    """After a kill: whatever the store holds is whole (each article with exactly the statements the
    reference run gave it), and nothing stored before the run was lost."""
    problems = []
    unknown = set(current.articles) - set(reference.articles)
    if unknown:
        problems.append(f"{len(unknown)} articles the reference run never stored, e.g. {min(unknown)}")
    for article_id in sorted(set(current.articles) & set(reference.articles)):
        got = current.statements.get(article_id, Counter())
        want = reference.statements.get(article_id, Counter())
        if got != want:
            problems.append(
                f"article {article_id}: {sum(got.values())} statements stored, the reference has "
                f"{sum(want.values())} (missing {sorted((want - got).elements())[:3]}, "
                f"extra {sorted((got - want).elements())[:3]})"
            )
    stray = set(current.statements) - set(current.articles)
    if stray:
        problems.append(f"statements of {len(stray)} articles that are not stored")
    foreign_sources = current.sources - reference.sources
    if foreign_sources:
        problems.append(f"{len(foreign_sources)} sources the reference run does not have")
    lost = set(before.articles) - set(current.articles)
    if lost:
        problems.append(f"{len(lost)} articles stored before this run are gone, e.g. {min(lost)}")
    lost_sources = before.sources - current.sources
    if lost_sources:
        problems.append(f"{len(lost_sources)} sources stored before this run are gone")
    return problems


def equality_problems(current: Snapshot, reference: Snapshot) -> list[str]:
    """After the re-run: the store is the reference store."""
    problems = []
    if current.articles != reference.articles:
        missing = set(reference.articles) - set(current.articles)
        extra = set(current.articles) - set(reference.articles)
        rekeyed = {
            a
            for a in set(current.articles) & set(reference.articles)
            if current.articles[a] != reference.articles[a]
        }
        problems.append(
            f"articles differ: {len(missing)} missing, {len(extra)} extra, {len(rekeyed)} keyed differently"
        )
    if current.sources != reference.sources:
        problems.append(
            f"sources differ: {len(reference.sources - current.sources)} missing, "
            f"{len(current.sources - reference.sources)} extra"
        )
    if current.statements != reference.statements:
        differing = {
            a
            for a in set(current.statements) | set(reference.statements)
            if current.statements.get(a) != reference.statements.get(a)
        }
        problems.append(f"statements differ in {len(differing)} articles, e.g. {min(differing)}")
    return problems


def speaker_differences(current: Snapshot, reference: Snapshot) -> int:
    """Statements whose speaker differs from the reference run's. Not a crash-safety failure: a resumed run
    extracts with the actors the killed runs added to the registry, which a single run would not yet know."""
    return sum(
        1
        for key, name in current.speakers.items()
        if key in reference.speakers and reference.speakers[key] != name
    )


def sqlite_files(url: str) -> list[Path]:
    path = sqlite_path(url)
    return (
        [] if path is None else [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    )
