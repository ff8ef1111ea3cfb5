"""Who said what, within one chunk: the cue words of reported speech (verbs, "according to", stance
adjectives), the content each governs, the subject that says it, and the quotes — attributed by a cue,
by their neighbours ("…," he said; She said: "…"; Caddell continued: ¶ "…"), or by continuing the
previous speaker. Speakers come out as mentions; `speakers.py` resolves them to actors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parley.extract.document import Chunk, Paragraph
from parley.extract.layout import Signature, signatures, speaks_first_person
from parley.extract.lexicon import CueVerb, Lexicon
from parley.extract.mentions import (
    INDEFINITE_SPEAKERS,
    SUBJECT_DEPS,
    Mention,
    has_subject,
    it_mention,
    mention_of,
    name_mention,
    name_tagged_adverb,
    subject_taken_for_appositive,
)
from parley.extract.quotes import Quote
from parley.extract.speakers import DOCUMENT_NOUNS, document_issuer

Span = tuple[int, int]
_NOT_SPEAKERS = {"it", "this", "that", "there", "which", "what", "who", "these", "those", "you"}
_QUOTE_CHARS = "\"'“”„«»‘’‹›‚"
_CONTENT_DEPS_SKIP = {
    "punct",
    "cc",
    "conj",
    "nsubj",
    "nsubjpass",
    "aux",
    "auxpass",
    "neg",
    "advmod",
    "npadvmod",
}


@dataclass(slots=True)
class Found:
    """A statement before its speaker is resolved."""

    kind: str  # direct | indirect
    span: Span
    mention: Mention | None
    cue_text: str | None
    cue_span: Span | None
    mixed: bool = False
    continues: Span | None = None  # the span of the statement this one goes on from
    inherited: bool = False  # the speaker was carried over from the statement before
    quotes: list[Quote] = field(default_factory=list)


# --- small token helpers ---------------------------------------------------------------------------


def _in_any(char: int, spans: list[Span]) -> bool:
    return any(s <= char < e for s, e in spans)


def _trim(paragraph: Paragraph, first: Any, last: Any) -> Span | None:
    """The character span from `first` to `last`, without edge punctuation (quotation marks are kept
    when the content is quoted; a trailing period or comma is not part of a clause)."""
    doc = paragraph.doc
    i, j = first.i, last.i
    while i <= j and ((doc[i].is_punct and doc[i].text not in _QUOTE_CHARS) or doc[i].is_space):
        i += 1
    while j >= i and ((doc[j].is_punct and doc[j].text not in _QUOTE_CHARS) or doc[j].is_space):
        j -= 1
    if j < i:
        return None
    return paragraph.token_span(doc[i], doc[j])


def _subject_rank(subject: Any, verb: Any) -> tuple[bool, bool, int]:
    return (
        subject.ent_type_ == "PERSON",
        subject.pos_ == "PROPN",
        subject.i if subject.i < verb.i else -subject.i,
    )


def _name_just_before(verb: Any) -> Any | None:
    """ "At the party convention Sen. Elizabeth Warren (D-MA) said …" parsed with the name hanging on the
    convention and no subject: a person's name right before the verb, a party-state bracket or a comma
    between, is who speaks."""
    doc = verb.doc
    i = verb.i - 1
    if i >= 0 and doc[i].text == ")":
        while i >= 0 and doc[i].text != "(" and verb.i - i < 8:
            i -= 1
        i -= 1
    elif i >= 0 and doc[i].text == ",":  # "…, her senior policy adviser, Jake Sullivan, said"
        i -= 1
    if i >= 0 and doc[i].ent_type_ == "PERSON" and doc[i].dep_ in ("appos", "pobj", "compound", "dobj"):
        return doc[i]
    if i == verb.i - 1 and subject_taken_for_appositive(doc[i]):
        return doc[i]
    return None


def subject_of(verb: Any) -> Any | None:
    """The subject of a cue verb; for "…, adding that" and "…, saying", that of the verb they hang on."""
    seen = 0
    while verb is not None and seen < 4:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None) if not seen else None
        if agent is not None and any(c.dep_ == "auxpass" for c in verb.children):
            # "Sanders was asked by host Bill Maher": the one who asks is the agent (of the cue itself: in
            # "Silverman was joined by Al Franken and joked", who jokes is the subject)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if by is not None:
                return by
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            # two subjects is a parse error ("Salem, New Hampshire, Trump went"): a person's name first,
            # then any name, then the one nearest before the verb
            return max(subjects, key=lambda c: _subject_rank(c, verb))
        if not seen and verb.dep_ == "ROOT":
            name = _name_just_before(verb)
            if name is not None:
                return name
        if verb.i > 0 and name_tagged_adverb(verb.doc[verb.i - 1]):
            return verb.doc[verb.i - 1]
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            if verb.head.dep_ not in ("dobj", "dative", "pobj", "iobj") or verb.head.head.i == verb.head.i:
                return verb.head  # "protesters shouting …": the participle describes its speaker
            verb = verb.head.head  # "emailed supporters saying": the one who emailed says it
            seen += 1
            continue
        if (
            verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "pobj")
            and verb.head.i != verb.i
        ):
            verb = verb.head
            seen += 1
            continue
        if (
            seen
            and verb.dep_ == "ROOT"
            and verb.pos_ in ("NOUN", "PROPN")
            and verb.text[:1].isupper()
            and verb.i == verb.sent.start
        ):
            # "Trump defended eminent domain, calling it …" parsed with "Trump" as the root noun: the name
            # that opens the sentence is who acts
            return verb
        return None
    return None


def cue_verb(token: Any, lexicon: Lexicon) -> CueVerb | None:
    """The cue verb `token` is (alone, or as the first word of "shot back", "pointed out"), if any."""
    doc = token.doc
    for words, phrase in lexicon.cue_phrases.get(token.lower_, ()):
        if all(token.i + k < len(doc) and doc[token.i + k].lower_ == w for k, w in enumerate(words)):
            return phrase
    verb = lexicon.cue_forms.get(token.lower_)
    if verb is None or (token.i > 0 and doc[token.i - 1].text == "-"):
        return None  # "self-described", "so-called": part of a compound, not a verb of speech
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return verb
    return None


def is_cue(token: Any, lexicon: Lexicon) -> bool:
    return cue_verb(token, lexicon) is not None


def _negated(verb: Any) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _cue_text(verb: Any, lexicon: Lexicon | None = None) -> tuple[str, int, int]:
    """The cue as it reads: the verb with its particle ("called for", "pointed out", "shot back")."""
    start, end = verb.i, verb.i
    doc = verb.doc
    for words, _ in lexicon.cue_phrases.get(verb.lower_, ()) if lexicon else ():
        if all(verb.i + k < len(doc) and doc[verb.i + k].lower_ == w for k, w in enumerate(words)):
            end = max(end, verb.i + len(words) - 1)
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end + 1:
            end = child.i
        if (
            verb.lemma_ == "call"
            and child.dep_ == "prep"
            and child.lower_ in ("for", "on")
            and child.i == end + 1
        ):
            end = child.i
    doc = verb.doc
    return doc[start : end + 1].text, start, end


# --- the content a cue governs ---------------------------------------------------------------------


def _content_tokens(verb: Any, kind: str) -> tuple[Any, Any] | None:
    """First and last token of what the cue reports."""
    children = list(verb.children)
    clauses = [
        c
        for c in children
        if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN")
    ]
    if kind == "say" and clauses:
        clause = clauses[0] if clauses[0].dep_ == "ccomp" else clauses[-1]
        return clause.left_edge, clause.right_edge
    if kind in ("object", "urge", "say"):
        rights = [
            c
            for c in children
            if c.i > verb.i and c.dep_ not in _CONTENT_DEPS_SKIP and c.dep_ not in ("dative",)
        ]
        if kind == "say":
            # say-verbs report a clause; an object alone ("said nothing", "told reporters") is not content
            rights = [c for c in rights if c.dep_ in ("ccomp", "xcomp", "dobj") and c.pos_ in ("VERB", "AUX")]
        if kind == "urge":
            rights = [c for c in rights if c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "oprd")]
        if not rights:
            return None
        return min(c.left_edge for c in rights), max(c.right_edge for c in rights)
    return None


def _quoted_right_side(verb: Any, paragraph: Paragraph, quotes: list[Span]) -> tuple[Any, Any] | None:
    """For a cue whose object holds a quotation ("called her “a rising star”", "noted … “Buffalo to
    Albany”"), the words after the verb are the content."""
    rights = [c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "cc", "conj")]
    if not rights:
        return None
    first, last = min(c.left_edge for c in rights), max(c.right_edge for c in rights)
    start, end = paragraph.char(first), paragraph.char(last) + len(last.text)
    if any(start <= q[0] < end for q in quotes):
        return first, last
    return None


