"""docs/scenario-v1.schema.json: every library scenario and every clean example validates; typical
mistakes do not. (Editors such as VS Code's YAML extension use it for completion and checks.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "engine" / "scenario-v1.schema.json").read_text(encoding="utf-8"))
FILES = [*sorted((ROOT / "scenarios").glob("*.yaml")), *sorted((ROOT / "tests" / "lint_examples").glob("*.good.yaml"))]


def load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def test_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_clean_files_validate(path):
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors(load(path)))
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize("change", [
    ("duration: 5\n", "duration: 5\ndurartion: 10\n"),  # unknown key
    ("frames: {samen: 1}", "frames: {samen: 5}"),  # weight out of range
    (", next: sw}", "}"),  # option without next
    ("level: dialogisch", "level: diep"),
    ("turn: klantmanager", "turn: Klantmanager"),  # not an id
])
def test_typical_mistakes_do_not_validate(change):
    text = (ROOT / "tests" / "lint_examples" / "CT100.good.yaml").read_text(encoding="utf-8")
    text = text.replace("heuristics: [perspectief]", "heuristics: [perspectief], level: dialogisch")
    assert change[0] in text
    data = yaml.load(text.replace(change[0], change[1], 1), Loader=yaml.CSafeLoader)
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(data))


def test_schema_documented_in_format_page_or_lint_page():
    assert "scenario-v1.schema.json" in (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8")
