"""Scoring issue, move and likelihood coding against parley's own gold set.

The gold set (`tests/gates/coding_gold.jsonl`, guideline in `tests/gates/coding_guidelines.md`) is standoff:
one JSON object a line, each naming an article of the shared corpus
`../shared/data/news/ukraine_gdelt_2022/articles.jsonl` by `article_id`, character offsets into that
article's `text` (Python `str` indices), labels, and the first 8 hex digits of the SHA-1 of the annotated
substring. No article text is kept: `load_gold` reads the corpus in place and refuses to run
(`GoldError`) when a hash no longer matches, since offsets into a changed text would score nonsense.

Annotation types (`type`):

- `statement_issues`: a span of reported speech (quote content or reported clause, without the speaker and
  the cue), its speaker, `kind` (direct / indirect) and `issues`, a possibly empty list of the 13 issue ids;
- `move`: a negotiating move, `move` one of `MOVE_TYPES`, with `holder` (plus `co_holders` for a
  coordinated subject, `holder_party`, `target` list), optional `issue`, `reported_by`, `date_text`, `place`,
  and `span`, the evidence;
- `likelihood`: a phrase estimating how likely an outcome is, with `band` (one of `BANDS`), `negated`,
  `holder`, and `event_span` when the event is clear.

Every annotation also has `set`: `dev` (used to tune) or `check` (held aside, scored separately).

Predictions are plain mappings, so any coder plugs in (see `predictions_from_records` for the statement
records of DESIGN.md):

- issue predictions: `{"article_id", "span": [start, end], "issues": [...]}`;
- move predictions: `{"article_id", "move", "holder", "span": [start, end]}` (`type` is accepted for `move`);
- likelihood predictions: `{"article_id", "span": [start, end], "band", "negated"?}`.

Predictions for articles outside the gold set are ignored. The metrics (all micro-averaged over the
selected articles; every ratio with a zero denominator is 0.0, so an empty prediction scores 0.0):

- **issue F1** (`score_issues`): a predicted statement matches a gold statement of the same article when
  their spans overlap by at least half of the shorter span (the quote metric of `parley.extract.evaluation`);
  matching is one-to-one, larger overlaps first. Over matched pairs, each issue id is a true positive when
  in both label sets, a false positive when only predicted, a false negative when only in gold; precision,
  recall and F1 come from those counts. Unmatched statements do not count there (span finding is scored by
  `span_precision` / `span_recall`); `end_to_end_f1` adds the labels of unmatched gold statements as false
  negatives and those of unmatched predictions as false positives.
- **move F1** (`score_moves`): a predicted move matches a gold move when they are in the same article, have
  the same move type, their evidence spans overlap by at least one character, and the predicted holder
  names the gold holder (`holder_matches`): after normalisation (case, accents, punctuation, a leading
  "the", capitals and demonyms for states: "Moscow", "the Kremlin", "the Russians" → Russia) it equals the
  gold holder, one of its co-holders or its party, or it is a person name whose last word is the last word
  of one of those; for the symmetric types `meet` and `agree` the gold targets count as holders too.
  Matching is one-to-one, larger overlaps first; precision = matched / predicted, recall = matched / gold.
  Issue, target, date and place are not part of the F1; `issue_accuracy` reports the issue on matched moves
  whose gold issue is set.
- **likelihood recall and band accuracy** (`score_likelihood`): a gold phrase is detected when a predicted
  phrase of the same article overlaps it by at least one character; recall = detected / gold. Band accuracy
  is, over detected gold phrases, the share whose band equals the band of the most-overlapping prediction.
  `precision` (predicted phrases overlapping a gold one / predicted) and `negation_accuracy` are reported
  for diagnosis. `scope="statements"` keeps only gold phrases inside a gold statement (the estimates a
  statement-level coder can see); the default `"all"` also keeps the narrator's own estimates.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz
from unidecode import unidecode

from parley.errors import ParleyError

Span = tuple[int, int]
Scope = Literal["all", "statements"]

ISSUE_IDS: frozenset[str] = frozenset(
    {
        "territory",
        "ceasefire",
        "security_guarantees",
        "nuclear_and_infrastructure",
        "maritime",
        "humanitarian",
        "population_rights",
        "governance",
        "sanctions_economy",
        "reconstruction",
        "justice",
        "implementation",
        "process",
    }
)
MOVE_TYPES: frozenset[str] = frozenset(
    {"meet", "propose", "demand", "accept", "reject", "concede", "agree", "threaten", "accuse"}
)
SYMMETRIC_MOVES: frozenset[str] = frozenset({"meet", "agree"})
# The seven bands of DESIGN.md, from least to most likely, with their ranges in percent.
BANDS: tuple[str, ...] = (
    "extremely unlikely",
    "very unlikely",
    "unlikely",
    "even",
    "likely",
    "very likely",
    "extremely likely",
)
BAND_RANGES: dict[str, tuple[int, int]] = {
    "extremely unlikely": (1, 10),
    "very unlikely": (10, 25),
    "unlikely": (25, 40),
    "even": (40, 60),
    "likely": (60, 75),
    "very likely": (75, 90),
    "extremely likely": (90, 100),
}
SETS: frozenset[str] = frozenset({"dev", "check"})
KINDS: frozenset[str] = frozenset({"direct", "indirect"})
TYPES: frozenset[str] = frozenset({"statement_issues", "move", "likelihood"})


class GoldError(ParleyError):
    """The gold file is malformed, or no longer matches the corpus it points into."""


def band_of(percent: float) -> str:
    """The band of a probability in percent. A value on a boundary goes to the band nearer 50 %
    (10 → very unlikely, 25 → unlikely, 40 and 60 → even, 75 → likely, 90 → very likely): this is how the
    gold bands were read off calibrated medians ("likely" has a median of 70-75 %)."""
    if not 0.0 <= percent <= 100.0:
        raise ValueError(f"a probability in percent lies in [0, 100], not {percent}")
    if percent < 10:
        return "extremely unlikely"
    if percent < 25:
        return "very unlikely"
    if percent < 40:
        return "unlikely"
    if percent <= 60:
        return "even"
    if percent <= 75:
        return "likely"
    if percent <= 90:
        return "very likely"
    return "extremely likely"


def text_hash(text: str) -> str:
    """The drift check stored with each annotation: the first 8 hex digits of the SHA-1 of the substring."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


