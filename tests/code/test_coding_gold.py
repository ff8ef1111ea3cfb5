"""The coding gold set (tests/gates/coding_gold.jsonl) is well-formed and still matches the shared corpus,
its documented counts are true, and the scorer of parley.code.evaluation computes known values on small
synthetic sets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from parley.code.evaluation import (
    BAND_RANGES,
    BANDS,
    ISSUE_IDS,
    MOVE_TYPES,
    GoldError,
    GoldLikelihood,
    GoldMove,
    GoldSet,
    GoldStatement,
    Predictions,
    band_of,
    gold_as_predictions,
    gold_statement_inputs,
    holder_matches,
    load_gold,
    predictions_from_records,
    score_all,
    score_issues,
    score_likelihood,
    score_moves,
    text_hash,
)
from tests.conftest import shared_path

GATES = Path(__file__).resolve().parents[1] / "gates"
GOLD = GATES / "coding_gold.jsonl"
GUIDELINES = GATES / "coding_guidelines.md"
CORPUS = ("data", "news", "ukraine_gdelt_2022", "articles.jsonl")

COMMON_KEYS = {"article_id", "set", "type", "span", "sha1"}
KEYS = {
    "statement_issues": COMMON_KEYS | {"speaker", "kind", "issues"},
    "move": COMMON_KEYS
    | {
        "move",
        "holder",
        "co_holders",
        "holder_party",
        "target",
        "issue",
        "reported_by",
        "date_text",
        "place",
    },
    "likelihood": COMMON_KEYS | {"band", "negated", "holder", "event_span", "event_sha1"},
}


def _records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def gold() -> GoldSet:
    return load_gold(GOLD, shared_path(*CORPUS))


# ------------------------------------------------------------------------------------ the gold file


def test_gold_lines_have_exactly_the_documented_fields_and_valid_labels() -> None:
    for number, r in enumerate(_records(), 1):
        assert set(r) == KEYS[r["type"]], f"line {number}: fields {sorted(set(r) ^ KEYS[r['type']])}"
        assert r["set"] in {"dev", "check"}
        assert re.fullmatch(r"[0-9a-f]{8}", r["sha1"])
        start, end = r["span"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end
        if r["type"] == "statement_issues":
            assert set(r["issues"]) <= ISSUE_IDS and r["issues"] == sorted(set(r["issues"]))
            assert r["kind"] in {"direct", "indirect"}
        elif r["type"] == "move":
            assert r["move"] in MOVE_TYPES and r["holder"]
            assert r["issue"] is None or r["issue"] in ISSUE_IDS
        else:
            assert r["band"] in BANDS and isinstance(r["negated"], bool)


def test_gold_keeps_no_article_text() -> None:
    """Labels are short names; a long string would be a quotation of the article."""
    for r in _records():
        strings = [v for k, v in r.items() if k != "article_id" and isinstance(v, str)]
        strings += [x for v in r.values() if isinstance(v, list) for x in v if isinstance(x, str)]
        assert all(len(s) <= 60 for s in strings), f"long string in {r['article_id']} {r['span']}"


def test_gold_matches_the_shared_corpus(gold: GoldSet) -> None:
    """load_gold checked every offset and hash; the sets are large enough and disjoint."""
    counts = gold.counts()
    assert counts["dev"]["articles"] >= 15
    assert counts["check"]["articles"] >= 3
    assert set(gold.articles) == {r["article_id"] for r in _records()}
    dev, check = gold.select("dev"), gold.select("check")
    assert not set(dev.articles) & set(check.articles)
    assert len(gold.statements) >= 300 and len(gold.moves) >= 50 and len(gold.likelihoods) >= 40


def test_documented_counts_are_the_real_counts(gold: GoldSet) -> None:
    table = {
        m.group(1): [int(x) for x in m.groups()[1:]]
        for m in re.finditer(
            r"^\| (dev|check) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", GUIDELINES.read_text(), re.M
        )
    }
    counts = gold.counts()
    for name in ("dev", "check"):
        c = counts[name]
        assert table[name] == [c["articles"], c["statement_issues"], c["move"], c["likelihood"]]
    listed = set(re.findall(r"^\| `(\w+)` \| (?:dev|check) \|", GUIDELINES.read_text(), re.M))
    assert listed == set(gold.articles)


def test_the_gold_scores_one_against_itself_and_nothing_scores_zero(gold: GoldSet) -> None:
    for name in ("dev", "check"):
        part = gold.select(name)
        assert score_all(part, gold_as_predictions(part)).headline() == {
            "issue_f1": 1.0,
            "move_f1": 1.0,
            "likelihood_recall": 1.0,
            "band_accuracy": 1.0,
        }
        assert set(score_all(part, Predictions()).headline().values()) == {0.0}
    inputs = gold_statement_inputs(gold)
    assert len(inputs) == len(gold.statements) and {"article_id", "span"} <= set(inputs[0])


def _write_corpus(path: Path, texts: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()), "utf-8")
    return path


def _line(**fields: Any) -> str:
    return json.dumps(fields) + "\n"


def test_a_changed_corpus_fails_clearly(tmp_path: Path) -> None:
    text = "Lavrov said talks are unlikely to resume."
    corpus = _write_corpus(tmp_path / "a.jsonl", {"a1": text})
    span = [12, 40]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        _line(
            article_id="a1",
            set="dev",
            type="statement_issues",
            span=span,
            sha1=text_hash(text[12:40]),
            speaker="Sergey Lavrov",
            kind="indirect",
            issues=["process"],
        ),
        "utf-8",
    )
    assert len(load_gold(gold, corpus).statements) == 1
    _write_corpus(corpus, {"a1": text.replace("talks", "TALKS")})
    with pytest.raises(GoldError, match=r"does not match the corpus .*the shared text changed"):
        load_gold(gold, corpus)
    _write_corpus(corpus, {"a2": text})
    with pytest.raises(GoldError, match="article 'a1' is not in the corpus"):
        load_gold(gold, corpus)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        # an issue id outside the taxonomy
        ({"type": "statement_issues", "speaker": "X", "kind": "direct", "issues": ["land"]}, "issue ids"),
        # a band that is not one of the seven
        (
            {"type": "likelihood", "band": "probable", "negated": False, "holder": None, "event_span": None},
            "band",
        ),
        # a move type outside the list
        ({"type": "move", "move": "negotiate", "holder": "Russia"}, "move 'negotiate'"),
        # a span past the end of the text
        (
            {"type": "statement_issues", "span": [0, 999], "speaker": None, "kind": "direct", "issues": []},
            "out of range",
        ),
        # an unknown set
        (
            {"type": "statement_issues", "set": "test", "speaker": None, "kind": "direct", "issues": []},
            "set 'test'",
        ),
    ],
)
def test_malformed_gold_is_refused(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    text = "Kyiv rejected the proposal."
    corpus = _write_corpus(tmp_path / "a.jsonl", {"a1": text})
    record = {"article_id": "a1", "set": "dev", "span": [0, 4], "sha1": text_hash("Kyiv")} | fields
    gold = tmp_path / "gold.jsonl"
    gold.write_text(_line(**record), "utf-8")
    with pytest.raises(GoldError, match=re.escape(message)):
        load_gold(gold, corpus)


# ---------------------------------------------------------------------------------------- the scorer


def _statement(span: tuple[int, int], *issues: str, article: str = "a") -> GoldStatement:
    return GoldStatement(article, "dev", span, None, "direct", frozenset(issues))


def _move(move: str, holder: str, span: tuple[int, int], target: tuple[str, ...] = ()) -> GoldMove:
    return GoldMove("a", "dev", move, holder, (), None, target, None, span, None, None, None)


def _estimate(span: tuple[int, int], band: str, in_statement: bool = True) -> GoldLikelihood:
    return GoldLikelihood("a", "dev", span, band, False, None, None, in_statement)


ISSUE_GOLD = GoldSet(
    (
        _statement((0, 100), "territory", "process"),
        _statement((200, 260), "ceasefire"),
        _statement((300, 320)),
    ),
    (),
    (),
    {"a": "dev"},
)


def test_issue_f1_on_matched_spans() -> None:
    predictions = [
        # overlaps the first gold statement fully: territory right, process missed
        {"article_id": "a", "span": [10, 90], "issues": ["territory"]},
        # overlaps the second by 20 characters, less than half of the shorter (30): no match
        {"article_id": "a", "span": [240, 300], "issues": ["ceasefire", "humanitarian"]},
        # covers the third (no gold issue) completely: process is a false positive
        {"article_id": "a", "span": [300, 330], "issues": ["process"]},
        # an article outside the gold set is ignored
        {"article_id": "elsewhere", "span": [0, 100], "issues": ["territory"]},
    ]
    score = score_issues(ISSUE_GOLD, predictions)
    assert (score.matched, score.tp, score.fp, score.fn) == (2, 1, 1, 1)
    assert (score.precision, score.recall, score.f1) == (0.5, 0.5, 0.5)
    assert score.span_precision == pytest.approx(2 / 3) and score.span_recall == pytest.approx(2 / 3)
    # end to end: the unmatched gold's ceasefire is missed, the unmatched prediction's two labels spurious
    assert score.end_to_end_f1 == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))
    assert score.per_issue["territory"] == (1, 0, 0) and score.per_issue["process"] == (0, 1, 1)


def test_issue_matching_is_one_to_one() -> None:
    gold = GoldSet((_statement((0, 100), "territory"),), (), (), {"a": "dev"})
    twice = [{"article_id": "a", "span": [0, 100], "issues": ["territory"]}] * 2
    score = score_issues(gold, twice)
    assert (score.matched, score.f1, score.span_precision) == (1, 1.0, 0.5)
    assert score_issues(gold, []).f1 == 0.0


MOVE_GOLD = GoldSet(
    (),
    (
        _move("demand", "Russia", (0, 50)),
        _move("meet", "Sergey Lavrov", (100, 150), target=("Dmytro Kuleba",)),
        _move("reject", "Ukraine", (200, 220)),
    ),
    (),
    {"a": "dev"},
)


def test_move_f1_needs_type_holder_and_overlapping_evidence() -> None:
    predictions = [
        # "Moscow" names Russia; the evidence overlaps by 10 characters
        {"article_id": "a", "move": "demand", "holder": "Moscow", "span": [40, 60]},
        # a meeting is symmetric: the other participant, by surname, is a right holder
        {"article_id": "a", "type": "meet", "holder": "Kuleba", "span": [120, 130]},
        # right type and place, wrong holder
        {"article_id": "a", "move": "reject", "holder": "Russia", "span": [200, 220]},
        # nothing in gold there
        {"article_id": "a", "move": "accuse", "holder": "Ukraine", "span": [500, 510]},
    ]
    score = score_moves(MOVE_GOLD, predictions)
    assert (score.gold, score.predicted, score.matched) == (3, 4, 2)
    assert score.precision == 0.5 and score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(4 / 7)
    assert score.type_only_f1 == pytest.approx(2 * 0.75 * 1.0 / 1.75)
    assert score.per_type["reject"] == (1, 1, 0)
    assert score_moves(MOVE_GOLD, []).f1 == 0.0


def test_a_move_needs_some_overlap_and_the_same_type() -> None:
    predictions = [
        {"article_id": "a", "move": "demand", "holder": "Russia", "span": [50, 60]},  # touches, no overlap
        {"article_id": "a", "move": "propose", "holder": "Russia", "span": [0, 50]},  # wrong type
    ]
    assert score_moves(MOVE_GOLD, predictions).matched == 0


@pytest.mark.parametrize(
    ("predicted", "names", "expected"),
    [
        ("Moscow", ["Russia"], True),  # a capital for its state
        ("the Kremlin", ["Russia"], True),
        ("U.S.", ["United States"], True),
        ("Biden", ["Joe Biden"], True),  # a surname alone
        ("Sergei Lavrov", ["Sergey Lavrov"], True),  # another transliteration
        ("Zelenskyy", ["Volodymyr Zelensky"], True),
        ("Russia", ["Vladimir Putin", "Russia"], True),  # the holder's party
        ("North Korea", ["South Korea"], False),  # same last word, different names
        ("Ukraine", ["Russia"], False),
        ("", ["Russia"], False),
        (None, ["Russia"], False),
    ],
)
def test_holder_matching(predicted: str | None, names: list[str], expected: bool) -> None:
    assert holder_matches(predicted, names) is expected


LIKELIHOOD_GOLD = GoldSet(
    (),
    (),
    (_estimate((0, 8), "likely"), _estimate((20, 28), "very unlikely"), _estimate((40, 45), "even", False)),
    {"a": "dev"},
)


def test_likelihood_recall_and_band_accuracy() -> None:
    predictions: list[dict[str, Any]] = [
        {"article_id": "a", "span": [2, 6], "band": "likely", "negated": False},  # detected, band right
        {"article_id": "a", "span": [25, 40], "band": "unlikely"},  # detected, band wrong
        {"article_id": "a", "span": [100, 105], "band": "even"},  # no gold there
    ]
    score = score_likelihood(LIKELIHOOD_GOLD, predictions)
    assert (score.gold, score.detected) == (3, 2)
    assert score.recall == pytest.approx(2 / 3) and score.band_accuracy == 0.5
    assert score.precision == pytest.approx(2 / 3) and score.negation_accuracy == 1.0
    assert score.confusion == {"likely": {"likely": 1}, "very unlikely": {"unlikely": 1}}
    inside = score_likelihood(LIKELIHOOD_GOLD, predictions, scope="statements")
    assert (inside.gold, inside.recall, inside.band_accuracy) == (2, 1.0, 0.5)
    empty = score_likelihood(LIKELIHOOD_GOLD, [])
    assert (empty.recall, empty.band_accuracy) == (0.0, 0.0)


def test_the_most_overlapping_prediction_gives_the_band() -> None:
    gold = GoldSet((), (), (_estimate((10, 30), "likely"),), {"a": "dev"})
    predictions = [
        {"article_id": "a", "span": [0, 12], "band": "even"},  # 2 characters
        {"article_id": "a", "span": [12, 30], "band": "likely"},  # 18 characters
    ]
    assert score_likelihood(gold, predictions).band_accuracy == 1.0


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (2, "extremely unlikely"),  # almost no chance
        (10, "very unlikely"),  # a boundary goes toward 50 %
        (20, "very unlikely"),  # unlikely, not likely
        (25, "unlikely"),
        (30, "unlikely"),  # not confident (DESIGN.md)
        (40, "even"),  # could, may, might
        (60, "even"),
        (70, "likely"),  # probably
        (75, "likely"),  # likely
        (80, "very likely"),
        (90, "very likely"),  # highly likely
        (95, "extremely likely"),  # almost certain
    ],
)
def test_band_of(percent: float, band: str) -> None:
    assert band_of(percent) == band
    low, high = BAND_RANGES[band]
    assert low <= percent <= high or (band == "extremely unlikely" and percent < low)


def test_predictions_from_design_records() -> None:
    records = [
        {
            "article_id": "a",
            "span": [0, 100],
            "issues": ["territory"],
            "moves": [
                {"move": "demand", "holder": "Russia", "issue": "territory", "span": [0, 50]},
                {"move": "meet"},
            ],
            "likelihood": [{"phrase": "probably", "span": [60, 68], "band": "likely", "negated": False}],
        }
    ]
    predictions = predictions_from_records(records)
    assert predictions.statements == [{"article_id": "a", "span": [0, 100], "issues": ["territory"]}]
    assert [m["holder"] for m in predictions.moves] == ["Russia"]  # the move without a span is skipped
    assert predictions.likelihoods[0]["band"] == "likely"
    gold = GoldSet(
        (_statement((0, 100), "territory"),),
        (_move("demand", "Russia", (0, 40)),),
        (_estimate((60, 68), "likely"),),
        {"a": "dev"},
    )
    assert score_all(gold, predictions).headline() == {
        "issue_f1": 1.0,
        "move_f1": 1.0,
        "likelihood_recall": 1.0,
        "band_accuracy": 1.0,
    }


def test_a_prediction_without_a_span_is_an_error() -> None:
    with pytest.raises(ValueError, match="span"):
        score_issues(ISSUE_GOLD, [{"article_id": "a", "span": [5, 5], "issues": []}])
