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
