"""Statements in the store: the row of a statement, and the record of a row (DESIGN.md's contract)."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import replace
from datetime import datetime
from typing import Any

from parley.extract.actors import Actor, ActorRegistry
from parley.models import Move, Statement


def statement_row(
    article_id: str, statement: Statement, actor: Actor | None, published_at: datetime | None
) -> dict[str, Any]:
    """The row of a statement; a speaker who is a known actor is named as the registry names them, so a
    statement reads the same whichever process extracted it."""
    speaker = statement.speaker
    if speaker is not None and actor is not None:
        speaker = replace(
            speaker,
            name=actor.name,
            kind=actor.kind,
            role=actor.role or speaker.role,
            affiliation=actor.affiliation or speaker.affiliation,
            actor_id=actor.id,
        )
    actor_id = actor.id if actor is not None else None
    cue = statement.cue
    return {
        "id": statement.statement_id,
        "article_id": article_id,
        "kind": statement.kind,
        "start": statement.span[0],
        "end": statement.span[1],
        "text": statement.text,
        "speaker_name": speaker.name if speaker else None,
        "speaker_actor_id": actor_id,
        "speaker_kind": speaker.kind if speaker else None,
        "speaker_role": speaker.role if speaker else None,
        "speaker_affiliation": speaker.affiliation if speaker else None,
        "mention_start": speaker.mention[0] if speaker and speaker.mention else None,
        "mention_end": speaker.mention[1] if speaker and speaker.mention else None,
        "mention_text": speaker.mention_text if speaker else None,
        "cue_text": cue.text if cue else None,
        "cue_start": cue.span[0] if cue and cue.span else None,
        "cue_end": cue.span[1] if cue and cue.span else None,
        "continues": statement.continues,
        "mixed": statement.mixed,
        "issues": json.dumps(list(statement.issues)),
        "moves": json.dumps(list(statement.moves)),
        "likelihood": json.dumps(list(statement.likelihood)),
        "extractor": statement.extractor,
        "published_at": published_at,
        "text_key": text_key(statement.text),
    }


def record_of(row: Any, article_key: str) -> dict[str, Any]:
    """A stored statement as the record of DESIGN.md (article_id is the article's key)."""
    mention = [row.mention_start, row.mention_end] if row.mention_start is not None else None
    speaker = None
    if row.speaker_name is not None or mention is not None:
        speaker = {
            "name": row.speaker_name,
            "mention": mention,
            "mention_text": row.mention_text,
            "kind": row.speaker_kind,
            "role": row.speaker_role,
            "affiliation": row.speaker_affiliation,
            "actor_id": row.speaker_actor_id,
        }
    cue = None
    if row.cue_text is not None:
        cue = {
            "text": row.cue_text,
            "span": [row.cue_start, row.cue_end] if row.cue_start is not None else None,
        }
    return {
        "article_id": article_key,
        "statement_id": row.id,
        "kind": row.kind,
        "text": row.text,
        "span": [row.start, row.end],
        "speaker": speaker,
        "cue": cue,
        "continues": row.continues,
        "mixed": bool(row.mixed),
        "issues": json.loads(row.issues),
        "moves": json.loads(row.moves),
        "likelihood": json.loads(row.likelihood),
        "extractor": row.extractor,
    }


def move_row(
    article_id: str, move: Move, registry: ActorRegistry, published_at: datetime | None
) -> dict[str, Any]:
    holder_id = move.holder_actor_id
    if holder_id is None and move.holder:
        actor = registry.find(move.holder)
        holder_id = actor.id if actor is not None else None
    if holder_id is not None and holder_id not in registry.actors:
        holder_id = None  # an actor the writer never saw (a worker's snapshot) is named, not linked
    return {
        "id": move.move_id,
        "article_id": article_id,
        "statement_id": move.statement_id,
        "type": move.type,
        "holder": move.holder,
        "holder_actor_id": holder_id,
        "participants": json.dumps(list(move.participants)),
        "target": move.target,
        "object": move.object,
        "issue": move.issue,
        "date": move.date,
        "date_text": move.date_text,
        "place": move.place,
        "start": move.span[0],
        "end": move.span[1],
        "evidence": move.evidence,
        "reported_by": move.reported_by,
        "published_at": published_at,
    }


def likelihood_rows(
    article_id: str, statement: Statement, actor: Actor | None, published_at: datetime | None
) -> list[dict[str, Any]]:
    """A statement's estimates of likelihood, one row each, with the speaker for the barometer."""
    rows = []
    for record in statement.likelihood:
        start, end = record["span"]
        rows.append(
            {
                "id": f"lk_{statement.statement_id[3:]}_{start}",
                "statement_id": statement.statement_id,
                "article_id": article_id,
                "speaker_actor_id": actor.id if actor else None,
                "speaker_name": actor.name
                if actor
                else (statement.speaker.name if statement.speaker else None),
                "holder": record.get("holder"),
                "phrase": record["phrase"],
                "start": start,
                "end": end,
                "event": record.get("event"),
                "p": record["p"],
                "low": record["low"],
                "high": record["high"],
                "band": record["band"],
                "negated": bool(record["negated"]),
                "ambiguous": bool(record["ambiguous"]),
                "confidence": bool(record.get("confidence")),
                "horizon": record.get("horizon"),
                "published_at": published_at,
            }
        )
    return rows


def text_key(text: str) -> str:
    """The identity of a statement's words across outlets: its word tokens, case-folded, hashed (quote
    marks, punctuation, spacing and ellipses do not make two copies of a quote different statements)."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:24]
