"""Inflected forms of a lemma, so that lemma patterns can match the tokenizer's output on LOWER without
running the tagger and lemmatizer (about twenty times slower). The forms come from the spaCy model's own
lemmatizer tables, read backwards: its suffix rules ("ies" → "y") and its exceptions ("lost" → "lose").
Over-generation is harmless: a form that is not a word ("peaced") never occurs in text."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

# The suffix rules of spaCy's English rule lemmatizer (form suffix, lemma suffix), used when a pipeline
# without a lemmatizer is given.
FALLBACK_RULES: tuple[tuple[str, str], ...] = (
    ("s", ""), ("es", ""), ("es", "e"), ("ies", "y"), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"),
    ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"),
)  # fmt: skip

# Function words inside phrases keep their one form ("withdrawal of troops", not "ofs").
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "as", "over",
    "into", "onto", "out", "up", "its", "their", "his", "her", "our", "your", "my", "this", "that", "these",
    "those", "all", "any", "no", "not", "one", "more",
})  # fmt: skip

# Stop ("stop" → "stopped"), control ("controlled"), commit ("committed"): English doubles a final consonant
# after a single stressed vowel; the rules above do not, so both spellings are generated.
_DOUBLING = re.compile(r"[^aeiou][aeiou][bdgklmnprt]$")


class Inflector:
    def __init__(self, nlp: Any = None) -> None:
        self.rules: tuple[tuple[str, str], ...] = FALLBACK_RULES
        self.exceptions: dict[str, set[str]] = defaultdict(set)
        if nlp is not None and "lemmatizer" in nlp.component_names:
            self._read_tables(nlp.get_pipe("lemmatizer"))
        self._cache: dict[str, frozenset[str]] = {}

    def _read_tables(self, lemmatizer: Any) -> None:
        tables = lemmatizer.lookups
        if not (tables.has_table("lemma_rules") and tables.has_table("lemma_exc")):
            return
        rules, exceptions = tables.get_table("lemma_rules"), tables.get_table("lemma_exc")
        found: list[tuple[str, str]] = []
        for pos in ("noun", "verb"):  # not "adj": comparatives are no use, and "pow" + "er" is "power"
            found.extend((form, lemma) for form, lemma in rules.get(pos, []))
            for form, lemmas in exceptions.get(pos, {}).items():
                for lemma in lemmas:
                    self.exceptions[lemma].add(form)
        self.rules = tuple(dict.fromkeys(found)) or FALLBACK_RULES

    def forms(self, word: str) -> frozenset[str]:
        """The word and its inflections, lower-cased."""
        word = word.lower()
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found = {word}
        if word.isalpha() and word not in FUNCTION_WORDS and len(word) > 1:
            for form_suffix, lemma_suffix in self.rules:
                if word.endswith(lemma_suffix):
                    found.add(word[: len(word) - len(lemma_suffix)] + form_suffix)
            if _DOUBLING.search(word):
                found.update((word + word[-1] + "ed", word + word[-1] + "ing"))
            found.update(self.exceptions.get(word, ()))
        result = frozenset(found)
        self._cache[word] = result
        return result
