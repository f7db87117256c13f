"""Look and feel: the pygame-gui theme (scaled to the text size), the palette and fonts for our own text.

The theme lives in `assets/theme.json` (calm) and `assets/theme-contrast.json` (high contrast); font sizes in
the file are for the "normaal" text size and are scaled here. Text that wraps (options, transcript, briefings)
is drawn by `game.window.text` with the same Noto Sans files that ship with pygame-gui.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pygame
import pygame_gui

ASSETS = Path(str(files("casustafel.assets")))
FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"
FONT_FILES = {
    "regular": "NotoSans-Regular.ttf",
    "bold": "NotoSans-Bold.ttf",
    "italic": "NotoSans-Italic.ttf",
    "bold_italic": "NotoSans-BoldItalic.ttf",
}
BASE_SIZE = 20  # body text at "normaal"


@dataclass(frozen=True)
class Palette:
    """Colours for what we draw ourselves (transcript, wrapped text, focus ring)."""

    bg: tuple[int, int, int]
    panel: tuple[int, int, int]
    text: tuple[int, int, int]
    muted: tuple[int, int, int]
    accent: tuple[int, int, int]
    focus: tuple[int, int, int]
    feedback_bg: tuple[int, int, int]
    warning_bg: tuple[int, int, int]
    roles: tuple[tuple[int, int, int], ...]  # one colour per playable role, in declaration order
    character: tuple[int, int, int]


CALM = Palette(bg=(243, 241, 236), panel=(255, 255, 255), text=(30, 42, 51), muted=(91, 102, 112),
               accent=(31, 95, 139), focus=(214, 104, 0), feedback_bg=(232, 243, 234), warning_bg=(252, 239, 214),
               roles=((31, 95, 139), (138, 62, 110), (46, 112, 66)), character=(91, 102, 112))
CONTRAST = Palette(bg=(0, 0, 0), panel=(0, 0, 0), text=(255, 255, 255), muted=(230, 230, 230),
                   accent=(255, 255, 0), focus=(0, 255, 255), feedback_bg=(0, 40, 0), warning_bg=(60, 40, 0),
                   roles=((255, 255, 0), (0, 255, 255), (140, 255, 140)), character=(230, 230, 230))


def palette(high_contrast: bool) -> Palette:
    return CONTRAST if high_contrast else CALM


@cache
def _theme_file(high_contrast: bool) -> dict:
    name = "theme-contrast.json" if high_contrast else "theme.json"
    return json.loads((ASSETS / name).read_text(encoding="utf-8"))


def theme(high_contrast: bool, scale: float) -> dict:
    """The pygame-gui theme dict with every font size multiplied by `scale`."""
    data = copy.deepcopy(_theme_file(high_contrast))
    for block in data.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(round(int(font["size"]) * scale))
    return data


def font_sizes(scale: float) -> list[int]:
    """The body sizes at this scale whose bold and italic faces are preloaded (for styled text in widgets)."""
    return sorted({round(BASE_SIZE * scale), round(17 * scale)})


@cache
def font(style: str, size: int) -> pygame.font.Font:
    """A Noto Sans face (regular, bold, italic, bold_italic) at `size` pixels; cached."""
    return pygame.font.Font(str(FONT_DIR / FONT_FILES[style]), size)


def class_font(high_contrast: bool, scale: float, cls: str | None, kind: str = "label"
               ) -> tuple[str, int, tuple[int, int, int]]:
    """(face style, size, text colour) the theme gives a label or button of class `cls` (for text we wrap)."""
    data = theme(high_contrast, scale)
    block: dict = {}
    for name in ("defaults", kind, cls):
        part = data.get(name) if name else None
        if isinstance(part, dict):
            block = {**block, **{k: {**block.get(k, {}), **v} for k, v in part.items() if isinstance(v, dict)}}
    spec = block.get("font", {})
    size = int(spec.get("size", round(BASE_SIZE * scale)))
    bold, italic = spec.get("bold") == "1", spec.get("italic") == "1"
    style = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    colour = block.get("colours", {}).get("normal_text", "#1E2A33")
    return style, size, tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
