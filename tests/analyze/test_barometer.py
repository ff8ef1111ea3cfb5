"""The barometer: which events are the settlement, the weekly spread, and the series of two speakers over
two weeks from reports run through the extractor, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.analyze.barometer import (
    Series,
    about_other_talks,
    about_settlement,
    about_words,
    build_barometer,
    weekly_spread,
)
from tests.analyze.positions_corpus import ingest_corpus
from tests.analyze.records import estimate


@pytest.mark.parametrize(
    ("event", "settlement"),
    [
        ("we will reach a peaceful settlement", True),
        ("a peace deal with Ukraine", True),
        ("a cease-fire in the east", True),  # hyphen or not
        ("the ceasefire", True),
        ("Russia will end the war", True),
        ("the war could only end with Putin's defeat", True),  # `war … end`: up to three words apart
        ("the war in its third year will grind on to an end", False),  # … not more
        ("the talks collapse", False),
        ("the dealer network", False),  # whole words only
        ("according to the plan", False),  # "accord" is a word, not a prefix
        (None, False),
    ],
)
def test_settlement_events(event: str | None, settlement: bool) -> None:
    assert about_settlement(event) is settlement


@pytest.mark.parametrize(
    ("event", "other"),
    [
        ("a peace deal between Armenia and Azerbaijan", True),  # no party of the Ukraine talks named
        ("a deal with the Palestinians", True),  # a people names its country
        ("a deal Russia can accept", False),  # a party
        ("a ceasefire brokered in Ankara", False),  # the country of an actor of the talks (Erdogan)
        ("a deal between Israel and Ukraine", False),  # one party is enough
        ("the ceasefire", False),  # no country: the negotiation's own
    ],
)
def test_settlement_of_other_talks(event: str, other: bool) -> None:
    from parley.negotiations import builtin_negotiations

    [ukraine] = [n for n in builtin_negotiations() if n.id == "russia-ukraine"]
    assert about_other_talks(event, ukraine) is other


def test_events_the_user_names_match_every_word_as_a_word_start() -> None:
    assert about_words("new sanctions on Russian oil", "sanction oil")
    assert not about_words("new sanctions on Russian gas", "sanction oil")
    assert not about_words("a nonsanction regime", "sanction")


def test_the_weekly_spread_takes_each_speakers_latest_reading_of_the_week() -> None:
    peskov = Series(
        "Peskov",
        None,
        (
            estimate("Peskov", "2025-03-03", "unlikely", 0.3),
            estimate("Peskov", "2025-03-06", "likely", 0.7),  # same week, later: replaces the first
            estimate("Peskov", "2025-03-12", "even", 0.5),
        ),
    )
    zelensky = Series("Zelensky", None, (estimate("Zelensky", "2025-03-04", "very unlikely", 0.2),))
    weeks = weekly_spread([peskov, zelensky])
    assert [w.week for w in weeks] == ["2025-W10", "2025-W11"]
    first = weeks[0]
    assert [(r.who, r.band) for r in first.readings] == [("Zelensky", "very unlikely"), ("Peskov", "likely")]
    assert (first.low, first.high) == pytest.approx((0.15, 0.75))
    assert first.bands == ("very unlikely", "likely")
    assert first.to_dict()["p_min"] == 0.2 and first.to_dict()["p_max"] == 0.7
    # a week where one speaker spoke holds one reading: nothing is carried over or averaged
    assert [(r.who, r.band) for r in weeks[1].readings] == [("Peskov", "even")]


def test_barometer_of_reports(any_store_url: str, tmp_path: Path) -> None:
    with ingest_corpus(any_store_url, tmp_path) as store, store.reading() as connection:
        barometer = build_barometer(connection, "russia-ukraine")
        only_peskov = build_barometer(connection, "russia-ukraine", speaker="Peskov")
        shipping = build_barometer(connection, "russia-ukraine", event="shipping")
    series = {s.who: s for s in barometer.series}
    assert set(series) == {"Dmitry Peskov", "Volodymyr Zelensky"}
    peskov = series["Dmitry Peskov"].estimates
    # oldest first, each with band, interval, and evidence (the week-two copy carried by two outlets)
    assert [(e.band, e.p) for e in peskov] == [("very unlikely", 0.2), ("likely", 0.75)]
    assert all(e.low <= e.p <= e.high for e in peskov)
    assert peskov[0].statement_text == "a peace deal with Ukraine was unlikely this year"
    assert sorted(o for s in peskov[1].sources for o in s.outlets) == ["AP", "Reuters"]
    assert [e.band for e in series["Volodymyr Zelensky"].estimates] == ["very unlikely", "even"]

    weeks = barometer.weeks
    assert [w.week for w in weeks] == ["2025-W10", "2025-W11"]
    assert [len(w.readings) for w in weeks] == [2, 2]
    assert weeks[0].bands == ("very unlikely", "very unlikely")
    assert weeks[1].bands == ("even", "likely")
    assert weeks[1].low < 0.6 < 0.75 < weeks[1].high
    assert barometer.to_dict()["weeks"][1]["speakers"] == 2

    assert [s.who for s in only_peskov.series] == ["Dmitry Peskov"]
    assert shipping.series == () and shipping.event == "shipping"
