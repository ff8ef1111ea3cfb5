"""Name normalisation for matching: transliteration variants, initials, titles and honorifics."""

from __future__ import annotations

import re

from unidecode import unidecode

TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "dame",
    "lord",
    "lady",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "gen",
    "general",
    "col",
    "colonel",
    "adm",
    "admiral",
    "ambassador",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "pope",
    "rev",
    "reverend",
    "judge",
    "justice",
    "mayor",
    "speaker",
    "leader",
    "chairman",
    "chairwoman",
    "foreign",
    "defense",
    "defence",
    "deputy",
    "state",
    "us",
    "u.s",
    "uk",
    "former",
    "acting",
    "spokesman",
    "spokeswoman",
    "envoy",
    "special",
    "chief",
    "commander",
    "minority",
    "majority",
    "house",
    "senate",
    "democratic",
    "republican",
    "presidential",
    "candidate",
    "nominee",
    "lt",
    "sgt",
    "capt",
}
_SPLIT = re.compile(r"[\s\-]+")


def normalise_name(name: str) -> str:
    """Lower-case ASCII with initials closed up: "J.D. Vance" and "JD Vance" → "jd vance"."""
    ascii_name = unidecode(name).lower()
    ascii_name = re.sub(r"(?<=\b[a-z])\.\s*(?=[a-z]\b\.?)", "", ascii_name)  # j.d. → jd
    ascii_name = re.sub(r"[^\w\s\-']", "", ascii_name)
    return " ".join(ascii_name.split())


def strip_titles(name: str) -> str:
    """The name without titles and honorifics before it: "Sen. Rand Paul" → "Rand Paul"."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".").strip(",") in TITLES:
        words = words[1:]
    if len(words) > 1 and words[-1].rstrip(".").lower() in ("jr", "sr", "ii", "iii"):
        words = words[:-1]
    return " ".join(words).strip(" ,")


# Family names written first in English-language news: common Chinese surnames in pinyin, and Korean
# ones (these only before a hyphenated or two-word given name: "Moon Jae-in", "Kim Jong Un", not "Kim
# Darroch").
_CHINESE_FAMILY_NAMES = frozenset(
    {
        "bai",
        "cai",
        "cao",
        "chen",
        "cheng",
        "deng",
        "ding",
        "dong",
        "du",
        "feng",
        "fu",
        "gao",
        "guo",
        "han",
        "hu",
        "huang",
        "jiang",
        "kong",
        "li",
        "liang",
        "lin",
        "liu",
        "lu",
        "luo",
        "ma",
        "mao",
        "pan",
        "peng",
        "qian",
        "qin",
        "ren",
        "shen",
        "song",
        "su",
        "sun",
        "tang",
        "tian",
        "wang",
        "wei",
        "wen",
        "wu",
        "xi",
        "xiao",
        "xie",
        "xu",
        "yang",
        "yao",
        "ye",
        "yu",
        "yuan",
        "zeng",
        "zhang",
        "zhao",
        "zheng",
        "zhou",
        "zhu",
    }
)
_KOREAN_FAMILY_NAMES = frozenset({"ban", "choi", "chung", "kim", "moon", "roh", "yoon"})


def family_name_first(name: str) -> bool:
    """ "Xi Jinping", "Wang Yi", "Moon Jae-in": a name whose first word is the family name."""
    words = normalise_name(strip_titles(name)).split()
    if not 2 <= len(words) <= 3:
        return False
    if words[0] in _CHINESE_FAMILY_NAMES:
        return len(words) == 2 and "-" not in words[1] and words[1] not in _CHINESE_FAMILY_NAMES
    return words[0] in _KOREAN_FAMILY_NAMES and (len(words) == 3 or "-" in words[1])


def surname(name: str) -> str:
    if family_name_first(name):
        return normalise_name(strip_titles(name)).split()[0]
    parts = [p for p in _SPLIT.split(normalise_name(strip_titles(name))) if p]
    return parts[-1] if parts else ""


def given_names(name: str) -> list[str]:
    parts = [p for p in normalise_name(strip_titles(name)).split() if p]
    return parts[1:] if family_name_first(name) else parts[:-1]


def plausible_person_name(name: str, places: dict[str, str]) -> bool:
    """Whether `name` can be a person's: capitalised words, none of them a country or a people
    ("Belarus-Russian" tagged as a person is neither)."""
    words = [w for w in _SPLIT.split(strip_titles(name)) if w]
    if not words or len(words) > 6:
        return False
    return all(w[:1].isupper() for w in words if w.isalpha()) and not any(
        w.lower().rstrip(".,") in places for w in words
    )


def affiliation_of(role: str | None, places: dict[str, str]) -> str | None:
    """The country a role names: "US Vice President", "Vice President of the United States", "Kremlin
    spokesman" → the United States, the United States, Russia."""
    if not role:
        return None
    lowered = " " + re.sub(r"['’]s\b", "", role.lower()).replace(",", " ") + " "
    found = [place for place in places if " " + place + " " in lowered]
    return places[max(found, key=len)] if found else None
