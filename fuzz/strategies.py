"""Hypothesis strategies for the fuzzed properties: arbitrary text and bytes, and text built from the
pieces the readers and the extractor react to (quotation marks, speech verbs, names, words of likelihood,
feed and page markup), so that examples reach past the first checks."""

from __future__ import annotations

from hypothesis import strategies as st

from parley.code.likelihood import load_table

QUOTE_PIECES = [
    "\u201c", "\u201d", '"', "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u2039", "\u203a",
    " said ", " told reporters", " according to ", " he said.", " she added", " warned that ",
    "Vladimir Putin", "Zelensky", "J.D. Vance", "the Kremlin", "Dmitry Peskov, the Kremlin spokesman,",
    "US Vice President", "he", "she", "they", "It", ". ", ", ", "\n", "\n\n", ": ", " \u2014 ", "?",
    "ceasefire", "territory", "talks", "on December 22", "last Tuesday", "not", " likely ", "confident",
    "We will reach a peaceful settlement", "There is a high probability of both", "50-50",
]  # fmt: skip
MARKUP = [
    "<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<title>", "</title>",
    "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "<![CDATA[", "]]>", "<br/>", "<b>",
    "</b>", "&amp;", "&lt;", "&#x0;", "&#1114112;", "&nbsp;", '<meta charset="utf-16">',
    '<meta property="article:published_time" content="2025-13-45">', "<html>", "</html>", "<body>",
    "</body>", "<table><tr><td>", "</td></tr></table>", "<a href='javascript:x'>", "</a>", "\x00",
]  # fmt: skip
FEED_PIECES = [
    '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="utf-16"?>',
    '<rss version="2.0">', "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>",
    "<link>", "</link>", "<description>", "</description>", "<pubDate>", "</pubDate>",
    '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>", "</entry>",
    "<link rel='alternate' href='/story'/>", "<summary type='html'>", "</summary>",
    "<content type='xhtml'>", "</content>", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<!DOCTYPE rss [<!ENTITY e "expanded">]>', "&e;", "&undefined;", "Mon, 01 Dec 2025 10:00:00 GMT",
    "2025-12-01T10:00:00Z", "https://news.example.org/a", "../relative", "<![CDATA[<p>x</p>]]>",
]  # fmt: skip
_LIKELIHOOD_FILLER = [
    "not", "no", "never", "I", "we", "am", "is", "are", "that", "the", "talks", "will", "succeed", "a",
    "deal", "by", "June", "in", "12", "months", "if", "chance", "chances", "of", "both", "%", "percent",
    "per", "cent", "75", "0", "100", "-", "nobody", "expects", "they", "acknowledge", "won’t", ",", ".",
    "?", "\n", "“", "”", "either", "way", "slim", "doubt", "high", "probability", "peace",
]  # fmt: skip


def _pieces(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    part = st.sampled_from(pieces) | st.text(max_size=12)
    return st.lists(part, max_size=max_size).map("".join)


def extraction_texts() -> st.SearchStrategy[str]:
    """Any Unicode text (lone surrogates aside: no reader gives them to the extractor), or text made of
    quotation marks, speech verbs, names and clauses."""
    return st.text(max_size=400) | _pieces(QUOTE_PIECES, 60)


def likelihood_texts() -> st.SearchStrategy[str]:
    """Any text, or the calibrated phrases among negations, numbers and filler words."""
    phrases = sorted(load_table())
    word = st.sampled_from(phrases) | st.sampled_from(_LIKELIHOOD_FILLER) | st.text(max_size=6)
    return st.text(max_size=300) | st.lists(word, max_size=40).map(" ".join)


def feed_documents() -> st.SearchStrategy[bytes]:
    """Any bytes, or feed markup in pieces, in UTF-8 or another encoding."""
    text = _pieces(FEED_PIECES + MARKUP, 50)
    encoded = st.tuples(text, st.sampled_from(["utf-8", "utf-16", "latin-1"])).map(
        lambda pair: pair[0].encode(pair[1], "replace")
    )
    return st.binary(max_size=2_000) | encoded


def html_documents() -> st.SearchStrategy[bytes]:
    """Page markup in pieces, as UTF-8 bytes."""
    return _pieces(MARKUP + QUOTE_PIECES, 80).map(lambda s: s.encode("utf-8", "surrogatepass"))
