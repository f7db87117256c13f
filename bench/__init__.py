"""Benchmarks: `python -m bench [--quick]` prints one figure a line, `name value unit`."""
