"""Property tests (hypothesis) of what reads hostile text: the extractor on any Unicode text, the feed and
HTML readers on any bytes, the likelihood parser on any text. The checks are in `fuzz/properties.py`,
shared with the long fuzz run `fuzz/run.py`. Example counts are modest by default (profile
`parley-fast`); PARLEY_HYPOTHESIS_PROFILE=parley-long runs many more."""

from __future__ import annotations

import os

from fuzz.properties import check_extraction, check_feed, check_fragment, check_html, check_likelihood
from fuzz.strategies import extraction_texts, feed_documents, html_documents, likelihood_texts
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parley.extract.pipeline import Extractor

settings.register_profile(
    "parley-fast", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "parley-long", max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("PARLEY_HYPOTHESIS_PROFILE", "parley-fast"))


@settings(PROFILE, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=extraction_texts())
def test_extractor_on_any_text(extractor: Extractor, text: str) -> None:
    check_extraction(extractor, text)


@settings(PROFILE, max_examples=PROFILE.max_examples * 5)
@given(text=likelihood_texts())
def test_likelihood_parser_on_any_text(text: str) -> None:
    check_likelihood(text)


@settings(PROFILE, max_examples=PROFILE.max_examples * 3)
# found by fuzz/run.py: feedparser's loose parser raised on these, and the error ended the whole source
@example(data=b'<rss version="2.0"><channel><item><title>&#99999999;</title></item></channel>')
@example(data=b"<rss><channel><image></width></image>&</channel>")
@given(data=feed_documents())
def test_feed_reader_on_any_bytes(data: bytes) -> None:
    check_feed(data)


@settings(PROFILE, max_examples=PROFILE.max_examples * 3)
@example(fragment="<html><head><title>x</title></head></html>")  # lxml asserted "too many bodies"
@example(fragment="<p>a</p>\x01b")  # lxml refused the control character when the tail was set
@given(fragment=st.text(max_size=300) | html_documents().map(lambda d: d.decode("utf-8", "replace")))
def test_feed_fragment_to_text_on_any_string(fragment: str) -> None:
    check_fragment(fragment)


@settings(PROFILE, max_examples=PROFILE.max_examples * 2)
@given(data=html_documents() | st.binary(max_size=2_000))
def test_html_reader_on_any_bytes(data: bytes) -> None:
    check_html(data)


@settings(PROFILE)
@given(text=st.text(max_size=2_000))
def test_html_reader_on_any_string(text: str) -> None:
    check_html(text)
