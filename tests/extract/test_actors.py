"""The actor registry without the model: spelling and transliteration variants resolve to one actor, and
different people who share a surname are never merged."""

from __future__ import annotations

import pytest

from parley.extract.actors import Actor, ActorRegistry, actor_id, same_person


@pytest.fixture
def registry() -> ActorRegistry:
    """Zelensky under one spelling, Vance with initials, and two Trumps."""
    registry = ActorRegistry()
    registry.add(Actor.new("Volodymyr Zelenskyy", role="President of Ukraine", affiliation="Ukraine"))
    registry.add(
        Actor.new("J.D. Vance", role="Vice President of the United States", affiliation="United States")
    )
    registry.add(
        Actor.new("Donald Trump", role="President of the United States", affiliation="United States")
    )
    registry.add(Actor.new("Eric Trump"))
    registry.add(Actor.new("Olena Zelenska"))
    return registry


FINDS = [
    # the canonical name itself
    pytest.param("Volodymyr Zelenskyy", "Volodymyr Zelenskyy", id="zelenskyy-canonical"),
    # a transliteration variant of the full name (one y)
    pytest.param("Volodymyr Zelensky", "Volodymyr Zelenskyy", id="zelensky-full"),
    # another transliteration variant of the full name (-iy)
    pytest.param("Volodymyr Zelenskiy", "Volodymyr Zelenskyy", id="zelenskiy-full"),
    # the canonical surname alone, unique in the registry
    pytest.param("Zelenskyy", "Volodymyr Zelenskyy", id="zelenskyy-surname"),
    # a variant of the surname alone (one y), as news copy writes it
    pytest.param(
        "Zelensky",
        "Volodymyr Zelenskyy",
        id="zelensky-surname",
    ),
    # another variant of the surname alone (-iy)
    pytest.param(
        "Zelenskiy",
        "Volodymyr Zelenskyy",
        id="zelenskiy-surname",
    ),
    # initials with full stops
    pytest.param("J.D. Vance", "J.D. Vance", id="jd-dots"),
    # initials closed up
    pytest.param("JD Vance", "J.D. Vance", id="jd-closed"),
    # initials with a space between them
    pytest.param("J. D. Vance", "J.D. Vance", id="jd-spaced"),
    # the surname alone, unique in the registry
    pytest.param("Vance", "J.D. Vance", id="vance"),
    # a title before the name
    pytest.param("Vice President J.D. Vance", "J.D. Vance", id="title-vance"),
    # a middle initial added
    pytest.param("Donald J. Trump", "Donald Trump", id="middle-initial"),
    # a title before a full name
    pytest.param("President Donald Trump", "Donald Trump", id="title-donald-trump"),
    # the other Trump by his full name
    pytest.param("Eric Trump", "Eric Trump", id="eric-trump"),
    # a different person whose surname is a variant of Zelensky's (his wife): her own actor
    pytest.param("Olena Zelenska", "Olena Zelenska", id="olena-zelenska"),
]


@pytest.mark.parametrize(("name", "expected"), FINDS)
def test_variants_resolve_to_one_actor(registry: ActorRegistry, name: str, expected: str) -> None:
    actor = registry.find(name)
    assert actor is not None
    assert actor.name == expected


