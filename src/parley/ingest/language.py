"""Which language an article is written in (py3langid: fast, offline, 97 languages)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample_chars: int = 4000) -> str | None:
    """An ISO 639-1 code, or None when the text is too short or too mixed to tell."""
    sample = text[:sample_chars]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    code, confidence = _identifier().classify(sample)
    return str(code) if confidence >= 0.5 else None
