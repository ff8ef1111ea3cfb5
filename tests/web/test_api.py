"""The JSON API in process: lists, filters, cursor pagination, limits, CSV, errors, the schema."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from parley.config import Settings
from parley.web import analysis, create_app
from parley.web.csvout import cell
from tests.web.conftest import BUILD_DEVELOPMENTS


def items(client: TestClient, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["items"]
    return found


def test_negotiations_list_counts_what_was_routed(client: TestClient) -> None:
    rows = {r["id"]: r for r in items(client, "/api/v1/negotiations")}
    assert rows["russia-ukraine"]["articles"] == 5
    assert rows["russia-ukraine"]["statements"] >= 20
    assert rows["cyprus-2017"]["articles"] == 0


def test_one_negotiation_names_its_issues_and_analysis(client: TestClient) -> None:
    data = client.get("/api/v1/negotiations/russia-ukraine").json()
    assert "territory" in {i["id"] for i in data["issues"]}
    assert set(data["analysis"]) >= {"board", "barometer", "shifts", "brief"}
    assert client.get("/api/v1/negotiations/atlantis").status_code == 404


@pytest.mark.parametrize(
    ("query", "check"),
    [
        # a speaker by surname alone finds the actor
        ("speaker=Zelensky", lambda r: r["speaker"]["name"] == "Volodymyr Zelensky"),
        ("kind=direct", lambda r: r["kind"] == "direct"),
        ("issue=territory", lambda r: "territory" in r["issues"]),
        # the site of the article (case-insensitive substring)
        ("source=courier", lambda r: r["article"]["site"] == "Daily Courier"),
        ("since=2025-11-27&until=2025-12-04", lambda r: "2025-11-27" <= r["published"][:10] <= "2025-12-04"),
        ("q=Donetsk", lambda r: "donetsk" in r["text"].lower()),
        ("article=geneva-round", lambda r: r["article_id"] == "geneva-round"),
        ("negotiation=russia-ukraine&speaker=Peskov", lambda r: r["speaker"]["name"] == "Dmitry Peskov"),
    ],
)
def test_statement_filters(client: TestClient, query: str, check: Any) -> None:
    found = items(client, f"/api/v1/statements?{query}&limit=200")
    assert found, query
    assert all(check(r) for r in found), query


def test_a_filter_that_matches_nothing_is_an_empty_page(client: TestClient) -> None:
    data = client.get("/api/v1/statements?negotiation=cyprus-2017").json()
    assert data == {"items": [], "next": None, "cursor": None, "limit": 50}


def test_cursor_pages_cover_the_list_once_in_a_stable_order(client: TestClient) -> None:
    everything = [r["statement_id"] for r in items(client, "/api/v1/statements?limit=200")]
    seen: list[str] = []
    url: str | None = "/api/v1/statements?limit=3"
    while url:
        response = client.get(url)
        page = response.json()
        seen += [r["statement_id"] for r in page["items"]]
        url = page["next"]
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
    assert seen == everything
    dates = [r["published"] for r in items(client, "/api/v1/statements?limit=200")]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[len(dated) :] == [None] * (len(dates) - len(dated))  # undated last


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles?limit=2",
        "/api/v1/moves?limit=2",
        "/api/v1/likelihood?limit=2",
        "/api/v1/likelihood?limit=2&order=newest",
        "/api/v1/actors?limit=2",
    ],
)
def test_every_list_pages_without_repeats(client: TestClient, url: str) -> None:
    ids: list[str] = []
    next_url: str | None = url
    while next_url:
        page = client.get(next_url).json()
        ids += [r.get("id") or r.get("statement_id") for r in page["items"]]
        next_url = page["next"]
    assert len(ids) == len(set(ids)) > 2


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/v1/statements?limit=201", "less than or equal to 200"),
        ("/api/v1/statements?limit=0", "greater than or equal to 1"),
        ("/api/v1/statements?cursor=not-a-cursor", "invalid cursor"),
        ("/api/v1/statements?since=yesterday", "since"),
        ("/api/v1/statements?kind=shouted", "kind"),
        # unbalanced quotes: the engine's message, with how to write a query
        ('/api/v1/statements?q="peace', "cannot search for"),
        ("/api/v1/articles?q=AND", "cannot search for"),
        ("/api/v1/statements?q=peace%00talks", "NUL"),
    ],
)
def test_bad_input_is_a_400_with_a_useful_message(client: TestClient, url: str, words: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    message = response.json()["error"]["message"]
    assert words in message
    assert "Traceback" not in response.text


def test_not_found_is_a_404_in_json(client: TestClient) -> None:
    for url in ("/api/v1/statements/st_nope", "/api/v1/articles/nope", "/api/v1/actors/act_nope"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404


def test_one_statement_and_its_reader_link(client: TestClient) -> None:
    first = items(client, "/api/v1/statements?speaker=Witkoff")[0]
    record = client.get(f"/api/v1/statements/{first['statement_id']}").json()
    assert record["text"] == first["text"]
    assert record["reader_url"] == f"/articles/{record['article']['id']}#s-{record['statement_id']}"
    article = client.get(f"/api/v1/articles/{record['article']['id']}").json()
    start, end = record["span"]
    assert article["text"][start:end] == record["text"]


def test_csv_of_a_list_is_every_row(client: TestClient) -> None:
    total = len(items(client, "/api/v1/statements?limit=200"))
    for response in (
        client.get("/api/v1/statements?format=csv&limit=2"),
        client.get("/api/v1/statements", headers={"Accept": "text/csv"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == total
        assert {"statement_id", "speaker", "text", "reader_url"} <= set(rows[0])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles?format=csv",
        "/api/v1/moves?format=csv",
        "/api/v1/likelihood?format=csv",
        "/api/v1/actors?format=csv&quoted=true",
        "/api/v1/negotiations?format=csv",
        "/api/v1/developments?format=csv",
    ],
)
def test_csv_of_other_lists(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.text.splitlines()[0].startswith(("id,", "id\r"))


def test_csv_of_a_bad_query_is_still_a_400(client: TestClient) -> None:
    assert client.get('/api/v1/statements?format=csv&q="x').status_code == 400


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),  # a formula, defused
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain words", "plain words"),
        (-0.5, "-0.5"),  # numbers are numbers
        (["a", "b"], "a; b"),
        (None, ""),
    ],
)
def test_csv_cells_never_run_as_formulas(value: Any, written: str) -> None:
    assert cell(value) == written


def test_facets_count_what_the_list_holds(client: TestClient) -> None:
    facets = client.get("/api/v1/statements/facets?negotiation=russia-ukraine").json()
    total = len(items(client, "/api/v1/statements?negotiation=russia-ukraine&limit=200"))
    assert facets["total"] == total
    assert sum(f["count"] for f in facets["kind"]) == total
    speakers = {f["label"]: f["count"] for f in facets["speaker"]}
    assert speakers["J.D. Vance"] == 11


def test_moves_and_likelihood_filters(client: TestClient) -> None:
    assert {m["type"] for m in items(client, "/api/v1/moves?type=reject")} == {"reject"}
    assert all(m["holder"] == "Russia" for m in items(client, "/api/v1/moves?holder=Russia"))
    bands = {e["band"] for e in items(client, "/api/v1/likelihood?band=very%20likely")}
    assert bands == {"very likely"}
    assert items(client, "/api/v1/likelihood?event=settlement")


def test_actors(client: TestClient) -> None:
    quoted = items(client, "/api/v1/actors?quoted=true")
    assert quoted[0]["name"] == "J.D. Vance"  # most quoted first
    assert all(a["statements"] > 0 for a in quoted)
    zelensky = client.get("/api/v1/actors/Zelensky").json()
    assert zelensky["role"] == "President of Ukraine"
    assert zelensky["statements"] >= 3


def test_analysis_views_answer_or_say_they_are_missing(client: TestClient) -> None:
    have = analysis.available()
    for name, url in (
        ("board", "/api/v1/negotiations/russia-ukraine/board"),
        ("barometer", "/api/v1/negotiations/russia-ukraine/barometer"),
        ("shifts", "/api/v1/negotiations/russia-ukraine/shifts"),
        ("brief", "/api/v1/negotiations/russia-ukraine/brief"),
    ):
        response = client.get(url)
        if have[name]:
            assert response.status_code == 200, (url, response.text)
        else:
            assert response.status_code == 404
            assert "not available in this version" in response.json()["error"]["message"]
    assert client.get("/api/v1/negotiations/atlantis/board").status_code == 404


def test_developments(client: TestClient) -> None:
    listed = items(client, "/api/v1/developments?negotiation=russia-ukraine")
    assert client.get("/api/v1/developments/dev_nope").status_code == 404
    if BUILD_DEVELOPMENTS is None:
        assert listed == []  # none are built without the analysis
        return
    assert len(listed) == 5  # five reports of distinct days: five developments
    one = client.get(f"/api/v1/developments/{listed[0]['id']}").json()
    assert one["members"] and {"text", "speaker", "sources"} <= set(one["said"][0])


def test_openapi_schema_says_400_not_422(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/statements" in schema["paths"]
    get = schema["paths"]["/api/v1/statements"]["get"]
    assert "422" not in get["responses"] and "400" in get["responses"]
    assert "text/csv" in get["responses"]["200"]["content"]
    assert not any(path.startswith("/articles") for path in schema["paths"])  # pages are not API


def test_security_headers_on_every_response(client: TestClient) -> None:
    for url in ("/api/v1/statements", "/", "/nothing-here"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"


def test_writes_are_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/v1/ingest/text", json={"text": "Peace talks resumed."})
    assert response.status_code == 403
    assert "PARLEY_API_TOKEN" in response.json()["error"]["message"]


def test_facets_of_a_filtered_list_show_the_other_values(client: TestClient) -> None:
    # statements about territory are also about other issues: the facet lists those, not only territory
    facets = client.get("/api/v1/statements/facets?issue=territory").json()
    issues = {f["value"]: f["count"] for f in facets["issue"]}
    assert issues["territory"] == facets["total"]
    assert {"ceasefire", "process"} <= set(issues)
    routed = {f["value"]: f["count"] for f in facets["negotiation"]}
    assert routed == {"russia-ukraine": facets["total"]}


def test_cached_counts_follow_the_store(tmp_path: Any) -> None:
    from parley.config import Settings
    from parley.ingest.pipeline import ingest
    from parley.store import Store
    from parley.web import create_app

    settings = Settings(db=f"sqlite:///{tmp_path / 'c.db'}")
    Store.open(settings.db).close()
    with TestClient(create_app(settings)) as fresh:
        assert fresh.get("/api/v1/statements/facets").json()["total"] == 0
        report = tmp_path / "report.txt"
        report.write_text(
            'Peace talks on Ukraine resumed.\n"We want peace," Zelensky said.\n', encoding="utf-8"
        )
        with Store.open(settings.db) as store:
            ingest([str(report)], store, settings)
        assert fresh.get("/api/v1/statements/facets").json()["total"] == 1  # not the cached 0


def test_an_unexpected_error_shows_no_trace_or_detail(
    web_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug deep in a query (here: the actor list and the stats raising) gives the client a 500 in the
    usual error shape, JSON for the API and a page for the browser; the exception's text, which may hold
    SQL, paths or data, and the trace stay in the server's log."""
    from parley.web import api, queries

    secret = "SELECT secret FROM /srv/parley/private.db"

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(secret)

    monkeypatch.setattr(api, "store_stats", broken)
    monkeypatch.setattr(queries, "actor_page", broken)
    with TestClient(create_app(web_settings), raise_server_exceptions=False) as fresh:
        response = fresh.get("/api/v1/stats")
        assert response.status_code == 500
        assert response.json() == {
            "error": {"status": 500, "message": "internal error: parley could not answer this"}
        }
        html = fresh.get("/actors")
        assert html.status_code == 500 and html.headers["content-type"].startswith("text/html")
        assert "could not answer" in html.text
        for body in (response.text, html.text):
            assert secret not in body and "Traceback" not in body and "RuntimeError" not in body
        assert "content-security-policy" in html.headers  # error pages keep the policy too
