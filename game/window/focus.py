"""Keyboard focus for every screen: pygame-gui has none of its own.

A screen lists its controls in reading order; Tab and Shift-Tab move a visible ring over them, Enter and
Space press the focused one (the app calls its action). A text field under the ring gets pygame-gui's
keyboard focus, so typing goes there and Tab moves on.
"""

from __future__ import annotations

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UITextEntryBox, UITextEntryLine


def is_text_entry(element: object) -> bool:
    return isinstance(element, (UITextEntryLine, UITextEntryBox))


class FocusRing:
    """The ordered controls of the active screen (or overlay) and which one has the focus."""

    def __init__(self, manager) -> None:
        self.manager = manager
        self.items: list[UIElement] = []
        self.index = -1

    def set_items(self, items: list[UIElement], initial: UIElement | None = None) -> None:
        self.items = list(items)
        self.index = -1
        if initial is not None and initial in self.items:
            self.focus(initial)
        elif self.items:
            self.move(1)

    @property
    def current(self) -> UIElement | None:
        if 0 <= self.index < len(self.items):
            element = self.items[self.index]
            if element.alive():
                return element
        return None

    @staticmethod
    def usable(element: UIElement) -> bool:
        return element.alive() and element.visible and getattr(element, "is_enabled", True)

    def move(self, step: int) -> UIElement | None:
        """Move to the next (1) or previous (-1) usable control, wrapping around."""
        count = len(self.items)
        for i in range(1, count + 1):
            candidate = self.items[(self.index + step * i) % count]
            if self.usable(candidate):
                self.focus(candidate)
                return candidate
        return None

    def focus(self, element: UIElement) -> None:
        self.index = self.items.index(element)
        if is_text_entry(element):
            self.manager.set_focus_set(element)
        else:
            self.manager.set_focus_set(None)

    def sync_from_click(self) -> None:
        """After a mouse click: if pygame-gui focused one of our controls, put the ring there too."""
        focused = self.manager.get_focus_set() or set()
        for element in focused:
            if element in self.items:
                self.index = self.items.index(element)
                return

    def typing(self) -> bool:
        """True when a text field has the keyboard."""
        element = self.current
        return element is not None and is_text_entry(element) and element.is_focused

    def draw(self, surface: pygame.Surface, colour: tuple[int, int, int], width: int) -> None:
        element = self.current
        if element is None or not element.visible:
            return
        rect = element.rect.inflate(2 * width + 4, 2 * width + 4)
        pygame.draw.rect(surface, colour, rect, width, border_radius=8)
