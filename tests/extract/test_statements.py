"""Statements out of short texts, with the model: direct quotes and how they are attributed, scare quotes,
partial quotes, indirect speech behind every kind of cue, what is not a statement, and block quotes by
layout. Every call goes through the `extract` fixture, which also checks the record invariants."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parley.models import Statement

Extract = Callable[..., list[Statement]]

Row = tuple[str, str, str | None, str | None, str | None]


def row(s: Statement) -> Row:
    """kind, text, speaker name, the words naming the speaker, cue."""
    return (
        s.kind,
        s.text,
        s.speaker.name if s.speaker else None,
        s.speaker.mention_text if s.speaker else None,
        s.cue.text if s.cue else None,
    )


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- direct quotes and their attribution -------------------------------------------------------------

DIRECT = [
    # "X," he said, "Y.": two statements, one speaker, the pronoun resolved to the name before
    pytest.param(
        "Marco Rubio arrived on Sunday. “We have made progress,” he said, “but a lot of work remains.”",
        [
            ("direct", "We have made progress,", "Marco Rubio", "he", "said"),
            ("direct", "but a lot of work remains.", "Marco Rubio", "he", "said"),
        ],
        id="split-by-he-said",
    ),
    # He said: "…"
    pytest.param(
        'Marco Rubio arrived on Sunday. He said: "The talks will resume next week in Geneva."',
        [("direct", "The talks will resume next week in Geneva.", "Marco Rubio", "He", "said")],
        id="he-said-colon",
    ),
    # "…," said Trump: the speaker after the verb
    pytest.param(
        '"The deal is close to being done," said Trump.',
        [("direct", "The deal is close to being done,", "Trump", "Trump", "said")],
        id="said-trump",
    ),
    # "…," the Kremlin spokesman told reporters: a role noun as the speaker, "told" as the cue
    pytest.param(
        '"There is no agreement on the territories yet," the Kremlin spokesman told reporters.',
        [
            (
                "direct",
                "There is no agreement on the territories yet,",
                "Kremlin spokesman",
                "the Kremlin spokesman",
                "told",
            )
        ],
        id="spokesman-told-reporters",
    ),
    # NYT-style ''…'' marks, attributed after
    pytest.param(
        "''We will not give up our land,'' Marco Rubio said on Sunday.",
        [("direct", "We will not give up our land,", "Marco Rubio", "Marco Rubio", "said")],
        id="nyt-marks",
    ),
    # « … » marks, attributed after
    pytest.param(
        "« We will not give up our land », Marco Rubio said on Sunday.",
        [("direct", "We will not give up our land", "Marco Rubio", "Marco Rubio", "said")],
        id="guillemets",
    ),
    # „ … “ marks, attributed after
    pytest.param(
        "„We will not give up our land“, Marco Rubio said on Sunday.",
        [("direct", "We will not give up our land", "Marco Rubio", "Marco Rubio", "said")],
        id="low-high-marks",
    ),
    # a curly mark with no space after "said,": the quote and its speaker are still found
    pytest.param(
        "Marco Rubio said,“We will not give up our land.”",
        [("direct", "We will not give up our land.", "Marco Rubio", "Marco Rubio", "said")],
        id="no-space-curly",
    ),
    # a closing mark glued to the speaker's name
    pytest.param(
        "“We will not give up our land,”Marco Rubio said.",
        [("direct", "We will not give up our land,", "Marco Rubio", "Marco Rubio", "said")],
        id="no-space-after-close",
    ),
    # a straight mark with no space after "said,"
    pytest.param(
        'Marco Rubio said,"We will not give up our land."',
        [("direct", "We will not give up our land.", "Marco Rubio", "Marco Rubio", "said")],
        id="no-space-straight",
    ),
    # a quote over three paragraphs (opening mark at each, closing at the end) is one statement
    pytest.param(
        "“We will not give up our land.\n\n“We will defend every town.\n\n“And we will never accept it,” "
        "Marco Rubio said.",
        [
            (
                "direct",
                "We will not give up our land.\n\n“We will defend every town.\n\n"
                "“And we will never accept it,",
                "Marco Rubio",
                "Marco Rubio",
                "said",
            )
        ],
        id="three-paragraphs",
    ),
    # a quote paragraph right after an attributed quote continues that speaker
    pytest.param(
        '"We have made progress on the draft," Marco Rubio said.\n\n'
        '"But a lot of work remains before anything can be signed."',
        [
            ("direct", "We have made progress on the draft,", "Marco Rubio", "Marco Rubio", "said"),
            (
                "direct",
                "But a lot of work remains before anything can be signed.",
                "Marco Rubio",
                "Marco Rubio",
                "said",
            ),
        ],
        id="quote-paragraph-continues",
    ),
    # after a paragraph of narration, a quote paragraph does not inherit the earlier speaker
    pytest.param(
        "“We have made progress,” Marco Rubio told reporters.\n\n"
        "The delegations met for six hours at a golf club outside the city, and then they all left for "
        "dinner at a restaurant nearby.\n\n"
        "“We will meet again in January to finish the work.”",
        [
            ("direct", "We have made progress,", "Marco Rubio", "Marco Rubio", "told"),
            ("direct", "We will meet again in January to finish the work.", None, None, None),
        ],
        id="narration-breaks-the-run",
    ),
    # "When asked why" hangs on nobody: the quotation answering is the one asked's, and no statement
    # of the unnamed asker swallows it
    pytest.param(
        'When asked why, Mel Sembler responded in a text message: "Trump will be the nominee."',
        [("direct", "Trump will be the nominee.", "Mel Sembler", "Mel Sembler", "responded")],
        id="when-asked",
    ),
    # a verb of speech the tagger takes for a noun after a short subject, in a tail
    pytest.param(
        '"The kingdom is one of the leading nations in combating terrorism," the Saudis state in a paper.',
        [
            (
                "direct",
                "The kingdom is one of the leading nations in combating terrorism,",
                "Saudis",
                "Saudis",
                "state",
            )
        ],
        id="tail-cue-tagged-noun",
    ),
    # "the two": a group the text numbers, said by them unnamed
    pytest.param(
        "“You seem to have picked a new standard out of thin air,” the two write.",
        [("direct", "You seem to have picked a new standard out of thin air,", None, "the two", "write")],
        id="the-two",
    ),
    # "as X puts it": the clause it hangs on quotes X
    pytest.param(
        'As Ruth Marcus puts it, Obama is trying to make Republicans "an offer they can\'t refuse."',
        [
            (
                "direct",
                'Obama is trying to make Republicans "an offer they can\'t refuse."',
                "Ruth Marcus",
                "Ruth Marcus",
                "puts it",
            )
        ],
        id="as-one-puts-it",
    ),
    # a quotation after a colon cue and before a tail is one statement, the tail's (not also an
    # indirect statement of the colon cue with the same words)
    pytest.param(
        "Shonda Rhimes spoke on Tuesday. In her speech, Rhimes declared the need for strong will, ambition "
        "and drive: “Change the world and when you’ve done that, change it again,” she said.",
        [
            (
                "direct",
                "Change the world and when you’ve done that, change it again,",
                "Shonda Rhimes",
                "she",
                "said",
            )
        ],
        id="colon-cue-and-tail",
    ),
    # a quote nobody is named for keeps speaker null rather than a guess
    pytest.param(
        "The crowd outside waited for hours. “We see no reason to hurry at all.”",
        [("direct", "We see no reason to hurry at all.", None, None, None)],
        id="unattributed",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DIRECT)
def test_direct_quotes(extract: Extract, text: str, expected: list[Row]) -> None:
    assert [row(s) for s in extract(text)] == expected


CONTINUES = [
    # "X," he said, "Y.": the second part goes on from the first
    pytest.param(
        "Marco Rubio arrived on Sunday. “We have made progress,” he said, “but a lot of work remains.”",
        id="comma-split",
    ),
    # "X," he said. "Y.": the second part, a new sentence, goes on from the first
    pytest.param(
        "Marco Rubio arrived on Sunday. “We have made progress,” he said. “But a lot of work remains.”",
        id="sentence-split",
    ),
    # a quote paragraph after an attributed quote goes on from it
    pytest.param(
        '"We have made progress on the draft," Marco Rubio said.\n\n'
        '"But a lot of work remains before anything can be signed."',
        id="next-paragraph",
    ),
]


@pytest.mark.parametrize("text", CONTINUES)
def test_second_part_continues_the_first(extract: Extract, text: str) -> None:
    first, second = extract(text)
    assert first.continues is None
    assert second.continues == first.statement_id
    assert first.speaker is not None and second.speaker is not None
    assert second.speaker.name == first.speaker.name == "Marco Rubio"


# --- scare quotes are not statements ---------------------------------------------------------------------

SCARE = [
    # a quoted term after "the", curly marks
    pytest.param("Negotiators discussed the “peace plan” on Tuesday in Miami.", id="the-curly"),
    # the same with straight marks
    pytest.param('Negotiators discussed the "peace plan" on Tuesday in Miami.', id="the-straight"),
    # after "so-called"
    pytest.param("The so-called “peace plan” was discussed by the envoys on Tuesday.", id="so-called"),
    # single marks after a possessive determiner
    pytest.param("Analysts doubted the plan. Its ‘red lines’ were never defined by anyone.", id="its-single"),
    # a show's name after a network's possessive, even next to a speaker
    pytest.param(
        "Speaking to CNN’s “New Day,” Marco Rubio refrained from attacking Ron DeSantis.", id="show"
    ),
    # a campaign's name after "tour"
    pytest.param('Jeb Bush crossed New Hampshire on a three-day "Jeb Can Fix It" tour.', id="tour"),
    # an ad's title after "titled"
    pytest.param('The ad, titled "Unifier?", was shown in Iowa on Monday.', id="titled"),
]


@pytest.mark.parametrize("text", SCARE)
def test_scare_quotes_are_not_statements(extract: Extract, text: str) -> None:
    assert extract(text) == []


# --- partial quotes inside reported speech ---------------------------------------------------------------

PARTIAL = [
    # X called the plan “a recipe for disaster”: one statement, direct, mixed
    pytest.param(
        "Sergei Lavrov called the plan “a recipe for disaster” on Tuesday.",
        "Sergei Lavrov",
        "called",
        ["“a recipe for disaster”"],
        id="called-curly",
    ),
    # the same with straight marks and the quote at the end of the sentence
    pytest.param(
        'Sergei Lavrov called the plan "a recipe for disaster."',
        "Sergei Lavrov",
        "called",
        ['"a recipe for disaster."'],
        id="called-straight",
    ),
    # two quoted fragments in one reported clause: still one statement holding both
    pytest.param(
        "Keith Kellogg said the deal was “very close” and that only “one or two issues” remained.",
        "Keith Kellogg",
        "said",
        ["“very close”", "“one or two issues”"],
        id="said-two-fragments",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "cue", "fragments"), PARTIAL)
def test_partial_quotes_in_reported_speech(
    extract: Extract, text: str, speaker: str, cue: str, fragments: list[str]
) -> None:
    [statement] = extract(text)
    assert statement.kind == "direct"
    assert statement.mixed is True
    assert statement.speaker is not None and statement.speaker.name == speaker
    assert statement.cue is not None and statement.cue.text == cue
    for fragment in fragments:
        assert fragment in statement.text  # the whole quotation, marks included
    assert speaker not in statement.text and cue not in statement.text.split()


# --- indirect statements ---------------------------------------------------------------------------------

CLAUSE = "the talks would resume in January"
CLAUSE_AT_START = CLAUSE[0].upper() + CLAUSE[1:]
INDIRECT = [
    # X said that …
    pytest.param(f"Sergei Lavrov said that {CLAUSE}.", "Sergei Lavrov", "said", id="said-that"),
    # X said … (no complementiser)
    pytest.param(f"Sergei Lavrov said {CLAUSE}.", "Sergei Lavrov", "said", id="said-bare"),
    # X told reporters that …: the addressee is not part of the statement
    pytest.param(
        f"Sergei Lavrov told reporters that {CLAUSE}.", "Sergei Lavrov", "told", id="told-reporters"
    ),
    # "…, X said." with the content before the cue
    pytest.param(f"{CLAUSE_AT_START}, Marco Rubio said.", "Marco Rubio", "said", id="content-before"),
    # …, according to X
    pytest.param(
        f"{CLAUSE_AT_START}, according to Sergei Lavrov.",
        "Sergei Lavrov",
        "according to",
        id="according-after",
    ),
    # According to X, …
    pytest.param(
        f"According to Sergei Lavrov, {CLAUSE}.", "Sergei Lavrov", "According to", id="according-before"
    ),
    # X was quoted as saying …
    pytest.param(
        f"Sergei Lavrov was quoted as saying that {CLAUSE}.", "Sergei Lavrov", "saying", id="quoted-as-saying"
    ),
    # In a statement, X said …
    pytest.param(
        f"In a statement, Sergei Lavrov said {CLAUSE}.", "Sergei Lavrov", "said", id="in-a-statement"
    ),
    # X said in a statement that …: the prepositional phrase is not the content
    pytest.param(
        f"Sergei Lavrov said in a statement that {CLAUSE}.", "Sergei Lavrov", "said", id="said-in-a-statement"
    ),
    # an organisation as the speaker
    pytest.param(f"The Kremlin said in a statement that {CLAUSE}.", "Kremlin", "said", id="organisation"),
    # X announced that …
    pytest.param(f"Sergei Lavrov announced that {CLAUSE}.", "Sergei Lavrov", "announced", id="announced"),
    # X stressed that …
    pytest.param(f"Sergei Lavrov stressed that {CLAUSE}.", "Sergei Lavrov", "stressed", id="stressed"),
    # X insisted that …
    pytest.param(f"Sergei Lavrov insisted that {CLAUSE}.", "Sergei Lavrov", "insisted", id="insisted"),
    # X warned that …
    pytest.param(f"Sergei Lavrov warned that {CLAUSE}.", "Sergei Lavrov", "warned", id="warned"),
    # X acknowledged that …
    pytest.param(
        f"Sergei Lavrov acknowledged that {CLAUSE}.", "Sergei Lavrov", "acknowledged", id="acknowledged"
    ),
    # X denied that …
    pytest.param(f"Sergei Lavrov denied that {CLAUSE}.", "Sergei Lavrov", "denied", id="denied"),
    # X confirmed that …
    pytest.param(f"Sergei Lavrov confirmed that {CLAUSE}.", "Sergei Lavrov", "confirmed", id="confirmed"),
    # X stated that …
    pytest.param(f"Sergei Lavrov stated that {CLAUSE}.", "Sergei Lavrov", "stated", id="stated"),
    # X wrote on Telegram that …
    pytest.param(f"Sergei Lavrov wrote on Telegram that {CLAUSE}.", "Sergei Lavrov", "wrote", id="wrote"),
    # X posted on X that …
    pytest.param(f"Sergei Lavrov posted on X that {CLAUSE}.", "Sergei Lavrov", "posted", id="posted"),
    # X's statement that …: a noun cue with a possessive speaker
    pytest.param(
        f"Sergei Lavrov's statement that {CLAUSE} surprised diplomats.",
        "Sergei Lavrov",
        "statement",
        id="possessive-statement",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "cue"), INDIRECT)
def test_indirect_statements(extract: Extract, text: str, speaker: str, cue: str) -> None:
    [statement] = extract(text)
    assert statement.kind == "indirect"
    assert statement.mixed is False
    # the statement text is the reported clause (a leading complementiser "that" is tolerated)
    clause = statement.text.removeprefix("that ")
    assert clause[:1].lower() + clause[1:] == CLAUSE
    assert statement.speaker is not None and statement.speaker.name == speaker
    assert statement.cue is not None and statement.cue.text == cue
    # …and neither the cue nor the words naming the speaker
    assert statement.cue.span is not None and not overlaps(statement.cue.span, statement.span)
    assert statement.speaker.mention is not None and not overlaps(statement.speaker.mention, statement.span)


# --- what is not a statement -------------------------------------------------------------------------------

NOT_STATEMENTS = [
    # a belief, no communication cue
    pytest.param("Sergei Lavrov believes that the talks will resume in January.", id="believes"),
    # a wish
    pytest.param("Sergei Lavrov wants the talks to resume in January.", id="wants"),
    # a thought
    pytest.param("Sergei Lavrov thinks that the talks will resume in January.", id="thinks"),
    # a hope
    pytest.param("Sergei Lavrov hopes that the talks will resume in January.", id="hopes"),
    # an expectation
    pytest.param("Sergei Lavrov expects that the talks will resume in January.", id="expects"),
    # a fear
    pytest.param("Sergei Lavrov fears that the talks will collapse in January.", id="fears"),
    # knowledge
    pytest.param("Sergei Lavrov knows that the talks will resume in January.", id="knows"),
    # negated speech: did not say
    pytest.param("Sergei Lavrov did not say that the talks would resume in January.", id="did-not-say"),
    # negated speech, contracted
    pytest.param("Sergei Lavrov didn't say that the talks would resume in January.", id="didnt-say"),
    # negated speech with "never"
    pytest.param("Sergei Lavrov has never said that the talks would resume in January.", id="never-said"),
    # a negative subject
    pytest.param("Nobody said that the talks would resume in January.", id="nobody-said"),
    # "as X noted" with no quotation: the writer's paraphrase, not a report
    pytest.param("As Sergei Lavrov noted, the talks will take a long time.", id="as-noted-unquoted"),
    # declining to speak
    pytest.param(
        "Sergei Lavrov declined to say whether the talks would resume in January.", id="declined-to-say"
    ),
    # an object that is not a clause
    pytest.param("Sergei Lavrov said nothing about the talks in January.", id="said-nothing"),
]


@pytest.mark.parametrize("text", NOT_STATEMENTS)
def test_not_statements(extract: Extract, text: str) -> None:
    assert extract(text) == []


SPEECH_INSIDE_QUOTES = [
    # a cue inside the quotation is the speaker's words, not a statement of its own (cue before)
    pytest.param(
        'Sergei Lavrov said: "Our partners told us that the talks would resume in January."',
        "Our partners told us that the talks would resume in January.",
        id="cue-before",
    ),
    # the same with the attribution after the quotation
    pytest.param(
        '"Our partners told us that the talks would resume in January," Sergei Lavrov said.',
        "Our partners told us that the talks would resume in January,",
        id="cue-after",
    ),
    # "they said …" inside the quote, with a belief beside it
    pytest.param(
        '"They said the ceasefire would hold, and we believed them," Sergei Lavrov said.',
        "They said the ceasefire would hold, and we believed them,",
        id="they-said-inside",
    ),
]


@pytest.mark.parametrize(("text", "quoted"), SPEECH_INSIDE_QUOTES)
def test_speech_inside_a_quote_is_not_a_separate_statement(extract: Extract, text: str, quoted: str) -> None:
    assert [row(s) for s in extract(text)] == [("direct", quoted, "Sergei Lavrov", "Sergei Lavrov", "said")]


# --- block quotes by layout ---------------------------------------------------------------------------------

LAYOUT_ARTICLE = (
    "The delegations met in Miami on Saturday for a third round of talks.\n\n"
    "We have made progress, but there is still a lot of work to do on the hardest questions.\n\n"
    "Marco Rubio\n"
    "US Secretary of State\n\n"
    "I think the next round will be decisive for both sides.\n\n"
    "Who controls the plant after the ceasefire?\n\n"
    "The delegations then left Miami for their capitals on Sunday morning.\n\n"
    "We will see what happens in the next few weeks of the talks."
)


def test_block_quote_by_layout(extract: Extract) -> None:
    statements = extract(LAYOUT_ARTICLE)
    assert [s.text for s in statements] == [
        # the quote paragraph above the name line and the title line
        "We have made progress, but there is still a lot of work to do on the hardest questions.",
        # an unquoted first-person paragraph after the signature goes on from that speaker
        "I think the next round will be decisive for both sides.",
        # so does a paragraph of questions
        "Who controls the plant after the ceasefire?",
        # not the first-person paragraph after the narration: the run has ended
    ]
    for s in statements:
        assert s.kind == "direct"
        assert s.cue is not None and s.cue.text == "layout" and s.cue.span is None
        assert s.speaker is not None
        assert s.speaker.name == "Marco Rubio"
        assert s.speaker.role == "US Secretary of State"
        assert s.speaker.kind == "person"
        assert s.speaker.mention_text == "Marco Rubio"


LAYOUT_NOT = [
    # a byline is a name line, but with no title line below it is not a signature
    pytest.param(
        "Analysis by Jane Smith\n\nReporters waited outside the hotel in Miami all day on Saturday.",
        id="byline",
    ),
    # a name line without a title line under a paragraph: not a signature
    pytest.param(
        "The delegations met in Miami on Saturday.\n\n"
        "We have made progress, but there is still a lot of work to do.\n\n"
        "Marco Rubio\n\n"
        "The talks continued on Sunday.",
        id="name-without-title",
    ),
]


@pytest.mark.parametrize("text", LAYOUT_NOT)
def test_no_block_quote_without_a_signature(extract: Extract, text: str) -> None:
    assert extract(text) == []


def test_quoted_paragraph_with_a_signature(extract: Extract) -> None:
    # a paragraph in quotation marks, signed by a name line and a title line, is that speaker's
    text = (
        "The delegations met in Miami on Saturday.\n\n"
        "“We have made progress, but there is still a lot of work to do.”\n\n"
        "Marco Rubio\n"
        "US Secretary of State"
    )
    [statement] = extract(text)
    assert statement.kind == "direct"
    assert statement.speaker is not None and statement.speaker.name == "Marco Rubio"
    assert statement.speaker.role == "US Secretary of State"
