"""Which party a speaker or a move's holder belongs to: itself, else its affiliation, else none."""

from __future__ import annotations

import pytest

from parley.analyze.parties import Parties, find_negotiation
from parley.errors import NotFoundError

PARTIES = Parties.of(find_negotiation("russia-ukraine"))


@pytest.mark.parametrize(
    ("name", "affiliation", "party"),
    [
        ("Russia", None, "Russia"),  # the party itself
        ("Kremlin", None, "Russia"),  # by an alias
        ("the Russians", None, "Russia"),  # an alias with its article
        ("Volodymyr Zelensky", "Ukraine", "Ukraine"),  # a person, by affiliation
        ("Andrii Sybiha", "Government of Ukraine", "Ukraine"),  # an affiliation that contains the name
        ("Sergei Lavrov", "Embassy of the Russian Federation", "Russia"),  # … or an alias of several words
        ("Dan Fried", "American Enterprise Institute", None),  # a one-word alias inside says nothing
        ("Recep Tayyip Erdogan", "Turkey", None),  # a mediator is no party of these talks
        ("officials", None, None),  # nobody in particular
        (None, None, None),
    ],
)
def test_party_of(name: str | None, affiliation: str | None, party: str | None) -> None:
    assert PARTIES.party_of(name, None, affiliation) == party


def test_a_party_is_found_by_its_actor_id() -> None:
    ukraine = find_negotiation("russia-ukraine").parties[0]
    assert PARTIES.party_of("somebody", ukraine.id, None) == ukraine.name


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Russia and Ukraine agreed a deal", {"Russia", "Ukraine"}),
        ("Kyiv and Washington signed it", {"Ukraine", "United States"}),
        ("he told us the US would help", {"United States"}),  # the pronoun is not the country
        ("Russian troops advanced", set()),  # an adjective the file does not list
    ],
)
def test_parties_named_in_a_text(text: str, named: set[str]) -> None:
    assert PARTIES.mentioned(text) == named


def test_an_unknown_negotiation_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="no negotiation 'atlantis'"):
        find_negotiation("atlantis")
