"""The attribute lookup must give every token the part of speech, morphology, lemma and tag that the model's
own attribute ruler gives: compared on real articles, and on short texts that reach its rarer rules."""

from __future__ import annotations

import json
from itertools import islice

import pytest
from spacy.language import Language

from parley.extract.attribute_lookup import AttributeLookup, use_attribute_lookup
from parley.extract.document import paragraph_spans
from parley.extract.nlp import MODEL_PACKAGES, load_model
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def stock() -> Language:
    """The model with its own attribute ruler, and parley's tokenizer so both see the same tokens."""
    import importlib

    for name in MODEL_PACKAGES:
        try:
            nlp = importlib.import_module(name).load()
        except ImportError:
            continue
        nlp.tokenizer = load_model().tokenizer
        return nlp
    pytest.fail("no spaCy model installed")


def _annotations(nlp: Language, texts: list[str]) -> list[tuple[str, str, str, str, str]]:
    return [
        (token.text, token.pos_, str(token.morph), token.lemma_, token.tag_)
        for doc in nlp.pipe(texts)
        for token in doc
    ]


def _paragraphs(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraph_spans(text)]


def test_parley_pipeline_uses_the_lookup() -> None:
    names = load_model().pipe_names
    assert "parley_attribute_lookup" in names and "attribute_ruler" not in names
    lookup, lemmatizer = names.index("parley_attribute_lookup"), names.index("lemmatizer")
    assert lookup < lemmatizer, "the lemmatizer reads the parts of speech the lookup sets"


def test_every_pattern_of_the_model_is_answered(stock: Language) -> None:
    assert AttributeLookup.supports(stock.get_pipe("attribute_ruler"))


# Texts that reach the rules with IN, NOT_IN and REGEX tests, two-token patterns and later rules that
# override earlier ones (contractions, "ain't", "nothin'", "not", auxiliaries, whitespace tokens).
RARE = [
    "I ain't sure they'll agree, and we're not done  yet.",
    "There's nothin' on the table that he'd accept, she didn't say.",
    "We've been there; they'd have gone if it weren't for the talks.\n\nThe envoy 's aide is here.",
    "Whether or not Kyiv agrees, Moscow will be there to be heard, to do what it has to do.",
]


def test_same_annotations_on_rare_constructions(stock: Language) -> None:
    assert _annotations(load_model(), RARE) == _annotations(stock, RARE)


def test_same_annotations_on_real_articles(stock: Language) -> None:
    polnear = sorted(shared_path("data/polnear/train").rglob("*.txt"))[:25]
    texts = [path.read_text(encoding="utf-8") for path in polnear]
    with shared_path("data/news/bbc_news_2225/articles.jsonl").open(encoding="utf-8") as lines:
        texts += [json.loads(line)["text"] for line in islice(lines, 0, 2225, 90)]
    paragraphs = [p for text in texts for p in _paragraphs(text)]
    fast, slow = _annotations(load_model(), paragraphs), _annotations(stock, paragraphs)
    assert len(fast) > 20_000
    differ = [(a, b) for a, b in zip(fast, slow, strict=True) if a != b]
    assert not differ, f"{len(differ)} tokens differ, first: {differ[:3]}"


def test_a_ruler_with_other_tests_is_kept() -> None:
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN", "LENGTH": 3}]], {"POS": "NOUN"})
    use_attribute_lookup(nlp)
    assert nlp.pipe_names == ["attribute_ruler"], "a LENGTH test is not answered by the lookup"
