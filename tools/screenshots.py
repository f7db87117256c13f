"""Regenerate docs/screenshots/*.png: the main screens of the window at 1280x720 (headless, rerunnable).

    python tools/screenshots.py [--out docs/screenshots] [--scenario ID]

Plays the flagship scenario (or the first one that loads) by posting real keyboard and mouse events,
with a throw-away data directory, so nothing on this computer is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402
from casustafel.engine.library import scenario_files  # noqa: E402
from casustafel.engine.loader import load_scenario  # noqa: E402
from casustafel.game.window.driver import Driver  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pick_scenario(name: str | None):
    for path in scenario_files():
        if name and path.stem != name:
            continue
        result = load_scenario(path)  # the library lists the flagship first
        if result.scenario is not None:
            return result.scenario
    raise SystemExit(f"Geen scenario gevonden dat laadt{f' met de naam {name}' if name else ''}.")


def shrink(path: Path) -> Path:
    """Re-save with a 64-colour palette when Pillow is there (flat UI colours: a quarter of the size)."""
    try:
        from PIL import Image
    except ImportError:
        return path
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(path, optimize=True)
    return path


def shoot(out: Path | None, scenario_name: str | None = None, size: tuple[int, int] = (1280, 720),
          text_size: str = "normaal", visit: Callable[[str, Driver], None] | None = None) -> list[Path]:
    """Walk through the screens; save each as `out/NAME.png` (when `out` is given) and call `visit(NAME, driver)`."""
    from casustafel.game.play.settings import Settings

    scenario = pick_scenario(scenario_name)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as data:
        d = Driver.open(data, size=size, partner_delay=0.5, save_settings=False,
                        settings=Settings(text_size=text_size))
        app = d.app

        def shot(name: str) -> None:
            if visit is not None:
                d.step()
                visit(name, d)
            if out is not None:
                saved.append(shrink(d.shot(out / f"{name}.png")))

        shot("01-title")
        d.click_text("Nieuw spel")
        shot("02-picker")
        d.click_text(scenario.title.get("nl"))
        d.click_text("Deze casus kiezen")
        d.click(app.screen.entries[list(scenario.roles)[0]])
        d.type("Jan")
        d.click(app.screen.entries[list(scenario.roles)[1]])
        d.type("Fatima")
        d.tab()
        d.type("Werkplaats Noord")
        shot("03-setup")
        d.click_text("Verder")
        shot("04-consent")
        while d.screen == "consent":  # each player, by name
            d.click_text("doe mee")
        shot("05-handover")
        d.enter()
        shot("06-briefing")
        while d.screen in ("handover", "briefing", "together"):
            d.enter()
        turns, reflected = 0, False
        while d.screen in ("play", "reflect", "handover", "answers"):
            if d.screen in ("handover", "answers"):
                d.enter()
                continue
            if type(app.game.request).__name__ == "PartnerMove":
                d.step(dt=0.3)
                continue
            if d.screen == "reflect":
                if not reflected:
                    d.type("Voor mij betekent het dat ze zelf een stap zet; voor jou misschien iets anders.")
                    shot("08-reflection")
                    reflected = True
                else:
                    d.type("Dat we het eerst samen met Sandra bespreken.")
                d.tab_press("Antwoord geven")
                continue
            turns += 1
            if turns == 5:
                shot("07-play")
                d.key(pygame.K_ESCAPE)
                shot("09-pause")
                d.key(pygame.K_ESCAPE)
            d.number(1 + (turns % 2 if len(app.game.session.offered()) > 1 else 0))
        shot("10-ending")
        d.click_text("Terugkijken")
        shot("11-lookback-handover")
        first = True
        while d.screen == "lookback":  # each player looks back alone
            d.enter()
            if first:
                shot("12-lookback-mark")
                first = False
            d.click_text("Klaar met terugkijken")
        shot("13-together")
        d.click_text("Naar de nabespreking")
        shot("14-debrief")
        # solo with coach feedback, and the settings screen in high contrast
        app.game.stop()
        app.show("title")
        d.click_text("Nieuw spel")
        d.click_text(scenario.title.get("nl"))
        d.click_text("Deze casus kiezen")
        d.click_text("Spelvorm")
        d.click_text("Verder")
        d.click_text("Spelen zonder vastleggen")
        while d.screen in ("briefing", "together"):
            d.enter()
        mine = 0
        while d.screen == "play" and mine < 2:
            if app.game.awaiting == app.game.solo_role:
                options = app.game.session.offered()
                best = next((i for i, o in enumerate(options) if o.feedback), 0)
                d.number(best + 1)
                mine += 1
            else:
                d.step(dt=0.3) if mine < 2 else None
        shot("15-solo-coach")
        d.key(pygame.K_ESCAPE)
        d.click_text("Instellingen")
        d.click_text("Hoog contrast")
        shot("16-settings-contrast")
        d.click_text("Klaar")
        shot("17-play-contrast")
        app.game.stop()
        app.show("overview")
        d.step()
        shot("18-overview")
        pygame.quit()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scenario", help="scenario id (default: the flagship)")
    args = parser.parse_args(argv)
    for path in shoot(args.out, args.scenario):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
