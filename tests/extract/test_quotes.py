"""The character-level quote scanner (`parley.extract.quotes.find_quotes`), without the model: every mark
style, nesting, quotes over several paragraphs, apostrophes that are not quotes, unbalanced marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.quotes import Style, find_quotes


def outers(text: str) -> list[str]:
    """The quotes found in `text`, each with its marks (text[outer])."""
    return [text[q.outer[0] : q.outer[1]] for q in find_quotes(text)]


def contents(text: str) -> list[str]:
    """The quotes found in `text`, each without its marks (text[span])."""
    return [q.text(text) for q in find_quotes(text)]


# --- mark styles --------------------------------------------------------------------------------------

MARK_STYLES = [
    # straight double marks
    pytest.param(
        'He said "We will win." Then he left.', ['"We will win."'], Style.DOUBLE, id="straight-double"
    ),
    # curly double marks
    pytest.param("He said “We will win.” Then he left.", ["“We will win.”"], Style.DOUBLE, id="curly-double"),
    # straight single marks
    pytest.param(
        "He said 'We will win.' Then he left.", ["'We will win.'"], Style.SINGLE, id="straight-single"
    ),
    # curly single marks
    pytest.param("He said ‘We will win.’ Then he left.", ["‘We will win.’"], Style.SINGLE, id="curly-single"),
    # French guillemets with the usual inner spaces
    pytest.param(
        "Il a dit « Nous ne céderons pas » hier.", ["« Nous ne céderons pas »"], Style.DOUBLE, id="guillemets"
    ),
    # guillemets without inner spaces
    pytest.param(
        "Il a dit «Nous ne céderons pas» hier.",
        ["«Nous ne céderons pas»"],
        Style.DOUBLE,
        id="guillemets-tight",
    ),
    # German „ … “: after a low opening mark, “ closes instead of opening a new quote
    pytest.param(
        "Er sagte „Wir geben nicht auf“ gestern.", ["„Wir geben nicht auf“"], Style.DOUBLE, id="low-high"
    ),
    # single guillemets ‹ ›
    pytest.param("Er sagte ‹ Nein › gestern.", ["‹ Nein ›"], Style.SINGLE, id="single-guillemets"),
    # NYT-style two apostrophes standing for a double mark
    pytest.param(
        "He said ''We will win,'' and left.", ["''We will win,''"], Style.DOUBLE, id="nyt-two-apostrophes"
    ),
    # wire-copy ``…'' (backticks open, two apostrophes close)
    pytest.param("He said ``We will win,'' and left.", ["``We will win,''"], Style.DOUBLE, id="backticks"),
    # two quotes in one sentence are two quotes, not one from the first opening to the last closing mark
    pytest.param("He said “one” and then “two” again.", ["“one”", "“two”"], Style.DOUBLE, id="two-in-a-row"),
    # German single low mark ‚ … ‘: the ‘ closes it (as “ closes „)
    pytest.param(
        "Er sagte ‚Ja‘ und ging.",
        ["‚Ja‘"],
        Style.SINGLE,
        id="low-high-single",
    ),
]


@pytest.mark.parametrize(("text", "expected", "style"), MARK_STYLES)
def test_mark_styles(text: str, expected: list[str], style: Style) -> None:
    quotes = find_quotes(text)
    assert outers(text) == expected
    assert all(q.style is style and q.closed and q.paragraphs == 1 for q in quotes)


CONTENT = [
    # the span is the words without the marks
    pytest.param("He said “We will win.” Then he left.", ["We will win."], id="without-marks"),
    # spaces inside the marks are not part of the span
    pytest.param("Il a dit « Nous ne céderons pas » hier.", ["Nous ne céderons pas"], id="trimmed"),
    # both characters of a two-character mark are outside the span
    pytest.param("He said ''We will win,'' and left.", ["We will win,"], id="wide-marks"),
]


@pytest.mark.parametrize(("text", "expected"), CONTENT)
def test_content_span(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


# --- nesting --------------------------------------------------------------------------------------------

NESTED = [
    # straight single inside straight double: one quote, the inner one kept inside
    pytest.param(
        "He said \"I told them 'no deal' twice,\" and left.",
        ["\"I told them 'no deal' twice,\""],
        id="single-in-double-straight",
    ),
    # curly single inside curly double
    pytest.param(
        "He said “I told them ‘no deal’ twice,” and left.", ["“I told them ‘no deal’ twice,”"], id="curly"
    ),
    # “ ” inside « »
    pytest.param(
        "« Il a dit “non” hier », selon lui.", ["« Il a dit “non” hier »"], id="curly-in-guillemets"
    ),
    # ‚ ‘ inside „ “
    pytest.param("„Er sagte ‚nein‘ gestern“, sagte sie.", ["„Er sagte ‚nein‘ gestern“"], id="low-in-low"),
    # an inner quote that ends the outer one: ‘…’” closes both, in order
    pytest.param(
        "He said “They called it ‘a fraud’” and left.", ["“They called it ‘a fraud’”"], id="inner-at-end"
    ),
    # straight marks, the closing one set off by a space after the inner quote ("… 'Well done,' " said X)
    pytest.param(
        "\"Then say, 'Well done,' \" said Russell.", ["\"Then say, 'Well done,' \""], id="spaced-close"
    ),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested_quotes_stay_inside_the_outer_one(text: str, expected: list[str]) -> None:
    quotes = find_quotes(text)
    assert outers(text) == expected
    assert len(quotes) == 1 and quotes[0].style is Style.DOUBLE


# --- quotes over several paragraphs ---------------------------------------------------------------------

PARAGRAPHS = [
    # curly marks: an opening mark at each paragraph start, a closing mark only at the end → one quote
    pytest.param(
        "“We will win.\n\n“We will keep going.\n\n“And we will stay,” he said.",
        ["“We will win.\n\n“We will keep going.\n\n“And we will stay,”"],
        [3],
        id="curly-three-paragraphs",
    ),
    # the same with straight marks
    pytest.param(
        '"We will win.\n\n"We will keep going.\n\n"And we will stay," he said.',
        ['"We will win.\n\n"We will keep going.\n\n"And we will stay,"'],
        [3],
        id="straight-three-paragraphs",
    ),
    # paragraphs separated by single line breaks
    pytest.param(
        "“We will win.\n“We will keep going,” he said.\n\nThe talks ended.",
        ["“We will win.\n“We will keep going,”"],
        [2],
        id="single-newlines",
    ),
    # a continued quote that closes mid-paragraph; the next paragraph's quote is a new one
    pytest.param(
        "“We will win.\n\n“We will keep going,” he said. Then he left.\n\n“Bye,” she said.",
        ["“We will win.\n\n“We will keep going,”", "“Bye,”"],
        [2, 1],
        id="then-a-new-quote",
    ),
    # two closed quotes in consecutive paragraphs are two quotes
    pytest.param(
        "“One is enough.”\n\n“Two is better.”",
        ["“One is enough.”", "“Two is better.”"],
        [1, 1],
        id="two-closed",
    ),
]


@pytest.mark.parametrize(("text", "expected", "paragraphs"), PARAGRAPHS)
def test_quotes_over_several_paragraphs(text: str, expected: list[str], paragraphs: list[int]) -> None:
    quotes = find_quotes(text)
    assert outers(text) == expected
    assert [q.paragraphs for q in quotes] == paragraphs
    assert all(q.closed for q in quotes)


# --- apostrophes are not quotes ---------------------------------------------------------------------------

APOSTROPHES = [
    # contractions with curly apostrophes
    pytest.param("I don’t think so, and they won’t either.", [], id="contractions-curly"),
    # contractions with straight apostrophes
    pytest.param("I don't think so, and they won't either.", [], id="contractions-straight"),
    # possessives
    pytest.param("Ukraine’s army and Russia’s navy met.", [], id="possessive"),
    # plural possessive: a ’ after the s, then a space
    pytest.param("The players’ union met on Monday.", [], id="plural-possessive-curly"),
    # the same with a straight mark
    pytest.param("The players' union met on Monday.", [], id="plural-possessive-straight"),
    # an apostrophe in a name
    pytest.param("O'Brien said no.", [], id="name"),
    # feet and inches
    pytest.param("He is 5'11 tall.", [], id="measure"),
    # an elided decade
    pytest.param("Music from the '90s was better.", [], id="decade"),
    # rock 'n' roll: two apostrophes around one letter are not a quote of "n"
    pytest.param(
        "They played rock 'n' roll all night.",
        [],
        id="rock-n-roll",
    ),
    # an elided decade before a real single-quoted word: the apostrophe must not open a quote
    pytest.param(
        "The '90s were 'wild' times.",
        ["'wild'"],
        id="decade-then-quote",
    ),
    # a possessive does not disturb a quote after it
    pytest.param("Ukraine’s leader said “no deal.”", ["“no deal.”"], id="possessive-then-quote"),
    # a plural possessive before a single-quoted phrase
    pytest.param(
        "The players’ union said ‘no deal’ today.", ["‘no deal’"], id="plural-possessive-then-single"
    ),
    # straight marks: plural possessive, then a single-quoted word
    pytest.param("The Smiths' lawyer said 'no'.", ["'no'"], id="straight-possessive-then-single"),
    # an apostrophe inside a double-quoted quote does not end it
    pytest.param("“We don’t want war,” he said.", ["“We don’t want war,”"], id="inside-double"),
    # an apostrophe inside a single-quoted quote does not end it
    pytest.param("He said 'we don't want war' today.", ["'we don't want war'"], id="inside-single-straight"),
    # the same with curly marks
    pytest.param("He said ‘we don’t want war’ today.", ["‘we don’t want war’"], id="inside-single-curly"),
]


@pytest.mark.parametrize(("text", "expected"), APOSTROPHES)
def test_apostrophes_are_not_quotes(text: str, expected: list[str]) -> None:
    assert outers(text) == expected


# --- unbalanced marks ---------------------------------------------------------------------------------

UNBALANCED = [
    # an unclosed quote ends with its paragraph; the next paragraph is not swallowed
    pytest.param(
        "He said “We will win and then\n\nThe talks ended on Monday.",
        ["“We will win and then"],
        [False],
        id="unclosed",
    ),
    # an unclosed quote at the very end of the text
    pytest.param("He said “We will win", ["“We will win"], [False], id="unclosed-at-end"),
    # an unclosed straight quote, then a closed quote in the next paragraph
    pytest.param(
        'He said "We will win\n\nThe talks ended. "Later," she said.',
        ['"We will win', '"Later,"'],
        [False, True],
        id="unclosed-then-closed",
    ),
    # a stray closing mark (the end of a quote cut off before the text starts) is ignored
    pytest.param(
        "The talks ended.” Then he said “We go on.”", ["“We go on.”"], [True], id="stray-closing-curly"
    ),
    # the same with straight marks
    pytest.param(
        'The talks ended." Then he said "We go on."', ['"We go on."'], [True], id="stray-closing-straight"
    ),
    # a stray closing mark after a closed quote
    pytest.param("He said “We go on,” and left. ”", ["“We go on,”"], [True], id="stray-after"),
]


@pytest.mark.parametrize(("text", "expected", "closed"), UNBALANCED)
def test_unbalanced_marks_recover(text: str, expected: list[str], closed: list[bool]) -> None:
    quotes = find_quotes(text)
    assert outers(text) == expected
    assert [q.closed for q in quotes] == closed


ONLY_MARKS = [
    # nothing at all
    pytest.param("", id="empty"),
    # a lone straight mark
    pytest.param('"', id="lone-straight"),
    # a lone opening mark
    pytest.param("“", id="lone-open"),
    # a lone closing mark
    pytest.param("”", id="lone-close"),
    # an empty pair
    pytest.param("“”", id="empty-pair"),
    # two apostrophes: a wide mark with nothing after it
    pytest.param("''", id="two-apostrophes"),
    # three straight marks
    pytest.param('"""', id="three-straight"),
    # empty guillemets
    pytest.param("«» ‹›", id="empty-guillemets"),
    # an empty German pair: the “ closes the „ at once
    pytest.param(
        "„“",
        id="empty-low-high",
    ),
    # closing before opening
    pytest.param("”“", id="reversed"),
    # marks with only spaces between them
    pytest.param("“   ”  ‘ ’", id="blank-content"),
]


