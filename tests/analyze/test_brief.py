"""The brief: every line is words of a stored article at the span it cites, the points of attention are the
most significant developments, issues carry their status, changes, estimates and shifts, and the renderings
(Markdown, HTML, JSON, the command) show every source without letting report text format the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from parley.analyze.barometer import build_barometer, load_estimates, routed_articles
from parley.analyze.brief import Brief, build_brief, lead_span
from parley.analyze.brief_render import INTRO, to_html, to_markdown
from parley.analyze.developments import analyze, developments_stale, list_developments
from parley.cli import app
from parley.config import Settings
from parley.errors import NotFoundError
from parley.ingest.pipeline import ingest
from parley.store import Store
from parley.store.schema import articles
from parley.store.statements import text_key
from tests.analyze.positions_corpus import ingest_corpus
from tests.analyze.talks_corpus import MEDINSKY, NEGOTIATION, ingest_talks
from tests.conftest import shared_path


@pytest.fixture
def talks(any_store_url: str, tmp_path: Path) -> Iterator[Store]:
    with ingest_talks(any_store_url, tmp_path) as store:
        analyze(store, NEGOTIATION)
        yield store


@pytest.fixture
def positions(any_store_url: str, tmp_path: Path) -> Iterator[Store]:
    with ingest_corpus(any_store_url, tmp_path) as store:
        analyze(store, NEGOTIATION)
        yield store


def assert_cited(store: Store, brief: Brief) -> int:
    """Every citation resolves to a stored article and an in-range span holding the words shown; every
    line shows the words of its first citation, and its other citations carry the same words."""
    texts: dict[str, str] = {}
    with store.reading() as connection:
        for article_id, text in connection.execute(select(articles.c.id, articles.c.text)):
            texts[article_id] = text
    lines = [line for s in brief.sections for item in s.points for line in (item.line, *item.details)]
    for line in lines:
        assert line.citations, f"uncited line: {line.text!r}"
        assert line.text == line.citations[0].text
        for citation in line.citations:
            start, end = citation.span
            assert citation.article_id in texts
            assert 0 <= start < end <= len(texts[citation.article_id])
            assert texts[citation.article_id][start:end] == citation.text
            if not line.cut:
                assert text_key(citation.text) == text_key(line.text)
    return sum(len(line.citations) for line in lines)


def test_every_citation_is_the_text_at_its_span(talks: Store) -> None:
    with talks.reading() as connection:
        brief = build_brief(connection, NEGOTIATION)
    assert assert_cited(talks, brief) > 0


def test_points_of_attention_are_the_developments_most_significant_first(talks: Store) -> None:
    with talks.reading() as connection:
        brief = build_brief(connection, NEGOTIATION)
        ranked = list_developments(connection, NEGOTIATION, order="score")
    points = brief.sections[0]
    assert points.title == "Points of attention"
    assert [i.development_id for i in points.points] == [d["id"] for d in ranked][: len(points.points)]
    assert len(points.points) == min(3, len(ranked)) or 3 <= len(points.points) <= 7
    # the first round (three outlets) outranks the Zaporizhzhia report (one), and carries Medinsky's quote
    # once, with a source in each of its three reports
    first = points.points[0]
    assert "3 reports from 3 outlets" in (first.note or "")
    medinsky = [d for d in first.details if MEDINSKY in d.text]
    assert medinsky and len(medinsky[0].citations) == 3
    assert medinsky[0].who == "Vladimir Medinsky"


def test_issues_show_status_changes_estimates_and_shifts(positions: Store) -> None:
    with positions.reading() as connection:
        brief = build_brief(connection, NEGOTIATION)
    assert_cited(positions, brief)
    by_issue = {s.issue: s for s in brief.sections if s.issue}
    ceasefire = by_issue["ceasefire"]
    assert ceasefire.status == "contested"  # Russia's demand still stands after Ukraine accepted
    parts = {p.title: p for p in ceasefire.parts}
    assert "What changed" in parts
    # Ukraine's rejection and later acceptance is a shift, shown with the before and after evidence
    shifts = [i for s in brief.sections for p in s.parts if p.title == "Shifts" for i in p.items]
    reversal = [i for i in shifts if "reject" in i.details[0].text and "accept" in i.line.text]
    assert reversal, [(i.line.text, i.details[0].text) for i in shifts]
    assert reversal[0].line.date > reversal[0].details[0].date
    outlook = next(s for s in brief.sections if s.title == "Outlook for a settlement")
    speakers = {i.line.who for i in outlook.points}
    assert speakers == {"Dmitry Peskov", "Volodymyr Zelensky"}
    # the outlook shows each speaker's own latest estimate, never one averaged number
    assert all("likely" in (i.line.text or "") or "possible" in i.line.text for i in outlook.points)
    assert all(i.line.date and i.line.date.date() == date(2025, 3, 10) for i in outlook.points)
    assert by_issue["maritime"].status == "agreed" and by_issue["humanitarian"].status == "converging"


def test_the_period_limits_what_is_shown(positions: Store) -> None:
    with positions.reading() as connection:
        whole = build_brief(connection, NEGOTIATION)
        late = build_brief(connection, NEGOTIATION, since=date(2025, 3, 10))
    assert late.articles < whole.articles
    for section in late.sections[1:]:
        for part in section.parts:
            if part.title in {"What changed", "What the parties said", "How likely they said it is"}:
                assert all(i.line.date and i.line.date.date() >= date(2025, 3, 10) for i in part.items)


def test_the_outlook_leaves_out_estimates_of_other_talks(positions: Store, tmp_path: Path) -> None:
    # a report on the Ukraine talks that also weighs another peace deal: the barometer leaves that estimate
    # out, and so does the brief's outlook
    other = {
        "id": "other-talks",
        "date": "2025-03-12",
        "source": "Reuters",
        "text": "Russian and Ukrainian negotiators resumed talks on a ceasefire in the Donetsk region on "
        "Wednesday, Kremlin spokesman Dmitry Peskov said.\n\nAzerbaijani Foreign Minister Jeyhun Bayramov "
        "said a peace deal between Armenia and Azerbaijan was likely this year.",
    }
    source = tmp_path / "other.jsonl"
    source.write_text(json.dumps(other) + "\n", encoding="utf-8")
    ingest([str(source)], positions, Settings(db=positions.url), workers=1)
    with positions.reading() as connection:
        estimates = load_estimates(connection, NEGOTIATION, routed_articles(connection, NEGOTIATION))
        brief = build_brief(connection, NEGOTIATION)
        gauge = build_barometer(connection, NEGOTIATION)
    assert any(e.who == "Jeyhun Bayramov" and "Armenia" in (e.event or "") for e in estimates)
    outlook = next(s for s in brief.sections if s.title == "Outlook for a settlement")
    assert {i.line.who for i in outlook.points} == {"Dmitry Peskov", "Volodymyr Zelensky"}
    assert {series.who for series in gauge.series} == {"Dmitry Peskov", "Volodymyr Zelensky"}


def test_unknown_negotiation_is_an_error(talks: Store) -> None:
    with talks.reading() as connection, pytest.raises(NotFoundError):
        build_brief(connection, "atlantis-talks")


def test_lead_span_passes_over_datelines_and_keeps_titles_inside_sentences() -> None:
    text = "By Jane Roe\nMOSCOW\n\nMr. Lavrov met Mr. Fidan in Antalya on Friday. They spoke for an hour.\n"
    start, end = lead_span(text) or (0, 0)
    assert text[start:end] == "Mr. Lavrov met Mr. Fidan in Antalya on Friday."
    long = "Word " * 200
    start, end = lead_span(long, limit=50) or (0, 0)
    assert end - start <= 50 and long[start:end].endswith("Word")
    assert lead_span("short\n\n") is None
    dateline = "ASTANA, March 16. /TASS/. Russia, Turkey and Iran agreed on a ceasefire monitoring group."
    start, end = lead_span(dateline) or (0, 0)
    assert dateline[start:end] == "Russia, Turkey and Iran agreed on a ceasefire monitoring group."


def test_renderings_escape_report_text_and_show_every_span(talks: Store) -> None:
    with talks.reading() as connection:
        brief = build_brief(connection, NEGOTIATION)
    line = brief.sections[0].points[0].line
    hostile = Brief(
        brief.negotiation, "<script>alert(1)</script>", brief.since, brief.until, brief.articles,
        brief.developments, brief.positions, brief.sections,
    )  # fmt: skip
    page = to_html(hostile, reader_url="http://127.0.0.1:8000/")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    for citation in brief.citations:
        start, end = citation.span
        assert f"/articles/{citation.article_id}?cite={start}-{end}#cite" in page
    markdown = to_markdown(brief)
    assert f"§{line.citations[0].span[0]}–{line.citations[0].span[1]}" in markdown
    assert markdown.count("§") - INTRO.count("§") == len(list(brief.citations))
    assert "*" not in to_markdown(hostile).split("\n")[0].replace("# Brief: ", "").replace("\\*", "")


def test_command_writes_each_format_and_rebuilds_stale_developments(talks: Store, tmp_path: Path) -> None:
    url = str(talks.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    with talks.writing() as connection:  # developments gone stale: the command builds them first
        connection.exec_driver_sql("DELETE FROM development_articles")
    with talks.reading() as connection:
        assert developments_stale(connection, NEGOTIATION)
    result = runner.invoke(app, ["brief", "--negotiation", NEGOTIATION, "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sections"][0]["title"] == "Points of attention" and data["sections"][0]["points"]
    with talks.reading() as connection:
        assert not developments_stale(connection, NEGOTIATION)
    page = tmp_path / "brief.html"
    result = runner.invoke(
        app, ["brief", "--negotiation", NEGOTIATION, "--db", url, "--format", "html", "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    result = runner.invoke(app, ["brief", "--negotiation", NEGOTIATION, "--db", url])
    assert result.exit_code == 0 and result.stdout.startswith("# Brief: ")
    result = runner.invoke(app, ["brief", "--negotiation", "atlantis-talks", "--db", url])
    assert result.exit_code == 4


def test_brief_of_real_reports_cites_only_what_they_say(tmp_path: Path) -> None:
    """60 real reports of the Ukraine corpus: every line of their brief is at its cited span."""
    from parley.config import Settings
    from parley.ingest.pipeline import ingest

    corpus = shared_path("data", "news", "ukraine_gdelt_2022", "articles.jsonl")
    lines = corpus.read_text(encoding="utf-8").splitlines()[:60]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'real.db'}"
    with Store.open(url) as store:
        assert not ingest([str(sample)], store, Settings(db=url), workers=1).failures
        analyze(store, NEGOTIATION)
        with store.reading() as connection:
            brief = build_brief(connection, NEGOTIATION)
        assert 3 <= len(brief.sections[0].points) <= 7
        assert len(brief.sections) > 2  # issues beyond the points of attention
        assert assert_cited(store, brief) > 20
