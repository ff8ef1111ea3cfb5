"""Actors in the store: the registry is loaded from it, seeded from the negotiation files, and grows as
ingestion meets new speakers; `merge` fixes a wrong split."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, select, update

from parley.extract.actors import Actor, ActorRegistry
from parley.extract.lexicon import load_lexicon
from parley.extract.names import normalise_name, plausible_person_name
from parley.models import Speaker, SpeakerKind
from parley.store.schema import actor_aliases, actors, mentions, statements
from parley.store.writes import insert_ignore

ACTOR_KINDS: set[SpeakerKind] = {"person", "organisation", "government", "group"}


def load_registry(connection: Connection) -> ActorRegistry:
    registry = ActorRegistry()
    aliases: dict[str, list[str]] = {}
    for actor_id, alias in connection.execute(select(actor_aliases.c.actor_id, actor_aliases.c.alias)):
        aliases.setdefault(actor_id, []).append(alias)
    for row in connection.execute(select(actors)):
        registry.add(
            Actor(row.id, row.name, row.kind, row.role, row.affiliation, tuple(aliases.get(row.id, ())))
        )
    return registry


def save_actor(connection: Connection, actor: Actor, origin: str, now: datetime) -> None:
    """Insert the actor and its aliases; what is already there stays as it is."""
    insert_ignore(
        connection,
        actors,
        [
            {
                "id": actor.id,
                "name": actor.name,
                "kind": actor.kind,
                "role": actor.role,
                "affiliation": actor.affiliation,
                "origin": origin,
                "created_at": now,
            }
        ],
    )
    names = {normalise_name(a): a for a in (actor.name, *actor.aliases) if normalise_name(a)}
    insert_ignore(
        connection,
        actor_aliases,
        [{"actor_id": actor.id, "normalized": key, "alias": alias} for key, alias in names.items()],
    )


def actor_for(registry: ActorRegistry, speaker: Speaker) -> tuple[Actor | None, bool]:
    """The actor a resolved speaker is, and whether it is new to the registry. Unnamed or role-only
    speakers ("officials") are not actors, nor names that cannot be a person's."""
    if speaker.actor_id and speaker.actor_id in registry.actors:
        return registry.actors[speaker.actor_id], False
    if not speaker.name or speaker.kind not in ACTOR_KINDS:
        return None, False
    found = registry.find(speaker.name)
    if found is not None:
        return found, False
    if speaker.kind == "person" and not plausible_person_name(speaker.name, load_lexicon().places):
        return None, False
    aliases = [speaker.mention_text] if speaker.mention_text and speaker.kind != "person" else []
    actor = registry.add(Actor.new(speaker.name, speaker.kind, speaker.role, speaker.affiliation, aliases))
    return actor, True


def merge_actors(connection: Connection, keep: str, drop: str) -> int:
    """Fold actor `drop` into `keep`: its statements, mentions and aliases move; it is deleted. Returns the
    number of statements moved."""
    dropped = connection.execute(select(actors).where(actors.c.id == drop)).first()
    if dropped is None:
        return 0
    aliases = [
        r.alias
        for r in connection.execute(select(actor_aliases.c.alias).where(actor_aliases.c.actor_id == drop))
    ]
    insert_ignore(
        connection,
        actor_aliases,
        [
            {"actor_id": keep, "normalized": normalise_name(a), "alias": a}
            for a in {dropped.name, *aliases}
            if normalise_name(a)
        ],
    )
    kept = connection.execute(select(actors).where(actors.c.id == keep)).one()
    moved = (
        connection.execute(
            update(statements)
            .where(statements.c.speaker_actor_id == drop)
            .values(speaker_actor_id=keep, speaker_name=kept.name)
        ).rowcount
        or 0
    )
    connection.execute(update(mentions).where(mentions.c.actor_id == drop).values(actor_id=keep))
    connection.execute(delete(actor_aliases).where(actor_aliases.c.actor_id == drop))
    connection.execute(delete(actors).where(actors.c.id == drop))
    return int(moved)
