"""The screen registry: every module in this package registers its screens by name.

To add a screen (the look-back and debrief screens of issue 6, for example), create a module here, e.g.
`game/window/screens/lookback.py`, with::

    from casustafel.game.window.screen import Screen
    from casustafel.game.window.screens import register

    @register("lookback")
    class LookBack(Screen):
        def build(self) -> None: ...

`discover()` imports every module in this package, so no other file needs editing. The ending screen's
"Terugkijken" button opens the screen registered as "lookback" when there is one (with the app's `game`
state: scenario, session, recorder id), else the built-in "scores" summary.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casustafel.game.window.screen import Screen

REGISTRY: dict[str, type[Screen]] = {}


def register(name: str) -> Callable[[type[Screen]], type[Screen]]:
    """Class decorator: make a screen reachable as `app.show(name)`."""

    def decorate(cls: type[Screen]) -> type[Screen]:
        cls.name = name
        REGISTRY[name] = cls
        return cls

    return decorate


def discover() -> dict[str, type[Screen]]:
    """Import every screen module in this package (once) and return the registry."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY
