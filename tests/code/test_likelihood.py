"""The likelihood coder (`parley.code.likelihood`): which words are estimates, their negation scope
(ConText-style: trigger, direction, terminators), conditionals and questions, holders, horizons, ambiguity,
confidence, exact spans, the calibration table, and the seed report's two estimates as an acceptance test."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.code.data.derive_likelihood import derive
from parley.code.likelihood import Likelihood, band_of, find_likelihood, load_lexicon, load_table
from tests.conftest import SHARED, shared_path


def one(text: str) -> Likelihood:
    found = find_likelihood(text)
    assert len(found) == 1, [r.phrase for r in found]
    return found[0]


# --- negation scope ---------------------------------------------------------------------------------------

NEGATION = [
    # no negation: the measured reading of "likely"
    pytest.param("A deal is likely.", "likely", False, id="plain"),
    # "not" before the adjective: the measured "not likely" (about 20 %), not 100 - 75
    pytest.param("A deal is not likely.", "not likely", True, id="not-likely"),
    # the negation reaches over the linking verb and the modal
    pytest.param(
        "I would not be confident that the truce will hold.", "not confident", True, id="not-confident"
    ),
    # a negated subject: "nobody expects"
    pytest.param("Nobody expects a breakthrough.", "not expected", True, id="nobody-expects"),
    # "no chance" is a negated phrase with its own value
    pytest.param("There is no chance of a ceasefire.", "no chance", True, id="no-chance"),
    # double negation: a litotes with its own reading, not the plain "likely"
    pytest.param("It is not unlikely that the talks will resume.", "not unlikely", True, id="not-unlikely"),
    # double negation with "impossible"
    pytest.param(
        "It is not impossible that Russia will withdraw.", "not impossible", True, id="not-impossible"
    ),
    # a negation after an adverb, in its verb group: the measured "probably not"
    pytest.param("They probably won't reach a deal.", "probably not", True, id="probably-wont"),
    # curly apostrophe
    pytest.param("They probably won’t reach a deal.", "probably not", True, id="probably-wont-curly"),
    # neg-raising: "I don't think it's likely" reads as "not likely"
    pytest.param("I don't think it's likely that they will agree.", "not likely", True, id="neg-raising"),
    # terminator: "because" closes the scope of "not"
    pytest.param(
        "The talks stalled, not because a deal is likely but because both sides are tired.",
        "likely",
        False,
        id="terminator-because",
    ),
    # terminator: a comma closes the scope ("No, it is likely")
    pytest.param("No, it is likely.", "likely", False, id="terminator-comma"),
    # pseudo-negation: "not only" negates nothing
    pytest.param("Peace is not only possible.", "possible", False, id="pseudo-not-only"),
    # a negation inside the event stays in the event: the estimate itself is not negated
    pytest.param("It is likely that they will not agree.", "likely", False, id="negation-in-event"),
    # "no doubt" is certainty
    pytest.param("There is no doubt that they want peace.", "no doubt", True, id="no-doubt"),
    # doubt denied: "don't doubt"
    pytest.param("I don't doubt that they will sign.", "not doubt", True, id="dont-doubt"),
    # "may not": the possibility of not-X leaves X open
    pytest.param("A deal might not happen.", "might not happen", True, id="might-not"),
]


@pytest.mark.parametrize(("text", "calibrated_as", "negated"), NEGATION)
def test_negation_scope(text: str, calibrated_as: str, negated: bool) -> None:
    found = one(text)
    assert (found.calibrated_as, found.negated) == (calibrated_as, negated)


def test_negated_values_are_measured_not_complements() -> None:
    # DESIGN.md: "not likely" reads about 20 %, not 100 - 75
    plain, negated = one("A deal is likely."), one("A deal is not likely.")
    assert plain.p == 0.75
    assert negated.p == pytest.approx(0.2)
    assert negated.band == "very unlikely"


# --- what is not an estimate ------------------------------------------------------------------------------

NOT_ESTIMATES = [
    # the condition of a conditional is not an estimate
    pytest.param("If it is likely that the talks fail, we will prepare.", id="conditional-clause"),
    # an inverted conditional
    pytest.param("Should a deal be likely, we will sign.", id="inverted-conditional"),
    # a question
    pytest.param("Is it likely that the talks will succeed?", id="question"),
    # a question, with a whether-clause
    pytest.param("Who knows whether a deal is likely?", id="question-whether"),
    # "certain" as a determiner
    pytest.param("Certain issues remain unresolved.", id="certain-determiner"),
    # "make sure" is an instruction
    pytest.param("Make sure the door is closed.", id="make-sure"),
    # "as soon as possible" is a manner
    pytest.param("We will do it as soon as possible.", id="as-possible"),
    # "a chance to" is an opportunity
    pytest.param("We had a chance to talk yesterday.", id="chance-to"),
    # "could not": ability, not a chance
    pytest.param("They could not agree on the text.", id="could-not"),
    # "cast doubt" is not a person's doubt
    pytest.param("The move cast doubt on the talks.", id="cast-doubt"),
    # "as expected" reports, it does not estimate
    pytest.param("As expected, the talks failed.", id="as-expected"),
    # "May" the month, and "May ..." the wish
    pytest.param("They met in May. May he rest in peace.", id="may-month-and-wish"),
    # an attributive "likely" after a determiner
    pytest.param("The likely outcome is a frozen conflict.", id="attributive"),
    # a possessive, not a linking verb
    pytest.param("Russia's possible invasion worries Europe.", id="possessive"),
    # "less likely" compares, it does not estimate a level
    pytest.param("An attack on Kyiv is less likely.", id="comparative"),
    # confidence in a person is trust, not a chance
    pytest.param("We are confident in our team.", id="confident-in"),
    # no words of likelihood at all, and the beliefs of the seed's "I think"
    pytest.param("I think the Russians really want territorial control.", id="belief"),
]


@pytest.mark.parametrize("text", NOT_ESTIMATES)
def test_not_estimates(text: str) -> None:
    assert find_likelihood(text) == []


CONDITIONAL_MAIN_CLAUSES = [
    # the main clause of a conditional is an estimate; the condition is not part of its event
    pytest.param(
        "If the talks fail, the war will probably continue.", "the war will probably continue", id="if-first"
    ),
    # "could happen if ...": the estimate stands, the event ends before "if"
    pytest.param("A deal could happen if Russia withdraws.", "A deal could happen", id="could-if"),
    # an inverted condition, then the estimate
    pytest.param(
        "Should the talks collapse, fighting will likely resume.",
        "fighting will likely resume",
        id="inverted",
    ),
]


@pytest.mark.parametrize(("text", "event"), CONDITIONAL_MAIN_CLAUSES)
def test_conditional_main_clauses_are_estimates(text: str, event: str) -> None:
    assert one(text).event == event


# --- holders ----------------------------------------------------------------------------------------------

HOLDERS = [
    # the seed's reported estimate: "they" acknowledge it, the speaker reports it
    pytest.param(
        "They privately acknowledge that they will probably lose the city.", "They", id="acknowledge"
    ),
    # reported by a plain noun phrase, without "that"
    pytest.param("Officials say a deal will probably be signed by June.", "Officials", id="officials-say"),
    # a name and a belief verb
    pytest.param("The Kremlin believes a deal is unlikely.", "The Kremlin", id="kremlin-believes"),
    # a named person's confidence: the subject holds it
    pytest.param("Vance is not confident that the parties will agree.", "Vance", id="named-confidence"),
    # a title and initials stay in the holder's name
    pytest.param(
        "US Vice President J.D. Vance is not confident that a deal is near.",
        "US Vice President J.D. Vance",
        id="title-initials",
    ),
    # the speaker's own estimate: no holder
    pytest.param("I would not be confident that the truce will hold.", None, id="first-person"),
    # "I think" keeps the estimate the speaker's own
    pytest.param("I think a deal will probably fail.", None, id="i-think"),
    # no attitude verb: the speaker's own
    pytest.param("They will probably lose the city.", None, id="own"),
    # "nobody" negates; it holds nothing
    pytest.param("Nobody expects a breakthrough.", None, id="nobody"),
]


@pytest.mark.parametrize(("text", "holder"), HOLDERS)
def test_holders(text: str, holder: str | None) -> None:
    found = one(text)
    assert found.holder == holder
    if found.holder_span is not None:
        assert text[found.holder_span[0] : found.holder_span[1]] == holder


# --- horizons ---------------------------------------------------------------------------------------------

HORIZONS = [
    # a month
    pytest.param("A deal could happen by June.", "by June", id="by-month"),
    # a count of months
    pytest.param("A settlement is likely in 12 months.", "in 12 months", id="in-months"),
    # "within weeks"
    pytest.param("A ceasefire is likely within weeks.", "within weeks", id="within-weeks"),
    # the year
    pytest.param(
        "We are cautiously optimistic that a deal can be reached this year.", "this year", id="this-year"
    ),
    # the end of the year
    pytest.param("A deal is likely by the end of the year.", "by the end of the year", id="end-of-year"),
    # an open horizon, before the estimate and cut from its phrase
    pytest.param("Eventually, they will probably agree.", "Eventually", id="eventually"),
    # the seed's "it could be 12 months, it could be longer" — and its "could" is no estimate of its own
    pytest.param(
        "They will probably lose it, eventually: it could be 12 months, it could be longer.",
        "12 months or longer",
        id="or-longer",
    ),
    # already written as a range
    pytest.param("The war will probably last 12 months or longer.", "12 months or longer", id="range"),
    # "as soon as Wednesday" beats the bare "soon"
    pytest.param("An invasion could happen as soon as Wednesday.", "as soon as Wednesday", id="as-soon-as"),
    # a past date is not a horizon
    pytest.param("Talks that began earlier this month will probably fail.", None, id="past-month"),
    # no horizon
    pytest.param("A deal is unlikely.", None, id="none"),
]


@pytest.mark.parametrize(("text", "horizon"), HORIZONS)
def test_horizons(text: str, horizon: str | None) -> None:
    assert one(text).horizon == horizon


# --- ambiguity --------------------------------------------------------------------------------------------

AMBIGUITY = [
    # the seed: "a high probability of both" hedges the estimate before it, and is no estimate of its own
    pytest.param(
        "I would not be confident that we will reach a settlement. There is a high probability of both.",
        ["not confident"],
        [True],
        id="probability-of-both",
    ),
    # "it could go either way" after an estimate hedges it
    pytest.param(
        "We might reach a deal. It could go either way.", ["might happen"], [True], id="either-way-after"
    ),
    # alone, "either way" is an even estimate, hedged both ways
    pytest.param("It could go either way.", ["about even"], [True], id="either-way-alone"),
    # 50-50
    pytest.param("The chances are 50-50.", ["about even"], [True], id="fifty-fifty"),
    # a 50/50 chance of an event
    pytest.param("There's a 50/50 chance of a deal.", ["about even"], [True], id="fifty-fifty-chance"),
    # a toss-up
    pytest.param("It’s a toss-up, he said.", ["about even"], [True], id="toss-up"),
    # "may or may not"
    pytest.param("Russia may or may not attack.", ["maybe"], [True], id="may-or-may-not"),
    # too early to say
    pytest.param(
        "It is too early to say whether the talks will succeed.", ["too early to say"], [True], id="early"
    ),
    # a plain estimate is not hedged both ways
    pytest.param("A deal is unlikely.", ["unlikely"], [False], id="plain"),
]


@pytest.mark.parametrize(("text", "calibrated_as", "ambiguous"), AMBIGUITY)
def test_ambiguity(text: str, calibrated_as: list[str], ambiguous: list[bool]) -> None:
    found = find_likelihood(text)
    assert [r.calibrated_as for r in found] == calibrated_as
    assert [r.ambiguous for r in found] == ambiguous


# --- confidence -------------------------------------------------------------------------------------------

CONFIDENCE = [
    # a person's confidence, negated
    pytest.param(
        "I would not be confident that the truce will hold.", "not confident", True, id="not-confident"
    ),
    # a person's certainty
    pytest.param("I am sure that we will sign the agreement.", "sure", True, id="sure"),
    # a person's uncertainty, with a whether-clause as its event
    pytest.param("I'm not sure whether they will come.", "not sure", True, id="not-sure-whether"),
    # a guarded hope
    pytest.param(
        "We are cautiously optimistic that a deal can be reached.", "cautiously optimistic", True, id="opt"
    ),
    # pessimism
    pytest.param("Kyiv is pessimistic about the talks.", "pessimistic", True, id="pessimistic"),
    # "it is certain" is a likelihood, not a person's confidence
    pytest.param("It is certain that the parties will meet again.", "certain", False, id="it-is-certain"),
    # a plain likelihood word
    pytest.param("They will almost certainly reject the plan.", "almost certainly", False, id="adverb"),
]


@pytest.mark.parametrize(("text", "calibrated_as", "confidence"), CONFIDENCE)
def test_confidence(text: str, calibrated_as: str, confidence: bool) -> None:
    found = one(text)
    assert (found.calibrated_as, found.confidence) == (calibrated_as, confidence)


# --- phrases and events -----------------------------------------------------------------------------------

PHRASES = [
    # a complement clause: the event is what follows "that"
    pytest.param(
        "I would not be confident that we will reach a peaceful settlement.",
        "I would not be confident that we will reach a peaceful settlement",
        "we will reach a peaceful settlement",
        id="confident-that",
    ),
    # an adverb: the clause is phrase and event; a leading horizon is cut
    pytest.param(
        "They admit that eventually they will probably lose Donetsk — but not yet.",
        "they will probably lose Donetsk",
        "they will probably lose Donetsk",
        id="adverb-clause",
    ),
    # "there is ... of X"
    pytest.param(
        "There is a high probability of a deal.", "There is a high probability of a deal", "a deal", id="of"
    ),
    # predicative: the subject is the event
    pytest.param("A ceasefire is unlikely.", "A ceasefire is unlikely", "A ceasefire", id="predicative"),
    # the sides joined by "and" after "between" stay in the subject
    pytest.param(
        "A peace deal between Armenia and Azerbaijan is likely.",
        "A peace deal between Armenia and Azerbaijan is likely",
        "A peace deal between Armenia and Azerbaijan",
        id="predicative-between",
    ),
    # "X is unlikely to Y": read inside its clause
    pytest.param(
        "Russia is unlikely to accept the proposal.",
        "Russia is unlikely to accept the proposal",
        "Russia is unlikely to accept the proposal",
        id="to-infinitive",
    ),
    # the chances noun first, the adjective after
    pytest.param(
        "The chances of a deal are slim.", "The chances of a deal are slim", "a deal", id="postposed"
    ),
    # a modal; the clause ends at a dash
    pytest.param(
        "A deal could happen by June – or not.",
        "A deal could happen by June",
        "A deal could happen by June",
        id="modal",
    ),
    # a reported estimate: the holder is not in the phrase
    pytest.param(
        "Zelensky said the war will likely end next year.",
        "the war will likely end next year",
        "the war will likely end next year",
        id="reported",
    ),
    # a sentence-initial set phrase, then its clause
    pytest.param(
        "Without doubt, the talks will fail.",
        "Without doubt, the talks will fail",
        "Without doubt, the talks will fail",
        id="initial-set-phrase",
    ),
    # no event said
    pytest.param("It's a toss-up.", "It's a toss-up", None, id="no-event"),
]


@pytest.mark.parametrize(("text", "phrase", "event"), PHRASES)
def test_phrases_and_events(text: str, phrase: str, event: str | None) -> None:
    found = one(text)
    assert (found.phrase, found.event) == (phrase, event)


ALL_TEXTS = [
    p.values[0]
    for table in (NEGATION, CONDITIONAL_MAIN_CLAUSES, HOLDERS, HORIZONS, AMBIGUITY, CONFIDENCE, PHRASES)
    for p in table
]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_spans_are_exact(text: str) -> None:
    # every span points at the characters it names, and the words of likelihood sit inside the phrase
    for found in find_likelihood(text):
        assert text[found.span[0] : found.span[1]] == found.phrase
        if found.event_span is not None:
            assert text[found.event_span[0] : found.event_span[1]] == found.event
        if found.holder_span is not None:
            assert text[found.holder_span[0] : found.holder_span[1]] == found.holder
        assert found.span[0] <= found.trigger_span[0] < found.trigger_span[1] <= found.span[1]
        assert found.low <= found.p <= found.high
        assert found.band == band_of(found.p)


def test_offsets_are_absolute_and_limited_to_the_span() -> None:
    # a span in the middle of a longer text: absolute offsets, and only the estimates it touches
    text = "A deal is unlikely. Meanwhile the war will probably go on. Peace is possible."
    start = text.index("Meanwhile")
    end = text.index(" Peace")
    found = find_likelihood(text, (start, end))
    assert [r.phrase for r in found] == ["the war will probably go on"]
    assert text[found[0].span[0] : found[0].span[1]] == "the war will probably go on"


def test_a_cue_just_outside_the_span_is_read() -> None:
    # an indirect statement's content, with its cue ("is not confident that") just before it
    text = "Vance is not confident that Ukraine and Russia will reach a settlement."
    start = text.index("Ukraine")
    found = find_likelihood(text, (start, len(text) - 1))
    assert [(r.calibrated_as, r.event) for r in found] == [
        ("not confident", "Ukraine and Russia will reach a settlement")
    ]


def test_to_dict_is_the_design_record_plus_extras() -> None:
    record = one("I would not be confident that the truce will hold.").to_dict()
    design = {"phrase", "span", "event", "p", "low", "high", "band", "negated", "horizon", "ambiguous"}
    assert design | {"confidence", "holder", "event_span"} <= record.keys()
    assert json.loads(json.dumps(record)) == record
    assert record["span"] == [0, len("I would not be confident that the truce will hold")]


# --- calibration ------------------------------------------------------------------------------------------

BANDS = [
    # the bands of DESIGN.md; a point on a boundary goes to the band nearer even
    pytest.param(0.02, "extremely unlikely", id="2"),
    pytest.param(0.10, "very unlikely", id="10"),
    pytest.param(0.25, "unlikely", id="25"),
    pytest.param(0.40, "even", id="40"),
    pytest.param(0.60, "even", id="60"),
    pytest.param(0.75, "likely", id="75"),
    pytest.param(0.90, "very likely", id="90"),
    pytest.param(0.95, "extremely likely", id="95"),
]


@pytest.mark.parametrize(("p", "band"), BANDS)
def test_bands(p: float, band: str) -> None:
    assert band_of(p) == band


def test_every_surface_form_reads_as_a_row_of_the_table() -> None:
    lexicon = load_lexicon()  # raises on a key missing from the table
    for group in lexicon.entries.values():
        for entry in group:
            assert entry.key in lexicon.table
            assert entry.negated_key is None or entry.negated_key in lexicon.table


def test_table_rows_are_consistent_and_sourced() -> None:
    table = load_table()
    assert len(table) >= 100
    for row in table.values():
        assert 0 <= row.low <= row.p <= row.high <= 1, row.phrase
        assert row.band == band_of(row.p), row.phrase
        assert row.source and row.basis, row.phrase
    # the core phrases come from CAPphrase itself, measured
    assert table["likely"].source.startswith("CAPphrase") and table["likely"].basis.startswith("measured")
    assert (table["likely"].p, table["likely"].low, table["likely"].high) == (0.75, 0.67, 0.8)


def test_table_is_derived_from_the_shared_surveys() -> None:
    # re-deriving from ../shared/data/probability gives the committed table, byte for byte
    shared_path("data", "probability", "summary_by_phrase.csv")
    from importlib.resources import files

    committed = files("parley.code").joinpath("data", "likelihood_phrases.csv").read_text(encoding="utf-8")
    assert derive(SHARED) == committed


# --- the seed report (acceptance) -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, Any]]:
    text = shared_path("seed", "vance-miami-talks.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("seed", "vance-miami-talks.gold.json").read_text(encoding="utf-8"))
    return text, gold


def _statement_span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def _overlaps(found: Likelihood, gold: dict[str, Any]) -> bool:
    return found.low <= gold["p_high"] and gold["p_low"] <= found.high


def test_seed_statement_1_not_confident(seed: tuple[str, dict[str, Any]]) -> None:
    text, gold = seed
    expected = gold["statements"][0]["likelihood"][0]
    sentence = f"US Vice President J.D. Vance is not confident that {gold['statements'][0]['quote']}."
    found = find_likelihood(text, _statement_span(text, sentence))
    assert len(found) == 1
    assert _overlaps(found[0], expected)
    assert found[0].negated is expected["negated"] is True
    assert found[0].confidence
    assert found[0].ambiguous is expected["ambiguous"]
    assert found[0].horizon is None
    assert found[0].event == "Ukraine and Russia will reach a peaceful settlement"
    # the gold quote alone (the statement's content) still finds the cue just before it
    assert find_likelihood(text, _statement_span(text, gold["statements"][0]["quote"])) == found


def test_seed_statement_7_they_will_probably_lose_donetsk(seed: tuple[str, dict[str, Any]]) -> None:
    text, gold = seed
    statement = gold["statements"][6]
    expected = statement["likelihood"][0]
    found = find_likelihood(text, _statement_span(text, statement["quote"]))
    assert len(found) == 1
    assert found[0].phrase == expected["phrase"] == "they will probably lose Donetsk"
    assert _overlaps(found[0], expected)
    assert found[0].negated is expected["negated"] is False
    assert found[0].horizon == expected["horizon"] == "12 months or longer"
    assert found[0].holder == "they"
    assert found[0].holder_span is not None
    assert text[found[0].holder_span[0] : found[0].holder_span[1]] == "they"
    assert found[0].ambiguous is expected["ambiguous"]


def test_seed_statement_11_not_confident_and_both(seed: tuple[str, dict[str, Any]]) -> None:
    text, gold = seed
    statement = gold["statements"][10]
    expected = statement["likelihood"][0]
    found = find_likelihood(text, _statement_span(text, statement["quote"]))
    assert len(found) == 1
    assert found[0].phrase == expected["phrase"]
    assert found[0].span == (1898, 1963)  # DESIGN.md's example record
    assert _overlaps(found[0], expected)
    assert found[0].negated is expected["negated"] is True
    assert found[0].ambiguous is expected["ambiguous"] is True
    assert found[0].confidence
    assert found[0].holder is None


def test_seed_statements_without_likelihood(seed: tuple[str, dict[str, Any]]) -> None:
    # the gold statements with no estimate get none
    text, gold = seed
    for statement in gold["statements"]:
        if not statement["likelihood"]:
            assert find_likelihood(text, _statement_span(text, statement["quote"])) == [], statement["quote"]


# --- any text ---------------------------------------------------------------------------------------------

_VOCABULARY = """not likely unlikely probably could may May chance no a high of both if that I am sure
confident is it there by June they acknowledge eventually 12 months longer J.D. won’t 50-50 either way the
chances are slim doubt nobody expects to be 's Vance , . ? — “ ”"""
WORDS = st.sampled_from([*_VOCABULARY.split(), "\n"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(WORDS, max_size=40).map(" ".join) | st.text(max_size=200),
    st.integers(min_value=-5, max_value=250),
    st.integers(min_value=-5, max_value=250),
)
def test_any_text(text: str, a: int, b: int) -> None:
    # no exception, spans inside the text and exact, and the same answer twice
    for span in (None, (min(a, b), max(a, b))):
        found = find_likelihood(text, span)
        assert found == find_likelihood(text, span)
        for r in found:
            assert 0 <= r.span[0] < r.span[1] <= len(text)
            assert text[r.span[0] : r.span[1]] == r.phrase
            if r.event_span is not None:
                assert text[r.event_span[0] : r.event_span[1]] == r.event
            if r.holder_span is not None:
                assert text[r.holder_span[0] : r.holder_span[1]] == r.holder
            assert 0 <= r.low <= r.p <= r.high <= 1
