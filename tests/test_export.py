"""Exports: every kind in every format reads back as the store's records, on both engines; moves as PLOVER
records keep to the manual's fields; filters narrow; the CLI writes files and stdout; a large export is
streamed (its memory does not grow with the data)."""

from __future__ import annotations

import csv
import io
import json
import re
import tracemalloc
from datetime import date, datetime
from pathlib import Path
from typing import Any, get_args

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Connection, insert
from typer.testing import CliRunner

from parley.cli import EXIT_NOT_FOUND, EXIT_STORE, app
from parley.config import Settings
from parley.errors import NotFoundError, QueryError
from parley.export import (
    COLUMNS,
    KINDS,
    PLOVER_ACTOR_FIELDS,
    PLOVER_CATEGORIES,
    PLOVER_CITE_FIELDS,
    PLOVER_EVENT,
    PLOVER_FIELDS,
    PLOVER_REQUIRED,
    PLOVER_TEXT_FIELDS,
    ExportFilter,
    Kind,
    export,
    records,
)
from parley.ingest.pipeline import ingest
from parley.models import MoveType
from parley.store import Store
from parley.store.queries import get_article
from parley.store.schema import articles, development_articles, developments, statements
from parley.store.statement_queries import (
    MoveFilter,
    StatementFilter,
    find_moves,
    find_statements,
    list_actors,
)

TALKS = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow was ready to resume talks in Istanbul.\n\n"
    "“We are open to dialogue, but not to ultimatums,” Peskov told reporters.\n\n"
    "Russia demanded that Ukraine withdraw its troops from the Donetsk region. Ukrainian President "
    "Volodymyr Zelenskiy rejected the demand. “There will be no concessions on our land,” he said."
)
MIAMI = (
    "US and Russian envoys held consultations between the United States and Russia in Miami on December "
    "20, the Kremlin said. Ukraine and Russia are expected to hold talks in Istanbul on December 28.\n\n"
    "Russia threatened to halt the talks. The Kremlin proposed a ceasefire along the front line. Ukraine "
    "accepted the proposal."
)
IRAN = (
    "Iran rejected the IAEA demand for inspections at Fordow, Foreign Ministry spokesman Esmaeil Baghaei "
    "said on Monday. “We will not accept any deal that ends enrichment,” Baghaei said. Iran and the United "
    "States agreed to hold a new round of nuclear talks in Muscat."
)
TEXTS = {"talks": TALKS, "miami": MIAMI, "iran": IRAN}
DATES = {"talks": "2025-05-13", "miami": "2025-12-21", "iran": "2025-06-02"}
FORMATS = ("jsonl", "csv", "parquet")


def _ingest(url: str, tmp_path: Path) -> Store:
    source = tmp_path / "reports.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": key, "date": DATES[key], "url": f"https://example.org/{key}", "text": text})
            + "\n"
            for key, text in TEXTS.items()
        ),
        encoding="utf-8",
    )
    store = Store.open(url)
    ingest([str(source)], store, Settings(db=url), workers=1)
    # developments as `parley analyze` would store them: one per negotiation
    with store.writing() as connection:
        ids = {r.key: r.id for r in connection.execute(articles.select())}
        for dev, negotiation, day, key in (
            ("dv_ru", "russia-ukraine", date(2025, 12, 21), "miami"),
            ("dv_ir", "iran-nuclear", date(2025, 6, 2), "iran"),
        ):
            connection.execute(
                insert(developments).values(
                    id=dev,
                    negotiation=negotiation,
                    date=day,
                    last_date=day,
                    headline=f"{key} headline",
                    representative_id=ids[key],
                    articles=1,
                    sources=1,
                    statements=2,
                    score=1.5,
                    version="test",
                )
            )
            connection.execute(insert(development_articles).values(development_id=dev, article_id=ids[key]))
    return store


# --- reading back ---------------------------------------------------------------------------------------


