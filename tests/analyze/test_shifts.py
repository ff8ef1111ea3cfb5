"""Position shifts: the rules on records built by hand, and a change of position and of odds found in
reports run through the extractor, with both pieces of evidence, on both engines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from parley.analyze.cited import Estimate, MoveRecord
from parley.analyze.parties import Parties, find_negotiation
from parley.analyze.shifts import event_kind, find_shifts, likelihood_shifts, move_shifts
from tests.analyze.positions_corpus import ingest_corpus
from tests.analyze.records import estimate, move

PARTIES = Parties.of(find_negotiation("russia-ukraine"))
FREEZE = "any ceasefire that freezes the front line"
ALONG = "a ceasefire along the front line"


@pytest.mark.parametrize(
    ("moves", "kinds"),
    [
        # a rejection, then an acceptance of the same thing, a week later
        (
            [
                move("reject", "Ukraine", "2025-03-03", object=FREEZE),
                move("accept", "Ukraine", "2025-03-10", object=ALONG),
            ],
            ["reversal"],
        ),
        # … or a concession
        (
            [
                move("reject", "Ukraine", "2025-03-03", object=FREEZE),
                move("concede", "Ukraine", "2025-03-10", object=ALONG),
            ],
            ["reversal"],
        ),
        # a demand that gave way
        (
            [
                move("demand", "Russia", "2025-03-03", object="a ceasefire"),
                move("accept", "Russia", "2025-03-10", object=ALONG),
            ],
            ["demand_dropped"],
        ),
        # the other way round
        (
            [
                move("accept", "Russia", "2025-03-03", object=ALONG),
                move("reject", "Russia", "2025-03-10", object=FREEZE),
            ],
            ["hardening"],
        ),
        # two moves in one report cannot be put in order
        (
            [
                move("reject", "Ukraine", "2025-03-03", object=FREEZE),
                move("accept", "Ukraine", "2025-03-03", object=ALONG),
            ],
            [],
        ),
        # about different things on the same issue
        (
            [
                move("reject", "Ukraine", "2025-03-03", object="talks in Minsk"),
                move("accept", "Ukraine", "2025-03-10", object=ALONG),
            ],
            [],
        ),
        # on different issues
        (
            [
                move("reject", "Ukraine", "2025-03-03", object=FREEZE),
                move("accept", "Ukraine", "2025-03-10", object=ALONG, issue="territory"),
            ],
            [],
        ),
        # by different parties
        (
            [
                move("reject", "Ukraine", "2025-03-03", object=FREEZE),
                move("accept", "Russia", "2025-03-10", object=ALONG),
            ],
            [],
        ),
        # repeated rejections, one acceptance: one shift, from the latest rejection
        (
            [
                move("reject", "Ukraine", "2025-03-01", object=FREEZE),
                move("reject", "Ukraine", "2025-03-03", object=FREEZE, evidence="again"),
                move("accept", "Ukraine", "2025-03-10", object=ALONG),
            ],
            ["reversal"],
        ),
    ],
)
def test_move_shift_rules(moves: list[MoveRecord], kinds: list[str]) -> None:
    assert [s.kind for s in move_shifts(moves, PARTIES)] == kinds


def test_a_reversal_pairs_the_latest_rejection() -> None:
    moves = [
        move("reject", "Ukraine", "2025-03-01", object=FREEZE, ident="first"),
        move("reject", "Ukraine", "2025-03-03", object=FREEZE, ident="second"),
        move("accept", "Ukraine", "2025-03-10", object=ALONG, ident="accept"),
    ]
    (shift,) = move_shifts(moves, PARTIES)
    assert (shift.before.move_ids, shift.after.move_ids) == (("second",), ("accept",))
    assert shift.summary == "Ukraine rejected (2025-03-03) → accepted (2025-03-10) on ceasefire"


@pytest.mark.parametrize(
    ("estimates", "steps"),
    [
        # up three bands
        (
            [
                estimate("Peskov", "2025-03-03", "very unlikely", 0.2),
                estimate("Peskov", "2025-03-10", "likely", 0.7),
            ],
            [3],
        ),
        # the same band: no shift
        (
            [
                estimate("Peskov", "2025-03-03", "likely", 0.65),
                estimate("Peskov", "2025-03-10", "likely", 0.7),
            ],
            [],
        ),
        # down one band
        (
            [
                estimate("Peskov", "2025-03-03", "even", 0.5),
                estimate("Peskov", "2025-03-10", "unlikely", 0.3),
            ],
            [-1],
        ),
        # two speakers are not one speaker changing their mind
        (
            [
                estimate("Peskov", "2025-03-03", "very unlikely", 0.2),
                estimate("Zelensky", "2025-03-10", "likely", 0.7),
            ],
            [],
        ),
        # a deal and a ceasefire are both the settlement; the weather is not
        (
            [
                estimate("Peskov", "2025-03-03", "very unlikely", 0.2, "a peace deal"),
                estimate("Peskov", "2025-03-10", "likely", 0.7, "a ceasefire"),
                estimate("Peskov", "2025-03-17", "extremely likely", 0.95, "rain in Moscow"),
            ],
            [3],
        ),
        # the same day: not in order
        (
            [
                estimate("Peskov", "2025-03-03", "very unlikely", 0.2),
                estimate("Peskov", "2025-03-03", "likely", 0.7),
            ],
            [],
        ),
    ],
)
def test_likelihood_shift_rules(estimates: list[Estimate], steps: list[int]) -> None:
    assert [s.steps for s in likelihood_shifts(estimates)] == steps


@pytest.mark.parametrize(
    ("event", "kind"),
    [("a peace deal", "settlement"), ("The talks collapse", "talks collapse"), ("", None), (None, None)],
)
def test_event_kinds(event: str | None, kind: str | None) -> None:
    assert event_kind(event) == kind


def test_shifts_in_reports(any_store_url: str, tmp_path: Path) -> None:
    with ingest_corpus(any_store_url, tmp_path) as store, store.reading() as connection:
        shifts = find_shifts(connection, "russia-ukraine")
        later = find_shifts(connection, "russia-ukraine", since=date(2025, 3, 11))
        earlier = find_shifts(connection, "russia-ukraine", until=date(2025, 3, 9))
    by_kind = {(s.kind, s.holder): s for s in shifts}
    assert set(by_kind) == {
        ("reversal", "Ukraine"),
        ("likelihood", "Dmitry Peskov"),
        ("likelihood", "Volodymyr Zelensky"),
    }
    reversal = by_kind["reversal", "Ukraine"]
    before, after = reversal.before, reversal.after
    assert isinstance(before, MoveRecord) and isinstance(after, MoveRecord)
    # both pieces of evidence, side by side: type, words, date, sources
    assert (before.type, before.evidence) == (
        "reject",
        "Ukraine rejects any ceasefire that freezes the front line",
    )
    assert (after.type, after.evidence) == (
        "accept",
        "Kyiv would accept a ceasefire along the current front line",
    )
    assert before.date is not None and after.date is not None
    assert (before.date.date(), after.date.date()) == (date(2025, 3, 3), date(2025, 3, 10))
    assert [s.key for s in before.sources] == ["week-one"]
    assert sorted(s.key for s in after.sources) == ["week-two", "week-two-ap"]
    assert reversal.issue == "ceasefire"
    record = reversal.to_dict()
    assert record["before"]["move_id"] in before.move_ids and record["after"]["sources"][0]["span"]

    peskov = by_kind["likelihood", "Dmitry Peskov"]
    assert (peskov.before.band, peskov.after.band, peskov.steps) == ("very unlikely", "likely", 3)
    assert peskov.event == "settlement"
    assert "up 3 bands" in peskov.summary
    assert by_kind["likelihood", "Volodymyr Zelensky"].steps == 2

    assert later == [] and earlier == []  # every shift completes on 10 March
