"""Word lists are data (`lexicons/<lang>/*.txt`); this module reads them once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class CueVerb:
    lemma: str
    kind: str  # say | object | urge


@dataclass(frozen=True, slots=True)
class SpeakerNoun:
    noun: str
    plural: bool
    gender: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    cue_forms: dict[str, CueVerb]  # every one-word inflected form, lower-case → its verb
    cue_lemmas: dict[str, CueVerb]
    cue_phrases: dict[str, list[tuple[tuple[str, ...], CueVerb]]]  # first word → multi-word forms
    stance_adjectives: frozenset[str]
    speaker_nouns: dict[str, SpeakerNoun]
    places: dict[str, str]  # lower-case country, demonym or capital → the country


def _lines(lang: str, name: str) -> list[str]:
    text = files("parley.extract").joinpath("lexicons", lang, name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=4)
def load_lexicon(lang: str = "en") -> Lexicon:
    forms: dict[str, CueVerb] = {}
    lemmas: dict[str, CueVerb] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], CueVerb]]] = {}
    for line in _lines(lang, "cues.txt"):
        lemma, kind, inflected = (part.strip() for part in line.split("|"))
        verb = CueVerb(lemma, kind)
        lemmas.setdefault(lemma, verb)
        # one-word forms are space-separated; multi-word forms ("shot back") comma-separated
        variants = (
            [v.strip() for v in inflected.split(",")]
            if "," in inflected or " " in lemma
            else inflected.split()
        )
        for form in [lemma, *variants]:
            words = tuple(form.split())
            if len(words) == 1:
                forms.setdefault(words[0], verb)
            elif words:
                phrases.setdefault(words[0], []).append((words, verb))
    nouns = {}
    for line in _lines(lang, "speaker_nouns.txt"):
        noun, number, gender = (part.strip() for part in line.split("|"))
        nouns[noun] = SpeakerNoun(noun, number == "p", None if gender == "-" else gender)
    places: dict[str, str] = {}
    for line in _lines(lang, "countries.txt"):
        country, names = (part.strip() for part in line.split("|"))
        for name in [country, *(n.strip() for n in names.split(","))]:
            places[name.lower()] = country
    return Lexicon(forms, lemmas, phrases, frozenset(_lines(lang, "stance.txt")), nouns, places)
