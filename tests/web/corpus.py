"""Short reports written for the web tests: dated, from several outlets, with quotes by known actors,
estimates of likelihood and moves; and one hostile article whose text and metadata try to inject markup."""

from __future__ import annotations

import json
from pathlib import Path

HOSTILE_ID = "hostile-report"
HOSTILE_TEXT = (
    "Peace talks on Ukraine <script>alert('text')</script> resumed in Geneva on Monday.\n"
    '"We reject <img src=x onerror=alert(1)> any freeze of the front line," Zelensky said.\n'
    'Read more: <a href="javascript:alert(2)">here</a> and <b onmouseover="alert(3)">there</b>.\n'
    "Kremlin spokesman Dmitry Peskov said a settlement with Ukraine this year was very unlikely.\n"
)

RECORDS = [
    {
        "id": "geneva-round",
        "title": "Ukraine and Russia open a new round of peace talks in Geneva",
        "date": "2025-11-20",
        "source": "Daily Courier",
        "url": "https://courier.example/geneva-round",
        "text": (
            "Ukraine and Russia opened a new round of peace talks in Geneva on Thursday, with US envoy "
            "Steve Witkoff mediating.\n"
            '"We are ready to discuss a ceasefire along the current line, but not the surrender of our '
            'territory," Zelensky said.\n'
            "Kremlin spokesman Dmitry Peskov said a quick agreement on the Donetsk region was unlikely.\n"
            "Russia rejected the Ukrainian proposal for a ceasefire at sea.\n"
        ),
    },
    {
        "id": "geneva-day-two",
        "title": "Second day of Geneva talks ends without a deal",
        "date": "2025-11-27",
        "source": "World Wire",
        "url": "https://wire.example/geneva-day-two",
        "text": (
            "The second day of the Geneva peace talks between Russia and Ukraine ended without a deal.\n"
            '"I think a peace agreement is very likely before the end of the year," Witkoff told reporters.\n'
            'Peskov said: "Moscow demands that Kyiv withdraw its troops from the Donetsk region."\n'
            "Ukraine proposed an exchange of all prisoners of war.\n"
        ),
    },
    {
        "id": "prisoner-exchange",
        "title": "Prisoner exchange agreed as talks continue",
        "date": "2025-12-04",
        "source": "Daily Courier",
        "url": "https://courier.example/prisoner-exchange",
        "text": (
            "Russia and Ukraine agreed to exchange 300 prisoners of war, negotiators said on Thursday.\n"
            '"This exchange shows that the talks can bring results," Zelensky said in his evening address.\n'
            "Peskov said it was possible that a broader settlement would follow, but that it was far from "
            "certain.\n"
        ),
    },
    {
        "id": HOSTILE_ID,
        "title": "<script>alert('title')</script> Talks <img src=x onerror=alert(4)>",
        "date": "2025-12-05",
        "source": "<b>Evil Outlet</b>",
        "url": "javascript:alert(document.cookie)",
        "text": HOSTILE_TEXT,
    },
]


def write_corpus(folder: Path) -> Path:
    path = folder / "web-corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return path
