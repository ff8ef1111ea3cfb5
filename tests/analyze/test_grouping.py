"""The grouping behind developments, without a store: the date window, near-duplicates, shared statements,
group averages against chaining, outlet furniture, novelty, and the headline taken from a lead."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from parley.analyze.developments import lead_sentence
from parley.analyze.grouping import Grouping, Params, Report, centroid, novelty

DAY = date(2025, 5, 16)
TALKS = "Russian and Ukrainian delegations met in Istanbul for direct peace talks on a prisoner exchange"
GRAIN = "Turkey brokered a grain corridor deal for ships leaving Odesa through the Black Sea ports"
SUMMIT = "Leaders gathered in Brussels for an emergency summit on energy prices and gas storage rules"


def report(name: str, lead: str, days: int | None = 0, **fields: object) -> Report:
    return Report(name, None if days is None else DAY + timedelta(days=days), None, lead, **fields)  # type: ignore[arg-type]


def groups(
    reports: list[Report], strong: list[tuple[str, str]] = (), **params: object
) -> set[frozenset[str]]:  # type: ignore[assignment]
    grouping = Grouping(reports, strong, Params(**params))  # type: ignore[arg-type]
    return {frozenset(reports[i].id for i in g) for g in grouping.groups}


def test_the_same_story_within_the_window_is_one_group() -> None:
    found = groups([report("a", TALKS), report("b", TALKS + " and bodies", 2), report("c", GRAIN)])
    assert found == {frozenset("ab"), frozenset("c")}


def test_the_same_words_a_week_apart_are_two_groups() -> None:
    assert groups([report("a", TALKS), report("b", TALKS, 7)]) == {frozenset("a"), frozenset("b")}


def test_no_group_outgrows_the_window() -> None:
    # a report every other day, each like the next: single linkage would chain them all into one
    reports = [report(str(n), TALKS, 2 * n) for n in range(5)]
    for group in groups(reports):
        days = sorted(2 * int(name) for name in group)
        assert days[-1] - days[0] <= 3


def test_near_duplicates_merge_whatever_their_words_but_not_across_the_window() -> None:
    reports = [report("a", TALKS), report("b", GRAIN, 1), report("c", SUMMIT, 9)]
    assert groups(reports, [("a", "b"), ("b", "c")]) == {frozenset("ab"), frozenset("c")}


def test_shared_statements_tie_reports_that_open_on_the_same_thing() -> None:
    quotes = {"k-medinsky", "k-umerov"}
    lead = "Istanbul delegations: the meeting ended after two hours with a deal on captives"

    def grouped(b_keys: set[str], d_keys: set[str]) -> set[frozenset[str]]:
        a = report("a", TALKS, keys=quotes | {"k-other"})
        return groups(
            [a, report("b", lead, 1, keys=b_keys), report("c", GRAIN), report("d", SUMMIT, keys=d_keys)]
        )

    # the openings share a few words, not enough on their own …
    reports = [report("a", TALKS), report("b", lead, 1), report("c", GRAIN), report("d", SUMMIT)]
    grouping = Grouping(reports, [], Params())
    assert 0.09 < grouping.score(0, 1) < 0.18
    assert frozenset("ab") not in grouped(set(), set())
    # … but with the same statements they are one happening
    assert frozenset("ab") in grouped(quotes, set())
    # a quote in a box beside another story does not make the stories one
    assert all("d" not in g or len(g) == 1 for g in grouped(set(), quotes))


def test_a_statement_recurring_beyond_the_window_ties_nothing() -> None:
    slogan = {"k-slogan"}
    reports = [
        report("a", TALKS, keys=slogan),
        report("b", GRAIN, 1, keys=slogan),
        report("c", SUMMIT, 20, keys=slogan),
    ]
    assert groups(reports) == {frozenset("a"), frozenset("b"), frozenset("c")}


def test_group_average_keeps_a_report_about_two_things_from_joining_them() -> None:
    talks = [report(f"t{n}", TALKS + more) for n, more in enumerate(["", " and a ceasefire", " at a palace"])]
    grain = [report(f"g{n}", GRAIN + more) for n, more in enumerate(["", " again", " for wheat"])]
    roundup = report("both", TALKS + " " + GRAIN)  # alike enough to either story to link them by one pair
    found = groups([*talks, *grain, roundup])
    assert {"t0", "t1", "t2"} in found or {"t0", "t1", "t2", "both"} in found
    assert not any({"t0", "g0"} <= g for g in found)


def test_outlet_furniture_does_not_make_stories_alike() -> None:
    def belta(n: int, what: str) -> Report:
        return report(f"b{n}", f"MINSK (BelTA) – {what}, BelTA has learned.", n % 2, outlet="belta")

    stories = [TALKS, GRAIN, SUMMIT, "Farmers protested", "A museum opened", "Rail traffic resumed"]
    reports = [belta(n, what) for n, what in enumerate(stories)]
    assert all(len(g) == 1 for g in groups(reports))


def test_novelty_is_low_for_a_development_like_a_recent_one() -> None:
    vectors = Grouping(
        [report("a", TALKS), report("b", TALKS, 5), report("c", GRAIN, 5)], [], Params()
    ).vectors
    new = novelty(
        [DAY, DAY + timedelta(days=5), DAY + timedelta(days=5)], [centroid([v]) for v in vectors], 14
    )
    assert new[0] == 1.0 and new[1] < 0.2 < new[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first sentence of the first paragraph
        ("Talks resumed in Istanbul on Friday. More later.", "Talks resumed in Istanbul on Friday."),
        # a dateline alone on its line is not a lead
        (
            "Melbourne, Australia CNN —\nBlinken said an invasion could begin at any time. He added…",
            "Blinken said an invasion could begin at any time.",
        ),
        # titles and initials do not end a sentence
        (
            "Mr. Putin met Mr. Erdogan in Sochi on Monday. Then more.",
            "Mr. Putin met Mr. Erdogan in Sochi on Monday.",
        ),
        # a closing quote belongs to the sentence it closes
        (
            'He will fight if attacked by even "one soldier."\nMore.',
            'He will fight if attacked by even "one soldier."',
        ),
        # a run-on sentence is cut at a word
        ("word " * 80, ("word " * 48).strip() + " …"),
        ("", None),
    ],
)
def test_lead_sentence(text: str, expected: str | None) -> None:
    assert lead_sentence(text) == expected
