"""Negotiating moves from the parse: which words make a move of which type, who holds it, and which words
look like a move and are not. Short texts of our own, through the whole extractor with the registry of the
negotiation files."""

from __future__ import annotations

import pytest

from parley.extract.pipeline import Extractor
from parley.models import Move


def moves_of(extractor: Extractor, text: str) -> list[Move]:
    return extractor.extract_all(text, "case", None, None).moves


MOVES = [
    # a meeting named by a verb and its object, the object's modifier between them
    pytest.param(
        "Emmanuel Macron plans to hold phone talks with Vladimir Putin on Friday.",
        "meet",
        "Emmanuel Macron",
        id="hold-phone-talks",
    ),
    # a meeting named by a verb and a preposition
    pytest.param(
        "On Monday, Joe Biden spoke with Emmanuel Macron about the crisis.",
        "meet",
        "Joe Biden",
        id="spoke-with",
    ),
    # a phone call: "called" with a person as its object
    pytest.param(
        "Vladimir Putin called Alexander Lukashenko on Sunday.", "meet", "Vladimir Putin", id="called"
    ),
    # calling for talks proposes them
    pytest.param(
        "Alexander Lukashenko called for peace talks between Russia and Ukraine.",
        "propose",
        "Alexander Lukashenko",
        id="call-for-talks",
    ),
    # calling on another party to do something demands it
    pytest.param(
        "Xi Jinping called for Western countries to lift their sanctions on Russia.",
        "demand",
        "Xi Jinping",
        id="call-for-action",
    ),
    # demanding a ceasefire stays a demand: only asking or calling for talks or a halt proposes them
    pytest.param(
        "Dmitry Peskov said Moscow demands a ceasefire only after Ukrainian troops leave.",
        "demand",
        "Russia",
        id="demand-ceasefire",
    ),
    # wanting another party to do something is a demand
    pytest.param(
        "Russia wants Ukraine to recognise the annexation of Crimea.", "demand", "Russia", id="wants-another"
    ),
    # accepting a proposal
    pytest.param(
        "Volodymyr Zelenskyy accepted the proposal of the Turkish government.",
        "accept",
        "Volodymyr Zelensky",
        id="accept-proposal",
    ),
    # a warning of consequences threatens
    pytest.param(
        "Joe Biden warned that Russia would pay a steep price for an invasion.",
        "threaten",
        "Joe Biden",
        id="warn-consequences",
    ),
    # ready to host talks: an offer
    pytest.param(
        "Alexander Lukashenko said Belarus is ready to host negotiations between the two sides.",
        "propose",
        "Belarus",
        id="ready-to-host",
    ),
    # willing to give something up: a concession
    pytest.param(
        "Ukraine is willing to renounce its membership bid for NATO.",
        "concede",
        "Ukraine",
        id="willing-renounce",
    ),
    # not ready to negotiate: a refusal
    pytest.param(
        "Ukraine is not ready to negotiate with Russia.", "reject", "Ukraine", id="not-ready-to-negotiate"
    ),
    # critical of something: an accusation
    pytest.param(
        "Kenya has been critical of Russia's decision to withdraw from the grain deal.",
        "accuse",
        "Kenya",
        id="critical-of",
    ),
    # the agent of a passive verb holds the move
    pytest.param(
        "The plan was proposed by Angela Merkel in 2015.", "propose", "Angela Merkel", id="passive-agent"
    ),
    # a raising verb's passive subject is the holder of the move below it
    pytest.param(
        "Ukraine and Russia are expected to hold talks in Istanbul on Friday.",
        "meet",
        "Ukraine",
        id="raising",
    ),
    # a light verb's subject makes the move its noun names
    pytest.param(
        "The International Criminal Court issued an arrest warrant for Vladimir Putin.",
        "accuse",
        "International Criminal Court",
        id="issued-warrant",
    ),
    # a phrasal verb whose object hangs on its last particle
    pytest.param("Ukraine walked away from the deal in April.", "reject", "Ukraine", id="walk-away-from"),
    # "I" in a quotation is its speaker
    pytest.param(
        "“I suggested a venue for the negotiations on the first day,” Alexander Lukashenko said.",
        "propose",
        "Alexander Lukashenko",
        id="first-person",
    ),
    # "he" in reported speech is the one who reports it, not the nearer person named before
    pytest.param(
        "Emmanuel Macron will call Vladimir Putin on Friday. "
        "Macron said he will ask Putin for clarification.",
        "demand",
        "Emmanuel Macron",
        id="he-is-the-speaker",
    ),
    # talks between two sides hosted by a third: the sides met, not the host
    pytest.param(
        "Belarus hosted three rounds of negotiations between Russia and Ukraine.", "meet", "Russia", id="host"
    ),
]


@pytest.mark.parametrize(("text", "kind", "holder"), MOVES)
def test_move_and_holder(extractor: Extractor, text: str, kind: str, holder: str) -> None:
    found = [(m.type, m.holder) for m in moves_of(extractor, text)]
    assert (kind, holder) in found, found


