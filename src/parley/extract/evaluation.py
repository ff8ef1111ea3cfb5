"""Scoring quote extraction and speaker attribution on a PolNeAR-format folder, with the metric of the
shared reference scorer (`tools/score_quotes.py`), written for parley from its definition:

- a predicted quote matches a gold attribution when their character spans overlap by at least half of the
  shorter one (gold content may be several spans; overlaps are summed); each gold attribution matches once;
- the speaker is right when the predicted mention overlaps a gold source span, or the last word of the
  predicted name occurs in the gold source text;
- "direct" gold is PolNeAR's `direct` and `direct_or_mixed`; "indirect" gold is the rest whose cue is a
  verb of speech (the reference scorer's list, below).

PolNeAR calls an attribution direct when its content holds a double quotation mark (its NYT texts, which
quote with two apostrophes, are all "indirect"); statements are scored under the same rule, and a
statement that `continues` another is scored as part of it, as PolNeAR annotates such parts as one
attribution.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parley.models import Statement

# The verbs of speech the reference scorer keeps for indirect gold (its SPEECH pattern).
SPEECH = re.compile(
    r"\b(said|says|say|saying|told|tells|tell|added|adds|stated|states|declared|announced|announces|noted|"
    r"notes|explained|wrote|writes|asked|asks|argued|argues|claimed|claims|insisted|insists|warned|warns|"
    r"emphasized|stressed|according|acknowledged|admitted|replied|responded|continued|tweeted|remarked|"
    r"suggested|called|urged|predicted|recalled|conceded|countered|complained|quipped|joked|agreed|denied|"
    r"confirmed)\b",
    re.I,
)
_DOUBLE_MARKS = '"“”'


@dataclass(frozen=True, slots=True)
class Prediction:
    article_id: str
    kind: str  # direct | indirect, as PolNeAR would label it
    span: tuple[int, int]
    mention: tuple[int, int] | None
    name: str | None


@dataclass(frozen=True, slots=True)
class Score:
    kind: str
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    joint_f1: float

    def to_dict(self) -> dict[str, Any]:
        return {
            name: (round(value, 4) if isinstance(value, float) else value)
            for name, value in ((f, getattr(self, f)) for f in self.__slots__)
        }


def predictions(article_id: str, text: str, statements: Iterable[Statement]) -> list[Prediction]:
    """Statements as PolNeAR-style predictions: parts of one quote joined, kinds by PolNeAR's rule."""
    heads: dict[str, list[Any]] = {}
    order: list[list[Any]] = []
    for statement in statements:
        start, end = statement.span
        if statement.continues and statement.continues in heads:
            head = heads[statement.continues]
            head[1] = max(head[1], end)
            heads[statement.statement_id] = head
            continue
        speaker = statement.speaker
        entry = [start, end, speaker.mention if speaker else None, speaker.name if speaker else None]
        heads[statement.statement_id] = entry
        order.append(entry)
    found = []
    for start, end, mention, name in order:
        quoted = any(ch in _DOUBLE_MARKS for ch in text[max(0, start - 1) : end + 1])
        found.append(Prediction(article_id, "direct" if quoted else "indirect", (start, end), mention, name))
    return found


def load_gold(folder: Path, split: str) -> list[dict[str, Any]]:
    path = folder / split / "attributions.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _matches(span: tuple[int, int], gold_spans: list[tuple[int, int]]) -> bool:
    covered = sum(_overlap(span, g) for g in gold_spans)
    length = sum(e - s for s, e in gold_spans)
    return covered > 0 and covered >= 0.5 * min(length, span[1] - span[0])


def _speaker_right(prediction: Prediction, gold: dict[str, Any]) -> bool:
    source = gold["source"]
    spans = [tuple(s) for s in source["spans"]]
    if prediction.mention and any(_overlap(prediction.mention, s) > 0 for s in spans):
        return True
    words = re.findall(r"[A-Za-z']+", prediction.name or "")
    return bool(words) and re.search(rf"\b{re.escape(words[-1])}\b", source["text"], re.I) is not None


def score(preds: list[Prediction], gold: list[dict[str, Any]], kind: str, articles: set[str]) -> Score:
    """The reference metric for `kind` ("direct" or "indirect") over the given articles."""

    def wanted(g: dict[str, Any]) -> bool:
        direct = g.get("quote_type") in ("direct", "direct_or_mixed")
        if kind == "direct":
            return direct
        cue = (g.get("cue") or {}).get("text") or ""
        return not direct and bool(SPEECH.search(cue))

    gold_by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        if g["article_id"] in articles and wanted(g):
            gold_by_article[g["article_id"]].append(g)
    chosen = [p for p in preds if p.article_id in articles and p.kind == kind]
    used: set[tuple[str, int]] = set()
    matched = right = with_source = 0
    for p in chosen:
        for i, g in enumerate(gold_by_article.get(p.article_id, [])):
            if (p.article_id, i) in used:
                continue
            content = g.get("content")  # a few train attributions have no content: counted, never matched
            if content and _matches(p.span, [tuple(s) for s in content["spans"]]):
                used.add((p.article_id, i))
                matched += 1
                if g.get("source"):
                    with_source += 1
                    right += _speaker_right(p, g)
                break
    total_gold = sum(len(v) for v in gold_by_article.values())
    precision = matched / len(chosen) if chosen else 0.0
    recall = matched / total_gold if total_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    joint_p = right / len(chosen) if chosen else 0.0
    joint_r = right / total_gold if total_gold else 0.0
    joint = 2 * joint_p * joint_r / (joint_p + joint_r) if joint_p + joint_r else 0.0
    return Score(
        kind,
        total_gold,
        len(chosen),
        matched,
        precision,
        recall,
        f1,
        right / with_source if with_source else 0.0,
        joint,
    )


@dataclass(frozen=True, slots=True)
class Evaluation:
    split: str
    articles: int
    direct: Score
    indirect: Score
    predictions: list[Prediction]

    def to_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "articles": self.articles,
            "direct": self.direct.to_dict(),
            "indirect": self.indirect.to_dict(),
        }


def evaluate_polnear(folder: Path, split: str, extract: Any, limit: int | None = None) -> Evaluation:
    """Run `extract(text, article_id) -> statements` over `folder/split/text/*.txt` and score it."""
    paths = sorted((folder / split / "text").glob("*.txt"))[:limit]
    preds: list[Prediction] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        preds.extend(predictions(path.stem, text, extract(text, path.stem)))
    gold = load_gold(folder, split)
    articles = {p.stem for p in paths}
    return Evaluation(
        split,
        len(paths),
        score(preds, gold, "direct", articles),
        score(preds, gold, "indirect", articles),
        preds,
    )
