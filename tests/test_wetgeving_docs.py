"""docs/wetgeving.md covers the library: every scenario has its own legal page, linked from the index, dated,
and every node or option id a page names still exists in the scenario (so an edit cannot leave it stale)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from casustafel.engine.loader import load_scenario
from conftest import library_files

DOCS = Path(__file__).resolve().parent.parent / "docs"
INDEX = (DOCS / "wetgeving.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.stem)
def test_each_scenario_has_a_dated_legal_page_whose_ids_exist(path: Path) -> None:
    scenario = load_scenario(path).scenario
    assert scenario is not None
    page = DOCS / "wetgeving" / f"{scenario.id}.md"
    assert page.is_file(), f"maak {page.relative_to(DOCS.parent)}: elke juridische uitspraak van het scenario"
    assert f"(wetgeving/{scenario.id}.md)" in INDEX, "link de pagina in docs/wetgeving.md"
    text = page.read_text(encoding="utf-8")
    assert re.search(r"[Ss]tand per \d{1,2} \w+ \d{4}", text)
    ids = set(scenario.nodes) | {o.id for n in scenario.nodes.values() for o in (n.options or ())}
    named = {m for m in re.findall(r"`([a-z][a-z0-9_]*)`", text) if re.match(r"^(km|sw|lines|end|tl)_", m)}
    assert named, "noem bij elke uitspraak het id van de knoop of optie"
    assert not named - ids, f"{page.name} noemt ids die het scenario niet (meer) heeft: {sorted(named - ids)}"
