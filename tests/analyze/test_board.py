"""The issue board: the status rules on moves built by hand, and the board of reports run through the
extractor into a store, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.analyze.board import build_board, status_counts, status_of
from parley.analyze.cited import MoveRecord
from parley.analyze.parties import Parties, find_negotiation
from parley.errors import NotFoundError
from tests.analyze.positions_corpus import ingest_corpus
from tests.analyze.records import move

PARTIES = Parties.of(find_negotiation("russia-ukraine"))


@pytest.mark.parametrize(
    ("moves", "status"),
    [
        # raised by one side only: nothing opposes it yet
        ([move("demand", "Russia", "2025-03-01")], "open"),
        # no stance at all (a meeting is no stance)
        ([move("meet", "Russia", "2025-03-01"), move("meet", "Ukraine", "2025-03-01")], "open"),
        # a demand against a rejection
        ([move("demand", "Russia", "2025-03-01"), move("reject", "Ukraine", "2025-03-02")], "contested"),
        # a demand still stands against the other side's offer
        ([move("demand", "Russia", "2025-03-01"), move("propose", "Ukraine", "2025-03-02")], "contested"),
        # proposals and acceptances on both sides
        ([move("propose", "Russia", "2025-03-01"), move("accept", "Ukraine", "2025-03-02")], "converging"),
        # a party's latest stance replaces its earlier one: the rejection was withdrawn
        (
            [
                move("propose", "Russia", "2025-03-01"),
                move("reject", "Ukraine", "2025-03-02"),
                move("concede", "Ukraine", "2025-03-09"),
            ],
            "converging",
        ),
        # mutual acceptance
        ([move("accept", "Russia", "2025-03-01"), move("accept", "Ukraine", "2025-03-02")], "agreed"),
        # an agreement naming the other side
        ([move("agree", "Russia", "2025-03-01", "Russia and Ukraine agreed a truce")], "agreed"),
        # an agreement naming nobody else is one side's soft move
        ([move("agree", "United States", "2025-03-01", "Biden is expected to sign the bill")], "open"),
        # an agreement, then a rejection by the other side
        (
            [
                move("agree", "Russia", "2025-03-01", "Russia and Ukraine agreed a truce"),
                move("reject", "Ukraine", "2025-03-05"),
            ],
            "contested",
        ),
        # moves of no party set no status
        ([move("demand", None, "2025-03-01"), move("reject", None, "2025-03-02")], "open"),
    ],
)
def test_status_rules(moves: list[MoveRecord], status: str) -> None:
    found = status_of(moves, PARTIES)
    assert found.status == status
    assert found.explanation.startswith(status + ":")


def test_the_evidence_of_a_status_is_each_sides_current_stance() -> None:
    moves = [
        move("reject", "Ukraine", "2025-03-01", ident="old"),
        move("demand", "Russia", "2025-03-02", ident="demand"),
        move("accept", "Ukraine", "2025-03-09", ident="new"),
    ]
    found = status_of(moves, PARTIES)
    assert [m.move_ids[0] for m in found.evidence] == ["new", "demand"]  # in the parties' order
    assert "Ukraine: accept (2025-03-09" in found.explanation
    assert "Russia: demand (2025-03-02" in found.explanation


def test_board_of_reports(any_store_url: str, tmp_path: Path) -> None:
    with ingest_corpus(any_store_url, tmp_path) as store, store.reading() as connection:
        board = build_board(connection, "russia-ukraine")
    rows = {row.issue: row for row in board.issues}
    # every status, each set by the moves the reports describe
    assert rows["ceasefire"].status.status == "contested"  # Russia's demand stands; Ukraine moved
    assert rows["humanitarian"].status.status == "converging"  # a corridor proposed and accepted
    assert rows["maritime"].status.status == "agreed"  # Russia and Ukraine agreed a shipping deal
    assert rows["justice"].status.status == "open"  # only Ukraine demands a tribunal
    assert status_counts(board)["contested"] == 1
    assert "Russia and Ukraine agreed a deal on safe shipping" in rows["maritime"].status.explanation

    ceasefire = {cell.party: cell for cell in rows["ceasefire"].cells}
    ukraine = ceasefire["Ukraine"]
    # newest first: the acceptance of week two before the rejection of week one
    assert [m.type for m in ukraine.moves] == ["accept", "reject"]
    assert [p.text for p in ukraine.positions] == [
        "that Kyiv would accept a ceasefire along the current front line",
        "that Ukraine rejects any ceasefire that freezes the front line",
    ]
    # the week-two quote was carried by two outlets: one position, both sources, exact spans
    latest = ukraine.positions[0]
    assert latest.speaker == "Volodymyr Zelensky" and len(latest.statement_ids) == 2
    assert sorted(o for s in latest.sources for o in s.outlets) == ["AP", "Reuters"]
    assert all(s.span[1] - s.span[0] == len(latest.text) for s in latest.sources)
    assert [m.type for m in ceasefire["Russia"].moves] == ["demand"]
    assert ceasefire["United States"].moves == () and ceasefire["United States"].positions == ()

    as_json = board.to_dict()
    assert as_json["parties"] == ["Ukraine", "Russia", "United States", "European Union"]
    assert as_json["issues"][0]["parties"][0]["party"] == "Ukraine"


def test_a_board_limits_each_cell_but_counts_everything(tmp_path: Path) -> None:
    with ingest_corpus(f"sqlite:///{tmp_path / 'b.db'}", tmp_path) as store, store.reading() as connection:
        board = build_board(connection, "russia-ukraine", limit=1)
        with pytest.raises(NotFoundError):
            build_board(connection, "atlantis")
    ukraine = next(c for r in board.issues if r.issue == "ceasefire" for c in r.cells if c.party == "Ukraine")
    assert len(ukraine.moves) == 1 and ukraine.moves_total == 2
    assert ukraine.moves[0].type == "accept"