def _from_csv(text: str, kind: Kind) -> list[dict[str, Any]]:
    types = dict(COLUMNS[kind])
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == [name for name, _ in COLUMNS[kind]]  # the documented order

    def value(cell: str, column: str) -> Any:
        if cell == "":
            return None
        return cell if types[column] in ("str", "date") else json.loads(cell)

    return [{c: value(cell, c) for c, cell in zip(header, row, strict=True)} for row in reader]


def _from_parquet(path: Path, kind: Kind) -> list[dict[str, Any]]:
    table = pq.read_table(path)
    assert table.column_names == [name for name, _ in COLUMNS[kind]]
    types = dict(COLUMNS[kind])
    rows = table.to_pylist()
    for row in rows:
        for column, kind_of in types.items():
            if row[column] is None:
                continue
            if kind_of == "json":
                row[column] = json.loads(row[column])
            elif kind_of == "date":
                row[column] = row[column].isoformat()
    return rows


def _read_back(connection: Connection, kind: Kind, fmt: str, tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / f"{kind}.{fmt}"
    count = export(connection, kind, fmt, path)  # type: ignore[arg-type]
    if fmt == "jsonl":
        found = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        found = _from_csv(path.read_text(encoding="utf-8"), kind)
    else:
        found = _from_parquet(path, kind)
    assert count == len(found)
    return found


def _without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in keys}


def test_every_kind_in_every_format_reads_back_as_the_store_records(
    any_store_url: str, tmp_path: Path
) -> None:
    with _ingest(any_store_url, tmp_path) as store, store.reading() as connection:
        expected = {kind: list(records(connection, kind)) for kind in KINDS}
        for kind in KINDS:
            assert expected[kind], f"nothing to export for {kind}"
            for fmt in FORMATS:
                assert _read_back(connection, kind, fmt, tmp_path) == expected[kind], (kind, fmt)

        # statements: DESIGN.md's record as `parley statements --json` gives it, plus the article's url and
        # its sources; the text is the article's at the span
        listed = {r["statement_id"]: r for r in find_statements(connection, StatementFilter(limit=10_000))}
        assert {r["statement_id"] for r in expected["statements"]} == set(listed)
        for record in expected["statements"]:
            article = record["article"]
            assert article["url"] == f"https://example.org/{record['article_id']}"
            shown = {**_without(record, "sources"), "article": _without(article, "url")}
            assert shown == listed[record["statement_id"]]
            start, end = record["span"]
            assert TEXTS[record["article_id"]][start:end] == record["text"]
            sources = get_article(connection, article["id"]).sources
            assert [s["location"] for s in record["sources"]] == [s["location"] for s in sources]
            assert [s["key"] for s in record["sources"]] == [record["article_id"]]

        # moves: `parley moves --json`'s record, plus the url and sources
        listed = {r["id"]: r for r in find_moves(connection, MoveFilter(limit=10_000))}
        assert {m["id"] for m in expected["moves"]} == set(listed)
        for move in expected["moves"]:
            shown = {**_without(move, "sources"), "article": _without(move["article"], "url")}
            assert shown == listed[move["id"]]
        assert {m["type"] for m in expected["moves"]} >= {"meet", "demand", "reject", "threaten", "accept"}

        # actors: `parley actors --json`'s record, plus moves made
        listed = {a["id"]: a for a in list_actors(connection, limit=10_000)}
        assert {a["id"] for a in expected["actors"]} == set(listed)
        for actor in expected["actors"]:
            assert _without(actor, "moves") == listed[actor["id"]]
        russia = next(a for a in expected["actors"] if a["name"] == "Russia")
        assert russia["moves"] >= 3 and "Kremlin" in russia["aliases"]

        # developments: as stored, with their member articles
        by_id = {d["id"]: d for d in expected["developments"]}
        assert set(by_id) == {"dv_ru", "dv_ir"}
        assert by_id["dv_ru"]["date"] == "2025-12-21"
        assert by_id["dv_ru"]["article_ids"] == [by_id["dv_ru"]["representative_id"]]
        assert by_id["dv_ir"]["score"] == 1.5


