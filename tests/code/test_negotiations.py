"""The negotiation files: the shipped ones load and agree with each other; malformed files give a
ConfigError that says what is wrong; user files are read from files and folders."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from parley.errors import ConfigError
from parley.negotiations import (
    PLACE_KINDS,
    all_negotiations,
    builtin_negotiations,
    load_negotiations,
    parse_negotiation,
    seed_registry,
)

BUILTIN = {"russia-ukraine", "syria-2017", "cyprus-2017", "iran-nuclear"}


def test_the_shipped_negotiations() -> None:
    negotiations = builtin_negotiations()
    assert {n.id for n in negotiations} == BUILTIN
    for n in negotiations:
        assert n.parties and n.actors and n.keywords and n.places, n.id
        assert all(p.kind in PLACE_KINDS for p in n.places)


def test_an_actor_in_several_files_is_described_alike() -> None:
    # the registry merges actors by id (kind + name) and keeps the first role it sees: files must agree
    seen: dict[tuple[str, str], tuple[str, Any, Any, str]] = {}
    for n in builtin_negotiations():
        for actor in (*n.parties, *n.actors):
            key = (actor.kind, actor.name)
            described = (actor.kind, actor.role, actor.affiliation, n.id)
            if key in seen:
                assert seen[key][:3] == described[:3], f"{actor.name}: {seen[key][3]} and {n.id} differ"
            seen[key] = described


def test_a_name_is_one_kind_of_actor() -> None:
    kinds: dict[str, set[str]] = {}
    for n in builtin_negotiations():
        for actor in (*n.parties, *n.actors):
            kinds.setdefault(actor.name, set()).add(actor.kind)
    assert {name: k for name, k in kinds.items() if len(k) > 1} == {}


def test_periods() -> None:
    by_id = {n.id: n for n in builtin_negotiations()}
    assert by_id["syria-2017"].period == (date(2017, 1, 1), date(2017, 3, 31))
    assert by_id["iran-nuclear"].period == (date(2013, 1, 1), None)


def test_the_registry_still_resolves_the_seed_speaker() -> None:
    registry = seed_registry(builtin_negotiations())
    vance = registry.find("Vance")
    assert vance is not None and vance.role == "Vice President of the United States"
    assert registry.find("Staffan de Mistura") is not None  # and the actors of the new files


MINIMAL = {"id": "gaza", "name": "Gaza ceasefire talks", "parties": [{"name": "Israel"}]}

BROKEN = [
    # (what is wrong, the file's content, words the message must contain)
    ("no id", {"name": "x"}, "needs an id"),
    ("unknown key", {**MINIMAL, "keyword": {"truce": 1}}, "unknown keys"),
    ("actor without a name", {**MINIMAL, "actors": [{"role": "envoy"}]}, "needs a name"),
    ("actor of an unknown kind", {**MINIMAL, "actors": [{"name": "X", "kind": "king"}]}, "has kind"),
    ("aliases not a list", {**MINIMAL, "actors": [{"name": "X", "aliases": "Y"}]}, "aliases must be a list"),
    ("keyword weight of 0", {**MINIMAL, "keywords": {"truce": 0}}, "needs a weight"),
    ("keywords a string", {**MINIMAL, "keywords": "truce"}, "map phrases to weights"),
    ("place of an unknown kind", {**MINIMAL, "places": [{"name": "Rafah", "kind": "town"}]}, "has kind"),
    (
        "place with an unknown issue",
        {**MINIMAL, "places": [{"name": "Rafah", "issue": "land"}]},
        "unknown issue",
    ),
    (
        "place with an unknown key",
        {**MINIMAL, "places": [{"name": "Rafah", "variants": ["R"]}]},
        "unknown keys",
    ),
    ("new issue without a label", {**MINIMAL, "taxonomy": {"issues": [{"id": "hostages"}]}}, "label"),
    ("taxonomy not a mapping", {**MINIMAL, "taxonomy": ["hostages"]}, "taxonomy must be a mapping"),
    ("period the wrong way round", {**MINIMAL, "period": "2024/2023"}, "ends before it starts"),
    ("period not a date", {**MINIMAL, "period": "spring/2024"}, "YYYY"),
    ("parties not a list", {**MINIMAL, "parties": {"name": "Israel"}}, "parties must be a list"),
]


@pytest.mark.parametrize(("case", "data", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_files_are_config_errors(case: str, data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_negotiation(data, f"{case}.yaml")


GAZA = {
    **MINIMAL,
    "keywords": {"Gaza ceasefire": 3, "hostages": 1},
    "places": [
        {"name": "Rafah", "kind": "city"},
        {"name": "Kerem Shalom", "kind": "site", "issue": "humanitarian"},
    ],
    "taxonomy": {
        "issues": [
            {"id": "humanitarian", "phrases": ["hostage release"]},
            {
                "id": "hostages",
                "label": "Hostages",
                "definition": "Who is held and released.",
                "phrases": ["hostage"],
            },
        ]
    },
}


def _write(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_user_files_from_a_folder(tmp_path: Path) -> None:
    _write(tmp_path, "gaza.yaml", GAZA)
    _write(tmp_path, "notes.txt", {"id": "ignored"})  # only .yaml/.yml files are read
    (gaza,) = load_negotiations([tmp_path])
    assert gaza.id == "gaza" and [k.text for k in gaza.keywords] == ["Gaza ceasefire", "hostages"]
    assert gaza.places[1].issue == "humanitarian"
    assert gaza.taxonomy().ids[-1] == "hostages"


def test_a_user_file_replaces_the_builtin_of_the_same_id(tmp_path: Path) -> None:
    path = _write(tmp_path, "mine.yaml", {**GAZA, "id": "cyprus-2017"})
    negotiations = all_negotiations([path])
    assert [n.id for n in negotiations].count("cyprus-2017") == 1
    assert next(n for n in negotiations if n.id == "cyprus-2017").name == "Gaza ceasefire talks"


def test_one_id_twice_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", GAZA)
    _write(tmp_path, "b.yml", GAZA)
    with pytest.raises(ConfigError, match="defined twice"):
        load_negotiations([tmp_path])


def test_a_missing_path_or_bad_yaml_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_negotiations([tmp_path / "none.yaml"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):
        load_negotiations([bad])