# ---------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldStatement:
    article_id: str
    set: str
    span: Span
    speaker: str | None
    kind: str
    issues: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldMove:
    article_id: str
    set: str
    move: str
    holder: str
    co_holders: tuple[str, ...]
    holder_party: str | None
    target: tuple[str, ...]
    issue: str | None
    span: Span
    reported_by: str | None
    date_text: str | None
    place: str | None

    def holder_names(self) -> tuple[str, ...]:
        """The names a predicted holder may give: for symmetric moves, every participant."""
        names = (self.holder, *self.co_holders, *((self.holder_party,) if self.holder_party else ()))
        return names + self.target if self.move in SYMMETRIC_MOVES else names


@dataclass(frozen=True, slots=True)
class GoldLikelihood:
    article_id: str
    set: str
    span: Span
    band: str
    negated: bool
    holder: str | None
    event_span: Span | None
    in_statement: bool  # inside a gold statement span of the same article


@dataclass(frozen=True, slots=True)
class GoldSet:
    statements: tuple[GoldStatement, ...]
    moves: tuple[GoldMove, ...]
    likelihoods: tuple[GoldLikelihood, ...]
    articles: Mapping[str, str] = field(default_factory=dict)  # article id -> set

    def select(self, which: str) -> GoldSet:
        """Only the annotations of one set (`dev` or `check`)."""
        if which not in SETS:
            raise ValueError(f"unknown set {which!r}; the sets are {sorted(SETS)}")
        return GoldSet(
            tuple(s for s in self.statements if s.set == which),
            tuple(m for m in self.moves if m.set == which),
            tuple(g for g in self.likelihoods if g.set == which),
            {a: s for a, s in self.articles.items() if s == which},
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """Annotations per set and type, and articles per set."""
        out: dict[str, dict[str, int]] = {}
        for name in sorted(SETS):
            part = self.select(name)
            out[name] = {
                "articles": len(part.articles),
                "statement_issues": len(part.statements),
                "move": len(part.moves),
                "likelihood": len(part.likelihoods),
            }
        return out


def gold_statement_inputs(gold: GoldSet) -> list[dict[str, Any]]:
    """The gold statements as inputs for a coder run on gold spans (no extraction errors in the way)."""
    return [
        {"article_id": s.article_id, "span": list(s.span), "speaker": s.speaker, "kind": s.kind}
        for s in gold.statements
    ]


def read_corpus(path: Path, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Article texts of a JSON lines corpus (`{id, text, ...}` a line), optionally only the given ids."""
    wanted = set(ids) if ids is not None else None
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if wanted is None or record["id"] in wanted:
                texts[record["id"]] = record["text"]
    return texts


def _span(value: Any) -> Span | None:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return (value[0], value[1])
    return None


def _check_span(
    problems: list[str], where: str, span: Span | None, digest: Any, text: str | None, what: str = "span"
) -> None:
    if span is None:
        problems.append(f"{where}: {what} is not a pair of integers")
        return
    start, end = span
    if text is None:
        return
    if not 0 <= start < end <= len(text):
        problems.append(f"{where}: {what} {list(span)} out of range (text has {len(text)} characters)")
    elif digest != text_hash(text[start:end]):
        problems.append(f"{where}: {what} {list(span)} hash {digest} != {text_hash(text[start:end])}")


def _opt_str(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(value.strip()))


def load_gold(gold_path: Path, corpus_path: Path) -> GoldSet:
    """Read and check the gold file against the corpus it annotates.

    Every line must be a well-formed annotation with valid labels, and every span must lie inside its
    article and hash to the stored value; otherwise `GoldError` lists what is wrong (a changed corpus shows
    up as hash mismatches)."""
    try:
        lines = gold_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"cannot read the gold file {gold_path}: {exc}") from exc
    records: list[tuple[str, dict[str, Any]]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{gold_path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(record, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        records.append((where, record))
    ids: set[str] = {r["article_id"] for _, r in records if isinstance(r.get("article_id"), str)}
    try:
        texts = read_corpus(corpus_path, ids)
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        raise GoldError(f"cannot read the corpus {corpus_path}: {exc}") from exc

    statements: list[GoldStatement] = []
    moves: list[GoldMove] = []
    likelihoods: list[dict[str, Any]] = []
    articles: dict[str, str] = {}
    for where, r in records:
        kind = r.get("type")
        article_id = r.get("article_id")
        which = r.get("set")
        if kind not in TYPES:
            problems.append(f"{where}: unknown type {kind!r}")
            continue
        if not isinstance(article_id, str) or article_id not in texts:
            problems.append(f"{where}: article {article_id!r} is not in the corpus {corpus_path}")
            continue
        if which not in SETS:
            problems.append(f"{where}: set {which!r} is not one of {sorted(SETS)}")
            continue
        if articles.setdefault(article_id, which) != which:
            problems.append(f"{where}: article {article_id} is in both sets")
        text = texts[article_id]
        span = _span(r.get("span"))
        _check_span(problems, where, span, r.get("sha1"), text)
        if span is None:
            continue
        if kind == "statement_issues":
            issues = r.get("issues")
            if not isinstance(issues, list) or not set(issues) <= ISSUE_IDS:
                problems.append(f"{where}: issues {issues!r} are not a list of issue ids")
                continue
            if r.get("kind") not in KINDS or not _opt_str(r.get("speaker")):
                problems.append(f"{where}: kind {r.get('kind')!r} or speaker {r.get('speaker')!r} invalid")
                continue
            statements.append(
                GoldStatement(article_id, which, span, r["speaker"], r["kind"], frozenset(issues))
            )
        elif kind == "move":
            target, co_holders = r.get("target", []), r.get("co_holders", [])
            if r.get("move") not in MOVE_TYPES:
                problems.append(f"{where}: move {r.get('move')!r} is not one of {sorted(MOVE_TYPES)}")
                continue
            if not (isinstance(r.get("holder"), str) and r["holder"].strip()):
                problems.append(f"{where}: a move needs a holder")
                continue
            if r.get("issue") is not None and r.get("issue") not in ISSUE_IDS:
                problems.append(f"{where}: issue {r.get('issue')!r} is not an issue id")
                continue
            lists_ok = all(
                isinstance(v, list) and all(isinstance(x, str) and x for x in v) for v in (target, co_holders)
            )
            optional_ok = all(
                _opt_str(r.get(k)) for k in ("holder_party", "reported_by", "date_text", "place")
            )
            if not (lists_ok and optional_ok):
                problems.append(f"{where}: target, co_holders or an optional label is malformed")
                continue
            moves.append(
                GoldMove(
                    article_id,
                    which,
                    r["move"],
                    r["holder"],
                    tuple(co_holders),
                    r.get("holder_party"),
                    tuple(target),
                    r.get("issue"),
                    span,
                    r.get("reported_by"),
                    r.get("date_text"),
                    r.get("place"),
                )
            )
        else:
            if r.get("band") not in BANDS or not isinstance(r.get("negated"), bool):
                problems.append(f"{where}: band {r.get('band')!r} or negated {r.get('negated')!r} invalid")
                continue
            event = r.get("event_span")
            if event is not None:
                _check_span(problems, where, _span(event), r.get("event_sha1"), text, "event_span")
            if not _opt_str(r.get("holder")):
                problems.append(f"{where}: holder {r.get('holder')!r} invalid")
                continue
            likelihoods.append({"where": where, "article_id": article_id, "set": which, "span": span, **r})
    if problems:
        shown = "\n".join(problems[:25])
        more = f"\n… and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise GoldError(
            f"the coding gold {gold_path} does not match the corpus {corpus_path} "
            f"({len(problems)} problems; if the hashes differ, the shared text changed and the gold must be "
            f"re-annotated):\n{shown}{more}"
        )
    by_article: dict[str, list[Span]] = {}
    for s in statements:
        by_article.setdefault(s.article_id, []).append(s.span)
    gold_likelihoods = tuple(
        GoldLikelihood(
            g["article_id"],
            g["set"],
            g["span"],
            g["band"],
            g["negated"],
            g.get("holder"),
            _span(g.get("event_span")),
            any(_overlap(g["span"], s) > 0 for s in by_article.get(g["article_id"], [])),
        )
        for g in likelihoods
    )
    return GoldSet(tuple(statements), tuple(moves), gold_likelihoods, articles)


# -------------------------------------------------------------------------------------------- scoring


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _half_of_shorter(a: Span, b: Span) -> bool:
    covered = _overlap(a, b)
    return covered > 0 and covered >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pred_span(record: Mapping[str, Any]) -> Span:
    span = _span(record.get("span"))
    if span is None or span[0] >= span[1]:
        raise ValueError(f"a prediction needs a non-empty [start, end] span: {dict(record)!r}")
    return span


def _assign(pairs: list[tuple[int, int, int]]) -> dict[int, int]:
    """One-to-one assignment from (overlap, gold index, prediction index), larger overlaps first."""
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    taken_gold: dict[int, int] = {}
    taken_pred: set[int] = set()
    for _, g, p in pairs:
        if g not in taken_gold and p not in taken_pred:
            taken_gold[g] = p
            taken_pred.add(p)
    return taken_gold


def _in_gold(gold: GoldSet, predictions: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [p for p in predictions if p.get("article_id") in gold.articles]


@dataclass(frozen=True, slots=True)
class IssueScore:
    gold_statements: int
    predicted_statements: int
    matched: int
    span_precision: float
    span_recall: float
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    end_to_end_f1: float
    per_issue: Mapping[str, tuple[int, int, int]]  # issue -> (tp, fp, fn) over matched statements

    def to_dict(self) -> dict[str, Any]:
        return _rounded(self, skip=("per_issue",)) | {
            "per_issue": {k: list(v) for k, v in sorted(self.per_issue.items())}
        }


def score_issues(gold: GoldSet, predictions: Iterable[Mapping[str, Any]]) -> IssueScore:
    """Issue micro-F1 over matched statement spans (see the module docstring)."""
    preds = _in_gold(gold, predictions)
    pred_spans = [_pred_span(p) for p in preds]
    pred_issues = [frozenset(p.get("issues") or ()) for p in preds]
    pairs = [
        (_overlap(g.span, pred_spans[j]), i, j)
        for i, g in enumerate(gold.statements)
        for j, p in enumerate(preds)
        if p["article_id"] == g.article_id and _half_of_shorter(g.span, pred_spans[j])
    ]
    matched = _assign(pairs)
    per_issue: dict[str, list[int]] = {}
    tp = fp = fn = 0
    for i, j in matched.items():
        wanted, got = gold.statements[i].issues, pred_issues[j]
        for issue in wanted | got:
            counts = per_issue.setdefault(issue, [0, 0, 0])
            if issue in wanted and issue in got:
                counts[0] += 1
            elif issue in got:
                counts[1] += 1
            else:
                counts[2] += 1
        tp += len(wanted & got)
        fp += len(got - wanted)
        fn += len(wanted - got)
    used = set(matched.values())
    missed = sum(len(g.issues) for i, g in enumerate(gold.statements) if i not in matched)
    spurious = sum(len(pred_issues[j]) for j in range(len(preds)) if j not in used)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    e2e = _f1(_ratio(tp, tp + fp + spurious), _ratio(tp, tp + fn + missed))
    return IssueScore(
        len(gold.statements),
        len(preds),
        len(matched),
        _ratio(len(matched), len(preds)),
        _ratio(len(matched), len(gold.statements)),
        tp,
        fp,
        fn,
        precision,
        recall,
        _f1(precision, recall),
        e2e,
        {k: (v[0], v[1], v[2]) for k, v in per_issue.items()},
    )


_ALIASES: dict[str, str] = {
    # states named by capital, seat of power, demonym or abbreviation
    "moscow": "russia",
    "kremlin": "russia",
    "russian federation": "russia",
    "russians": "russia",
    "russian side": "russia",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "ukrainians": "ukraine",
    "ukrainian side": "ukraine",
    "washington": "united states",
    "white house": "united states",
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "americans": "united states",
    "us administration": "united states",
    "beijing": "china",
    "prc": "china",
    "peoples republic of china": "china",
    "chinese": "china",
    "minsk": "belarus",
    "belarusians": "belarus",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "london": "united kingdom",
    "eu": "european union",
    "brussels": "european union",
    "un": "united nations",
    "paris": "france",
    "berlin": "germany",
    "ankara": "turkey",
    "turkiye": "turkey",
    "western countries": "west",
}


def normalise_name(name: str) -> str:
    """A name reduced for comparison: ASCII, lower case, no punctuation or leading "the", aliases resolved."""
    plain = re.sub(r"[^a-z0-9 ]+", " ", unidecode(name).lower().replace(".", ""))
    plain = re.sub(r"\s+", " ", plain).strip()
    plain = re.sub(r"^the ", "", plain)
    return _ALIASES.get(plain, plain)


def _same_person(got: list[str], wanted: list[str]) -> bool:
    """A surname alone, or a full name spelt another way ("Sergei Lavrov" / "Sergey Lavrov",
    "Zelenskyy" / "Volodymyr Zelensky"), names the same person; "North Korea" is not "South Korea"."""
    if len(wanted) < 2 or len(got[-1]) < 4 or fuzz.ratio(got[-1], wanted[-1]) < 85:
        return False
    return len(got) == 1 or got[0][0] == wanted[0][0]


def holder_matches(predicted: str | None, names: Sequence[str]) -> bool:
    """Whether a predicted holder names one of the gold names (see the module docstring)."""
    got = normalise_name(predicted or "")
    if not got:
        return False
    wanted = [normalise_name(n) for n in names]
    return got in wanted or any(_same_person(got.split(), w.split()) for w in wanted if w)


@dataclass(frozen=True, slots=True)
class MoveScore:
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    type_only_f1: float  # the same matching without the holder condition
    issue_accuracy: float  # on matched moves whose gold issue is set
    per_type: Mapping[str, tuple[int, int, int]]  # move type -> (gold, predicted, matched)

    def to_dict(self) -> dict[str, Any]:
        return _rounded(self, skip=("per_type",)) | {
            "per_type": {k: list(v) for k, v in sorted(self.per_type.items())}
        }


def _match_moves(
    gold: Sequence[GoldMove], preds: Sequence[Mapping[str, Any]], spans: Sequence[Span], with_holder: bool
) -> dict[int, int]:
    pairs = []
    for i, g in enumerate(gold):
        names = g.holder_names()
        for j, p in enumerate(preds):
            if p["article_id"] != g.article_id or (p.get("move") or p.get("type")) != g.move:
                continue
            covered = _overlap(g.span, spans[j])
            if covered > 0 and (not with_holder or holder_matches(p.get("holder"), names)):
                pairs.append((covered, i, j))
    return _assign(pairs)


def score_moves(gold: GoldSet, predictions: Iterable[Mapping[str, Any]]) -> MoveScore:
    """Move F1: type and holder right on overlapping evidence (see the module docstring)."""
    preds = _in_gold(gold, predictions)
    spans = [_pred_span(p) for p in preds]
    matched = _match_moves(gold.moves, preds, spans, with_holder=True)
    loose = _match_moves(gold.moves, preds, spans, with_holder=False)
    precision, recall = _ratio(len(matched), len(preds)), _ratio(len(matched), len(gold.moves))
    with_issue = [(i, j) for i, j in matched.items() if gold.moves[i].issue]
    issue_right = sum(preds[j].get("issue") == gold.moves[i].issue for i, j in with_issue)
    gold_types = Counter(m.move for m in gold.moves)
    pred_types = Counter(str(p.get("move") or p.get("type")) for p in preds)
    hit_types = Counter(gold.moves[i].move for i in matched)
    return MoveScore(
        len(gold.moves),
        len(preds),
        len(matched),
        precision,
        recall,
        _f1(precision, recall),
        _f1(_ratio(len(loose), len(preds)), _ratio(len(loose), len(gold.moves))),
        _ratio(issue_right, len(with_issue)),
        {t: (gold_types[t], pred_types[t], hit_types[t]) for t in sorted(set(gold_types) | set(pred_types))},
    )


@dataclass(frozen=True, slots=True)
class LikelihoodScore:
    scope: str
    gold: int
    predicted: int
    detected: int
    recall: float
    band_accuracy: float
    precision: float
    negation_accuracy: float  # on detected phrases whose prediction says whether it is negated
    confusion: Mapping[str, Mapping[str, int]]  # gold band -> predicted band -> count, on detected phrases

    def to_dict(self) -> dict[str, Any]:
        return _rounded(self, skip=("confusion",)) | {
            "confusion": {k: dict(v) for k, v in self.confusion.items()}
        }


def score_likelihood(
    gold: GoldSet, predictions: Iterable[Mapping[str, Any]], scope: Scope = "all"
) -> LikelihoodScore:
    """Likelihood detection recall and band accuracy (see the module docstring)."""
    if scope not in ("all", "statements"):
        raise ValueError(f"scope is 'all' or 'statements', not {scope!r}")
    wanted = [g for g in gold.likelihoods if scope == "all" or g.in_statement]
    preds = _in_gold(gold, predictions)
    spans = [_pred_span(p) for p in preds]
    detected = band_right = negation_known = negation_right = 0
    confusion: dict[str, Counter[str]] = {}
    for g in wanted:
        best: tuple[int, int] | None = None
        for j, p in enumerate(preds):
            if p["article_id"] != g.article_id:
                continue
            covered = _overlap(g.span, spans[j])
            if covered > 0 and (best is None or covered > best[0]):
                best = (covered, j)
        if best is None:
            continue
        detected += 1
        chosen = preds[best[1]]
        band = str(chosen.get("band"))
        band_right += band == g.band
        confusion.setdefault(g.band, Counter())[band] += 1
        if isinstance(chosen.get("negated"), bool):
            negation_known += 1
            negation_right += chosen["negated"] == g.negated
    hits = sum(
        any(p["article_id"] == g.article_id and _overlap(g.span, spans[j]) > 0 for g in wanted)
        for j, p in enumerate(preds)
    )
    return LikelihoodScore(
        scope,
        len(wanted),
        len(preds),
        detected,
        _ratio(detected, len(wanted)),
        _ratio(band_right, detected),
        _ratio(hits, len(preds)),
        _ratio(negation_right, negation_known),
        {k: dict(v) for k, v in confusion.items()},
    )


@dataclass(frozen=True, slots=True)
class CodingScores:
    issues: IssueScore
    moves: MoveScore
    likelihood: LikelihoodScore

    def to_dict(self) -> dict[str, Any]:
        return {
            "issues": self.issues.to_dict(),
            "moves": self.moves.to_dict(),
            "likelihood": self.likelihood.to_dict(),
        }

    def headline(self) -> dict[str, float]:
        """The gated figures: issue micro-F1, move F1, likelihood recall and band accuracy."""
        return {
            "issue_f1": round(self.issues.f1, 4),
            "move_f1": round(self.moves.f1, 4),
            "likelihood_recall": round(self.likelihood.recall, 4),
            "band_accuracy": round(self.likelihood.band_accuracy, 4),
        }


@dataclass(frozen=True, slots=True)
class Predictions:
    statements: list[dict[str, Any]] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)
    likelihoods: list[dict[str, Any]] = field(default_factory=list)


def score_all(gold: GoldSet, predictions: Predictions, scope: Scope = "all") -> CodingScores:
    return CodingScores(
        score_issues(gold, predictions.statements),
        score_moves(gold, predictions.moves),
        score_likelihood(gold, predictions.likelihoods, scope),
    )


def gold_as_predictions(gold: GoldSet) -> Predictions:
    """The gold annotations written as predictions: they score 1.0 everywhere (a check of the scorer)."""
    return Predictions(
        [
            {"article_id": s.article_id, "span": list(s.span), "issues": sorted(s.issues)}
            for s in gold.statements
        ],
        [
            {
                "article_id": m.article_id,
                "move": m.move,
                "holder": m.holder,
                "issue": m.issue,
                "span": list(m.span),
            }
            for m in gold.moves
        ],
        [
            {"article_id": g.article_id, "span": list(g.span), "band": g.band, "negated": g.negated}
            for g in gold.likelihoods
        ],
    )


def predictions_from_records(records: Iterable[Mapping[str, Any]]) -> Predictions:
    """Predictions from statement records shaped as in DESIGN.md (`parley extract --format jsonl`):
    each record gives an issue prediction (its `span` and `issues`), each of its `moves` a move prediction
    (`move` or `type`, `holder`, and `span` or `evidence_span`), each of its `likelihood` entries a
    likelihood prediction (`span`, `band`, `negated`). Entries without a span are skipped: they cannot be
    placed in the text."""
    out = Predictions()
    for record in records:
        article_id = record["article_id"]
        out.statements.append(
            {"article_id": article_id, "span": record["span"], "issues": list(record.get("issues") or [])}
        )
        for move in record.get("moves") or []:
            span = move.get("span") or move.get("evidence_span")
            if span is not None:
                out.moves.append(
                    {
                        "article_id": article_id,
                        "move": move.get("move") or move.get("type"),
                        "holder": move.get("holder"),
                        "issue": move.get("issue"),
                        "span": span,
                    }
                )
        for estimate in record.get("likelihood") or []:
            if estimate.get("span") is not None:
                out.likelihoods.append(
                    {
                        "article_id": article_id,
                        "span": estimate["span"],
                        "band": estimate.get("band"),
                        "negated": estimate.get("negated"),
                    }
                )
    return out


def _rounded(score: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        name: (round(value, 4) if isinstance(value, float) else value)
        for name in score.__slots__
        if name not in skip
        for value in (getattr(score, name),)
    }
