"""The figures behind the tell rules CT410-CT412: rank correlation, longest-is-best, words on one side."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from casustafel.engine.loader import load_scenario
from casustafel.engine.rules import TELL_MIN_OPTIONS, TELL_PURITY
from casustafel.engine.tells import TOP, measure, spearman, tokens

EXAMPLES = Path(__file__).parent / "lint_examples"


@pytest.mark.parametrize("x, y, rho", [
    ([1, 2, 3, 4], [10, 20, 30, 40], 1.0),
    ([1, 2, 3, 4], [40, 30, 20, 10], -1.0),
    ([1, 2, 3, 4], [5, 5, 5, 5], 0.0),  # no spread in value: nothing to predict
    ([1, 2, 2, 3], [1, 2, 3, 4], 4.5 / math.sqrt(4.5 * 5)),  # ties share their mean rank
])
def test_spearman_by_hand(x, y, rho):
    assert spearman(x, y) == pytest.approx(rho)


def test_tokens_are_words_runs_within_a_clause_and_signs():
    found = tokens("Ik merk dat je twijfelt? Gewoon doen!")
    assert {"ik merk dat", "merk dat je", "gewoon doen", "?", "!", "gewoon"} <= found
    assert "twijfelt gewoon" not in found  # a run does not cross the question mark
    assert all(t == t.lower() for t in found)


def test_figures_of_the_examples():
    long_is_best = measure(load_scenario(EXAMPLES / "CT410.bad.yaml").scenario)
    assert (long_is_best.nodes, long_is_best.longest_best, long_is_best.share) == (4, 4, 1.0)
    assert long_is_best.rho > 0.9
    half = measure(load_scenario(EXAMPLES / "CT411.bad.yaml").scenario)
    assert half.share == 0.5 and abs(half.rho) <= 0.25
    questions = measure(load_scenario(EXAMPLES / "CT412.bad.yaml").scenario)
    (tell,) = questions.words(TELL_MIN_OPTIONS, TELL_PURITY)
    assert (tell.token, tell.side, tell.count, tell.inside, tell.first.id) == ("?", TOP, 5, 5, "k1_1")
    clean = measure(load_scenario(EXAMPLES / "CT410.good.yaml").scenario)
    assert clean.rho <= 0.25 and clean.share <= 0.4 and clean.words(TELL_MIN_OPTIONS, TELL_PURITY) == []


def test_flat_choices_do_not_count_for_longest_is_best(tmp_path):
    text = (EXAMPLES / "CT410.bad.yaml").read_text(encoding="utf-8").replace("etiket", "perspectief")
    text = text.replace("frames: {werk: 1}, next", "frames: {werk: 1}, heuristics: [perspectief], next")
    text = text.replace("frames: {welzijn: 1}, next", "frames: {welzijn: 1}, heuristics: [perspectief], next")
    path = tmp_path / "vlak.yaml"
    path.write_text(text, encoding="utf-8")
    flat = measure(load_scenario(path).scenario)
    assert flat.nodes == 4 and flat.decided == 0 and flat.share == 0.0
