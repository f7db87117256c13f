"""Fuzzing: library scenario files with bytes flipped, deleted, duplicated and spliced never make the loader or
the linter raise; every finding is positioned. A few hundred examples in CI; `CASUSTAFEL_FUZZ=long` runs 10,000
(about ten minutes)."""

from __future__ import annotations

import os

from casustafel.engine.library import scenario_files
from casustafel.engine.lint import lint_text
from casustafel.engine.loader import SourceError, decode_source, load_scenario_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = os.environ.get("CASUSTAFEL_FUZZ") == "long"
EXAMPLES = 10_000 if LONG else 300
LIBRARY = [(p, p.read_bytes()) for p in scenario_files()]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A library file with one to six mutations: flips, deletions, duplications and splices."""
    path, data = draw(st.sampled_from(LIBRARY))
    for _ in range(draw(st.integers(1, 6))):
        size = len(data)
        i = draw(st.integers(0, max(0, size - 1)))
        kind = draw(st.sampled_from(["flip", "byte", "delete", "duplicate", "splice"]))
        if kind == "flip" and size:
            data = data[:i] + bytes([data[i] ^ (1 << draw(st.integers(0, 7)))]) + data[i + 1:]
        elif kind == "byte":
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i:]
        elif kind == "delete":
            data = data[:i] + data[i + draw(st.integers(1, 200)):]
        elif kind == "duplicate":
            length = draw(st.integers(1, 400))
            data = data[:i] + data[i:i + length] + data[i:]
        else:  # a piece of another file
            _other_path, other = draw(st.sampled_from(LIBRARY))
            j = draw(st.integers(0, len(other) - 1))
            data = data[:i] + other[j:j + draw(st.integers(1, 600))] + data[i:]
    return str(path), data


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_library_files_give_findings_never_tracebacks(case: tuple[str, bytes]) -> None:
    path, data = case
    try:
        text = decode_source(data)
    except SourceError as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message
        return
    result = load_scenario_text(text, path)
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.code.startswith("CT") and d.message and "\n" not in d.message
    for d in lint_text(text, path, max_states=300):
        assert d.line >= 1 and d.col >= 1 and d.message and "\n" not in d.message