# --- PLOVER ----------------------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _valid_plover(record: dict[str, Any]) -> None:
    """A record keeps to the fields of the PLOVER manual (parley's own under `parley`)."""
    assert set(record) <= PLOVER_FIELDS | {"parley"}, set(record) - PLOVER_FIELDS
    assert set(record) >= PLOVER_REQUIRED
    assert _ISO_DAY.match(record["date"])
    assert len(record["event"]) == 1 and record["event"][0] in PLOVER_CATEGORIES
    quad, scale = PLOVER_CATEGORIES[record["event"][0]]
    assert (record["quad_code"], record["event_scale"]) == (quad, scale)
    for actor in record["source"] + record["recipient"]:
        assert set(actor) <= PLOVER_ACTOR_FIELDS and actor["actor_text"]
    assert record["source"], "every move parley stores has someone who makes it"
    assert set(record["text_info"]) <= PLOVER_TEXT_FIELDS
    assert set(record["cite_info"]) <= PLOVER_CITE_FIELDS
    assert record["mode"] is None or isinstance(record["mode"], list)
    assert record["context"] is None or isinstance(record["context"], list)
    assert record["event_loc"] is None or set(record["event_loc"]) == {"name"}


def test_every_move_type_has_a_plover_category() -> None:
    # the mapping is total, onto PLOVER's categories; the exact ones are the same word
    assert set(PLOVER_EVENT) == set(get_args(MoveType))
    for move_type, event in PLOVER_EVENT.items():
        assert event in PLOVER_CATEGORIES
        if move_type in ("demand", "reject", "concede", "threaten", "accuse"):
            assert event == move_type.upper()
    assert PLOVER_EVENT["meet"] == "CONSULT"  # meetings, visits and talks
    assert PLOVER_EVENT["propose"] == "AGREE"  # an offer; PLOVER has no proposal


