"""Records built by hand for the rule tests, where the extractor is not what is tested."""

from __future__ import annotations

from datetime import datetime

from parley.analyze.cited import Estimate, MoveRecord, Source


def source(article: str, day: str) -> Source:
    return Source(article, article, None, None, ("Reuters",), datetime.fromisoformat(day), (0, 10))


def move(
    type: str,
    party: str | None,
    day: str,
    evidence: str = "",
    issue: str | None = "ceasefire",
    object: str | None = None,
    ident: str | None = None,
) -> MoveRecord:
    ident = ident or f"mv_{type}_{party}_{day}_{evidence[:10]}"
    return MoveRecord(
        move_ids=(ident,),
        type=type,
        holder=party,
        holder_actor_id=None,
        party=party,
        participants=(),
        target=None,
        object=object,
        issue=issue,
        evidence=evidence or f"{party} {type}s a ceasefire",
        reported_by=None,
        statement_id=None,
        move_date=None,
        date=datetime.fromisoformat(day),
        sources=(source(f"a-{day}", day),),
    )


def estimate(who: str, day: str, band: str, p: float, event: str = "a peace deal") -> Estimate:
    return Estimate(
        likelihood_ids=(f"lk_{who}_{day}_{band}",),
        who=who,
        who_actor_id=None,
        reported_by=None,
        phrase=f"{event} is {band}",
        event=event,
        p=p,
        low=max(0.0, p - 0.05),
        high=min(1.0, p + 0.05),
        band=band,
        negated=False,
        ambiguous=False,
        confidence=False,
        horizon=None,
        statement_id=f"st_{who}_{day}",
        statement_text=f"{event} is {band}",
        date=datetime.fromisoformat(day),
        sources=(source(f"a-{day}", day),),
    )
