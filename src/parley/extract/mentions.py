"""The words that name a speaker at an attribution site: a name, a pronoun or a role noun phrase, with what
the sentence tells about them (an appositive role, a title before the name, number and gender)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from parley.extract.document import Paragraph
from parley.extract.lexicon import Lexicon
from parley.extract.names import TITLES

MentionKind = Literal["name", "pronoun", "nominal"]

PRONOUNS: dict[str, tuple[str | None, bool]] = {  # gender, plural
    "he": ("m", False),
    "him": ("m", False),
    "his": ("m", False),
    "himself": ("m", False),
    "she": ("f", False),
    "her": ("f", False),
    "hers": ("f", False),
    "herself": ("f", False),
    "they": (None, True),
    "them": (None, True),
    "their": (None, True),
    "i": (None, False),
    "we": (None, True),
    "it": ("n", False),
    "you": (None, False),
}
# words that stand for an unnamed speaker, and whether they are plural
INDEFINITE_SPEAKERS: dict[str, bool] = {
    "another": False,
    "someone": False,
    "somebody": False,
    "one": False,
    "some": True,
    "others": True,
    "many": True,
    "several": True,
    "both": True,
}
_HONORIFICS = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "sir": "m",
    "madam": "f",
    "lord": "m",
    "lady": "f",
    "baroness": "f",
    "baron": "m",
}
_NAME_DEPS = {"compound", "flat", "nmod"}
_NOMINAL_LEFT = {"det", "amod", "compound", "poss", "nummod", "nmod", "case", "quantmod", "npadvmod"}


@dataclass(frozen=True, slots=True)
class Mention:
    span: tuple[int, int]
    text: str
    kind: MentionKind
    head: str  # the head word, lower-case ("peskov", "he", "spokesman")
    gender: str | None = None  # m, f, n (a thing), or None when unknown
    plural: bool = False
    role: str | None = None  # "the Kremlin spokesman", "US Vice President"
    entity: str | None = None  # spaCy's label of the name: PERSON, ORG, GPE, NORP
    # the words at the attribution site when they are not the name: "who" in "Peskov, who said"
    site: tuple[int, int] | None = None
    site_text: str | None = None
    # for "he"/"she": the name that is the subject of the clause above the pronoun's ("Trump, alleging that
    # Obama …, said he would"), which it most likely stands for
    bound: str | None = None


def name_tokens(head: Any) -> list[Any]:
    """The proper-noun run around `head`: "J.D. Vance", "Dmitry Peskov", "Sen. Rand Paul"."""
    doc = head.doc
    left = head.i
    while (
        left > 0
        and doc[left - 1].pos_ == "PROPN"
        and doc[left - 1].head.i in range(left - 1, head.i + 1)
        and doc[left - 1].dep_ in _NAME_DEPS | {"punct"}
        and not doc[left - 1].is_punct
    ):
        left -= 1
    right = head.i
    while (
        right + 1 < len(doc)
        and doc[right + 1].pos_ == "PROPN"
        and doc[right + 1].head.i == head.i
        and doc[right + 1].dep_ in _NAME_DEPS
    ):
        right += 1
    tokens = list(doc[left : right + 1])
    ent = head.ent_type_
    if ent:  # trust the entity's extent within the noun phrase: it leaves out titles ("Sen. Rand Paul")
        ent_span = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent_span is not None and ent_span.end - ent_span.start <= 6:
            first = ent_span.start
            # … but a given name the tagger left out belongs to it ("Dmitry" of "Dmitry Peskov")
            # (not a place or a body the tagger saw: "Syria" of "ambassador to Syria Alexander Kinshchak")
            while (
                first > left
                and doc[first - 1].text[:1].isupper()
                and doc[first - 1].lower_.rstrip(".") not in TITLES
                and doc[first - 1].ent_type_ not in ("GPE", "LOC", "NORP", "ORG", "FAC")
            ):
                first -= 1
            tokens = [t for t in doc[first : ent_span.end] if not (t.i == first and t.lower_ == "the")]
    while len(tokens) > 1 and (tokens[-1].tag_ == "POS" or tokens[-1].text in ("'s", "’s", "'", "’")):
        tokens = tokens[:-1]  # "Sergei Lavrov's": the name without its possessive ending
    while len(tokens) > 1 and not any(ch.isalnum() for ch in tokens[0].text):
        tokens = tokens[1:]  # "― Olena Kovalenko": a dash the entity took in is not part of the name
    return tokens


def title_before(tokens: list[Any]) -> str | None:
    """Title words before a name in its phrase: "US Vice President" of "US Vice President J.D. Vance"."""
    first = tokens[0]
    head = tokens[-1]
    words = [
        t
        for t in head.subtree
        if t.i < first.i
        and t.dep_ in _NAME_DEPS | {"amod", "compound"}
        and not t.is_punct
        and t.lower_ not in ("the", "a", "an")
    ]
    if not words:
        return None
    start = min(t.i for t in words)
    return str(head.doc[start : first.i].text).strip(" ,") or None


def _appositive(head: Any) -> str | None:
    for child in head.children:
        if child.dep_ == "appos" and not subject_taken_for_appositive(child):
            span = head.doc[child.left_edge.i : child.right_edge.i + 1]
            return str(span.text).strip(" ,")
    return None


def _binder(pronoun: Any) -> list[Any] | None:
    """The name a subject pronoun is bound to in its own sentence: the subject of the nearest clause above
    it that has one, when that subject is a name ("Trump said he would", "Perez hammered Trump, calling
    him …, whom he described as"). None when that subject is not a name or there is none."""
    verb = pronoun.head
    for _ in range(6):
        if verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        # a name (the resolver binds only to a person the article named; "Trump" is often tagged ORG)
        if subject.pos_ == "PROPN" and subject.ent_type_ not in ("GPE", "LOC", "NORP", "FAC", "DATE"):
            return name_tokens(subject)
        return None
    return None


def name_mention(first: Any, last: Any, paragraph: Paragraph) -> Mention:
    """The words from `first` to `last` as a name, whatever the tagger made of them."""
    return Mention(
        paragraph.token_span(first, last),
        paragraph.doc[first.i : last.i + 1].text,
        "name",
        last.lower_,
        entity=last.ent_type_ or None,
    )


def it_mention(token: Any, paragraph: Paragraph) -> Mention:
    """ "it" as a speaker (`mention_of` gives none): the document or body named before, which
    `speakers.py` resolves."""
    return Mention(paragraph.token_span(token, token), token.text, "pronoun", "it", "n", False)


SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


def has_subject(verb: Any) -> bool:
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def name_tagged_adverb(token: Any) -> bool:
    """ "And Skelly called Braynard “…”", ", Early described it as “…”": a surname the tagger read as an
    adverb for its -ly, capitalised inside the sentence and right before a verb that has no subject."""
    verb = token.head
    return (
        token.text[:1].isupper()
        and token.pos_ == "ADV"
        and token.dep_ == "advmod"
        and token.is_alpha
        and verb.i == token.i + 1
        and verb.pos_ == "VERB"
        and token.i > token.sent.start
        and not has_subject(verb)
    )


def subject_taken_for_appositive(noun: Any) -> bool:
    """ "In an interview with hosts Joe Scarborough and Mika Brzezinski, the Democratic presidential
    candidate stated …": a noun phrase set off by a comma and parsed as an appositive of the name before
    it, while it is the subject of the verb right after it, which has none."""
    doc = noun.doc
    start = noun.left_edge.i
    following = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    return (
        noun.pos_ == "NOUN"
        and noun.dep_ == "appos"
        and start > 0
        and doc[start - 1].text == ","
        and doc[start].lower_ in ("the", "a", "an")
        and following is not None
        and following.pos_ == "VERB"
        and following.dep_ == "ROOT"
        and not has_subject(following)
    )


def mention_of(token: Any, paragraph: Paragraph, lexicon: Lexicon) -> Mention | None:
    """The mention a subject or agent token stands for, or None for what cannot speak ("it", "there")."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        # "Peskov, who said…": the relative pronoun stands for its antecedent, and is where it is said
        found = mention_of(token.head.head, paragraph, lexicon)
        if found is None or token.head.head.tag_ in ("WP", "WDT"):
            return found
        return replace(found, site=paragraph.token_span(token, token), site_text=token.text)
    lower = token.lower_
    if lower in INDEFINITE_SPEAKERS and token.dep_ in ("nsubj", "ROOT", "dobj", "attr", "pobj"):
        # "Another said", "“…,” tweeted another", "Some chanted": a speaker the text leaves unnamed
        return Mention(
            paragraph.token_span(token, token), token.text, "pronoun", lower, None, INDEFINITE_SPEAKERS[lower]
        )
    if token.pos_ == "PRON" or lower in PRONOUNS:
        if lower not in PRONOUNS or lower in ("it", "you"):
            return None
        gender, plural = PRONOUNS[lower]
        binder = _binder(token) if gender in ("m", "f") else None
        bound = paragraph.doc[binder[0].i : binder[-1].i + 1].text if binder else None
        return Mention(
            paragraph.token_span(token, token), token.text, "pronoun", lower, gender, plural, bound=bound
        )
    # "Trump shot back", "Vance stated": a name the tagger took for a verb or a common noun. A capitalised
    # subject is a name unless it is one of the role nouns ("Officials said").
    capitalised_subject = (
        token.text[:1].isupper()
        and (token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "ROOT" and token.i == token.sent.start))
        and token.pos_ in ("VERB", "NOUN", "ADJ", "X")
        and lower not in lexicon.speaker_nouns
        and not lower.endswith("s")
    )
    # "The French President", "the Foreign Minister": a capitalised role with no name is a description
    bare_role = (
        not token.ent_type_
        and lower in lexicon.speaker_nouns
        and all(
            t.lower_.rstrip(".") in TITLES or t.lower_ in lexicon.speaker_nouns for t in name_tokens(token)
        )
    )
    entity = token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
    named = token.pos_ == "PROPN" or entity or capitalised_subject or name_tagged_adverb(token)
    if named and not bare_role:
        tokens = name_tokens(token)
        honorific = next(
            (t.lower_ for t in token.subtree if t.lower_ in _HONORIFICS and t.i < tokens[0].i + 1), None
        )
        role = _appositive(token) or title_before(tokens)
        text = paragraph.doc[tokens[0].i : tokens[-1].i + 1].text
        return Mention(
            paragraph.token_span(tokens[0], tokens[-1]),
            text,
            "name",
            token.lower_,
            _HONORIFICS.get(honorific or ""),
            token.tag_ == "NNPS",
            role,
            token.ent_type_ or None,
        )
    if token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and any(c.dep_ == "det" for c in token.lefts)):
        # a role or description: "the spokesman", "officials", "the 46-year-old"
        left = [c for c in token.lefts if c.dep_ in _NOMINAL_LEFT]
        start = min([token.i] + [c.left_edge.i for c in left])
        # "a spokesman for the Kremlin", "the head of the delegation": the of/for phrase names whom
        end = token.i
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from", "to", "with"):
                end = child.right_edge.i
        while end > start and paragraph.doc[end].is_punct:
            end -= 1
        noun = lexicon.speaker_nouns.get(lower)
        plural = token.tag_ in ("NNS", "NNPS") or (noun.plural if noun else False)
        return Mention(
            paragraph.token_span(paragraph.doc[start], paragraph.doc[end]),
            paragraph.doc[start : end + 1].text,
            "nominal",
            lower,
            noun.gender if noun else None,
            plural,
            _appositive(token),
        )
    return None