NOT_FOUND = [
    # a bare surname two known people share is ambiguous
    pytest.param("Trump", id="trump-ambiguous"),
    # an honorific does not tell two Trumps apart
    pytest.param("Mr. Trump", id="mr-trump-ambiguous"),
    # a third Trump is neither of the two known ones
    pytest.param("Melania Trump", id="another-trump"),
    # an unknown name
    pytest.param("Dmitry Peskov", id="unknown"),
    # nothing
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("name", NOT_FOUND)
def test_no_actor_rather_than_a_guess(registry: ActorRegistry, name: str) -> None:
    assert registry.find(name) is None


def test_different_given_names_are_not_merged() -> None:
    # with only Donald Trump known, "Eric Trump" is not him
    registry = ActorRegistry()
    registry.add(Actor.new("Donald Trump"))
    assert registry.find("Eric Trump") is None
    # but the bare surname, unique, is
    found = registry.find("Trump")
    assert found is not None and found.name == "Donald Trump"


def test_olena_zelenska_is_not_volodymyr_zelenskyy() -> None:
    # with only Volodymyr Zelenskyy known, a close surname with another given name is another person
    registry = ActorRegistry()
    registry.add(Actor.new("Volodymyr Zelenskyy"))
    assert registry.find("Olena Zelenska") is None


SAME_PERSON = [
    # transliteration variants of one surname, no given names
    pytest.param("Zelensky", "Zelenskyy", True, id="zelensky-zelenskyy"),
    # the same with -iy
    pytest.param("Zelenskiy", "Zelenskyy", True, id="zelenskiy-zelenskyy"),
    # initials written two ways
    pytest.param("J.D. Vance", "JD Vance", True, id="jd-vance"),
    # an initial matches the given name it starts
    pytest.param("D. Trump", "Donald Trump", True, id="initial"),
    # a surname alone can be either
    pytest.param("Trump", "Donald Trump", True, id="surname-alone"),
    # different given names, same surname: two people
    pytest.param("Donald Trump", "Eric Trump", False, id="donald-eric"),
    # different surnames
    pytest.param("Marco Rubio", "Marco Polo", False, id="different-surnames"),
]


@pytest.mark.parametrize(("a", "b", "expected"), SAME_PERSON)
def test_same_person(a: str, b: str, expected: bool) -> None:
    assert same_person(a, b) is expected
    assert same_person(b, a) is expected  # symmetric


def test_adding_an_actor_twice_merges_it() -> None:
    # the same actor added again keeps one record, the aliases of both and the first known role
    registry = ActorRegistry()
    first = registry.add(
        Actor.new("J.D. Vance", role="Vice President of the United States", aliases=["JD Vance"])
    )
    again = registry.add(Actor.new("J.D. Vance", affiliation="United States", aliases=["James David Vance"]))
    assert len(registry) == 1
    assert again.id == first.id
    assert again.role == "Vice President of the United States"
    assert again.affiliation == "United States"
    assert set(again.aliases) == {"JD Vance", "James David Vance"}
    found = registry.find("James David Vance")
    assert found is not None and found.id == first.id


def test_actor_ids_are_stable_and_spelling_insensitive() -> None:
    # ids come from the normalised name: the same across runs, and the same for "J.D." and "JD"
    assert actor_id("J.D. Vance", "person") == actor_id("JD Vance", "person")
    assert actor_id("J.D. Vance", "person") == Actor.new("J.D. Vance").id
    assert actor_id("Donald Trump", "person") != actor_id("Eric Trump", "person")
    assert actor_id("Kremlin", "person") != actor_id("Kremlin", "government")


def _find_one_by_one(registry: ActorRegistry, name: str) -> Actor | None:
    """The registry's lookup as first written, scoring every known name in Python: the reference the
    batch-scored lookup must agree with."""
    from rapidfuzz import fuzz

    from parley.extract.actors import FUZZY_MIN
    from parley.extract.names import normalise_name, strip_titles

    key = normalise_name(strip_titles(name))
    if not key:
        return None
    found = registry._by_alias.get(key) or registry._by_alias.get(normalise_name(name))
    if found:
        return registry.actors[found]
    if " " not in key:
        ids = registry._by_surname.get(key, set())
        if len(ids) == 1:
            return registry.actors[next(iter(ids))]
        if len(ids) > 1:
            return None
        scored = sorted(((fuzz.ratio(n, key), n) for n in registry._by_surname), reverse=True)
        if (
            scored
            and scored[0][0] >= FUZZY_MIN
            and len(registry._by_surname[scored[0][1]]) == 1
            and (len(scored) == 1 or scored[1][0] < scored[0][0])
        ):
            return registry.actors[next(iter(registry._by_surname[scored[0][1]]))]
    best: tuple[float, str] | None = None
    for alias, ident in registry._by_alias.items():
        if abs(len(alias) - len(key)) > 3:
            continue
        ratio = fuzz.ratio(alias, key)
        if ratio >= FUZZY_MIN and (best is None or ratio > best[0]):
            actor = registry.actors[ident]
            if actor.kind != "person" or same_person(alias, key):
                best = (ratio, ident)
    return registry.actors[best[1]] if best else None


def test_batch_scored_lookup_agrees_with_scoring_one_by_one() -> None:
    # A registry of 600 made-up names whose spellings collide on purpose (shared surnames, one-letter
    # variants, organisations with aliases), then 3,000 lookups of variants: every answer must be the one
    # the name-by-name scoring gives, ties and ambiguity included.
    import random

    rng = random.Random(5)
    given = ["Anna", "Oleg", "Maria", "Ivan", "Olena", "Petro", "Sergei", "Yulia", "Dmitry", "Kaja", "J.D."]
    stems = ["Kovalenk", "Shevchenk", "Zelensk", "Peskov", "Lavrov", "Kallas", "Melnyk", "Bondarenk", "Tkach"]
    endings = ["o", "y", "yy", "iy", "a", "ov", "ova", ""]

    def variant(word: str) -> str:
        i = rng.randrange(len(word))
        return word[:i] + rng.choice("aeiouykz") + word[i + 1 :]

    registry = ActorRegistry()
    names = []
    for _ in range(600):
        surname = rng.choice(stems) + rng.choice(endings)
        if rng.random() < 0.3:
            surname = variant(surname)
        if rng.random() < 0.15:
            name = f"{surname} Ministry"
            registry.add(Actor.new(name, "government", aliases=[f"the {surname} office"]))
        else:
            name = f"{rng.choice(given)} {surname}"
            registry.add(Actor.new(name))
        names.append(name)
    queries = []
    for _ in range(3_000):
        name = rng.choice(names)
        pick = rng.random()
        if pick < 0.3:
            queries.append(name.split()[-1])  # a surname alone
        elif pick < 0.6:
            queries.append(variant(name))
        elif pick < 0.8:
            queries.append(variant(name.split()[-1]))
        else:
            queries.append(f"President {name}")
    answers = [(registry.find(q), _find_one_by_one(registry, q)) for q in queries]
    assert all(new == old for new, old in answers)
    assert sum(new is not None for new, _ in answers) > 1_000  # the lookups do find people
    assert sum(new is None for new, _ in answers) > 100  # and refuse ambiguous ones
