"""Text that fits: every window screen at text size 1x and 2x, at 1280x720 and 1024x600, with no text cut off.

Walks the same screens as `tools/screenshots.py` by real keyboard and mouse events. A label, button or text
whose text does not fit its place fails the test, and so does pygame-gui's "Label Rect is too small" warning.
"""

from __future__ import annotations

import importlib.util
import os
import warnings

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pytest  # noqa: E402
from conftest import REPO  # noqa: E402

spec = importlib.util.spec_from_file_location("screenshots", REPO / "tools" / "screenshots.py")
screenshots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screenshots)

SCREENS = {"01-title", "02-picker", "03-setup", "04-consent", "05-handover", "06-briefing", "07-play",
           "08-reflection", "09-pause", "10-ending", "11-lookback-handover", "12-lookback-mark", "13-together",
           "14-debrief", "15-solo-coach", "16-settings-contrast", "17-play-contrast", "18-overview"}


@pytest.mark.parametrize("size", [(1280, 720), (1024, 600)], ids=["1280x720", "1024x600"])
@pytest.mark.parametrize("text_size", ["normaal", "dubbel"], ids=["1x", "2x"])
def test_every_screen_shows_all_its_text(size: tuple[int, int], text_size: str) -> None:
    seen: dict[str, list[str]] = {}

    def visit(name: str, d) -> None:
        screens = [s for s in (d.app.active, d.app.overlay) if s is not None]
        seen[name] = [f"{s.name}: {problem}" for s in screens for problem in s.clipped()]

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pygame-gui's "Label Rect is too small" counts as a failure
        screenshots.shoot(None, size=size, text_size=text_size, visit=visit)
    assert set(seen) == SCREENS
    problems = [f"{name}: {p}" for name, found in seen.items() for p in found]
    assert not problems, "\n".join(problems)
