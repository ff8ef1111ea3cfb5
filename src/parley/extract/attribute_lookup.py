"""The model's attribute ruler, answered by dictionary lookups.

`en_core_web_sm`'s attribute ruler maps each fine tag (and a few words) to a coarse part of speech and
morphology with 179 token patterns run through spaCy's `Matcher`, which tries every pattern on every
token: about 18 ms of an article's 270 on PolNeAR. Its patterns only test a token's TAG, LOWER, DEP and
IS_SPACE (equal to, IN or NOT_IN a list, or a REGEX; on the next token too), so here the outcome of the
rules that test neither the word nor a neighbour is cached per tag, dependency and space flag, and the
rest are looked up by the token's lower-case form: about 7 ms. Rules apply in the ruler's order, later
ones overriding, exactly as `AttributeRuler.set_annotations` does; the result is token for token the
same (tests/extract compares the two on real articles). A model whose patterns use anything else keeps
its own ruler."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_TESTED = {"TAG", "LOWER", "DEP", "IS_SPACE"}
_VALUE_OF = {
    "TAG": lambda token: token.tag_,
    "LOWER": lambda token: token.lower_,
    "DEP": lambda token: token.dep_,
    "IS_SPACE": lambda token: token.is_space,
}


@dataclass(frozen=True, slots=True)
class _Test:
    """One attribute test of a pattern token: equal to `value`, in `values`, not in `excluded`, or matching
    `regex`."""

    attribute: str
    value: Any = None
    values: frozenset[Any] | None = None
    excluded: frozenset[Any] | None = None
    regex: re.Pattern[str] | None = None

    def __call__(self, token: Any) -> bool:
        found = _VALUE_OF[self.attribute](token)
        if self.values is not None:
            return found in self.values
        if self.excluded is not None:
            return found not in self.excluded
        if self.regex is not None:
            return self.regex.search(found) is not None  # the Matcher's REGEX is re.search
        return bool(found == self.value)

    def named(self) -> frozenset[Any]:
        """The values that can pass this test, when it names them."""
        if self.values is not None:
            return self.values
        return frozenset([self.value]) if self.regex is None and self.excluded is None else frozenset()


def _test(attribute: str, spec: Any) -> _Test | None:
    if attribute not in _TESTED:
        return None
    if not isinstance(spec, dict):
        return None if isinstance(spec, list) else _Test(attribute, value=spec)
    if len(spec) != 1:
        return None
    ((operator, operand),) = spec.items()
    if operator == "IN":
        return _Test(attribute, values=frozenset(operand))
    if operator == "NOT_IN":
        return _Test(attribute, excluded=frozenset(operand))
    if operator == "REGEX":
        return _Test(attribute, regex=re.compile(operand))
    return None


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int  # the ruler's rule number: later rules win
    tests: tuple[tuple[_Test, ...], ...]  # per pattern token
    index: int  # which matched token receives the attributes


def _rules(ruler: Any) -> list[_Rule] | None:
    """The ruler's patterns as rules, or None when one uses something the lookup does not answer."""
    rules = []
    for order, pattern in enumerate(ruler.patterns):
        for tokens in pattern["patterns"]:
            index = int(pattern.get("index", 0))
            if not tokens or not -len(tokens) <= index < len(tokens):
                return None
            tests = tuple(tuple(_test(key, spec) for key, spec in token.items()) for token in tokens)
            if any(test is None for token_tests in tests for test in token_tests):
                return None
            rules.append(_Rule(order, tests, index if index >= 0 else len(tokens) + index))  # type: ignore[arg-type]
    return rules


class AttributeLookup:
    """A drop-in for an `AttributeRuler` whose patterns only test TAG, LOWER, DEP and IS_SPACE by equality,
    IN, NOT_IN or REGEX (build it only when `_rules` accepts the ruler)."""

    def __init__(self, ruler: Any) -> None:
        self.attrs = list(ruler.attrs)  # normalised as the ruler stores them
        # Rules of one token that test neither its word nor its neighbours depend only on the token's
        # tag, dependency and whether it is space: their outcome is cached per such triple (a few thousand
        # at most). The rest are checked in full: those naming the first token's words are looked up by
        # the token's lower-case form, and the few others (a REGEX on the word, a test on a neighbour)
        # are tried on every token.
        self.by_shape: list[_Rule] = []
        self.by_lower: dict[str, list[_Rule]] = defaultdict(list)
        self.scan: list[_Rule] = []
        for rule in _rules(ruler) or ():
            first = {test.attribute: test for test in rule.tests[0]}
            if "LOWER" in first and first["LOWER"].named():
                for lower in first["LOWER"].named():
                    self.by_lower[lower].append(rule)
            elif len(rule.tests) == 1 and "LOWER" not in first:
                self.by_shape.append(rule)
            else:
                self.scan.append(rule)
        self._shape_orders: dict[tuple[str, str, bool], tuple[int, ...]] = {}

    @staticmethod
    def supports(ruler: Any) -> bool:
        return _rules(ruler) is not None

    def _orders_for_shape(self, token: Any) -> tuple[int, ...]:
        key = (token.tag_, token.dep_, token.is_space)
        orders = self._shape_orders.get(key)
        if orders is None:
            orders = tuple(rule.order for rule in self.by_shape if all(test(token) for test in rule.tests[0]))
            self._shape_orders[key] = orders
        return orders

    def __call__(self, doc: Doc) -> Doc:
        hits: list[tuple[int, int]] = []  # (rule order, token index) to apply
        n = len(doc)
        for token in doc:
            i = token.i
            hits.extend((order, i) for order in self._orders_for_shape(token))
            for rule in (*self.by_lower.get(token.lower_, ()), *self.scan):
                if i + len(rule.tests) <= n and all(
                    test(doc[i + k]) for k, tests in enumerate(rule.tests) for test in tests
                ):
                    hits.append((rule.order, i + rule.index))
        hits.sort()  # the ruler sorts its matches by rule number, so later rules override earlier ones
        for order, i in hits:
            set_token_attrs(doc[i], self.attrs[order])
        return doc


@Language.factory("parley_attribute_lookup")
def _make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    return AttributeLookup(nlp.get_pipe("attribute_ruler"))


def use_attribute_lookup(nlp: Language) -> None:
    """Put the lookup in place of the model's attribute ruler, when its patterns allow it."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    if not AttributeLookup.supports(nlp.get_pipe("attribute_ruler")):
        return
    nlp.add_pipe("parley_attribute_lookup", before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
