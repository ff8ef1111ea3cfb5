"""The PolNeAR metric on hand-made records: what it counts and what it tolerates in the gold."""

from __future__ import annotations

from parley.extract.evaluation import Prediction, score


def _gold(article: str, content: tuple[int, int] | None, source: tuple[int, int]) -> dict[str, object]:
    return {
        "article_id": article,
        "quote_type": "direct",
        "content": {"spans": [list(content)]} if content else None,
        "source": {"text": "Smith", "spans": [list(source)]},
    }


def test_gold_without_content_is_counted_but_never_matched() -> None:
    # PolNeAR train holds a few attributions whose content is null: the reference scorer counts them in
    # the gold total; they must not stop the run (they once raised TypeError and lost the whole split).
    gold = [_gold("a", None, (0, 5)), _gold("a", (10, 30), (0, 5))]
    found = [Prediction("a", "direct", (12, 30), (0, 5), "Smith")]
    result = score(found, gold, "direct", {"a"})
    assert (result.gold, result.predicted, result.matched) == (2, 1, 1)
    assert result.speaker_accuracy == 1.0
    assert result.recall == 0.5


def test_a_prediction_matches_one_gold_attribution_once() -> None:
    # Two predictions over the same gold quote: one matches, the other is a false positive.
    gold = [_gold("a", (10, 30), (0, 5))]
    found = [
        Prediction("a", "direct", (10, 30), None, "Smith"),
        Prediction("a", "direct", (12, 28), None, None),
    ]
    result = score(found, gold, "direct", {"a"})
    assert (result.matched, result.precision) == (1, 0.5)
