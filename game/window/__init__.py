"""The Casustafel window (pygame-ce + pygame-gui): workshop play in pairs and solo training.

Structure:
- `app.App`: the display, the pygame-gui manager, the current screen and an optional overlay (the pause
  menu). `App.step(dt)` handles the queued events and draws one frame, so tests and benchmarks drive the
  window without a real clock; `run()` loops it.
- `focus.FocusRing`: keyboard focus for every screen (Tab / Shift-Tab, Enter / Space); screens only list
  their controls in order.
- `game.Game`: the set-up the screens fill in and the transcript; the session itself belongs to the play
  controller (`game/play/controller.py`), whose requests `flow.screen_for` maps to screens (one flow).
- `text`: wrapped text rendered once (`TextImage`) and the scrolling transcript (`ScrollView`).
- `screens/`: one module per group of screens, each registered by name with `@register("name")`.

Adding a screen (e.g. look-back and debrief, issue 6): create a module in `game/window/screens/`; the
registry imports every module there (`screens.discover()`), so nothing else needs editing. The ending
screen's "Terugkijken" button opens the screen registered as "lookback" when one exists (it reads
`app.game`: `scenario`, `session`, `recorder`, `session_id`, `nicknames`), otherwise the built-in "scores"
screen (scores with their reasons).

Entry point: `run(args) -> int` with the namespace of `casustafel play`.
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # pygame's greeting is noise for players and tools


class WindowUnavailable(Exception):
    """The window cannot open here (no display, no video driver, pygame missing)."""


def run(args: argparse.Namespace) -> int:
    """Open the window; with a scenario (and a mode) given, skip ahead to setup or consent."""
    try:
        from .app import App
    except ImportError as exc:  # pragma: no cover - pygame missing
        raise WindowUnavailable(str(exc)) from exc
    try:
        app = App(data=getattr(args, "data", None))
    except Exception as exc:  # no display, no video driver: the caller falls back to the terminal
        raise WindowUnavailable(str(exc)) from exc
    start(app, args)
    return app.run()


def start(app, args: argparse.Namespace) -> None:
    """Show the first screen the arguments ask for."""
    from casustafel.engine.partner import SOLO_PARTNERS
    from casustafel.game.play.controller import LookupProblem, lookup

    from .flow import advance

    game = app.game
    game.from_node = getattr(args, "from_node", None)
    game.sets = list(getattr(args, "set", None) or [])
    name = getattr(args, "scenario", None)
    if not name:
        app.show("title")
        return
    try:
        scenario = lookup(name, getattr(args, "data", None))
    except LookupProblem as exc:
        app.show("picker")
        app.status = app.tr("window.picker.not_found", problem=(exc.details or [str(exc)])[0])
        app.rebuild()
        return
    game.persona = getattr(args, "persona", None)  # checked by `casustafel play`
    game.choose_scenario(scenario)
    policy = getattr(args, "partner", None)
    game.policy = policy if policy in SOLO_PARTNERS else SOLO_PARTNERS[0]
    game.workshop = getattr(args, "workshop", "") or ""
    solo = getattr(args, "solo", None)  # checked by `casustafel play` (a role id by now)
    if solo and solo in game.roles:
        game.mode, game.solo_role = "solo", solo
    elif getattr(args, "pair", False):
        game.mode = "pair"
    else:
        app.show("setup")
        return
    game.prepare()
    advance(app)
