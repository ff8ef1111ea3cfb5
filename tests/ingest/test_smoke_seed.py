"""The seed report ingests with its headline and its full text, unmodified."""

from __future__ import annotations

from parley.config import Settings
from parley.ingest.pipeline import ingest
from parley.models import Outcome
from parley.store import Store
from parley.store.queries import get_article
from tests.conftest import shared_path


def test_seed_report_ingests_with_title_and_exact_text(store: Store, settings: Settings) -> None:
    seed = shared_path("seed", "vance-miami-talks.txt")
    summary = ingest([str(seed)], store, settings)
    assert summary.counts[Outcome.NEW] == 1
    with store.reading() as connection:
        article = get_article(connection, "vance-miami-talks").row
    # the headline is the fifth line: the report opens with its lede and a summary box
    assert article["title"] == (
        "Vance announced a breakthrough in negotiations on Ukraine between the US and Russian delegations"
    )
    assert article["text"] == seed.read_bytes().decode("utf-8")
    assert article["key"] == "vance-miami-talks"
