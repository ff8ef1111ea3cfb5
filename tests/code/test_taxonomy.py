"""The default taxonomy file and the checks that turn a malformed taxonomy into a clear ConfigError."""

from __future__ import annotations

import copy
import re
from importlib.resources import files
from typing import Any

import pytest
import yaml

from parley.code.taxonomy import DEFAULT_IDS, Issue, Phrase, default_taxonomy, parse_taxonomy
from parley.errors import ConfigError
from tests.conftest import SHARED

DESIGN = SHARED / "DESIGN.md"


def _default_data() -> dict[str, Any]:
    data = yaml.safe_load(files("parley.code.taxonomy").joinpath("default.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_default_ids_are_those_of_design() -> None:
    assert default_taxonomy().ids == DEFAULT_IDS
    if DESIGN.exists():  # the fixed list, as DESIGN.md writes it
        section = DESIGN.read_text(encoding="utf-8").split("## Default issue taxonomy", 1)[1]
        assert tuple(re.findall(r"`([a-z_]+)`", section.split("They follow", 1)[0])) == DEFAULT_IDS


def test_every_issue_has_a_label_a_definition_and_words() -> None:
    for issue in default_taxonomy().issues:
        assert issue.label and issue.definition.endswith("."), issue.id
        assert any(p.weight == 1.0 for p in issue.phrases), issue.id


def test_extend_adds_words_and_issues_in_order() -> None:
    base = default_taxonomy()
    extended = base.extend(
        [
            Issue("ceasefire", "", "", (Phrase("trilateral mechanism", 1.0),)),
            Issue(
                "counter_terrorism", "Counter-terrorism", "Fighting listed groups.", (Phrase("ISIS", 1.0),)
            ),
        ]
    )
    assert extended.ids == (*DEFAULT_IDS, "counter_terrorism")
    assert Phrase("trilateral mechanism", 1.0) in extended.get("ceasefire").phrases
    assert extended.get("ceasefire").label == "Ceasefire"  # an addition keeps the default's text
    assert base.get("ceasefire") == default_taxonomy().get("ceasefire")  # the default is untouched


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_default_data())
    if change == "no weights":
        del data["weights"]
    elif change == "weight above 1":
        data["weights"]["keep"] = 2
    elif change == "repeated id":
        data["issues"].append(copy.deepcopy(data["issues"][0]))
    elif change == "unknown token key":
        data["issues"][0]["patterns"] = [{"pattern": [{"POS": "NOUN"}]}]
    elif change == "pattern not a list":
        data["issues"][0]["patterns"] = [{"pattern": "territory"}]
    elif change == "no definition":
        del data["issues"][1]["definition"]
    elif change == "bad id":
        data["issues"][1]["id"] = "Cease Fire"
    elif change == "place rule names an unknown issue":
        data["places"]["controlled"]["issue"] = "land"
    elif change == "phrases not strings":
        data["issues"][0]["phrases"] = [1, 2]
    elif change == "unknown issue key":
        data["issues"][0]["keywords"] = ["x"]
    return data


BROKEN = [
    # (what is wrong, words the message must contain)
    ("no weights", "weights"),
    ("weight above 1", "between 0 and 1"),
    ("repeated id", "repeat"),
    ("unknown token key", "unknown token keys"),
    ("pattern not a list", "list of token mappings"),
    ("no definition", "label and a definition"),
    ("bad id", "lower_snake_case"),
    ("place rule names an unknown issue", "unknown issue"),
    ("phrases not strings", "list of words"),
    ("unknown issue key", "unknown keys"),
]


@pytest.mark.parametrize(("change", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_taxonomies_are_config_errors(change: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_taxonomy(_broken(change), "test.yaml")
