"""Run every benchmark module `bench/bench_*.py`; each has `run(quick: bool)` yielding (name, value, unit)."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import traceback

import bench


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("only", nargs="*", help="run only these modules (e.g. engine window)")
    args = parser.parse_args()
    failed = 0
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        name = info.name
        if not name.startswith("bench_") or (args.only and name.removeprefix("bench_") not in args.only):
            continue
        try:
            module = importlib.import_module(f"bench.{name}")
            for figure, value, unit in module.run(args.quick):
                print(f"{figure} {value:.6g} {unit}", flush=True)
        except Exception:  # one broken benchmark must not hide the others' figures
            failed += 1
            print(f"# {name} failed:", file=sys.stderr)
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
