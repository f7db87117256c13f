#!/usr/bin/env bash
# Build the wheel, install it in a fresh venv outside the checkout, and play a library scenario to its ending from
# another folder; then import the window package from the installed wheel. Used by .ci/run; runnable by hand.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/build-venv"
"$work/build-venv/bin/pip" install -q build
"$work/build-venv/bin/python" -m build --wheel --outdir "$work/dist" "$repo" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/casustafel-*.whl)
echo "wheel: $(basename "$wheel")"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$wheel"
mkdir "$work/elsewhere"
cd "$work/elsewhere"
export CASUSTAFEL_DATA="$work/data" SDL_VIDEODRIVER=dummy
# Every top-level name the wheel installs is ours: one import package, nothing generic.
"$work/venv/bin/python" - <<'PY'
import importlib.metadata as m
names = {f.parts[0] for f in m.files("casustafel") if not f.parts[0].endswith((".dist-info", ".data")) and f.parts[0] != ".."}
names -= {"bin"}
assert names == {"casustafel"}, names
import casustafel.game.window  # noqa: F401  the window package imports from the installed wheel
import casustafel.game.window.app  # noqa: F401
print("wheel: one import package (casustafel), window imports")
PY
out=$(yes 1 | head -n 400 | timeout 120 "$work/venv/bin/casustafel" play --text --scenario sandra-schulden-en-werk \
      --solo klantmanager --partner scripted --record nee 2>&1 || true)
if ! grep -q '^Einde:' <<<"$out"; then
  echo "wheel: the installed game did not play to an ending from $PWD"; tail -20 <<<"$out"; exit 1
fi
echo "wheel: played sandra-schulden-en-werk to its ending from a folder outside the checkout"