MORE_MOVES = [
    # calling a party by a condemning word accuses it
    pytest.param(
        "Vladimir Putin called the West “hypocritical” on Thursday.",
        "accuse",
        "Vladimir Putin",
        id="called-hypocritical",
    ),
    # an active verb the parser joined to a passive clause is done by whoever says that clause
    pytest.param(
        "Vladimir Putin spoke on Friday.\n\nHe repeated his complaints, saying promises to Russia had not "
        "been met, and called the West “hypocritical”, arguing it was blaming Russia.",
        "accuse",
        "Vladimir Putin",
        id="active-conjunct-of-a-passive-clause",
    ),
]


MORE_MOVES += [
    # meeting with someone is a meeting, whoever the partner is
    pytest.param(
        "Antonio Guterres will meet with the leaders of Ukraine and Turkey this week.",
        "meet",
        "Antonio Guterres",
        id="meet-with-leaders",
    ),
    # two leaders meeting need no partner named after the verb
    pytest.param(
        "Vladimir Putin and Xi Jinping will meet in Beijing on Friday.",
        "meet",
        "Vladimir Putin",
        id="two-meet",
    ),
]


MORE_MOVES += [
    # "its demands" after a verb: whose demands is the verb's subject
    pytest.param(
        "Russia has repeated its minimum demands, which include neutral status for Ukraine.",
        "demand",
        "Russia",
        id="its-demands",
    ),
    # softening someone's demands concedes for them
    pytest.param("Analysts noted a softening of Russia’s demands.", "concede", "Russia", id="softening-of"),
]


MORE_MOVES += [
    # a term of the talks the speaker calls unacceptable is rejected, quoted or not
    pytest.param(
        "“Any ceasefire that freezes the front is unacceptable,” Mykhailo Podolyak said.",
        "reject",
        "Mykhailo Podolyak",
        id="unacceptable",
    ),
    pytest.param(
        "Peace talks with Russia remain “out of the question,” Mykhailo Podolyak said.",
        "reject",
        "Mykhailo Podolyak",
        id="out-of-the-question",
    ),
]


@pytest.mark.parametrize(("text", "kind", "holder"), MORE_MOVES)
def test_more_moves_and_holders(extractor: Extractor, text: str, kind: str, holder: str) -> None:
    found = [(m.type, m.holder) for m in moves_of(extractor, text)]
    assert (kind, holder) in found, found


@pytest.mark.parametrize(
    "text",
    [
        # the sides hang on the talks after "rounds of"
        pytest.param(
            "Belarus hosted three rounds of peaceful talks between Russia and Ukraine.", id="between"
        ),
        # the first adjective of "Ukrainian-Russian" hangs on the second
        pytest.param(
            "Belarus hosted three successful rounds of Ukrainian-Russian negotiations.", id="adjectives"
        ),
    ],
)
def test_hosted_rounds_are_one_meeting_of_the_sides(extractor: Extractor, text: str) -> None:
    meets = [m for m in moves_of(extractor, text) if m.type == "meet"]
    assert [sorted(m.participants) for m in meets] == [["Russia", "Ukraine"]], meets


CONCEDE_OR_AGREE = [
    # one side agreeing to terms gives ground (draft terms are the gold's concessions)
    pytest.param(
        "In return, Russia would agree to a 15-year consultation period on the status of Crimea.",
        "concede",
        id="agree-to-terms-alone",
    ),
    pytest.param(
        "Russia also agreed to reduce its military activity near Kyiv.", "concede", id="agree-to-do-alone"
    ),
    # two sides agreeing is an agreement
    pytest.param("Russia and Ukraine agreed to open humanitarian corridors.", "agree", id="two-sides-agree"),
    # agreeing with another side is an agreement
    pytest.param("Russia agreed with Turkey on a plan to resume grain exports.", "agree", id="agree-with"),
    # agreeing to go on talking is no concession
    pytest.param(
        "Belarus hosted talks between Russia and Ukraine. Both sides agreed to continue talking.",
        "agree",
        id="agree-to-talk",
    ),
]


@pytest.mark.parametrize(("text", "kind"), CONCEDE_OR_AGREE)
def test_agreeing_alone_concedes(extractor: Extractor, text: str, kind: str) -> None:
    found = {m.type for m in moves_of(extractor, text)} & {"agree", "concede"}
    assert found == {kind}, found


def test_rounds_told_later_are_between_the_sides_named_before(extractor: Extractor) -> None:
    # the sides come from the talks named first; "the talks" of an opinion stay no meeting
    text = (
        "Belarus hosted talks between Russia and Ukraine in February. "
        "The second round of talks was held in the Brest region. "
        "Three days later they met again in Belovezhskaya Pushcha. "
        "Further talks, held via video link, followed in March. "
        "Analysts doubt the talks can succeed."
    )
    meets = [m for m in moves_of(extractor, text) if m.type == "meet"]
    told = [m for m in meets if m.participants == ("Russia", "Ukraine")]
    assert len(told) == 4, [(m.evidence, m.participants) for m in meets]
    assert not [m for m in meets if "Analysts" in m.evidence or "succeed" in m.evidence]


