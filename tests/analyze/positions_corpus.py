"""A small corpus written for the board, barometer and shift tests: reports over three weeks of March 2025
in which Ukraine first rejects and then accepts a ceasefire along the front line, Russia demands one on
its terms, the sides propose and accept a humanitarian corridor, agree a Black Sea shipping deal, Ukraine
alone demands a tribunal, and two speakers (Peskov, Zelensky) give their odds of a peace deal each week.
One report is carried by two outlets with a different lead, so its statements have two sources."""

from __future__ import annotations

import json
from pathlib import Path

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.store import Store

WEEK_ONE = (
    "Ukrainian President Volodymyr Zelensky said on Monday that Ukraine rejects any ceasefire that freezes "
    "the front line.\n\n"
    "Kremlin spokesman Dmitry Peskov said Moscow demands a ceasefire only after Ukrainian troops leave the "
    "Donetsk region.\n\n"
    "Peskov said a peace deal with Ukraine was unlikely this year. Zelensky said a peace agreement with "
    "Russia was very unlikely before the summer."
)
WEEK_TWO_BODY = (
    "Ukrainian President Volodymyr Zelensky said on Monday that Kyiv would accept a ceasefire along the "
    "current front line.\n\n"
    "Peskov said a peace deal with Ukraine was likely by the end of the year. Zelensky said a peace "
    "agreement with Russia was possible before the summer."
)
CORRIDOR = (
    "Russia proposed a humanitarian corridor from Mariupol on Tuesday, the Kremlin said. Ukraine accepted "
    "the proposal for a humanitarian corridor, Zelensky said."
)
SHIPPING = (
    "Russia and Ukraine agreed a deal on safe shipping in the Black Sea on Wednesday, Turkish officials "
    "said after talks in Istanbul between the Kremlin and Kyiv delegations."
)
TRIBUNAL = (
    "Ukrainian President Volodymyr Zelensky demanded a special tribunal for the crime of aggression against "
    "Ukraine, his office said in Kyiv on Thursday.\n\n"
    "The Kremlin has not commented on the demand, which comes as peace talks between Russia and Ukraine "
    "resume."
)

REPORTS = [
    {"id": "week-one", "date": "2025-03-03", "source": "Reuters", "text": WEEK_ONE},
    {"id": "week-two", "date": "2025-03-10", "source": "Reuters", "text": WEEK_TWO_BODY},
    {
        "id": "week-two-ap",
        "date": "2025-03-10",
        "source": "AP",
        "text": "KYIV, March 10 (AP) — The war entered its fourth year.\n\n" + WEEK_TWO_BODY,
    },
    {"id": "corridor", "date": "2025-03-11", "source": "BBC", "text": CORRIDOR},
    {"id": "shipping", "date": "2025-03-12", "source": "Reuters", "text": SHIPPING},
    {"id": "tribunal", "date": "2025-03-13", "source": "Kyiv Independent", "text": TRIBUNAL},
]


def ingest_corpus(url: str, folder: Path) -> Store:
    """The corpus, extracted and stored at `url` (the caller closes the store)."""
    source = folder / "reports.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    store = Store.open(url)
    summary = ingest([str(source)], store, Settings(db=url), workers=1)
    assert not summary.failures, summary.failures
    return store
