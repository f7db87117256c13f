"""The window application: one pygame display, one pygame-gui manager, a screen, an optional overlay.

`App.step(dt)` processes the queued events, updates and draws exactly one frame; `run()` loops it with a
real clock. Tests and benchmarks call `step()` themselves with a fixed `dt`, so nothing depends on time.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
from casustafel.game.i18n import I18N_DIR, tr
from casustafel.game.play import settings as settings_mod

from . import style
from . import text as text_mod
from .focus import FocusRing, is_text_entry
from .game import Game
from .screen import Screen
from .screens import discover

GUI_TRANSLATIONS = I18N_DIR / "pygame-gui"
MIN_SIZE = (800, 560)
REDRAW_AT_LEAST = 0.5  # seconds
PRESS_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class App:
    """The Casustafel window."""

    def __init__(self, size: tuple[int, int] = (1280, 720), data: str | None = None,
                 settings: settings_mod.Settings | None = None, partner_delay: float = 1.2,
                 save_settings: bool = True, library_root: Path | None = None) -> None:
        pygame.init()
        style.font.cache_clear()  # faces from an earlier pygame.init are dead
        pygame.key.set_repeat(400, 40)
        self.data = data
        self.library_root = library_root  # None: the scenarios/ folder of this installation
        self.save_settings = save_settings
        self.settings = settings or settings_mod.load(data)
        self.partner_delay = partner_delay
        self.windowed_size = size
        self.window = self._open_display(size)
        pygame.display.set_caption("Casustafel")
        self.manager = self._make_manager()
        self.focus = FocusRing(self.manager)
        self.game = Game(data=data, language=self.settings.language)
        self.screen: Screen | None = None
        self.overlay: Screen | None = None
        self.deferred: list[Callable[[], None]] = []
        self.registry = discover()
        self.running = True
        self.clock = pygame.time.Clock()
        self.elapsed = 0.0
        self.frames = 0
        self.draws = 0
        self.dirty = True
        self._changes_seen = -1
        self._last_draw = 0.0
        self.status = ""  # a one-line message shown by screens that have room for it
        self.game.now = lambda: self.elapsed

    # -- setup -------------------------------------------------------------------------------------
    def _open_display(self, size: tuple[int, int]) -> pygame.Surface:
        if self.settings.fullscreen and os.environ.get("SDL_VIDEODRIVER") not in ("dummy", "offscreen"):
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(size, pygame.RESIZABLE)

    def _make_manager(self) -> pygame_gui.UIManager:
        scale = self.settings.scale
        manager = pygame_gui.UIManager(self.window.get_size(), style.theme(self.settings.high_contrast, scale),
                                       enable_live_theme_updates=False, starting_language=self.settings.language,
                                       translation_directory_paths=[str(GUI_TRANSLATIONS)])
        with warnings.catch_warnings():  # the theme may have loaded some faces already
            warnings.simplefilter("ignore")
            manager.preload_fonts([{"name": "noto_sans", "point_size": size, "style": face}
                                   for size in style.font_sizes(scale) for face in ("bold", "italic")])
        return manager

    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    @property
    def palette(self) -> style.Palette:
        return style.palette(self.settings.high_contrast)

    def tr(self, key: str, **values: object) -> str:
        return tr(key, self.settings.language, **values)

    # -- screens -----------------------------------------------------------------------------------
    def show(self, name: str, **params: object) -> Screen:
        """Replace the current screen by the one registered as `name`."""
        self.close_overlay(refocus=False)
        if self.screen is not None:
            self.screen.destroy()
            self.status = ""
        self.screen = self.registry[name](self, **params)
        self._build(self.screen)
        return self.screen

    def has_screen(self, name: str) -> bool:
        return name in self.registry

    def open_overlay(self, name: str, **params: object) -> Screen:
        self.close_overlay(refocus=False)
        self.overlay = self.registry[name](self, **params)
        self._build(self.overlay)
        return self.overlay

    def close_overlay(self, refocus: bool = True) -> None:
        if self.overlay is not None:
            self.overlay.destroy()
            self.overlay = None
            if refocus and self.screen is not None:
                self.focus.set_items(self.screen.focusables, self.screen.initial_focus)

    def _build(self, screen: Screen) -> None:
        screen.build()
        self.focus.set_items(screen.focusables, screen.initial_focus)

    @property
    def active(self) -> Screen | None:
        return self.overlay or self.screen

    def rebuild(self) -> None:
        """Lay the current screen (and overlay) out again, e.g. after a resize or a settings change."""
        focused_index = self.focus.index
        for screen in (self.screen, self.overlay):
            if screen is not None:
                screen.destroy()
        if self.screen is not None:
            self.screen.build()
        if self.overlay is not None:
            self.overlay.build()
        active = self.active
        if active is not None:
            self.focus.set_items(active.focusables, active.initial_focus)
            if 0 <= focused_index < len(active.focusables):
                self.focus.focus(active.focusables[focused_index])

    def apply_settings(self, new: settings_mod.Settings) -> str | None:
        """Use new settings at once and remember them; returns an error message when saving failed."""
        old = self.settings
        self.settings = new.cleaned()
        self.game.language = self.settings.language
        if new.fullscreen != old.fullscreen:
            self.window = self._open_display(self.windowed_size)
        for screen in (self.screen, self.overlay):
            if screen is not None:
                screen.destroy()
        self.manager = self._make_manager()
        self.focus = FocusRing(self.manager)
        self.rebuild()
        if not self.save_settings:
            return None
        try:
            settings_mod.save(self.settings, self.data)
        except OSError as exc:
            return self.tr("window.settings.not_saved", problem=str(exc))
        return None

    def defer(self, action: Callable[[], None]) -> None:
        """Run `action` after the current event (widgets may be rebuilt by it)."""
        self.deferred.append(action)

    def _run_deferred(self) -> None:
        while self.deferred:
            self.deferred.pop(0)()

    # -- the loop ----------------------------------------------------------------------------------
    def step(self, dt: float | None = None, force_draw: bool = False) -> None:
        """Process queued events, update, and draw the frame when anything on it may have changed.

        A frame without events, new widgets, transcript changes or a blinking text cursor keeps the
        picture of the last one (redrawn at least twice a second anyway).
        """
        if dt is None:
            dt = self.clock.tick(60) / 1000.0
        self.elapsed += dt
        events = pygame.event.get()
        for event in events:
            self.handle(event)
            self._run_deferred()
        if self.active is not None:
            self.active.update(dt)
        self._run_deferred()
        self.manager.update(dt)
        if (force_draw or events or self.dirty or text_mod.CHANGES != self._changes_seen or self.focus.typing()
                or self.elapsed - self._last_draw >= REDRAW_AT_LEAST):
            self.draw()
        self.frames += 1

    def invalidate(self) -> None:
        """Something on screen changed: draw the next frame."""
        self.dirty = True

    def draw(self) -> None:
        self.dirty = False
        self._changes_seen = text_mod.CHANGES
        self._last_draw = self.elapsed
        self.draws += 1
        self.window.fill(self.palette.bg)
        self.manager.draw_ui(self.window)
        self.focus.draw(self.window, self.palette.focus, max(3, self.s(3)))
        pygame.display.flip()

    def s(self, pixels: float) -> int:
        return round(pixels * self.settings.scale)

    def run(self) -> int:
        while self.running:
            self.step()
        pygame.quit()
        return 0

    def quit(self) -> None:
        self.running = False

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            size = (max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h))
            if not self.settings.fullscreen:
                self.windowed_size = size
                if size != self.window.get_size():
                    self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
            self.manager.set_window_resolution(self.window.get_size())
            self.rebuild()
            return
        if event.type == pygame.KEYDOWN and self._key(event):
            return
        self.manager.process_events(event)
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.focus.sync_from_click()

    def _key(self, event: pygame.event.Event) -> bool:
        """Keys the app handles itself; False lets pygame-gui have the event."""
        screen = self.active
        if screen is None:
            return False
        if event.key == pygame.K_TAB:
            self.focus.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if event.key == pygame.K_ESCAPE:
            screen.on_escape()
            return True
        if self.focus.typing():
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not isinstance(
                    self.focus.current, pygame_gui.elements.UITextEntryBox):
                self.focus.move(1)
                return True
            return False
        current = self.focus.current
        if event.key in PRESS_KEYS and current is not None:
            if is_text_entry(current):
                self.focus.focus(current)
                return True
            return screen.press(current)
        if screen.on_key(event):
            return True
        view = current if hasattr(current, "scroll") else None
        if view is not None:
            step = {pygame.K_UP: -40, pygame.K_DOWN: 40, pygame.K_PAGEUP: -view.rect.height + 40,
                    pygame.K_PAGEDOWN: view.rect.height - 40}.get(event.key)
            if step:
                view.scroll(step)
                return True
        return False

    # -- inspection (tests, screenshots) -------------------------------------------------------------
    def texts(self) -> list[str]:
        found: list[str] = [self.status] if self.status else []
        for screen in (self.screen, self.overlay):
            if screen is not None:
                found.extend(screen.texts())
        return found

    def find_button(self, text_part: str):
        """The first enabled button of the active screen whose text contains `text_part`."""
        screen = self.active
        for element in screen.focusables if screen else []:
            label = getattr(element, "option_text", None) or getattr(element, "text", "")
            if text_part in str(label):
                return element
        return None
