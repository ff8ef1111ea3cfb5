"""The shapes the JSON API answers with and accepts, for its OpenAPI schema. Records may carry more fields
than are declared here (`extra="allow"`): clients can rely on the declared ones."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    status: int
    message: str


class Error(BaseModel):
    error: ErrorBody


class ArticleRef(_Open):
    id: str
    key: str | None = None
    title: str | None = None


class Speaker(_Open):
    name: str | None
    mention: list[int] | None
    mention_text: str | None
    kind: str | None
    role: str | None
    affiliation: str | None
    actor_id: str | None


class Statement(_Open):
    article_id: str = Field(description="The article's key (file name, record id), as in `parley extract`")
    statement_id: str
    kind: Literal["direct", "indirect"]
    text: str
    span: list[int] = Field(description="[start, end): character offsets into the article text")
    speaker: Speaker | None
    cue: dict[str, Any] | None
    issues: list[str]
    moves: list[dict[str, Any]]
    likelihood: list[dict[str, Any]]
    published: str | None
    article: ArticleRef
    reader_url: str = Field(description="The article reader at this statement")


class Article(_Open):
    id: str
    key: str
    title: str | None
    site: str | None
    url: str | None
    published: str | None
    language: str | None
    length: int
    sources: int
    statements: int
    reader_url: str


class StoredArticle(_Open):
    id: str
    key: str
    title: str | None
    text: str
    published: str | None
    sources: list[dict[str, Any]]
    near_duplicates: list[dict[str, Any]]
    dates: list[dict[str, Any]]


class Actor(_Open):
    id: str
    name: str
    kind: str
    role: str | None
    affiliation: str | None
    origin: str
    statements: int
    aliases: list[str]


class Move(_Open):
    id: str
    type: str
    holder: str | None
    holder_actor_id: str | None
    participants: list[str]
    target: str | None
    object: str | None
    issue: str | None
    evidence: str
    span: list[int]
    published: str | None
    article: ArticleRef
    reader_url: str


class Likelihood(_Open):
    id: str
    speaker: str | None
    speaker_actor_id: str | None
    holder: str | None
    phrase: str
    event: str | None
    p: float
    low: float
    high: float
    band: str
    negated: bool
    ambiguous: bool
    confidence: bool
    published: str | None
    statement_id: str
    article: ArticleRef
    reader_url: str


class Negotiation(_Open):
    id: str
    name: str
    parties: list[str]
    articles: int
    statements: int
    moves: int
    first: str | None
    last: str | None


class Development(_Open):
    id: str
    negotiation: str
    date: str | None
    headline: str | None
    articles: int
    sources: int
    statements: int


class _List(BaseModel):
    next: str | None = Field(description="The URL of the next page, or null on the last page")
    cursor: str | None = Field(description="The opaque cursor the next page starts from")
    limit: int


class StatementList(_List):
    items: list[Statement]


class ArticleList(_List):
    items: list[Article]


class ActorList(_List):
    items: list[Actor]


class MoveList(_List):
    items: list[Move]


class LikelihoodList(_List):
    items: list[Likelihood]


class NegotiationList(_List):
    items: list[Negotiation]


class DevelopmentList(_List):
    items: list[Development]


class ShiftList(_List):
    items: list[dict[str, Any]]


class Facet(BaseModel):
    value: str
    label: str | None
    count: int


class Facets(_Open):
    total: int
    kind: list[Facet] = []
    issue: list[Facet] = []
    speaker: list[Facet] = []
    negotiation: list[Facet] = []
    source: list[Facet] = []


class IngestText(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=5_000_000, description="The article's text, stored as given")
    id: str | None = Field(None, max_length=500, description="A key for the article (default: made up)")
    title: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, max_length=100, description="Publication date, e.g. 2025-12-22")
    url: str | None = Field(None, max_length=4000, description="Where the text was published")
    source: str | None = Field(None, max_length=500, description="The outlet's name")


class IngestUrl(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=4000, description="An http:// or https:// URL")


class IngestFeed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=4000, description="The feed's http:// or https:// URL")
    feed_text: bool = Field(
        False, description="Store the text the feed carries instead of fetching each item"
    )


class IngestSummary(_Open):
    counts: dict[str, int]
    failures: list[dict[str, Any]]
