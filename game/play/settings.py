"""Settings remembered between runs: language, text size, high contrast, full screen.

Stored as `settings.json` in the data directory (`game.recorder.data_dir`), written atomically (a temp file in
the same directory, then `os.replace`), so a crash never leaves half a file. A missing, unreadable or odd
file gives the defaults for what it cannot read; `load` never raises.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from casustafel.game.records.recorder import data_dir

FILE_NAME = "settings.json"
LANGUAGES = ("nl", "en")
TEXT_SIZES = ("klein", "normaal", "groot", "extra_groot", "dubbel")
TEXT_SCALE = {"klein": 0.85, "normaal": 1.0, "groot": 1.2, "extra_groot": 1.5, "dubbel": 2.0}  # WCAG 1.4.4: up to 200%


@dataclass
class Settings:
    """What the player chose in the settings screen."""

    language: str = "nl"
    text_size: str = "normaal"
    high_contrast: bool = False
    fullscreen: bool = False

    @property
    def scale(self) -> float:
        return TEXT_SCALE.get(self.text_size, 1.0)

    def cleaned(self) -> Settings:
        """A copy with every unknown value replaced by its default."""
        default = Settings()
        return Settings(
            language=self.language if self.language in LANGUAGES else default.language,
            text_size=self.text_size if self.text_size in TEXT_SIZES else default.text_size,
            high_contrast=bool(self.high_contrast) if isinstance(self.high_contrast, bool) else False,
            fullscreen=bool(self.fullscreen) if isinstance(self.fullscreen, bool) else False,
        )


def settings_path(directory: str | os.PathLike | None = None) -> Path:
    return data_dir(directory) / FILE_NAME


def load(directory: str | os.PathLike | None = None) -> Settings:
    """The saved settings, or the defaults for whatever is missing or unreadable."""
    try:
        raw = json.loads(settings_path(directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known}).cleaned()


def save(settings: Settings, directory: str | os.PathLike | None = None) -> Path:
    """Write the settings atomically; returns the path. Raises OSError when the directory is not writable."""
    from casustafel.game.records.files import write_file

    path = settings_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_file(path, json.dumps(asdict(settings.cleaned()), indent=2), force=True)