@dataclass(slots=True)
class CueHit:
    content: Span
    mention: Mention | None
    cue_text: str
    cue_span: Span
    paragraph: Paragraph


def cue_hits(chunk: Chunk, lexicon: Lexicon) -> list[CueHit]:
    """Every cue in the chunk with the content it governs and the mention of who speaks."""
    quote_spans = [q.span for q in chunk.quotes]
    hits: list[CueHit] = []
    for paragraph in chunk.paragraphs:
        doc = paragraph.doc
        here = [(s, e) for s, e in quote_spans if s < paragraph.end and e > paragraph.start]
        for token in doc:
            if here and _in_any(paragraph.char(token), here):
                continue  # speech reported inside a quote belongs to the quoted speaker's words
            hit = None
            if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
                hit = _according_to(token, paragraph, lexicon)
            elif token.lower_ in lexicon.stance_adjectives and token.pos_ == "ADJ":
                hit = _stance(token, paragraph, lexicon)
            elif _as_one_puts_it(token, lexicon):
                hit = _as_clause_cue(token, paragraph, lexicon, quote_spans)
            elif is_cue(token, lexicon) and not _negated(token):
                hit = _verb_cue(token, paragraph, lexicon, quote_spans)
            elif token.lower_ in _NOUN_CUES and token.pos_ == "NOUN":
                hit = _noun_cue(token, paragraph, lexicon)
            if hit is not None:
                hits.append(hit)
    return hits


_NEGATIVE = {"no", "none", "neither", "nobody", "nor"}
_WH = {"what", "whatever", "which"}
_PERSON_SUFFIXES = (
    "ist",
    "ists",
    "ian",
    "ians",
    "man",
    "men",
    "woman",
    "women",
    "person",
    "people",
    "er",
    "ers",
    "or",
    "ors",
)


def _as_one_puts_it(verb: Any, lexicon: Lexicon) -> bool:
    """ "as Ruth Marcus puts it, …", "as he noted, …": a clause of manner whose verb tells whose words the
    clause it hangs on gives."""
    if verb.dep_ != "advcl" or verb.left_edge.lower_ != "as" or verb.left_edge.dep_ != "mark":
        return False
    if not any(c.dep_ == "nsubj" and c.i < verb.i for c in verb.children):
        return False  # "as reported by BuzzFeed": passive, the outlet is not the one quoted
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return False
    if verb.lemma_ == "put":
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)
    cue = cue_verb(verb, lexicon)
    return cue is not None and cue.kind == "say"


def _as_clause_cue(verb: Any, paragraph: Paragraph, lexicon: Lexicon, quotes: list[Span]) -> CueHit | None:
    """The clause "as X puts it" hangs on, when it quotes X (without a quotation it is the writer's
    paraphrase more often than a report)."""
    subject = subject_of(verb)
    mention = mention_of(subject, paragraph, lexicon) if subject is not None else None
    if mention is None or not can_speak(mention, lexicon):
        return None
    own = {t.i for t in verb.subtree}
    words = [t for t in verb.head.subtree if t.i not in own and not t.is_punct]
    after = [t for t in words if t.i > verb.right_edge.i]
    before = [t for t in words if t.i < verb.left_edge.i]
    # the clause opens the sentence ("because, as he puts it, …") or closes it (", as Cruz said"); in the
    # middle it qualifies a phrase, not the whole
    words = after if len(before) <= 2 else before if not after else []
    if len(words) < 3:
        return None
    content = _trim(paragraph, words[0], words[-1])
    if content is None or not any(content[0] <= q[0] < content[1] for q in quotes):
        return None
    text, start, end = _cue_text(verb, lexicon)
    if verb.lemma_ == "put":
        text, start, end = verb.doc[verb.i : verb.i + 2].text, verb.i, verb.i + 1
    return CueHit(content, mention, text, paragraph.token_span(verb.doc[start], verb.doc[end]), paragraph)


def can_speak(mention: Mention, lexicon: Lexicon) -> bool:
    """Whether a mention can be the source of reported speech: a name, a personal pronoun, or a noun for
    people, a body or a document ("officials", "the committee", "the report", "a study", "the ad") — not
    "the data" or "the decision"."""
    if mention.kind != "nominal":
        return True
    if mention.head in lexicon.speaker_nouns:
        return True
    return mention.head.endswith(_PERSON_SUFFIXES) and len(mention.head) > 4


def _verb_cue(verb: Any, paragraph: Paragraph, lexicon: Lexicon, quotes: list[Span]) -> CueHit | None:
    cue = cue_verb(verb, lexicon)
    assert cue is not None
    if cue.kind == "quote":
        return None  # "continued" attributes the quotation beside it, and nothing else
    if cue.kind in ("object", "urge") and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "is accused of …": the subject is the one spoken about
    if any(c.dep_ == "dobj" and c.lower_ in _WH for c in verb.children):
        return None  # "what he calls corruption": naming, not reporting
    if (
        verb.dep_ == "xcomp"
        and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        and verb.head.lower_ not in lexicon.cue_forms
        and verb.head.lemma_ not in ("go", "continue", "have")
    ):
        return None  # "refused to say", "declined to comment"
    bounds = _content_tokens(verb, cue.kind) or _quoted_right_side(verb, paragraph, quotes)
    if bounds is None:
        return None
    content = _trim(paragraph, *bounds)
    if content is None or content[1] - content[0] < 8:
        return None
    if _asked_whom(verb) and any(content[0] <= q[0] < content[1] for q in quotes):
        return None  # "When asked why, Sembler responded: “…”": the answer is Sembler's quotation
    subject = subject_of(verb)
    if subject is not None and _not_speaker(subject) and not _in_any(paragraph.char(subject), quotes):
        return None  # "it was said that…", "this suggests…"
    if subject is not None and any(c.lower_ in _NEGATIVE for c in subject.subtree):
        return None  # "none of his rivals attacked him"
    mention = speaker_mention(verb, paragraph, lexicon, quotes)
    if mention is not None and not can_speak(mention, lexicon):
        return None  # "a study concluded", "some polls indicating"
    if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in verb.children) and mention is None:
        return None  # "it was announced that…": nobody to attribute
    text, start, end = _cue_text(verb, lexicon)
    return CueHit(content, mention, text, paragraph.token_span(verb.doc[start], verb.doc[end]), paragraph)


def _asked_whom(verb: Any) -> bool:
    """A participle after "when"/"if" with no subject of its own ("When asked why", "If pressed"): what
    was put to the speaker of the main clause, by someone the text leaves out."""
    doc = verb.doc
    return (
        verb.i > 0
        and doc[verb.i - 1].lower_ in ("when", "if", "once", "after", "before", "unless", "until")
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    )


