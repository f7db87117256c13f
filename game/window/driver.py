"""Drive the window as a user would, by posting real pygame events: for tests, benchmarks and screenshots."""

from __future__ import annotations

from pathlib import Path

import pygame

from .app import App


class Driver:
    """Posts keyboard and mouse events into pygame's queue and steps the app one frame at a time."""

    def __init__(self, app: App, dt: float = 1 / 60) -> None:
        self.app, self.dt = app, dt

    @classmethod
    def open(cls, data: str | Path, screen: str = "title", size: tuple[int, int] = (1280, 720),
             **app_options) -> Driver:
        """A window at `size` on `screen`, with default settings unless given, one frame drawn."""
        from casustafel.game.play.settings import Settings

        app_options.setdefault("settings", Settings())
        app = App(size, data=str(data), **app_options)
        app.show(screen)
        driver = cls(app)
        driver.step()
        return driver

    def step(self, frames: int = 1, dt: float | None = None) -> None:
        for _ in range(frames):
            self.app.step(self.dt if dt is None else dt)

    @property
    def screen(self) -> str:
        return self.app.active.name if self.app.active else ""

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))
        self.step()

    def tab(self, back: bool = False) -> None:
        self.key(pygame.K_TAB, pygame.KMOD_SHIFT if back else 0)

    def enter(self) -> None:
        self.key(pygame.K_RETURN, unicode="\r")

    def number(self, n: int) -> None:
        self.key(getattr(pygame, f"K_{n}"), unicode=str(n))

    def type(self, text: str) -> None:
        for char in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        self.step()

    def click(self, element) -> None:
        """A left click in the middle of `element` (scrolled into the window first, as a user would)."""
        reveal = getattr(self.app.active, "reveal", None)
        if reveal is not None:
            reveal(element)
            self.step()
        pos = element.rect.center
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
        self.step()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        self.step()

    def button(self, text_part: str):
        found = self.app.find_button(text_part)
        if found is None:
            raise AssertionError(f"no button with {text_part!r} on {self.screen}: {self.app.texts()}")
        return found

    def click_text(self, text_part: str) -> None:
        self.click(self.button(text_part))

    def tab_to(self, text_part: str, limit: int = 40) -> None:
        """Tab until the focus ring is on the control whose text contains `text_part`."""
        target = self.button(text_part)
        for _ in range(limit):
            if self.app.focus.current is target:
                return
            self.tab()
        raise AssertionError(f"Tab never reached {text_part!r} on {self.screen}")

    def tab_press(self, text_part: str) -> None:
        self.tab_to(text_part)
        self.enter()

    def shot(self, path: Path) -> Path:
        self.app.step(self.dt, force_draw=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.app.window, str(path))
        return path
