"""A small corpus written for the developments and timeline tests: the first round of direct Russia–Ukraine
talks in Istanbul told by three outlets in three edited versions (same facts, own wording and headline,
one quote they all carry), a second round a week later told by two outlets (one of them carried word for
word by a third), and on the day of the first round an unrelated report about the Zaporizhzhia plant."""

from __future__ import annotations

import json
from pathlib import Path

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.store import Store

MEDINSKY = "We are satisfied with the result and are ready to continue contacts"
UMEROV = "The Russian side has handed over its memorandum, and we will study it"

ROUND_ONE = [
    {
        "id": "istanbul-1-wire",
        "date": "2025-05-16T14:10:00Z",
        "source": "wire.example",
        "title": "Russia and Ukraine hold first direct talks in Istanbul in three years",
        "text": (
            "ISTANBUL, May 16 — Russian and Ukrainian delegations met in Istanbul on Friday for their first "
            "direct peace talks in three years and agreed to exchange 1,000 prisoners of war each.\n\n"
            "The talks at the Dolmabahce Palace, opened by Turkish Foreign Minister Hakan Fidan, lasted less "
            "than two hours.\n\n"
            f"“{MEDINSKY},” Vladimir Medinsky, the head of the Russian delegation, told reporters after the "
            "meeting.\n\n"
            "Ukrainian Defence Minister Rustem Umerov said Kyiv had proposed an unconditional ceasefire "
            "and a meeting between the two presidents."
        ),
    },
    {
        "id": "istanbul-1-daily",
        "date": "2025-05-16T17:45:00Z",
        "source": "dailynews.example",
        "title": "Istanbul talks end with prisoner swap deal but no ceasefire",
        "text": (
            "Delegations from Russia and Ukraine held their first face-to-face peace talks in three years in "
            "Istanbul on Friday and agreed a swap of 1,000 prisoners of war from each side, but no "
            "ceasefire.\n\n"
            "Turkish Foreign Minister Hakan Fidan opened the meeting at the Dolmabahce Palace. It lasted "
            "under two hours.\n\n"
            f"“{MEDINSKY},” said Vladimir Medinsky, who led the Russian delegation.\n\n"
            "Rustem Umerov, Ukraine's defence minister, said the Ukrainian side had asked for an "
            "unconditional ceasefire."
        ),
    },
    {
        "id": "istanbul-1-euro",
        "date": "2025-05-17T08:00:00Z",
        "source": "eurowatch.example",
        "title": "First Russia-Ukraine peace talks since 2022 agree prisoner exchange",
        "text": (
            "The first direct peace talks between Russia and Ukraine since 2022 ended in Istanbul with an "
            "agreement to exchange 1,000 prisoners of war each, the delegations said.\n\n"
            f"“{MEDINSKY},” the head of the Russian delegation Vladimir Medinsky said.\n\n"
            "Kyiv's delegation, led by Defence Minister Rustem Umerov, pressed for a full ceasefire, which "
            "Moscow rejected. Turkey's Hakan Fidan hosted the meeting at the Dolmabahce Palace."
        ),
    },
]

ROUND_TWO_WIRE = (
    "ISTANBUL, May 23 — Russian and Ukrainian delegations met in Istanbul on Friday for a second round of "
    "direct talks and exchanged draft memorandums on a ceasefire.\n\n"
    f"“{UMEROV},” Rustem Umerov, Ukraine's defence minister, told reporters.\n\n"
    "Vladimir Medinsky said the sides had agreed to return the bodies of 6,000 fallen soldiers."
)
ROUND_TWO = [
    {
        "id": "istanbul-2-wire",
        "date": "2025-05-23T15:00:00Z",
        "source": "wire.example",
        "title": "Russia and Ukraine meet again in Istanbul for a second round of talks",
        "text": ROUND_TWO_WIRE,
    },
    {  # the wire story word for word, as another outlet runs it: stored once, with two sources
        "id": "istanbul-2-regional",
        "date": "2025-05-23T16:30:00Z",
        "source": "regional.example",
        "title": "Russia and Ukraine meet again in Istanbul for a second round of talks",
        "text": ROUND_TWO_WIRE,
    },
    {
        "id": "istanbul-2-daily",
        "date": "2025-05-23T19:20:00Z",
        "source": "dailynews.example",
        "title": "Second round of Istanbul talks brings memorandums and a body exchange",
        "text": (
            "The second round of direct peace talks between Russia and Ukraine took place in Istanbul on "
            "Friday, a week after the first, with both delegations handing over draft memorandums.\n\n"
            f"“{UMEROV},” said Rustem Umerov, who heads the Ukrainian delegation.\n\n"
            "Medinsky said Moscow would return the bodies of 6,000 soldiers."
        ),
    },
]

PLANT = {
    "id": "zaporizhzhia-power",
    "date": "2025-05-16T11:00:00Z",
    "source": "wire.example",
    "title": "Zaporizhzhia nuclear plant loses external power again, IAEA says",
    "text": (
        "The Zaporizhzhia nuclear power plant in Ukraine lost all external power on Friday for the tenth "
        "time since Russian forces seized it, the International Atomic Energy Agency said.\n\n"
        "“The situation at the plant remains extremely fragile,” IAEA Director General Rafael Grossi said, "
        "adding that diesel generators were supplying the reactors' cooling systems."
    ),
}

REPORTS = [*ROUND_ONE, *ROUND_TWO, PLANT]
NEGOTIATION = "russia-ukraine"


def ingest_talks(url: str, folder: Path) -> Store:
    """The corpus ingested into the store at `url` (opened; the caller closes it)."""
    source = folder / "talks.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    store = Store.open(url)
    ingest([str(source)], store, Settings(db=url), workers=1)
    return store