def speaker_mention(verb: Any, paragraph: Paragraph, lexicon: Lexicon, quotes: list[Span]) -> Mention | None:
    """Who says what `verb` reports: its subject, never a word inside a quotation. A speech verb set inside
    the clause ("CNN, Cruz said, called the announcement “highly significant”") reports the whole clause:
    its subject is the speaker."""
    for aside in verb.children:
        if aside.dep_ != "parataxis" or _in_any(paragraph.char(aside), quotes):
            continue
        if is_cue(aside, lexicon):
            mention = speaker_mention(aside, paragraph, lexicon, quotes)
            if mention is not None:
                return mention
    reporter = _reporting_verb(verb, lexicon)
    if reporter is not None:
        # "Trump told Newsmax that Romney “…,” adding, “…”": the participle goes with the verb that
        # reports the clause it hangs on, not with that clause's own subject
        return speaker_mention(reporter, paragraph, lexicon, quotes)
    subject = subject_of(verb)
    doc = verb.doc
    inverted = verb.i > 1 and doc[verb.i - 1].text in (",", "—") and doc[verb.i - 2].text in _QUOTE_CHARS
    if subject is None and inverted and verb.i + 1 < len(doc):
        # "…," said the spokesman: the noun after the verb
        subject = next((t for t in doc[verb.i + 1 : verb.i + 6] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if subject is not None and _in_any(paragraph.char(subject), quotes):
        # the parser took a word of the quotation for the subject ("“Happy Cinco de Mayo!,” he tweeted"); a
        # participle ("…, telling the crowd, “…”") belongs to the sentence's main clause
        root = verb.sent.root
        main = subject_of(root) if verb.tag_ == "VBG" and root.i != verb.i else None
        if main is not None and not _in_any(paragraph.char(main), quotes) and main.i < verb.i:
            subject = main
        else:
            subject = _nearest_speaker_word(verb, quotes, paragraph)
    if subject is None or _not_speaker(subject):
        return None
    if subject.lower_ == "it":
        return it_mention(subject, paragraph)
    return mention_of(subject, paragraph, lexicon)


def _not_speaker(subject: Any) -> bool:
    """ "it", "this", "there"…; a relative pronoun stands for its antecedent ("Peskov, who said"), and
    "it" as what a document or a body says ("“…,” it read", "It added that …") does speak."""
    relative = subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl"
    return subject.lower_ in _NOT_SPEAKERS and not relative and not _it_speaks(subject)


# what a document, a statement or a body does when "it" is its subject; "it means", "it shows" are not
# reported speech, and "it is said that" has no speaker at all
_IT_VERBS = frozenset(
    [
        "say",
        "read",
        "state",
        "add",
        "write",
        "continue",
        "note",
        "argue",
        "claim",
        "conclude",
        "warn",
        "declare",
        "call",
        "accuse",
        "urge",
        "insist",
        "announce",
        "report",
        "describe",
        "stress",
        "recommend",
        "allege",
        "assert",
        "explain",
        "acknowledge",
    ]
)


def _it_speaks(subject: Any) -> bool:
    verb = subject.head
    return (
        subject.lower_ == "it"
        and subject.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and verb.lemma_ in _IT_VERBS
        and not any(c.dep_ == "auxpass" for c in verb.children)
    )


def _reporting_verb(verb: Any, lexicon: Lexicon) -> Any | None:
    """For a subjectless participle cue hanging on the reported clause of another cue ("told … that Romney
    had …, adding"), that other cue."""
    if verb.dep_ not in ("advcl", "xcomp", "conj") or has_subject(verb):
        return None
    clause = verb.head
    if clause.dep_ != "ccomp" or clause.head.i >= clause.i:
        return None  # the reporting verb comes first ("told … that"); one after it is a misparse
    if is_cue(clause, lexicon) and has_subject(clause):
        return None  # "…,” Lewandowski added, saying …": the participle goes with the cue it hangs on
    return clause.head if is_cue(clause.head, lexicon) else None


def _nearest_speaker_word(verb: Any, quotes: list[Span], paragraph: Paragraph) -> Any | None:
    """The name, pronoun or noun just before the verb (or just after it: "said Trump"), outside quotes."""
    doc = verb.doc
    window = list(doc[max(0, verb.i - 6) : verb.i])[::-1] + list(doc[verb.i + 1 : verb.i + 6])
    for token in window:
        if _in_any(paragraph.char(token), quotes) or token.is_punct:
            continue
        if token.pos_ in ("PROPN", "PRON", "NOUN"):
            return token
    return None


_NOUN_CUES = {
    "statement",
    "claim",
    "assertion",
    "remark",
    "comment",
    "warning",
    "announcement",
    "insistence",
    "argument",
    "suggestion",
    "pledge",
    "promise",
    "vow",
    "threat",
    "demand",
    "accusation",
    "denial",
    "admission",
    "assurance",
    "prediction",
    "contention",
    "declaration",
}


def _noun_cue(noun: Any, paragraph: Paragraph, lexicon: Lexicon) -> CueHit | None:
    """ "Lavrov's statement that …", "a warning by the Kremlin that …": a noun of speech, its that-clause,
    and its possessor (or agent) as the speaker."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        holder = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    mention = mention_of(holder, paragraph, lexicon) if holder is not None else None
    if mention is None or not can_speak(mention, lexicon):
        return None
    content = _trim(paragraph, clause.left_edge, clause.right_edge)
    if content is None or content[1] - content[0] < 8:
        return None
    return CueHit(content, mention, noun.text, paragraph.token_span(noun, noun), paragraph)


def _according_to(token: Any, paragraph: Paragraph, lexicon: Lexicon) -> CueHit | None:
    doc = paragraph.doc
    to = doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in token.children if c.dep_ == "pobj"]
    speaker = objects[0] if objects else (doc[token.i + 2] if token.i + 2 < len(doc) else None)
    if speaker is None:
        return None
    mention = mention_of(speaker, paragraph, lexicon)
    phrase_end = max([speaker.right_edge.i, to.i])
    sent = token.sent
    before = (sent.start, token.i - 1)
    after = (phrase_end + 1, sent.end - 1)
    # the content is the rest of the sentence: after the phrase when it opens the sentence, else before it
    if token.i - sent.start <= 3 and after[1] >= after[0]:
        first, last = doc[after[0]], doc[after[1]]
    elif before[1] >= before[0]:
        first, last = doc[before[0]], doc[before[1]]
    else:
        return None
    content = _trim(paragraph, first, last)
    if content is None or content[1] - content[0] < 8:
        return None
    return CueHit(
        content, mention, doc[token.i : token.i + 2].text, paragraph.token_span(token, to), paragraph
    )


def _stance(adjective: Any, paragraph: Paragraph, lexicon: Lexicon) -> CueHit | None:
    """ "X is not confident that …": a stated stance, reported as the holder's statement."""
    clause = next((c for c in adjective.children if c.dep_ == "ccomp"), None)
    copula = adjective.head if adjective.dep_ == "acomp" else None
    if clause is None or copula is None:
        return None
    subject = next((c for c in copula.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.lower_ in _NOT_SPEAKERS:
        return None
    mention = mention_of(subject, paragraph, lexicon)
    if mention is None or (mention.kind == "pronoun" and mention.head in ("it",)):
        return None
    content = _trim(paragraph, clause.left_edge, clause.right_edge)
    if content is None:
        return None
    doc = paragraph.doc
    # "is not confident": the copula, a negation and the adjective
    first = min([copula.i] + [c.i for c in copula.children if c.dep_ == "neg"])
    first = min(first, adjective.i)
    return CueHit(
        content,
        mention,
        doc[first : adjective.i + 1].text,
        paragraph.token_span(doc[first], adjective),
        paragraph,
    )


# --- quotes ----------------------------------------------------------------------------------------


def is_statement_quote(quote: Quote, text: str) -> bool:
    """A quotation that can be someone's words, not a scare-quoted term ("the “peace plan”"), a title, or
    markup (`<tweet id="…">`)."""
    words = text[quote.span[0] : quote.span[1]].split()
    before = text[max(0, quote.outer[0] - 30) : quote.outer[0]]
    if before.rstrip().endswith("=") or ("<" in before and ">" not in before.split("<")[-1]):
        return False  # an attribute value inside markup
    if not any(ch.isalpha() for ch in "".join(words)):
        return False
    if _a_title(words, before, text[quote.outer[1] : quote.outer[1] + 20]):
        return False
    if len(words) <= 2:
        # a term: "the “peace plan”", "its ‘red lines’", a word the writer holds at arm's length
        last_before = before.rstrip().split()[-1:] or [""]
        if last_before[0].lower().strip("(") in (
            "the",
            "a",
            "an",
            "its",
            "their",
            "his",
            "her",
            "our",
            "this",
            "that",
            "so-called",
            "called",
            "as",
            "of",
            "so",
        ):
            return False
    return True


# works that carry a name ("the “Jeb Can Fix It” tour", "the show “New Day”")
_WORKS = frozenset(
    ["show", "program", "programme", "book", "film", "movie", "series", "song", "album", "tour"]
)
# words that introduce the name of a show, a book or a campaign ("on CNN's “New Day”", "titled “Unifier?”")
_TITLE_INTRODUCERS = _WORKS | {"on", "with", "the", "titled", "entitled", "called", "named", "slogan"}
# what a name before them names ("a “Jeb Can Fix It” tour", the “Gang of Eight” bill)
_TITLED_NOUNS = _WORKS | {"bill", "ad", "campaign"}
_TITLE_SMALL_WORDS = frozenset(["of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "or"])


def _a_title(words: list[str], before: str, after: str) -> bool:
    """A short quotation in Title Case after a word that introduces a name, or before a noun it names: a
    title, not speech."""
    if not 1 <= len(words) <= 5:
        return False
    cased = [w.strip("\"'“”‘’,.!?") for w in words]
    if not all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in cased if w):
        return False
    last = (before.rstrip().split()[-1:] or [""])[0]
    following = (after.split()[:1] or [""])[0].strip(",.;:").lower()
    return last.lower() in _TITLE_INTRODUCERS or last.endswith(("’s", "'s")) or following in _TITLED_NOUNS


def _within(content: Span, outer: Span) -> bool:
    return outer[0] <= content[0] and content[1] <= outer[1]


def _quote_in(content: Span, quote: Quote) -> bool:
    """The quotation is part of the content: it starts inside it, or overlaps it at all (the parse may
    leave the opening mark outside the clause)."""
    return quote.span[0] < content[1] and quote.span[1] > content[0]


def _covers(quote: Quote, content: Span) -> bool:
    """The quote is (almost) the whole content, or the content lies inside the quote."""
    if quote.outer[0] <= content[0] and content[1] <= quote.outer[1] + 1:
        return True
    inside = max(0, min(quote.outer[1], content[1]) - max(quote.outer[0], content[0]))
    return inside >= 0.8 * (content[1] - content[0])


def attribute(chunk: Chunk, lexicon: Lexicon) -> list[Found]:
    """All statements of the chunk, in text order, speakers as mentions."""
    text = chunk.text
    hits = cue_hits(chunk, lexicon)
    quotes = [q for q in chunk.quotes if is_statement_quote(q, text)]
    found: list[Found] = []
    blocks = signatures(chunk, lexicon)
    if blocks:
        # a page that prints block quotes: its quote paragraphs are statements, and reported speech
        # inside them is the speaker's own words, not a statement of its own
        layout = _layout_statements(chunk, hits, blocks, lexicon)
        inside = [f.span for f in layout]
        hits = [h for h in hits if not _in_any(h.cue_span[0], inside)]
        for statement in layout:
            # a signed paragraph in quotation marks: the statement is the quotation, not the marks around it
            held = [q for q in quotes if statement.span[0] <= q.outer[0] and q.outer[1] <= statement.span[1]]
            if len(held) == 1 and held[0].outer == statement.span:
                statement.span = held[0].span
        quotes = [q for q in quotes if not _in_any(q.span[0], inside)]
        found.extend(layout)
    # "“…,” X said." read off the surface first: the parse of such sentences is often wrong (the speaker
    # taken into the quotation's clause), while the order of the words is not.
    for q in quotes:
        tail = (
            _tail_pattern(chunk, q, lexicon)
            or _dash_signature(chunk, q, lexicon)
            or _inverted_intro(chunk, q, lexicon)
            or _name_colon(chunk, q, lexicon)
        )
        if tail is None:
            continue
        mention, cue_text, cue_span = tail
        found.append(Found("direct", q.span, mention, cue_text, cue_span, quotes=[q]))
        # the cue read off the surface, and any other cue whose content is just this quotation ("Rhimes
        # declared the need …: “Change the world,” she said" is one statement, the tail's)
        hits = [h for h in hits if h.cue_span != cue_span and not _within(h.content, q.outer)]
        if cue_text == ":":  # "Pollsters agree - Carl Bialik: “…”": "agree" reports none of it
            hits = [h for h in hits if not (h.content[0] < q.outer[1] and q.outer[0] < h.content[1])]
    quotes = [q for q in quotes if not any(f.quotes and f.quotes[0] is q for f in found)]
    # Each quotation goes to the innermost cue whose content holds it, a cue that reports it whole first:
    # in "Cruz said he is certain Rubio will be “a champion”" the quote is Cruz's, in "X said Y called it
    # “a disaster”" it is Y's.
    whole_of: dict[int, int] = {}
    parts_of: dict[int, list[int]] = {}
    claimed: set[int] = set()  # quotes already part of a statement
    for qi, q in enumerate(quotes):
        covering = [hi for hi, h in enumerate(hits) if _covers(q, h.content)]
        holding = [hi for hi, h in enumerate(hits) if _quote_in(h.content, q)]
        if covering:
            best = min(covering, key=lambda hi: hits[hi].content[1] - hits[hi].content[0])
            if best not in whole_of:
                whole_of[best] = qi
                claimed.add(qi)
                continue
        if holding:
            best = min(holding, key=lambda hi: hits[hi].content[1] - hits[hi].content[0])
            parts_of.setdefault(best, []).append(qi)
            claimed.add(qi)
    for hi, hit in enumerate(hits):
        if hi in whole_of:
            q = quotes[whole_of[hi]]
            found.append(Found("direct", q.span, hit.mention, hit.cue_text, hit.cue_span, quotes=[q]))
            continue
        partial = parts_of.get(hi, [])
        span = hit.content
        if partial:
            # the statement holds the whole of each quotation it quotes, its marks included
            span = (
                min(span[0], *(quotes[i].outer[0] for i in partial)),
                max(span[1], *(quotes[i].outer[1] for i in partial)),
            )
        found.append(
            Found(
                "direct" if partial else "indirect",
                span,
                hit.mention,
                hit.cue_text,
                hit.cue_span,
                mixed=bool(partial),
                quotes=[quotes[i] for i in partial],
            )
        )
    for i, q in enumerate(quotes):
        if i in claimed:
            continue
        attribution = _neighbour_attribution(chunk, q, hits, lexicon)
        if attribution is not None:
            mention, cue_text, cue_span = attribution
            found.append(Found("direct", q.span, mention, cue_text, cue_span, quotes=[q]))
        else:
            found.append(Found("direct", q.span, None, None, None, quotes=[q]))
    found.sort(key=lambda f: f.span)
    _continue_speakers(chunk, found)
    kept = [f for f in found if f.mention is not None or f.cue_text is not None or _speech_like(f, text)]
    for statement in kept:
        # decided after what is kept: a guessed speaker must not turn a scare quote into a statement
        if statement.kind == "direct" and statement.mention is None:
            statement.mention = _sentence_speaker(chunk, statement, lexicon)
    return kept


_TAIL_STOPS = {"that", "who", "which", "while", "when", "as", "because", "but", "and", "after", "before"}


def _tail_pattern(chunk: Chunk, quote: Quote, lexicon: Lexicon) -> tuple[Mention | None, str, Span] | None:
    """ "“…,” the Kremlin spokesman told reporters." / "“…,” said Peskov." / "“…?” she asked.": a quotation
    closed by a comma, question or exclamation mark, then a speaker and a cue (in either order) before the
    sentence goes on. Not when the cue goes on to introduce the next quotation ("“Cruz,” Beck joked:
    “Amen!”"), which is its own."""
    text = chunk.text
    closing = text[max(quote.span[0], quote.outer[1] - 3) : quote.outer[1]]
    after_mark = text[quote.outer[1] : quote.outer[1] + 2]
    if not (any(ch in closing for ch in ",?!—") or after_mark.startswith((",", " —"))):
        return None
    paragraph = chunk.paragraph_at(quote.outer[1] - 1)
    if paragraph is None or quote.outer[1] >= paragraph.end:
        return None
    doc = paragraph.doc
    first = paragraph.token_at(quote.outer[1])
    if first is None or paragraph.char(first) < quote.outer[1]:
        return None
    tokens = list(doc[first.i : first.i + 40])
    while tokens and (tokens[0].is_punct and tokens[0].text not in _QUOTE_CHARS):
        tokens = tokens[1:]
    commas = 0
    closed_at = len(tokens)  # where a long appositive's closing comma is
    for k, token in enumerate(tokens):
        if token.text in _QUOTE_CHARS or (token.is_punct and token.text in ".;"):
            return None
        # inside an appositive after the speaker's name ("“…,” Trump, the frontrunner … after winning the
        # primaries, said") the words that end a tail elsewhere belong to the appositive
        if token.lower_ in _TAIL_STOPS and commas != 1:
            return None
        if (k >= 25 and commas == 0) or k > closed_at + 4:
            return None  # past 25 words the cue must follow the appositive's closing comma closely
        if token.text == ",":
            commas += 1  # one appositive may stand between the speaker and the cue, no more
            if commas == 2 and k >= 25:
                closed_at = k
            if commas > 2 or not any(t.pos_ in ("PROPN", "PRON") or t.ent_type_ for t in tokens[:k]):
                return None
        if token.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT"):
            continue
        cue = cue_verb(token, lexicon) or _cue_tagged_noun(token, k, lexicon)
        if cue is None:
            if k >= 8 and commas == 0:
                return None  # too far for "“…,” X said": the sentence goes on with something else
            continue
        text_, s, e = _cue_text(token, lexicon)
        following = doc[e + 1 : e + 4]
        if any(t.text == ":" for t in following[:1]) or (
            len(following) >= 2 and following[0].text == "," and following[1].text in _QUOTE_CHARS
        ):
            return None  # "Beck joked: “Amen!”": the cue introduces the next quotation
        before = tokens[:k]
        if before:  # "“…,” Texas delegate Bill Eastland, wearing a hat, said": the speaker is before the cue
            mention = _speaker_in(before, paragraph, lexicon)
        else:  # "“…,” said Peskov, the Kremlin spokesman."
            after = list(doc[e + 1 : e + 12])
            cut = next((i for i, t in enumerate(after) if t.is_punct or t.lower_ in _TAIL_STOPS), len(after))
            mention = _speaker_in(after[:cut], paragraph, lexicon)
        if mention is None:
            return None
        return mention, text_, paragraph.token_span(doc[s], doc[e])
    return None


def _cue_tagged_noun(token: Any, k: int, lexicon: Lexicon) -> CueVerb | None:
    """ "“…,” the two write.", "“…,” the Saudis state in the white paper": in a tail the tagger may take a
    verb of speech after a short subject for a noun; it is the cue when nothing but the sentence's end or a
    preposition follows it."""
    if k == 0 or token.pos_ != "NOUN" or token.doc[token.i - 1].pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.pos_ != "ADP" and following.text not in ".,;":
        return None
    return lexicon.cue_forms.get(token.lower_)


# "“…” ― Esther Tapia": a quotation signed by a dash and a name that ends the line (vox pops, epigraphs)
_DASH_SIGNATURE = re.compile(
    r"[^\S\n]*[―—–][^\S\n]*([A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,3})[^\S\n]*\.?[^\S\n]*(?:\n|$)"
)


def _dash_signature(chunk: Chunk, quote: Quote, lexicon: Lexicon) -> tuple[Mention | None, str, Span] | None:
    """The name after a dash that closes the quotation's line is its speaker."""
    text = chunk.text
    found = _DASH_SIGNATURE.match(text, quote.outer[1])
    if found is None:
        return None
    paragraph = chunk.paragraph_at(found.start(1))
    if paragraph is None:
        return None
    first = paragraph.token_at(found.start(1))
    if first is None or paragraph.char(first) != found.start(1):
        return None
    tokens = [t for t in paragraph.doc[first.i : first.i + 6] if paragraph.char(t) < found.end(1)]
    mention = _speaker_in(tokens, paragraph, lexicon)
    if mention is None:
        return None
    dash = text.index(found.group(0).strip()[0], quote.outer[1])
    return mention, text[dash], (dash, dash + 1)


# "Said Ellis: “…”" / "Added the minister: “…”": a cue verb opening the sentence, its speaker after it
_INVERTED_INTRO = re.compile(
    r"(?:^|(?<=[.!?”\"]\s)|(?<=\n))(Said|Added|Asked|Replied|Wrote|Explained|Noted)[ \t]+"
    r"((?:the[ \t]+)?[\w.'’-]+(?:[ \t]+[\w.'’-]+){0,4})[ \t]*:[ \t]*$"
)


def _inverted_intro(chunk: Chunk, quote: Quote, lexicon: Lexicon) -> tuple[Mention | None, str, Span] | None:
    """The speaker named after a cue that opens the sentence and introduces the quotation with a colon."""
    start = max(0, quote.outer[0] - 80)
    found = _INVERTED_INTRO.search(chunk.text[start : quote.outer[0]])
    if found is None:
        return None
    paragraph = chunk.paragraph_at(start + found.start(2))
    if paragraph is None:
        return None
    first = paragraph.token_at(start + found.start(2))
    if first is None:
        return None
    tokens = [t for t in paragraph.doc[first.i : first.i + 6] if paragraph.char(t) < start + found.end(2)]
    mention = _speaker_in(tokens, paragraph, lexicon)
    if mention is None:
        return None
    return mention, found.group(1), (start + found.start(1), start + found.end(1))


_NAME_OPENERS = ("-", "—", "–", ":", "(", "from")


def _name_colon(chunk: Chunk, quote: Quote, lexicon: Lexicon) -> tuple[Mention | None, str, Span] | None:
    """ "Trump: “…”", "- Frank Newport and Jim Harter: “…”", "Pollsters agree - Carl Bialik: “…”",
    "Rep. Trey Gowdy (R-S.C.): “…”": names and a colon right before the quotation, opening the sentence
    or after a dash, whatever verb the sentence had before the dash (transcripts, round-ups)."""
    paragraph = chunk.paragraph_at(quote.outer[0])
    if paragraph is None:
        return None
    opening = paragraph.token_at(quote.outer[0])
    if opening is None or opening.i < 2 or opening.doc[opening.i - 1].text not in (":", "):"):
        return None
    colon = opening.doc[opening.i - 1]
    head = list(opening.doc[max(0, opening.i - 14) : colon.i])
    if colon.text == "):" or (len(head) > 2 and head[-1].text == ")"):
        if "(" not in [t.text for t in head[-6:]]:
            return None
        head = head[: max(i for i, t in enumerate(head) if t.text == "(")]  # a party and state
    names: list[Any] = []
    for token in reversed(head):
        capitalised = token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper())
        if not (capitalised or (names and token.lower_ in (".", "and", "&"))):
            break
        names.append(token)
    if not names or len(names) > 6:
        return None
    opener = head[-1 - len(names)] if len(head) > len(names) else None
    # the names open the sentence, or follow a dash, a colon or a bracket
    if opener is not None and not (
        opener.is_sent_end or opener.i < names[-1].sent.start or opener.text in _NAME_OPENERS
    ):
        return None
    name = names[0]
    mention = mention_of(name, paragraph, lexicon)
    if mention is None or mention.kind == "nominal":
        # "Trump: “…”" tagged as a common noun: the capitalised words are a name all the same
        mention = name_mention(names[-1], name, paragraph)
    if mention.kind == "name" and mention.head in lexicon.speaker_nouns:
        return None  # "Officials: “…”"
    end = paragraph.char(colon) + len(colon.text)
    return mention, ":", (end - 1, end)  # the colon alone, also of "):"


def _speaker_in(tokens: list[Any], paragraph: Paragraph, lexicon: Lexicon) -> Mention | None:
    """The speaker a short run of words names: a person's name first, then a pronoun, then the head of the
    noun phrase before any comma ("Texas delegate Bill Eastland, wearing a cowboy hat" → Bill Eastland)."""
    core: list[Any] = []
    for token in tokens:
        if token.text == ",":
            break
        core.append(token)
    if len(core) == 2 and core[0].lower_ == "the" and core[1].pos_ == "NUM":
        # "“…,” the two write.": a group the text numbers but does not name
        words = paragraph.doc[core[0].i : core[1].i + 1].text
        return Mention(paragraph.token_span(core[0], core[1]), words, "pronoun", core[1].lower_, None, True)
    core = [t for t in core if t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT")]
    persons = [t for t in core if t.ent_type_ == "PERSON"]
    pronouns = [
        t for t in core if t.lower_ in ("he", "she", "they", "i", "we") or t.lower_ in INDEFINITE_SPEAKERS
    ]
    heads = [
        t
        for t in core
        if t.pos_ in ("NOUN", "PROPN") or (t.pos_ == "ADJ" and t.i > 0 and t.doc[t.i - 1].lower_ == "the")
    ]
    # a person's name, else a pronoun, else the head of the phrase ("the Kremlin spokesman" → spokesman)
    head = persons[0] if persons else pronouns[0] if pronouns else heads[-1] if heads else None
    if head is None:
        if len(core) == 1 and core[0].lower_ == "it":
            return it_mention(core[0], paragraph)  # "“…,” it read.": the document quoted before
        if len(core) == 1 and core[0].is_alpha and core[0].text[:1].isupper():
            # "“…,” From said.", "“…,” Will wrote.": a surname that is also a function word
            return name_mention(core[0], core[0], paragraph)
        return None
    mention = mention_of(head, paragraph, lexicon)
    return mention if mention is not None and can_speak(mention, lexicon) else None


def _speech_like(statement: Found, text: str) -> bool:
    """An unattributed quotation is kept only when it reads like speech: a sentence, not a title
    ("The Walking Dead"), a slogan or a headline's quoted words ("He ‘Won’ By Finishing Third")."""
    words = text[statement.span[0] : statement.span[1]].split()
    if len(words) < 4:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    if capitalised >= 0.7 * len(words):
        return False  # Title Case: a title or a headline
    return text[statement.span[0] : statement.span[1]].rstrip("\"'”’ ").endswith((".", "!", "?", ",", "…"))


def _neighbour_attribution(
    chunk: Chunk, quote: Quote, hits: list[CueHit], lexicon: Lexicon
) -> tuple[Mention | None, str, Span] | None:
    """A quote that no cue governs in the parse, attributed by what stands around it."""
    text = chunk.text
    quotes = [q.span for q in chunk.quotes]
    last = chunk.paragraph_at(quote.outer[1] - 1)
    first = chunk.paragraph_at(quote.outer[0])
    # "…," he said. / "…." Trump said. : a cue right after the quote, before the next sentence ends
    if last is not None:
        for hit in hits:
            if (
                hit.paragraph is last
                and 0 <= hit.cue_span[0] - quote.outer[1] <= 60
                and "\n" not in text[quote.outer[1] : hit.cue_span[0]]
                and not any(
                    ch in ".!?" for ch in text[quote.outer[1] : hit.cue_span[0]].strip(" ,”\"’'")[:-1]
                )
                and not _new_sentence_before(last, quote, hit)
            ):
                return hit.mention, hit.cue_text, hit.cue_span
        tail = _tail_cue(last, quote, lexicon, quotes)
        if tail is not None:
            return tail
    if first is not None:
        head = _head_cue(first, quote, lexicon, quotes)
        if head is not None:
            return head
        # Caddell continued: ¶ "…"
        if text[first.start : quote.outer[0]].strip() == "":
            previous = chunk.previous(first)
            if previous is not None and text[previous.start : previous.end].rstrip().endswith(":"):
                return _colon_intro(previous, lexicon, quotes)
        governor = _governing_subject(first, quote, lexicon, quotes)
        if governor is not None:
            return governor
    return None


def _ends_sentence(paragraph: Paragraph, quote: Quote) -> bool:
    """The quotation closes with a full stop, question or exclamation mark inside its marks."""
    return bool(
        paragraph.doc.text[: quote.span[1] - paragraph.start].rstrip(" ”\"’'").endswith((".", "!", "?"))
    )


def _new_sentence_before(paragraph: Paragraph, quote: Quote, hit: CueHit) -> bool:
    """ "“… politicians.” His comments came after being asked …": the quotation ends its sentence and a verb
    of the next one comes before the cue, so the cue reports something else."""
    if not _ends_sentence(paragraph, quote):
        return False
    doc = paragraph.doc
    start, end = paragraph.token_at(quote.outer[1]), paragraph.token_at(hit.cue_span[0])
    if start is None or end is None:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in doc[start.i : end.i])


def _verbs_above(token: Any, paragraph: Paragraph, quotes: list[Span]) -> list[Any]:
    """The verbs a quotation's first token hangs from, nearest first, outside quotations (12 steps up)."""
    verbs = []
    for _ in range(12):
        if token.head.i == token.i:
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not _in_any(paragraph.char(token), quotes):
            verbs.append(token)
    return verbs


def _governing_subject(
    paragraph: Paragraph, quote: Quote, lexicon: Lexicon, quotes: list[Span]
) -> tuple[Mention | None, str, Span] | None:
    """A quotation inside a clause whose verb is not a speech verb ("referred to Obama as “the most
    valuable player”", "applauded him … “over and over again”"): the subject of the nearest verb above
    it, when that subject can speak (a name, a personal pronoun, a role noun)."""
    first = paragraph.token_at(quote.span[0])
    if first is None:
        return None
    verbs = _verbs_above(first, paragraph, quotes)

    # a speech verb above the quotation wins over a nearer verb that is not one ("continued" only attributes
    # the quotation beside it, so it comes after the others)
    def rank(verb: Any) -> int:
        cue = cue_verb(verb, lexicon)
        return 0 if cue is not None and cue.kind != "quote" else 1 if cue is not None else 2

    verbs.sort(key=rank)
    for verb in verbs:
        mention = speaker_mention(verb, paragraph, lexicon, quotes)
        if mention is None:
            continue
        if not can_speak(mention, lexicon):
            return None
        text, s, e = _cue_text(verb, lexicon)
        return mention, text, paragraph.token_span(verb.doc[s], verb.doc[e])
    return None


_PERSONAL = {"he", "she", "they", "i", "we"}


def _sentence_speaker(chunk: Chunk, statement: Found, lexicon: Lexicon) -> Mention | None:
    """The last resort for a quotation no cue attributes: who its sentence is about. The subject of a verb
    above it that can speak ("Skelly called Braynard “a real smart guy”", "Paul Ryan worried that the net
    was becoming “a hammock”", past a subject that cannot), else a name or personal pronoun before it in
    the sentence, else, for a quotation opening its sentence, the speaker of the sentence before ("The
    judge then turned to me. “Mr. D’Souza?”"). On PolNeAR train nearly every quotation has a source, and
    it is most often this one."""
    paragraph = chunk.paragraph_at(statement.span[0])
    first = paragraph.token_at(statement.span[0]) if paragraph is not None else None
    if paragraph is None or first is None:
        return None
    quotes = [q.span for q in chunk.quotes]

    def outside(token: Any) -> bool:
        return not _in_any(paragraph.char(token), quotes) and paragraph.char(token) < statement.span[0] - 1

    sentence = first.sent
    before = [t for t in sentence if t.i < first.i and outside(t)]
    if not any(t.is_alpha for t in before):
        beside = _speaker_after(chunk, paragraph, statement, lexicon)
        if beside is not None:
            return beside
    for verb in _verbs_above(first, paragraph, quotes):
        mention = speaker_mention(verb, paragraph, lexicon, quotes)
        if mention is not None and can_speak(mention, lexicon):
            return mention
    subjects = [t for t in before if t.dep_ in SUBJECT_DEPS]
    for candidate in subjects + before:
        bracketed = sum(t.text == "(" for t in before if t.i < candidate.i) > sum(
            t.text == ")" for t in before if t.i < candidate.i
        )
        if bracketed:
            continue  # "GENEVA (Reuters) - “…”": the agency of a dateline, not a speaker
        if candidate.lower_ in _PERSONAL or _may_name_speaker(candidate, candidate in subjects):
            named = candidate
            while named.dep_ == "compound" and named.head.i < first.i and named.head.pos_ == "PROPN":
                named = named.head  # "New" of "New York State Republican Party": the whole name
            mention = mention_of(named, paragraph, lexicon)
            if mention is not None and can_speak(mention, lexicon):
                return mention
    if any(t.is_alpha for t in before):
        return _reporter_before(paragraph, sentence, lexicon, quotes)
    if sentence.start == 0:
        return _subject_before(chunk, paragraph, lexicon)
    previous = paragraph.doc[sentence.start - 1].sent
    root = previous.root
    if root.pos_ in ("VERB", "AUX") and not _in_any(paragraph.char(root), quotes):
        mention = speaker_mention(root, paragraph, lexicon, quotes)
        if mention is not None and can_speak(mention, lexicon):
            return mention
    return None


def _reporter_before(
    paragraph: Paragraph, sentence: Any, lexicon: Lexicon, quotes: list[Span]
) -> Mention | None:
    """ "This makes it difficult to dislodge misinformation, he said. Good information can still drive out
    bad, but only when “the truth is sexier than the lie.”": a quotation inside a sentence that names no
    one who can speak goes on from the person the sentence before, in the same paragraph, reports."""
    if sentence.start == 0:
        return None
    previous = paragraph.doc[sentence.start - 1].sent
    for verb in previous:
        cue = cue_verb(verb, lexicon)
        if cue is None or cue.kind == "quote" or _negated(verb) or _in_any(paragraph.char(verb), quotes):
            continue
        mention = speaker_mention(verb, paragraph, lexicon, quotes)
        # a person, by name or pronoun: a description ("a number of refugees admitted to …") is too
        # loose a reading of the sentence before to lend its words to a quotation
        if mention is not None and mention.kind != "nominal" and can_speak(mention, lexicon):
            return mention
    return None


def _subject_before(chunk: Chunk, paragraph: Paragraph, lexicon: Lexicon) -> Mention | None:
    """A quotation that opens its paragraph, with no one to continue: the first person the last sentence
    of the paragraph before makes a subject ("Valastro praised Christie's leadership …" ¶ "“We need
    someone who …”"), by name or as "he"/"she" — not a body or a description, which a quotation after it
    rarely speaks for."""
    previous = chunk.previous(paragraph)
    if previous is None or chunk.text[previous.end : paragraph.start].count("\n") > 2:
        return None
    sentences = list(previous.doc.sents)
    if not sentences:
        return None
    quotes = [q.span for q in chunk.quotes]
    last = sentences[-1]
    # the first person the sentence makes a subject, whatever the parser took for its root ("Schoen
    # elaborated … that superdelegates may reconsider", "If anything, Ash argued in his email, the
    # incident is …")
    subject = next(
        (
            t
            for t in last
            if t.dep_ == "nsubj"
            and (t.lower_ in ("he", "she") or t.pos_ == "PROPN")
            and t.head.pos_ in ("VERB", "AUX")
            and not _in_any(previous.char(t), quotes)
        ),
        None,
    )
    if subject is None:
        return _issuer_before(previous, last, lexicon)
    # a surname the tagger took for a place or a body ("Valastro praised") is still the person named
    # before; a place it knows is not
    # ("the Senate" is a body, with its article; "Viguerie", tagged ORG, is not)
    bare = not any(c.dep_ == "det" for c in subject.children)
    named = subject.pos_ == "PROPN" and (
        subject.ent_type_ in ("", "GPE")
        or (subject.ent_type_ == "ORG" and bare)
        or _surname_of_person_before(chunk, previous, subject)
    )
    if not (subject.lower_ in ("he", "she") or subject.ent_type_ == "PERSON" or named):
        return _issuer_before(previous, last, lexicon)
    if subject.ent_type_ != "PERSON" and subject.lower_ in lexicon.places:
        return _issuer_before(previous, last, lexicon)
    return mention_of(subject, previous, lexicon)


def _issuer_before(previous: Paragraph, last: Any, lexicon: Lexicon) -> Mention | None:
    """ "The DNC issued a statement apologizing to Sanders." ¶ "“On behalf of everyone at the DNC, …”": the
    quotation is the document the sentence before says its issuer put out."""
    for token in last:
        if token.lower_ in DOCUMENT_NOUNS and token.dep_ == "dobj":
            issuer = document_issuer(token)
            if issuer is not None:
                mention = mention_of(issuer, previous, lexicon)
                return mention if mention is not None and can_speak(mention, lexicon) else None
    return None


def _surname_of_person_before(chunk: Chunk, paragraph: Paragraph, token: Any) -> bool:
    """Whether `token` is the last word of a person the chunk named up to its paragraph."""
    for earlier in chunk.paragraphs:
        if earlier.index > paragraph.index:
            break
        for ent in earlier.doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == token.text:
                return True
    return False


_NOT_SPEAKER_ENTITIES = frozenset(
    ["DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT", "FAC"]
)


def _may_name_speaker(token: Any, subject: bool) -> bool:
    """A name that may be a quotation's speaker when nothing attributes it: a person or a body; a place or
    a people only as the subject ("Moscow called it “…”"); never a date ("Tuesday"), nor a headline's
    capitals."""
    if token.ent_type_ in _NOT_SPEAKER_ENTITIES or (token.is_upper and len(token) > 4):
        return False
    if token.pos_ not in ("PROPN", "NOUN", "ADJ", "VERB", "X"):
        return False  # "the" of "the New York State Republican Party" is not its name
    if token.ent_type_ in ("GPE", "LOC", "NORP"):
        return subject  # "Islamic", "Republican" before a quotation describe; as a subject they may speak
    return token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG")


_SIGNATURE_LINE = re.compile(r"[-—–]\s*[A-Z][^\n]{1,60}")


def _speaker_after(chunk: Chunk, paragraph: Paragraph, statement: Found, lexicon: Lexicon) -> Mention | None:
    """Who a quotation is given to by the words right after it, whatever the verb: "“…,” Trump barked",
    "“…?” asked the boy", "“…,” read the email"; or by a signature paragraph after it ("- Sanders.")."""
    end = statement.quotes[0].outer[1] if statement.quotes else statement.span[1]
    last = chunk.paragraph_at(end - 1) or paragraph
    token = last.token_at(end)
    if token is not None and last.char(token) >= end:
        window = []
        for t in last.doc[token.i : token.i + 10]:
            if t.text in _QUOTE_CHARS or (t.is_sent_end and t.text in ".!?"):
                break
            window.append(t)
        verb = next((i for i, t in enumerate(window) if t.pos_ == "VERB"), None)
        if verb is not None and verb <= 6:
            words = [t for t in window[:verb] if not t.is_punct]
            if words:
                subject = next((t for t in words if t.dep_ in SUBJECT_DEPS), words[-1])
            else:
                subject = next((t for t in window[verb + 1 :] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
            if subject is not None and subject.lower_ not in _NOT_SPEAKERS:
                mention = mention_of(subject, last, lexicon)
                if mention is not None:
                    return mention
    following = chunk.following(last)
    if following is not None and chunk.text[last.end : following.start].count("\n") >= 1:
        line = chunk.text[following.start : following.end]
        if _SIGNATURE_LINE.fullmatch(line) and len(line.split()) <= 8:
            name = next((t for t in following.doc if t.pos_ == "PROPN"), None)
            if name is not None:
                return mention_of(name, following, lexicon)
    return None


def _tail_cue(
    paragraph: Paragraph, quote: Quote, lexicon: Lexicon, quotes: list[Span]
) -> tuple[Mention | None, str, Span] | None:
    doc = paragraph.doc
    start = paragraph.token_at(quote.outer[1])
    if start is None or paragraph.char(start) < quote.outer[1] - 1:
        return None
    window = list(doc[start.i : start.i + 30])
    ended = _ends_sentence(paragraph, quote)
    for token in window:
        if token.text in _QUOTE_CHARS and paragraph.char(token) > quote.outer[1]:
            break
        if is_cue(token, lexicon):
            mention = speaker_mention(token, paragraph, lexicon, quotes)
            text, s, e = _cue_text(token, lexicon)
            return mention, text, paragraph.token_span(doc[s], doc[e])
        if token.is_sent_end and token.text in ".!?":
            break
        if ended and token.pos_ in ("VERB", "AUX"):
            break  # "“… politicians.” His comments came after being asked": a new sentence about else
    return None


def _head_cue(
    paragraph: Paragraph, quote: Quote, lexicon: Lexicon, quotes: list[Span]
) -> tuple[Mention | None, str, Span] | None:
    """She said: "…" / He told CNN, "…" / Trump: "…" """
    doc = paragraph.doc
    opening = paragraph.token_at(quote.outer[0])
    if opening is None or opening.i == 0:
        return None
    sent_start = opening.sent.start
    if sent_start == opening.i and doc[opening.i - 1].text == ":":
        sent_start = doc[opening.i - 1].sent.start  # "Sanders delivered a retort: ¶ “…”" split in two
    before = list(doc[sent_start : opening.i])
    if not before:
        return None
    direct = is_cue(before[-1], lexicon) or (
        len(before) > 1
        and before[-1].pos_ in ("ADV", "NOUN", "PROPN", "PRON")
        and is_cue(before[-2], lexicon)
    )
    if before[-1].text not in (":", ",", "—", "–", "-") and not direct:
        return None
    for token in reversed(before):
        if is_cue(token, lexicon):
            mention = speaker_mention(token, paragraph, lexicon, quotes)
            text, s, e = _cue_text(token, lexicon)
            return mention, text, paragraph.token_span(doc[s], doc[e])
    if before[-1].text == ":" and len(before) > 3:
        # "Clinton released the following statement: “…”": whoever the clause before the colon is about
        root = before[-1].sent.root
        if root.i > before[-1].i:
            # the parser made the quotation's verb the root ("Sanders delivered a retort: “No one is
            # tearing this up”"): the first verb before the colon
            root = next((t for t in before if t.pos_ == "VERB" and t.dep_ != "amod"), root)
        if root.i < before[-1].i and root.pos_ in ("VERB", "AUX"):
            mention = speaker_mention(root, paragraph, lexicon, quotes)
            if mention is not None:
                text, s, e = _cue_text(root, lexicon)
                return mention, text, paragraph.token_span(doc[s], doc[e])
    return None


def _colon_intro(
    paragraph: Paragraph, lexicon: Lexicon, quotes: list[Span]
) -> tuple[Mention | None, str, Span] | None:
    doc = paragraph.doc
    last_sent = list(doc.sents)[-1]
    for token in reversed(list(last_sent)):
        if is_cue(token, lexicon):
            mention = speaker_mention(token, paragraph, lexicon, quotes)
            text, s, e = _cue_text(token, lexicon)
            return mention, text, paragraph.token_span(doc[s], doc[e])
    root = last_sent.root
    if root.pos_ in ("VERB", "AUX"):  # "President Clinton released the following statement:"
        mention = speaker_mention(root, paragraph, lexicon, quotes)
        if mention is not None:
            text, s, e = _cue_text(root, lexicon)
            return mention, text, paragraph.token_span(doc[s], doc[e])
    names = [t for t in last_sent if t.pos_ == "PROPN"]
    if names and len(last_sent) <= 6:
        colon = last_sent[-1]
        return mention_of(names[-1], paragraph, lexicon), ":", paragraph.token_span(colon, colon)
    return None


def _continue_speakers(chunk: Chunk, found: list[Found]) -> None:
    """Unattributed quotes go on from the statement before them: in the same paragraph a split quote
    ("X," he said. "Y."), in the next paragraph a new quote by the same speaker. Two quotes one cue
    attributes ("X," he said, "Y.") are one quote in two parts."""
    text = chunk.text
    first_by_cue: dict[Span, Found] = {}
    for statement in found:
        if statement.kind != "direct" or statement.cue_span is None or statement.mixed:
            continue
        first = first_by_cue.setdefault(statement.cue_span, statement)
        if first is not statement and statement.continues is None:
            statement.continues = first.span
    previous: Found | None = None
    for statement in found:
        if (
            statement.mention is None
            and statement.cue_text is None
            and statement.kind == "direct"
            and previous is not None
            and previous.mention is not None
        ):
            gap = text[previous.span[1] : statement.span[0]]
            paragraph_breaks = gap.count("\n")
            narrated = _narration_between(gap)
            if paragraph_breaks == 0 and previous.kind == "direct" and len(gap) < 200:
                statement.mention = previous.mention
                statement.cue_text, statement.cue_span = previous.cue_text, previous.cue_span
                statement.continues = previous.span
                statement.inherited = True
            elif paragraph_breaks == 0 and previous.kind == "indirect" and not narrated and len(gap) < 200:
                # a quotation after a reported claim in the same paragraph backs it up in the claimant's
                # words ("Coan argues that his client … . "The government is alleging …"")
                statement.mention = previous.mention
                statement.cue_text, statement.cue_span = previous.cue_text, previous.cue_span
                statement.inherited = True
            elif paragraph_breaks <= 2 and not narrated and _quote_paragraph(chunk, statement):
                # a quotation in a paragraph of its own goes on from the speaker before it, bound to the
                # same cue (PolNeAR's guidelines annotate it as one attribution with its first part)
                statement.mention = previous.mention
                statement.cue_text, statement.cue_span = previous.cue_text, previous.cue_span
                statement.inherited = True
                if previous.kind == "direct":
                    statement.continues = previous.span
        previous = statement


def _narration_between(gap: str) -> bool:
    """Whether the text between two statements holds narration of its own (a sentence that is not just
    the attribution and quotation marks)."""
    words = [w for w in gap.replace("\n", " ").split() if any(ch.isalpha() for ch in w)]
    return len(words) > 12


def _quote_paragraph(chunk: Chunk, statement: Found) -> bool:
    paragraph = chunk.paragraph_at(statement.span[0])
    if paragraph is None:
        return False
    length = paragraph.end - paragraph.start
    return (statement.span[1] - statement.span[0]) >= 0.6 * length


def _layout_statements(
    chunk: Chunk, hits: list[CueHit], blocks: list[Signature], lexicon: Lexicon
) -> list[Found]:
    """Signed block quotes, and the first-person paragraphs that go on from the last speaker named."""
    signed = {b.quote.index: b for b in blocks}
    lines = {b.name.index for b in blocks} | {b.title.index for b in blocks if b.title is not None}
    found: list[Found] = []
    last: Mention | None = None
    for paragraph in chunk.paragraphs:
        span = (paragraph.start, paragraph.end)
        if paragraph.index in signed:
            block = signed[paragraph.index]
            found.append(Found("direct", span, block.mention, "layout", None))
            last = block.mention
            continue
        if paragraph.index in lines:
            continue
        if last is not None and speaks_first_person(paragraph):
            found.append(Found("direct", span, last, "layout", None, inherited=True))
            continue
        # the speaker of the last statement in this paragraph is the one a following block goes on from
        here = [h for h in hits if h.paragraph is paragraph and h.mention is not None]
        if here:
            last = here[-1].mention
        elif paragraph.index not in lines:
            last = None if _narrates(paragraph) else last
    return found


def _narrates(paragraph: Paragraph) -> bool:
    """A paragraph of narration, which ends a run of quote paragraphs."""
    return len([t for t in paragraph.doc if t.is_alpha]) > 3
