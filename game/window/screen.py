"""The base of every screen: widget helpers that register controls with the focus ring.

A screen builds its widgets in `build()` from the app's window size, text scale, palette and language,
so a resize or a settings change just rebuilds it. State that must survive a rebuild lives in
`app.game` or in `self.params`, never only in widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
from pygame_gui.core import ObjectID, UIElement
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextEntryBox, UITextEntryLine

from .focus import is_text_entry
from .style import font
from .text import Para, ScrollView, TextImage, render

if TYPE_CHECKING:
    from .app import App


class Column:
    """Hands out rectangles top to bottom inside a column."""

    def __init__(self, x: int, y: int, width: int, gap: int) -> None:
        self.x, self.y, self.width, self.gap = x, y, width, gap

    def take(self, height: int, gap: int | None = None) -> pygame.Rect:
        rect = pygame.Rect(self.x, self.y, self.width, height)
        self.y += height + (self.gap if gap is None else gap)
        return rect


class Screen:
    """One screen of the window. Subclasses implement `build`; they may override the key hooks."""

    name = ""
    pausable = False  # Esc opens the pause menu (otherwise Esc goes `back`)
    back: str | None = "title"
    layer = 0  # overlays draw above the screen under them

    def __init__(self, app: App, **params: object) -> None:
        self.app = app
        self.params = params
        self.elements: list[UIElement] = []
        self.focusables: list[UIElement] = []
        self.actions: dict[UIElement, Callable[[], None]] = {}
        self.initial_focus: UIElement | None = None

    # -- environment ---------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.app.settings.language

    def tr(self, key: str, **values: object) -> str:
        return self.app.tr(key, **values)

    def s(self, pixels: float) -> int:
        """A size scaled with the text size setting."""
        return round(pixels * self.app.settings.scale)

    @property
    def width(self) -> int:
        return self.app.size[0]

    @property
    def height(self) -> int:
        return self.app.size[1]

    @property
    def margin(self) -> int:
        return max(16, self.width // 40)

    @property
    def pal(self):
        return self.app.palette

    def column(self, width: int | None = None, top: int | None = None) -> Column:
        """A centred column, at most `width` wide."""
        w = min(width or self.width - 2 * self.margin, self.width - 2 * self.margin)
        return Column((self.width - w) // 2, self.margin if top is None else top, w, self.s(12))

    # -- widgets -----------------------------------------------------------------------------------
    def _keep(self, element: UIElement, focus: bool = False) -> UIElement:
        self.app.invalidate()
        self.elements.append(element)
        if focus:
            self.focusables.append(element)
        return element

    def label(self, rect: pygame.Rect, text: str, cls: str | None = None) -> UILabel:
        oid = ObjectID(class_id=cls) if cls else None
        element = UILabel(rect, text, self.app.manager, object_id=oid)
        if self.layer:
            element.change_layer(self.app.manager.get_root_container().get_top_layer() + self.layer)
        return self._keep(element)

    def button(self, rect: pygame.Rect, text: str, action: Callable[[], None], cls: str | None = None,
               enabled: bool = True) -> UIButton:
        oid = ObjectID(class_id=cls) if cls else None
        element = UIButton(rect, text, self.app.manager, object_id=oid, starting_height=self.layer + 2,
                           command=lambda: self.app.defer(action))
        if not enabled:
            element.disable()
        self.actions[element] = action
        return self._keep(element, focus=True)

    def option_list(self, x: int, bottom: int, width: int, items: list[tuple[str, Callable[[], None]]],
                    colour: tuple[int, int, int]) -> int:
        """Large numbered buttons stacked to end at `bottom`; returns their top.

        The wrapped texts of all options are drawn once on one transparent image above the buttons (which
        never takes hover or clicks), so a turn costs one image and a button per option.
        """
        pad, num, gap = self.s(14), self.s(22), self.s(8)
        text_width = width - num * 2 - 2 * pad
        surfaces = [render([Para(text, "regular", self.s(20), self.pal.text)], text_width) for text, _ in items]
        heights = [surface.get_height() + pad + 8 for surface in surfaces]
        total = sum(heights) + gap * (len(items) - 1)
        top = bottom - total
        overlay = pygame.Surface((width, max(1, total)), pygame.SRCALPHA)
        digit = font("bold", self.s(26))
        y = 0
        for number, ((text, action), surface, height) in enumerate(zip(items, surfaces, heights, strict=True), 1):
            element = self.button(pygame.Rect(x, top + y, width, height), "", action, cls="@option")
            element.option_text, element.option_plain = f"{number}. {text}", text
            overlay.blit(surface, (pad + num * 2, y + pad // 2 + self.s(4)))
            overlay.blit(digit.render(str(number), True, colour), (pad, y + pad // 2 + self.s(2)))
            y += height + gap
        self._keep(TextImage(pygame.Rect(x, top, width, max(1, total)), [], self.app.manager, surface=overlay,
                             text="", starting_height=self.layer + 4))
        return top

    def text(self, rect: pygame.Rect, paras: list[Para], bg: tuple[int, int, int] | None = None,
             pad: int = 0) -> TextImage:
        return self._keep(TextImage(rect, paras, self.app.manager, bg=bg, pad=pad, starting_height=self.layer + 2))

    def text_in(self, col: Column, gap: int | None, paras: list[Para], bg: tuple[int, int, int] | None = None,
                pad: int = 0) -> TextImage:
        """Wrapped text at the column's next place, as tall as it needs; the column moves below it."""
        element = self.text(pygame.Rect(col.x, col.y, col.width, 0), paras, bg, pad)
        col.y += element.rect.height + (col.gap if gap is None else gap)
        return element

    def panel(self, rect: pygame.Rect, object_id: str | None = None) -> UIPanel:
        return self._keep(UIPanel(rect, starting_height=self.layer + 1, manager=self.app.manager,
                                   object_id=object_id))

    def entry(self, rect: pygame.Rect, initial: str = "", placeholder: str = "") -> UITextEntryLine:
        element = UITextEntryLine(rect, self.app.manager, placeholder_text=placeholder or None,
                                  initial_text=initial or None)
        return self._keep(element, focus=True)

    def entry_box(self, rect: pygame.Rect, initial: str = "", placeholder: str = "") -> UITextEntryBox:
        element = UITextEntryBox(rect, initial_text=initial or "", manager=self.app.manager,
                                 placeholder_text=placeholder or None)
        return self._keep(element, focus=True)

    def scroll_view(self, rect: pygame.Rect) -> ScrollView:
        view = ScrollView(rect, self.app.manager, self.pal.panel, self.pal.muted)
        return self._keep(view, focus=True)

    def p(self, text: str, style: str = "regular", size: float = 20, colour=None, after: int = 6) -> Para:
        return Para(text, style, self.s(size), colour or self.pal.text, self.s(after))

    # -- lifecycle and hooks -------------------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def destroy(self) -> None:
        self.app.invalidate()
        for element in self.elements:
            element.kill()
        self.elements, self.focusables, self.actions = [], [], {}

    def update(self, dt: float) -> None:
        """Called every frame before pygame-gui updates."""

    def on_key(self, event: pygame.event.Event) -> bool:
        """A key the app did not use (numbers, F5, arrows); True when handled."""
        return False

    def on_escape(self) -> None:
        if self.pausable:
            self.app.open_overlay("pause")
        elif self.back:
            self.app.show(self.back)

    def press(self, element: UIElement) -> bool:
        """Enter/Space on the focused control."""
        action = self.actions.get(element)
        if action is not None and getattr(element, "is_enabled", True):
            self.app.defer(action)
            return True
        return False

    def texts(self) -> list[str]:
        """Every text this screen shows, for tests and screenshots' checks."""
        found: list[str] = []
        for element in self.elements:
            if not element.alive():
                continue
            if isinstance(element, ScrollView):
                found.extend(element.texts())
            elif is_text_entry(element):
                found.append(element.get_text())
            elif getattr(element, "option_plain", None):
                found.append(element.option_plain)
            elif getattr(element, "text", None):
                found.append(str(element.text))
        return found
