"""The reader's highlights: the text comes back whole, spans nest, crossing spans are cut, anchors once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.web.highlight import Mark, Token, tokens


def text_of(found: list[Token]) -> str:
    return "".join(t.text for t in found if t.type == "text")


def shape(found: list[Token]) -> str:
    """The token stream as a compact string: [kind … ] around text."""
    out = []
    for t in found:
        if t.type == "text":
            out.append(t.text)
        elif t.type == "open":
            assert t.mark is not None
            out.append(f"[{t.mark.kind[0]}")
        else:
            out.append("]")
    return "".join(out)


def test_nested_spans() -> None:
    text = "He said we will probably win today."
    marks = [
        Mark(0, 2, "mention", "s-1"),
        Mark(8, 35, "statement", "s-1"),
        Mark(11, 24, "likelihood", "l-1"),
    ]
    assert shape(tokens(text, marks)) == "[mHe] said [swe [lwill probably] win today.]"


def test_a_span_crossing_its_parent_is_cut_at_the_parents_end() -> None:
    marks = [Mark(0, 5, "statement", "s-1"), Mark(3, 8, "likelihood", "l-1")]
    assert shape(tokens("abcdefghij", marks)) == "[sabc[lde]]fghij"


def test_same_span_nests_by_rank() -> None:
    marks = [Mark(2, 4, "likelihood", "l-1"), Mark(2, 4, "statement", "s-1"), Mark(2, 4, "cite", "cite")]
    assert shape(tokens("abcdef", marks)) == "ab[c[s[lcd]]]ef"


def test_spans_outside_the_text_are_dropped() -> None:
    assert shape(tokens("abc", [Mark(2, 9, "statement", "s-1"), Mark(-1, 2, "statement", "s-2")])) == "abc"


def test_the_anchor_is_on_the_first_piece_of_each_kind() -> None:
    marks = [Mark(0, 2, "mention", "s-1"), Mark(3, 6, "statement", "s-1")]
    opened = [t for t in tokens("ab cdef", marks) if t.type == "open"]
    assert [(t.mark.kind if t.mark else "", t.first) for t in opened] == [
        ("mention", True),
        ("statement", True),
    ]


spans = st.lists(
    st.tuples(
        st.integers(0, 40),
        st.integers(0, 40),
        st.sampled_from(["statement", "mention", "likelihood", "cite"]),
    ),
    max_size=12,
)


@given(st.text(max_size=40), spans)
def test_tokens_give_back_the_text_and_balance(text: str, raw: list[tuple[int, int, str]]) -> None:
    marks = [Mark(a, b, kind, f"r{i}") for i, (a, b, kind) in enumerate(raw)]
    found = tokens(text, marks)
    assert text_of(found) == text
    depth = 0
    for t in found:
        depth += {"open": 1, "close": -1, "text": 0}[t.type]
        assert depth >= 0
    assert depth == 0
