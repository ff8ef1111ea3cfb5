"""The issue board of a negotiation: for each issue and each party, the latest positions (statements
tagged with the issue, by that party's speakers) and moves, with the quote and its sources, newest first;
and a status per issue derived from the moves, with the moves that set it.

Status rules. Only moves on the issue whose holder belongs to a party count (`parties.py`), and of those
only stances: `demand` and `reject` are hard; `propose`, `accept` and `concede` are soft; `agree` is
agreement. Meetings, threats and accusations are shown but set no status. Each party's *current* stance is
its latest stance move (by first report; a later move replaces an earlier one, so a party that rejected
and then accepted stands on its acceptance). Then, the first rule that holds:

1. `agreed` — no party's current stance is hard, and either some party's current stance is an `agree`
   whose words name another party (its participants, target, object or evidence: "Ukraine and Russia
   agreed a deal"), or two or more parties' current stances are `accept` (mutual acceptance). An `agree`
   that names no other party ("Biden is expected to sign the bill") is one side's move, a soft stance.
2. `open` — fewer than two parties have a stance: the issue is raised (positions, or one side's moves)
   but nothing opposes it yet.
3. `contested` — two or more parties have a stance and at least one of them is hard (a demand or a
   rejection still stands against the other side).
4. `converging` — two or more parties have a stance and all are soft or agreement (proposals,
   acceptances, concessions on both sides).

The evidence of a status is the current stance move of each party that has one, and the explanation says
in words which rule held and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from parley.analyze.cited import (
    MoveRecord,
    Position,
    load_moves,
    load_positions,
    routed_articles,
)
from parley.analyze.parties import Parties, find_negotiation

HARD = frozenset({"demand", "reject"})
SOFT = frozenset({"propose", "accept", "concede"})
STANCES = HARD | SOFT | {"agree"}
STATUSES = ("open", "contested", "converging", "agreed")


@dataclass(frozen=True, slots=True)
class Status:
    status: str  # one of STATUSES
    explanation: str
    evidence: tuple[MoveRecord, ...]  # the current stance move of each party that has one

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "explanation": self.explanation,
            "evidence": [m.to_dict() for m in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Cell:
    """One party on one issue: its latest positions and moves, newest first (at most the board's limit,
    with the totals)."""

    party: str
    positions: tuple[Position, ...]
    moves: tuple[MoveRecord, ...]
    positions_total: int
    moves_total: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "positions": [p.to_dict() for p in self.positions],
            "moves": [m.to_dict() for m in self.moves],
            "positions_total": self.positions_total,
            "moves_total": self.moves_total,
        }


@dataclass(frozen=True, slots=True)
class IssueRow:
    issue: str
    label: str
    status: Status
    cells: tuple[Cell, ...]  # one per party, in the negotiation's order
    unattributed_positions: int  # on the issue, by speakers of no party (mediators, analysts, unknown)
    unattributed_moves: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "issue": self.issue,
            "label": self.label,
            "status": self.status.to_dict(),
            "parties": [c.to_dict() for c in self.cells],
            "unattributed_positions": self.unattributed_positions,
            "unattributed_moves": self.unattributed_moves,
        }


@dataclass(frozen=True, slots=True)
class Board:
    negotiation: str
    name: str
    parties: tuple[str, ...]
    issues: tuple[IssueRow, ...]  # issues raised, in the taxonomy's order

    def to_dict(self) -> dict[str, Any]:
        return {
            "negotiation": self.negotiation,
            "name": self.name,
            "parties": list(self.parties),
            "issues": [i.to_dict() for i in self.issues],
        }


def _describe(move: MoveRecord) -> str:
    day = move.date.date().isoformat() if move.date else "undated"
    return f"{move.party}: {move.type} ({day}, “{move.evidence}”)"


def current_stances(moves: Sequence[MoveRecord]) -> dict[str, MoveRecord]:
    """Each party's latest stance move (moves come oldest first; a later one replaces an earlier one)."""
    latest: dict[str, MoveRecord] = {}
    for move in moves:
        if move.party is not None and move.type in STANCES:
            latest[move.party] = move
    return latest


def counterparts(move: MoveRecord, parties: Parties) -> set[str]:
    """The parties other than the holder's that a move's words name."""
    words = " ".join(filter(None, (*move.participants, move.target, move.object, move.evidence)))
    return parties.mentioned(words) - {move.party or ""}


def status_of(moves: Sequence[MoveRecord], parties: Parties) -> Status:
    """The status of an issue from its moves, oldest first (the rules are in the module's docstring)."""
    latest = current_stances(moves)
    evidence = tuple(latest[p] for p in parties.names if p in latest)
    described = "; ".join(_describe(m) for m in evidence)
    hard = [m for m in evidence if m.type in HARD]
    agreeing = [m for m in evidence if m.type == "agree" and counterparts(m, parties)]
    accepting = [m for m in evidence if m.type == "accept"]
    if not hard and (agreeing or len(accepting) >= 2):
        why = (
            f"{agreeing[0].party} agreed with {', '.join(sorted(counterparts(agreeing[0], parties)))}"
            if agreeing
            else "acceptance by " + " and ".join(m.party or "" for m in accepting)
        )
        return Status("agreed", f"agreed: {why}, and no demand or rejection stands — {described}", evidence)
    if len(evidence) < 2:
        if evidence:
            return Status("open", f"open: only one side has moved — {described}", evidence)
        return Status("open", "open: raised, but no party has made a demand, proposal or reply", evidence)
    if hard:
        sides = " and ".join(m.party or "" for m in hard)
        return Status(
            "contested",
            f"contested: {sides} still {'hold' if len(hard) > 1 else 'holds'} a demand or rejection "
            f"against another side — {described}",
            evidence,
        )
    return Status(
        "converging", f"converging: every side's latest move is conciliatory — {described}", evidence
    )


def _newest_first(records: Sequence[Any]) -> list[Any]:
    return sorted(records, key=lambda r: (r.date is not None, r.date), reverse=True)


def build_board(connection: Connection, negotiation_id: str, limit: int = 5) -> Board:
    """The issue board of a negotiation from the store; `limit` positions and moves per party and issue."""
    negotiation = find_negotiation(negotiation_id)
    parties = Parties.of(negotiation)
    known = routed_articles(connection, negotiation_id)
    positions = load_positions(connection, negotiation_id, parties, known)
    moves = load_moves(connection, negotiation_id, parties, known)
    rows = []
    for issue in negotiation.taxonomy().issues:
        said = [p for p in positions if issue.id in p.issues]
        done = [m for m in moves if m.issue == issue.id]
        if not said and not done:
            continue
        cells = []
        for party in parties.names:
            own_said = _newest_first([p for p in said if p.party == party])
            own_done = _newest_first([m for m in done if m.party == party])
            cells.append(
                Cell(party, tuple(own_said[:limit]), tuple(own_done[:limit]), len(own_said), len(own_done))
            )
        rows.append(
            IssueRow(
                issue.id,
                issue.label,
                status_of(done, parties),
                tuple(cells),
                sum(1 for p in said if p.party is None),
                sum(1 for m in done if m.party is None),
            )
        )
    return Board(negotiation.id, negotiation.name, parties.names, tuple(rows))


def status_counts(board: Board) -> Mapping[str, int]:
    """How many issues have each status."""
    return {s: sum(1 for row in board.issues if row.status.status == s) for s in STATUSES}