@pytest.mark.parametrize("text", ONLY_MARKS)
def test_marks_without_words_give_no_quote(text: str) -> None:
    assert find_quotes(text) == []


# --- marks without spaces ----------------------------------------------------------------------------------

NO_SPACES = [
    # a curly opening mark right after "said,"
    pytest.param("He said,“Look at this,” and left.", ["“Look at this,”"], id="curly-open-after-comma"),
    # a closing mark right before the next word
    pytest.param("“Look at this,”Clinton said.", ["“Look at this,”"], id="curly-close-before-word"),
    # “ used as a closing mark ("…here,“ said")
    pytest.param("He said “We are here,“ said Clyburn.", ["“We are here,“"], id="curly-open-as-close"),
    # a straight opening mark right after "said,"
    pytest.param(
        'He said,"Look at this," and left.',
        ['"Look at this,"'],
        id="straight-open-after-comma",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NO_SPACES)
def test_marks_without_spaces(text: str, expected: list[str]) -> None:
    assert outers(text) == expected


# --- never raises, whatever the marks (property) ---------------------------------------------------------

_ALPHABET = list("ab Z1.,:;!?-—\n\"'“”„«»‘’‹›‚`()")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_scanner_never_raises_and_spans_are_sound(text: str) -> None:
    # any mix of marks, letters, punctuation and line breaks: quotes in order, not overlapping, each
    # span inside its outer span and inside the text, content trimmed of spaces
    previous_end = 0
    for q in find_quotes(text):
        assert previous_end <= q.outer[0] <= q.span[0] < q.span[1] <= q.outer[1] <= len(text)
        content = q.text(text)
        assert content == content.strip()
        assert q.paragraphs >= 1
        previous_end = q.outer[1]