def test_rounds_with_no_sides_named_before_are_no_meeting(extractor: Extractor) -> None:
    assert not [
        m for m in moves_of(extractor, "The second round of talks was held in Geneva.") if m.type == "meet"
    ]


NOT_MOVES = [
    # calling an event unacceptable condemns it; it rejects no term of the talks
    pytest.param(
        "“This escalating violence is totally unacceptable,” Antonio Guterres said.", "reject", id="violence"
    ),
    # a body sitting is no meeting between sides
    pytest.param("The United Nations General Assembly is again expected to meet.", "meet", id="body-sits"),
    # a meeting that may happen has not
    pytest.param(
        "The sides discussed a possible meeting between Joe Biden and Vladimir Putin.", "meet", id="possible"
    ),
    # existing agreements are relations, not an act
    pytest.param("Belarus values our agreements with Russia.", "agree", id="our-agreements"),
    # a vote that condemns is no actor's accusation
    pytest.param(
        "During a vote by the UN last year condemning Russia's invasion, Eritrea endorsed the invasion.",
        "accuse",
        id="vote-condemning",
    ),
    # calling something by a neutral word describes it
    pytest.param("Vladimir Putin called the talks “useful” on Thursday.", "accuse", id="called-useful"),
    # "Sign up" for a newsletter signs nothing
    pytest.param("Sign up for our weekly newsletter on the talks.", "agree", id="sign-up"),
    # a bare conjunct under "insisted that … should" is what is insisted on
    pytest.param(
        "Moscow insisted that Ukraine should declare its neutrality and agree to autonomy for Donbas.",
        "concede",
        id="inside-a-demand-conjunct",
    ),
    # talking to reporters is not a meeting
    pytest.param("Joe Biden spoke to reporters on Friday.", "meet", id="spoke-to-reporters"),
    # an aim of one's own is not a demand on anyone
    pytest.param("The West wants to establish a unipolar world.", "demand", id="wants-to"),
    pytest.param("Vladimir Putin has sought to bolster ties with China.", "demand", id="sought-to"),
    # only terms, plans and offers are accepted
    pytest.param(
        "Alexander Lukashenko accepted the credentials of three ambassadors.", "accept", id="credentials"
    ),
    # a warning to one's own citizens is not a threat
    pytest.param("The State Department warned US citizens to leave Ukraine.", "threaten", id="warn-citizens"),
    # a passive subject is the target; with no agent nobody holds the move
    pytest.param("The West was offered cooperation and equal dialogue.", "propose", id="passive-no-agent"),
    # a subject that denies the move
    pytest.param("Neither Russia nor Belarus wants a wider war.", "demand", id="neither-nor"),
    # a move nobody plans
    pytest.param("Antony Blinken said he had no plans to meet Sergey Lavrov.", "meet", id="no-plans"),
    # what a demand asks for is not a move of its own
    pytest.param(
        "Russia invited all parties to sign a new security treaty.", "agree", id="inside-another-move"
    ),
    # "suggested that": an opinion reported, not a proposal
    pytest.param(
        "Wendy Sherman suggested that the Winter Games could change Putin's thinking.",
        "propose",
        id="suggested-that",
    ),
    # a date is nobody
    pytest.param("Wednesday's meeting ended without a statement.", "meet", id="date-holder"),
]


@pytest.mark.parametrize(("text", "kind"), NOT_MOVES)
def test_not_a_move(extractor: Extractor, text: str, kind: str) -> None:
    found = [(m.type, m.holder) for m in moves_of(extractor, text)]
    assert not [f for f in found if f[0] == kind], found


def test_first_person_plural_is_the_speakers_side(extractor: Extractor) -> None:
    # "we" in a quotation is the speaker's country, as the registry gives it
    text = "“We remain open to meeting again with the Russians,” Antony Blinken said."
    found = [(m.type, m.holder, m.reported_by) for m in moves_of(extractor, text)]
    assert ("propose", "United States", "Antony Blinken") in found, found


def test_it_in_a_bodys_statement_is_that_body(extractor: Extractor) -> None:
    # "it" reported by a government is the government
    text = "Ukraine said it was willing to renounce NATO membership."
    assert ("concede", "Ukraine") in [(m.type, m.holder) for m in moves_of(extractor, text)]


def test_it_in_a_persons_statement_names_nobody(extractor: Extractor) -> None:
    # a person's "it" is a thing, not a party
    assert not moves_of(extractor, "Vladimir Putin said it was ready to negotiate.")


def test_first_person_outside_a_quotation_names_nobody(extractor: Extractor) -> None:
    # the author's "we" is not a party
    assert not moves_of(extractor, "We remain open to meeting again with the Russians.")


def test_the_sides_of_the_talks_are_its_participants(extractor: Extractor) -> None:
    [meet] = [
        m for m in moves_of(extractor, "Belarus hosted talks between Russia and Ukraine.") if m.type == "meet"
    ]
    assert meet.participants == ("Russia", "Ukraine")