def test_moves_as_plover_records(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with _ingest(url, tmp_path) as store, store.reading() as connection:
        path = tmp_path / "moves.plover.jsonl"
        count = export(connection, "moves", "plover", path)
        plover = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert count == len(plover) == len(list(records(connection, "moves")))
        for record in plover:
            _valid_plover(record)
            # the evidence is the article's text at the offsets, cited with the article's url
            key = record["parley"]["article_id"]
            start, end = record["text_info"]["start"], record["text_info"]["end"]
            assert record["event_text"] == [TEXTS[key][start:end]]
            assert record["cite_info"]["url"] == f"https://example.org/{key}"
            assert [s["key"] for s in record["parley"]["sources"]] == [key]
            assert record["event"] == [PLOVER_EVENT[record["parley"]["type"]]]
        by_type = {r["parley"]["type"]: r for r in plover}
        # a meeting: every side is a source, no recipient; its date and place are the text's
        meeting = next(r for r in plover if r["event_loc"] == {"name": "Miami"})
        assert meeting["event"] == ["CONSULT"] and meeting["recipient"] == []
        assert {a["identifier_text"] for a in meeting["source"]} == {"United States", "Russia"}
        assert meeting["date"] == "2025-12-20" and meeting["parley"]["date_basis"] == "text"
        # a move the text dates after the report is in the future context
        at_istanbul = {r["parley"]["type"]: r for r in plover if r["event_loc"] == {"name": "Istanbul"}}
        istanbul = at_istanbul["meet"]
        assert istanbul["date"] == "2025-12-28" and "future" in istanbul["context"]
        # "Moscow was ready to resume talks in Istanbul": an offer, dated by the report's "on Tuesday"
        offer = at_istanbul["propose"]
        assert offer["event"] == [PLOVER_EVENT["propose"]] and offer["source"][0]["actor_text"] == "Russia"
        # a demand on territory: mode read from the issue, flagged as approximate in the comment
        demand = by_type["demand"]
        assert demand["event"] == ["DEMAND"] and demand["mode"] == ["yield"]
        assert demand["context"] == ["resource"] and "mode 'yield'" in demand["comment"]
        assert demand["source"][0] == {
            "actor_text": "Russia",
            "identifier_id": demand["source"][0]["identifier_id"],
            "identifier_text": "Russia",
            "sector": "GOV",
        }
        # an undated-in-text move takes the report's date
        assert demand["date"] == "2025-05-13" and demand["parley"]["date_basis"] == "published"
        assert by_type["propose"]["event"] == ["AGREE"] and "no proposal" in by_type["propose"]["comment"]
        assert by_type["accept"]["event"] == ["SUPPORT"]
        assert by_type["threaten"]["mode"] == ["relations"]  # threatening to halt the talks
        # a person keeps their office
        rejection = next(
            r for r in plover if r["event"] == ["REJECT"] and r["parley"]["article_id"] == "talks"
        )
        assert rejection["source"][0]["office"] == "President of Ukraine"


# --- filters -----------------------------------------------------------------------------------------------


def test_filters(any_store_url: str, tmp_path: Path) -> None:
    with _ingest(any_store_url, tmp_path) as store, store.reading() as connection:

        def keys(kind: Kind, **given: Any) -> set[str]:
            found = records(connection, kind, ExportFilter(**given))
            return {r["article_id"] for r in found}

        assert keys("statements") == {"talks", "miami", "iran"}
        # a negotiation: the articles routed to it
        assert keys("statements", negotiation="iran-nuclear") == {"iran"}
        assert keys("moves", negotiation="russia-ukraine") == {"talks", "miami"}
        # dates are the reports' publication, inclusive at both ends
        assert keys("statements", since=date(2025, 6, 2)) == {"miami", "iran"}
        assert keys("moves", until=date(2025, 6, 2)) == {"talks", "iran"}
        assert keys("moves", since=date(2025, 6, 2), until=date(2025, 6, 2)) == {"iran"}
        assert keys("statements", negotiation="russia-ukraine", since=date(2025, 12, 22)) == set()

        # developments by their own negotiation and date
        def developments_of(**given: Any) -> set[str]:
            return {d["id"] for d in records(connection, "developments", ExportFilter(**given))}

        assert developments_of(negotiation="iran-nuclear") == {"dv_ir"}
        assert developments_of(since=date(2025, 7, 1)) == {"dv_ru"}
        assert developments_of(until=date(2025, 6, 2)) == {"dv_ir"}

        # actors: those who spoke or moved within the filter, counted within it
        iran_actors = {a["name"]: a for a in records(connection, "actors", ExportFilter("iran-nuclear"))}
        assert "Esmaeil Baghaei" in iran_actors and "Dmitry Peskov" not in iran_actors
        assert iran_actors["Esmaeil Baghaei"]["statements"] >= 1
        everyone = {a["name"]: a for a in records(connection, "actors")}
        assert everyone["Dmitry Peskov"]["statements"] >= 2  # all actors without a filter, idle ones too
        assert any(a["statements"] == 0 and a["moves"] == 0 for a in everyone.values())

        with pytest.raises(NotFoundError, match="no negotiation 'atlantis'"):
            list(records(connection, "statements", ExportFilter("atlantis")))
        with pytest.raises(QueryError, match="only moves"):
            list(records(connection, "statements", plover=True))
        with pytest.raises(QueryError, match="Parquet"):
            export(connection, "moves", "parquet", None)


# --- the command -------------------------------------------------------------------------------------------

runner = CliRunner()


def test_export_command(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    _ingest(db, tmp_path).close()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["export", *args, "--db", db], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    # JSON lines on stdout by default
    code, out, _ = invoke("statements")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    store = Store.open(db)
    with store, store.reading() as connection:
        assert lines == list(records(connection, "statements"))
        moves_in_iran = len(list(records(connection, "moves", ExportFilter("iran-nuclear"))))
    # CSV on stdout, filtered
    code, out, _ = invoke("moves", "--format", "csv", "--negotiation", "iran-nuclear")
    assert code == 0 and len(_from_csv(out, "moves")) == moves_in_iran
    # PLOVER, by flag or by format
    code, out, _ = invoke("moves", "--plover", "--since", "2025-06-01", "--until", "2025-06-30")
    assert code == 0
    assert {json.loads(line)["parley"]["article_id"] for line in out.splitlines()} == {"iran"}
    assert invoke("moves", "--format", "plover")[0] == 0
    # Parquet to a file, and a message on stderr
    target = tmp_path / "actors.parquet"
    code, out, err = invoke("actors", "--format", "parquet", "--output", str(target))
    assert code == 0 and out == "" and "Exported" in err and str(target) in err
    assert pq.read_table(target).num_rows > 0
    assert not target.with_name(target.name + ".part").exists()
    # usage errors: Parquet needs a file, PLOVER is for moves, dates are days
    assert invoke("actors", "--format", "parquet")[0] == 2
    assert invoke("statements", "--plover")[0] == 2
    assert invoke("moves", "--plover", "--format", "csv")[0] == 2
    assert invoke("moves", "--since", "June")[0] == 2
    assert invoke("developments", "--negotiation", "atlantis")[0] == EXIT_NOT_FOUND
    missing = runner.invoke(app, ["export", "actors", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == EXIT_STORE


# --- streaming ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_large_export_is_streamed(tmp_path: Path) -> None:
    """50,000 statements: each export's peak of Python memory is a small fraction of the records it writes
    (JSON lines and CSV hold a page of rows; Parquet a row group of 5,000)."""
    url = f"sqlite:///{tmp_path / 'big.db'}"
    n = 50_000
    words = "the delegations discussed the ceasefire line and the exchange of prisoners " * 3
    with Store.open(url) as store:
        with store.writing() as connection:
            connection.execute(
                insert(articles).values(
                    id="a" * 16,
                    key="big",
                    text=words,
                    text_length=len(words),
                    ingested_at=datetime(2025, 1, 1),
                    published_at=datetime(2025, 1, 1),
                )
            )
            for first in range(0, n, 5000):
                connection.execute(
                    insert(statements),
                    [
                        {
                            "id": f"st_{i:016x}",
                            "article_id": "a" * 16,
                            "kind": "direct",
                            "start": 0,
                            "end": len(words),
                            "text": f"{i} {words}",
                            "speaker_name": f"Speaker {i % 100}",
                            "mixed": False,
                            "issues": '["ceasefire", "humanitarian"]',
                            "moves": "[]",
                            "likelihood": "[]",
                            "extractor": "synthetic",
                            "published_at": datetime(2025, 1, 1),
                        }
                        for i in range(first, min(first + 5000, n))
                    ],
                )
        peaks: dict[str, int] = {}
        with store.reading() as connection:
            for fmt in FORMATS:
                tracemalloc.start()
                try:
                    count = export(connection, "statements", fmt, tmp_path / f"big.{fmt}")  # type: ignore[arg-type]
                    peaks[fmt] = tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
                assert count == n
    data = (tmp_path / "big.jsonl").stat().st_size  # the records, as JSON
    meta = pq.read_metadata(tmp_path / "big.parquet")
    assert (meta.num_rows, meta.num_row_groups) == (n, n // 5000)  # written a row group at a time
    print(
        ", ".join(f"{fmt} peak {peak / 1e6:.1f} MB" for fmt, peak in peaks.items()), f"of {data / 1e6:.1f} MB"
    )
    assert data > 30_000_000
    assert peaks["jsonl"] < data / 8 and peaks["csv"] < data / 8
    assert peaks["parquet"] < data / 4
