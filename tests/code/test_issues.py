"""The issue tagger: which issues a statement is about, from its words, its sentence and its context.
Texts are written for these tests; the statement is the quoted part of each text (the first “…” pair)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parley.code.inflect import Inflector
from parley.code.issues import IssueTagger, sentence_starts
from parley.code.taxonomy import Issue, TokenPattern, default_taxonomy
from parley.errors import ConfigError
from parley.negotiations import builtin_negotiations


def _negotiations(*ids: str) -> tuple:  # type: ignore[type-arg]
    return tuple(n for n in builtin_negotiations() if n.id in ids)


@pytest.fixture(scope="module")
def ukraine() -> IssueTagger:
    return IssueTagger.for_negotiations(_negotiations("russia-ukraine"))


@pytest.fixture(scope="module")
def everything() -> IssueTagger:
    return IssueTagger.for_negotiations(builtin_negotiations())


def _statement(text: str) -> tuple[int, int]:
    start = text.index("“") + 1
    return start, text.index("”", start)


def _ids(tagger: IssueTagger, text: str) -> list[str]:
    return [tag.id for tag in tagger.tag(text, _statement(text))]


CASES = [
    # the brief's question: a facility named by a place of the gazetteer, in brackets, is not a territory
    ("“Who controls the [Zaporizhzhya] nuclear facility?” he asked.", ["nuclear_and_infrastructure"]),
    # a territorial concession with a place of the gazetteer
    ("“A territorial concession in Donetsk is a setback in the negotiations,” Vance said.", ["territory"]),
    # a control word near a place: territory, without any territorial noun
    ("“Russia wants us to withdraw from Kherson,” the minister said.", ["territory"]),
    # the talks themselves: round, delegation, progress
    ("“The next round will bring the delegations together, and we expect progress,” he said.", ["process"]),
    # "in the occupied territories" locates people; the land is not at issue
    ("“People who remain in the occupied territories need humanitarian aid,” she said.", ["humanitarian"]),
    # "the Russian Federation" is a state's name, not a federal arrangement
    ("“The Russian Federation will rebuild the schools,” he said.", ["reconstruction"]),
    # a "security problem" is not a security guarantee
    ("“They see it as a serious security problem,” he said.", []),
    # security guarantees, named as such
    (
        "“Ukraine needs security guarantees and European troops on the ground,” Zelensky said.",
        ["security_guarantees"],
    ),
    # a ceasefire and its monitoring
    ("“A ceasefire is worthless without monitoring,” he said.", ["ceasefire", "implementation"]),
    # a ceasefire reached by agreement: "agreement" frames, it does not add the process
    ("“The ceasefire agreement holds,” he said.", ["ceasefire"]),
    # shipping and the grain corridor: maritime, and the food it carries
    (
        "“Ships must leave the port of Odesa through the grain corridor,” he said.",
        ["maritime", "humanitarian"],
    ),
    # prisoners
    ("“We agreed a prisoner exchange, all for all,” Umerov said.", ["humanitarian"]),
    # language and church: the rights of a population
    ("“The Russian language and the church must be protected,” Lavrov said.", ["population_rights"]),
    # elections and legitimacy
    ("“Elections must be held before any deal is signed,” Putin said.", ["governance"]),
    # sanctions and frozen assets
    ("“Sanctions relief and frozen assets are on the table,” Dmitriev said.", ["sanctions_economy"]),
    # justice
    ("“There will be no amnesty for war crimes,” she said.", ["justice"]),
    # a statement with no words of its own takes its issue from its sentence
    (
        "Asked about the Zaporizhzhia nuclear power plant, he said: “We will never accept that.”",
        ["nuclear_and_infrastructure"],
    ),
    # one cue in a neighbouring sentence is not enough to tag a bare statement
    ("The talks resumed in Geneva. “It was a good day,” he said. Lunch was served.", []),
    # the word of a place alone is weak: named with a strong cue, the place adds nothing
    ("“Sanctions on Donetsk coal stay,” he said.", ["sanctions_economy"]),
    # a country is named everywhere: only a control word governing it makes territory
    ("“Russian troops must be pushed out of the whole of Ukraine,” she said.", ["territory"]),
    ("“Ukraine will keep fighting,” she said.", ["ceasefire"]),
    # nuclear weapons belong to the security order, a nuclear plant to infrastructure
    ("“Moving nuclear weapons to Belarus changes nothing,” he said.", ["security_guarantees"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_issues(ukraine: IssueTagger, text: str, expected: list[str]) -> None:
    assert _ids(ukraine, text) == expected


NEGOTIATION_CASES = [
    # Syria 2017: a negotiation's own issue id (counter-terrorism) and its places
    (
        "syria-2017",
        "“The fight against terrorism must come first, before any ceasefire,” Jaafari said.",
        ["ceasefire", "counter_terrorism"],
    ),
    (
        "syria-2017",
        "“Aid convoys must reach the besieged areas of Eastern Ghouta,” de Mistura said.",
        ["humanitarian"],
    ),
    # Cyprus 2017: guarantees and troops, and the return of a place
    (
        "cyprus-2017",
        "“The Treaty of Guarantee and the Turkish troops are the hardest chapter,” Eide said.",
        ["security_guarantees"],
    ),
    (
        "cyprus-2017",
        "“The return of Varosha and a rotating presidency are on the table,” Akinci said.",
        ["territory", "governance"],
    ),
    # Iran: a facility of the gazetteer, enrichment, inspectors
    (
        "iran-nuclear",
        "“Enrichment at Fordow will stop if inspectors get access,” Araghchi said.",
        ["nuclear_and_infrastructure", "implementation"],
    ),
    ("iran-nuclear", "“Snapback would end the deal,” Zarif said.", ["sanctions_economy"]),
]


@pytest.mark.parametrize(
    ("negotiation", "text", "expected"), NEGOTIATION_CASES, ids=[c[1][:40] for c in NEGOTIATION_CASES]
)
def test_issues_of_other_negotiations(negotiation: str, text: str, expected: list[str]) -> None:
    tagger = IssueTagger.for_negotiations(_negotiations(negotiation))
    assert _ids(tagger, text) == expected


def test_the_same_statements_with_every_negotiation_loaded(everything: IssueTagger) -> None:
    # the union of every file's places and additions changes the Ukraine cases in one place only: the Iran
    # file reads nuclear weapons as its nuclear programme, which is why a tagger is built for the
    # negotiations an article is routed to
    for text, expected in CASES:
        if "nuclear weapons" in text:
            assert _ids(everything, text) == ["security_guarantees", "nuclear_and_infrastructure"]
        else:
            assert _ids(everything, text) == expected, text


def test_evidence_points_at_the_words(ukraine: IssueTagger) -> None:
    text = "“Who controls the [Zaporizhzhya] nuclear facility? Can it be jointly controlled?” he asked."
    (tag,) = ukraine.tag(text, _statement(text))
    assert tag.score == 1.0
    assert len(tag.evidence) == len(tag.spans)
    for evidence, (start, end) in zip(tag.evidence, tag.spans, strict=True):
        assert text[start:end].lower() == evidence
    assert "nuclear facility" in tag.evidence


def test_a_control_word_and_a_place_make_one_piece_of_evidence(ukraine: IssueTagger) -> None:
    text = "“I think the Russians really want territorial control over Donetsk,” Vance said."
    (tag,) = ukraine.tag(text, _statement(text))
    assert "control … donetsk" in tag.evidence
    start, end = tag.spans[tag.evidence.index("control … donetsk")]
    assert text[start:end] == "control over Donetsk"


def test_an_unlisted_spelling_of_a_place_is_found(ukraine: IssueTagger) -> None:
    # "Zaporozhzhia" is in no alias list: rapidfuzz finds the region, "plant" makes it a facility
    text = "“Who will run the Zaporozhzhia plant?” he asked."
    assert _ids(ukraine, text) == ["nuclear_and_infrastructure"]


def test_the_context_given_replaces_the_default(ukraine: IssueTagger) -> None:
    text = (
        "“We will never accept that.” Russia demands a withdrawal from Kherson, the handover of Zaporizhzhia"
        " and the recognition of its annexation of Crimea."
    )
    span = _statement(text)
    assert [t.id for t in ukraine.tag(text, span, context=(0, len(text)))] == ["territory"]
    assert ukraine.tag(text, span, context=span) == []


def test_tags_are_in_taxonomy_order(ukraine: IssueTagger) -> None:
    text = (
        "“The parties raise humanitarian issues, the status of ethnic Russians and reconstruction,” he said."
    )
    ids = _ids(ukraine, text)
    assert ids == ["humanitarian", "population_rights", "reconstruction"]
    assert ids == [i for i in default_taxonomy().ids if i in ids]


SENTENCES = [
    # initials and abbreviations do not end a sentence
    ("US Vice President J.D. Vance spoke. Then Mr. Putin replied.", [0, 36]),
    ("The U.S. and Russia met. They talked.", [0, 25]),
    # a line break always does
    ("Points of attention\n- Vance is not confident", [0, 20]),
    # a closing quote stays with its sentence
    ("“We agree.” He said so.", [0, 12]),
]


@pytest.mark.parametrize(("text", "starts"), SENTENCES, ids=[s[0][:30] for s in SENTENCES])
def test_sentence_starts(text: str, starts: list[int]) -> None:
    assert sentence_starts(text) == starts


FORMS = [
    ("lose", {"lose", "loses", "lost", "losing"}),  # an irregular verb, from the model's exceptions
    ("control", {"controls", "controlled", "controlling"}),  # a doubled consonant
    ("territory", {"territory", "territories"}),
    ("withdraw", {"withdrew", "withdrawn", "withdraws"}),
    ("child", {"child", "children"}),
    ("the", {"the"}),  # function words keep their one form
]


@pytest.mark.parametrize(("lemma", "wanted"), FORMS, ids=[f[0] for f in FORMS])
def test_inflections(ukraine: IssueTagger, lemma: str, wanted: set[str]) -> None:
    assert wanted <= ukraine.inflector.forms(lemma)


def test_no_comparatives() -> None:
    # "pow" (prisoner of war) + "er" would be "power": adjective rules are not used
    assert "power" not in Inflector().forms("pow")


def test_a_bad_pattern_is_a_config_error(ukraine: IssueTagger) -> None:
    bad = Issue("process", "", "", patterns=(TokenPattern(({"LOWER": {"WRONG": 1}},), 1.0),))
    with pytest.raises(ConfigError, match="not a valid Matcher pattern"):
        IssueTagger(default_taxonomy().extend([bad]), nlp=ukraine.nlp)


def test_weights_come_from_the_taxonomy(ukraine: IssueTagger) -> None:
    # with the sentence weighing nothing, a bare statement inside a telling sentence has no issue
    base = default_taxonomy()
    mute = replace(base, weights=replace(base.weights, sentence=0.0, context=0.0))
    tagger = IssueTagger(mute, nlp=ukraine.nlp)
    text = "Asked about the Zaporizhzhia nuclear power plant, he said: “We will never accept that.”"
    assert tagger.tag(text, _statement(text)) == []
