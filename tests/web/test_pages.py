"""The pages in process: each renders, says so kindly when there is nothing or something is wrong, and
never lets an article's text or metadata become markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.corpus import HOSTILE_ID


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if dict(attrs).get("id"):
            self.ids.append(str(dict(attrs)["id"]))


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def assert_inert(html: str) -> None:
    """No script but our own files and JSON data, no event handler, no javascript: link."""
    for tag, attrs in parse(html).tags:
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/") or attrs.get("type") == "application/json", (
                attrs
            )
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), (tag, attrs)
    # JSON data blocks cannot be closed early by the text they carry
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, flags=re.S):
        assert "<" not in block


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/", ["Russia–Ukraine talks", "articles"]),
        (
            "/negotiations/russia-ukraine",
            ["Settlement barometer", "Latest statements", "Points of attention"],
        ),
        ("/negotiations/russia-ukraine/board", ["Issue board"]),
        ("/negotiations/russia-ukraine/brief", ["Brief"]),
        ("/search", ["Statements (", "Articles ("]),
        ("/search?q=Donetsk", ["Donetsk"]),
        ("/search?q=Geneva&in=articles", ["Geneva"]),
        ("/search?speaker=Peskov&kind=indirect", ["Dmitry Peskov"]),
        ("/actors", ["J.D. Vance"]),
        ("/actors/Zelensky", ["President of Ukraine", "Statements"]),
        ("/articles/geneva-round", ["Records", "Ukraine and Russia open a new round"]),
    ],
)
def test_pages_render(client: TestClient, url: str, words: list[str]) -> None:
    html = page(client, url)
    for word in words:
        assert word in html, (url, word)
    assert_inert(html)


@pytest.mark.parametrize(
    "url",
    [
        f"/articles/{HOSTILE_ID}",
        "/search?q=Geneva",
        "/search?q=Talks&in=articles",
        "/search?source=evil",
        "/negotiations/russia-ukraine",
        "/actors/Zelensky",
        "/",
    ],
)
def test_hostile_article_text_stays_text(client: TestClient, url: str) -> None:
    html = page(client, url)
    assert_inert(html)
    assert "<img src=x" not in html and "<script>alert" not in html and "<b>Evil" not in html


def test_the_reader_shows_hostile_text_escaped_and_exact(client: TestClient) -> None:
    html = page(client, f"/articles/{HOSTILE_ID}")
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:alert(document.cookie)" in html  # shown as text …
    assert 'href="javascript:' not in html  # … never as a link


def test_the_reader_marks_every_statement_at_its_span(client: TestClient) -> None:
    statements = client.get("/api/v1/statements?article=vance-miami-talks&limit=200").json()["items"]
    html = page(client, "/articles/vance-miami-talks")
    ids = set(parse(html).ids)
    for s in statements:
        assert f"s-{s['statement_id']}" in ids  # the anchor statements elsewhere link to
        assert f"r-s-{s['statement_id']}" in ids  # its record in the panel
    # the text is the stored text, whole: drop the markup and it reads the same
    text = client.get("/api/v1/articles/vance-miami-talks").json()["text"]
    body = html.split('id="article-text">', 1)[1].split("</div>", 1)[0]
    from html import unescape

    assert unescape(re.sub(r"<[^>]+>", "", body)) == text


def test_a_cited_span_is_highlighted(client: TestClient) -> None:
    html = page(client, "/articles/vance-miami-talks?cite=0-20")
    assert 'id="cite"' in html
    for bad in ("20-10", "0-99999999", "x-y"):
        assert "cite" in page(client, f"/articles/vance-miami-talks?cite={bad}", 400)


def test_a_statement_link_goes_to_the_reader(client: TestClient) -> None:
    first = client.get("/api/v1/statements?limit=1").json()["items"][0]
    response = client.get(f"/statements/{first['statement_id']}", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == first["reader_url"]


def test_search_links_statements_to_their_span(client: TestClient) -> None:
    html = page(client, "/search?speaker=Witkoff")
    links = [a.get("href") for tag, a in parse(html).tags if tag == "a"]
    assert any(re.fullmatch(r"/articles/[0-9a-f]+#s-st_[0-9a-f]+", str(link)) for link in links)


def test_search_pages_with_a_cursor(client: TestClient) -> None:
    html = page(client, "/search?limit=5")
    nexts = [a["href"] for tag, a in parse(html).tags if tag == "a" and a.get("rel") == "next"]
    assert nexts, "5 a page: the corpus has more statements than that"
    second = page(client, "/search" + str(nexts[0]))
    assert "First page" in second
    assert page(client, "/search?limit=500", 400)


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/search?since=last-week", 400, "since: expected a date"),
        ('/search?q="unbalanced', 400, "cannot search for"),
        ("/search?kind=shouted", 400, "kind: expected direct or indirect"),
        ("/articles/no-such-article", 404, "no article"),
        ("/actors/Nobody%20Atall", 404, "no actor"),
        ("/negotiations/atlantis", 404, "no negotiation"),
        ("/developments/dev_nope", 404, "no development"),
        ("/no/such/page", 404, "nothing at this address"),
    ],
)
def test_errors_are_kind_pages(client: TestClient, url: str, status: int, words: str) -> None:
    html = page(client, url, status)
    assert words in html
    assert "Traceback" not in html
    assert_inert(html)


def test_search_keeps_the_form_when_the_query_is_bad(client: TestClient) -> None:
    html = page(client, '/search?q="unbalanced&speaker=Vance', 400)
    assert 'value="Vance"' in html  # the user's filters are still there to fix


def test_development_page_and_points_of_attention(client: TestClient) -> None:
    listed = client.get("/api/v1/developments?negotiation=russia-ukraine").json()["items"]
    if not listed:
        pytest.skip("this version of parley builds no developments")
    html = page(client, f"/developments/{listed[0]['id']}")
    assert "Reports" in html and "What was said in these reports" in html
    assert_inert(html)
    overview = page(client, "/negotiations/russia-ukraine")
    attention = overview.split('id="attention"', 1)[1].split("</section>", 1)[0]
    assert "could not be built" not in attention
    if "not available in this version" not in attention:
        assert attention.count('href="/developments/') >= 3  # the brief's rule: three at least


def test_brief_page_cites_every_line(client: TestClient) -> None:
    html = page(client, "/negotiations/russia-ukraine/brief")
    assert_inert(html)
    if "not available in this version" in html:
        return
    cites = [a["href"] for tag, a in parse(html).tags if tag == "a" and "?cite=" in (a.get("href") or "")]
    assert cites, "every line of the brief links to its span"
    for href in cites[:5]:
        assert 'id="cite"' in page(client, str(href).split("#")[0])


def test_empty_store_pages_say_what_to_do(empty_client: TestClient) -> None:
    assert "The store holds no articles yet" in page(empty_client, "/")
    assert "Nothing is stored yet" in page(empty_client, "/search")
    overview = page(empty_client, "/negotiations/russia-ukraine")
    assert "No articles are routed to these talks yet" in overview
    assert "No developments have been built" in overview
    assert "Nobody has been quoted yet" in page(empty_client, "/actors")


def test_missing_store_is_a_503(tmp_path: Any) -> None:
    from parley.config import Settings
    from parley.web import create_app

    app = create_app(Settings(db=f"sqlite:///{tmp_path / 'missing.db'}"))
    with TestClient(app, raise_server_exceptions=False) as missing:
        assert missing.get("/api/v1/statements").status_code == 503
        assert "no store at" in page(missing, "/", 503)


def test_plotly_is_served_from_the_installed_package(client: TestClient) -> None:
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert b"plotly" in response.content[:2000].lower()
    html = page(client, "/negotiations/russia-ukraine")
    srcs = [a.get("src") for tag, a in parse(html).tags if tag == "script" and a.get("src")]
    assert srcs == ["/static/vendor/plotly.min.js", "/static/parley.js"]  # nothing from elsewhere
