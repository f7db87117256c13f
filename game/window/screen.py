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
from .style import class_font, font
from .text import Para, ScrollView, TextImage, render, text_height, wrap

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


class PageScroller(UIElement):
    """An invisible element over the whole window that turns the mouse wheel into scrolling the page."""

    def __init__(self, screen: Screen) -> None:
        super().__init__(pygame.Rect(0, 0, screen.width, screen.height), screen.app.manager, container=None,
                         starting_height=0, layer_thickness=1, element_id=["page_scroller"])
        self.screen = screen
        self._create_valid_ids(container=None, parent_element=None, object_id=None, element_id="page_scroller")
        self._set_image(pygame.Surface((screen.width, screen.height), pygame.SRCALPHA))

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False

    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL:
            self.screen.page_scroll(-event.y * 60)
        return False


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

    def _para(self, text: str, cls: str | None, kind: str = "label") -> tuple[pygame.font.Font, Para]:
        """The theme's face for class `cls` and `text` as a paragraph in that face and colour."""
        style, size, colour = class_font(self.app.settings.high_contrast, self.app.settings.scale, cls, kind)
        return font(style, size), Para(text, style, size, colour, 0)

    def label(self, rect: pygame.Rect, text: str, cls: str | None = None) -> UILabel | TextImage:
        """A one-line label when `text` fits `rect`, else the same text wrapped (as tall as it needs).

        Use `heading` in a column, so what follows moves down when the text wraps.
        """
        face, para = self._para(text, cls)
        width, height = face.size(text)
        if width + self.FIT_SLACK <= rect.width and height <= rect.height and "\n" not in text:
            oid = ObjectID(class_id=cls) if cls else None
            element = UILabel(rect, text, self.app.manager, object_id=oid)
            if self.layer:
                element.change_layer(self.app.manager.get_root_container().get_top_layer() + self.layer)
            return self._keep(element)
        return self.text(pygame.Rect(rect.x, rect.y, rect.width, 0), [para])

    def heading(self, col: Column, min_height: int, text: str, cls: str | None = "@heading",
                gap: int | None = None) -> UILabel | TextImage:
        """A label at the column's next place that wraps instead of being cut; the column moves below it."""
        _face, para = self._para(text, cls)
        needed = text_height([para], col.width)
        return self.label(col.take(max(min_height, needed), gap), text, cls)

    FIT_SLACK = 6  # pixels a one-line text keeps free of its rect's edges

    def button_lines(self, text: str, width: int, cls: str | None = None) -> tuple[int, int]:
        """(lines, height) of `text` on a button `width` wide: how tall a button must be to show all of it."""
        face, para = self._para(text, cls, "button")
        pad = self._button_pad(cls)
        if face.size(text)[0] + 2 * pad + self.FIT_SLACK <= width:
            return 1, face.get_height()
        lines = len(wrap(face, text, width - 2 * pad - self.FIT_SLACK))
        return lines, text_height([para], width - 2 * pad - self.FIT_SLACK)

    def _button_pad(self, cls: str | None) -> int:
        return self.s(14) if cls in ("@listitem", "@selected") else self.s(8)

    def button(self, rect: pygame.Rect, text: str, action: Callable[[], None], cls: str | None = None,
               enabled: bool = True) -> UIButton:
        """A button; a text too long for one line is wrapped over it (the rect grows downwards to hold it)."""
        oid = ObjectID(class_id=cls) if cls else None
        lines, needed = self.button_lines(text, rect.width, cls)
        wrapped = lines > 1
        if wrapped:
            rect = pygame.Rect(rect.x, rect.y, rect.width, max(rect.height, needed + self.s(16)))
        element = UIButton(rect, "" if wrapped else text, self.app.manager, object_id=oid,
                           starting_height=self.layer + 2, command=lambda: self.app.defer(action))
        if wrapped:
            element.option_text = element.option_plain = text
            face, para = self._para(text, cls, "button")
            pad = self._button_pad(cls)
            inner = rect.width - 2 * pad - self.FIT_SLACK
            surface = render([para], inner)
            if cls not in ("@listitem", "@selected"):  # centred, as the theme centres button text
                centred = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
                for i, line in enumerate(wrap(face, text, inner)):
                    image = face.render(line, True, para.colour)
                    centred.blit(image, ((inner - image.get_width()) // 2, i * face.get_linesize()))
                surface = centred
            top = rect.y + (rect.height - surface.get_height()) // 2
            self._keep(TextImage(pygame.Rect(rect.x + pad + self.FIT_SLACK // 2, top, inner, surface.get_height()),
                                 [], self.app.manager, surface=surface, text="", starting_height=self.layer + 4))
        if not enabled:
            element.disable()
        self.actions[element] = action
        return self._keep(element, focus=True)

    def _row_fits(self, col: Column, items: list[tuple[str, Callable[[], None], str | None]]) -> int:
        """The width of each button when `items` fit side by side on one line each, else 0 (they stack)."""
        gap = self.s(12)
        width = (col.width - gap * (len(items) - 1)) // max(1, len(items))
        return width if all(self.button_lines(text, width, cls)[0] == 1 for text, _a, cls in items) else 0

    def button_row_height(self, col: Column, items: list[tuple[str, Callable[[], None], str | None]],
                          height: float = 52) -> int:
        """How tall `button_row` will be (content above it ends this far above the window's bottom margin)."""
        rows = 1 if self._row_fits(col, items) else len(items)
        return rows * self.s(height) + (rows - 1) * col.gap

    def button_row(self, col: Column, items: list[tuple[str, Callable[[], None], str | None]],
                   height: float = 52) -> list[UIButton]:
        """Buttons side by side at the bottom of the window (or below the content), equally wide; stacked full
        width when one of their texts would not fit on one line side by side."""
        gap = self.s(12)
        width = self._row_fits(col, items)
        if width:
            y = self.footer_y(col, height)
            return [self.button(pygame.Rect(col.x + i * (width + gap), y, width, self.s(height)), text, action, cls)
                    for i, (text, action, cls) in enumerate(items)]
        col.y = max(col.y, self.height - self.margin - len(items) * (self.s(height) + col.gap))
        return [self.button_in(col, self.s(height), text, action, cls) for text, action, cls in items]

    def button_in(self, col: Column, min_height: int, text: str, action: Callable[[], None],
                  cls: str | None = None, gap: int | None = None, enabled: bool = True) -> UIButton:
        """A full-width button at the column's next place, tall enough for its wrapped text."""
        lines, needed = self.button_lines(text, col.width, cls)
        height = max(min_height, needed + self.s(16)) if lines > 1 else min_height
        return self.button(col.take(height, gap), text, action, cls, enabled)

    def _option_surfaces(self, width: int, texts: list[str]) -> list[pygame.Surface]:
        pad, num = self.s(14), self.s(22)
        return [render([Para(text, "regular", self.s(20), self.pal.text)], width - num * 2 - 2 * pad) for text in texts]

    def option_list_height(self, width: int, texts: list[str]) -> int:
        """How tall `option_list` will be for these option texts."""
        pad, gap = self.s(14), self.s(8)
        surfaces = self._option_surfaces(width, texts)
        return sum(s.get_height() + pad + 8 for s in surfaces) + gap * (len(texts) - 1)

    def option_list(self, x: int, bottom: int, width: int, items: list[tuple[str, Callable[[], None]]],
                    colour: tuple[int, int, int]) -> int:
        """Large numbered buttons stacked to end at `bottom`; returns their top.

        The wrapped texts of all options are drawn once on one transparent image above the buttons (which
        never takes hover or clicks), so a turn costs one image and a button per option.
        """
        pad, num, gap = self.s(14), self.s(22), self.s(8)
        surfaces = self._option_surfaces(width, [text for text, _ in items])
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
        self._page = None

    def update(self, dt: float) -> None:
        """Called every frame before pygame-gui updates (a screen that overrides it lays itself out to fit)."""
        self.page_update()

    # -- a page taller than the window (large text on a small window) ------------------------------------
    def footer_y(self, col: Column, height: float = 52) -> int:
        """The top of the bottom row of buttons: the window's bottom, or below the content when that is lower."""
        return max(self.height - self.margin - self.s(height), col.y + self.s(8))

    def page_update(self) -> None:
        """Make the screen scroll as one page when its content runs below the window (wheel, or Tab to a control
        below: the page follows the focus)."""
        self._page_setup()
        page = self._page
        if not page["overflow"]:
            return
        current = self.app.focus.current
        if current is not page["focus"] and current in page["homes"]:
            page["focus"] = current
            self.reveal(current)

    def _page_setup(self) -> None:
        """Measure the page once after a build: how far its content runs below the window."""
        if getattr(self, "_page", None) is None:
            live = [e for e in self.elements if e.alive()]
            bottom = max((e.relative_rect.bottom for e in live), default=0)
            overflow = max(0, bottom + self.margin - self.height)
            self._page = {"overflow": overflow, "offset": 0, "homes": {e: e.relative_rect.topleft for e in live},
                          "focus": None}
            if overflow and not any(isinstance(e, PageScroller) and e.alive() for e in self.elements):
                self._keep(PageScroller(self))

    def reveal(self, element: UIElement) -> None:
        """Scroll the page (when it scrolls) so `element` is in the window, as a user would before clicking it."""
        self._page_setup()
        page = self._page
        if not page["overflow"] or element not in page["homes"]:
            return
        top = page["homes"][element][1]
        bottom = top + element.relative_rect.height
        offset = page["offset"]
        if top - offset < self.margin:
            self.page_scroll(top - self.margin - offset)
        elif bottom - offset > self.height - self.margin:
            self.page_scroll(bottom - (self.height - self.margin) - offset)

    def page_reset(self) -> None:
        """Back to the top and measure again (a screen that changes its widgets without a rebuild calls this)."""
        page = getattr(self, "_page", None)
        if page and page["offset"]:
            self.page_scroll(-page["offset"])
        self._page = None

    def page_scroll(self, pixels: int) -> None:
        page = getattr(self, "_page", None)
        if not page or not page["overflow"]:
            return
        new = max(0, min(page["overflow"], page["offset"] + pixels))
        if new == page["offset"]:
            return
        page["offset"] = new
        for element, (x, y) in page["homes"].items():
            if element.alive():
                element.set_relative_position((x, y - new))
        self.app.invalidate()

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

    def clipped(self) -> list[str]:
        """Every text on this screen that does not fit its place (for the fit test): empty when all is readable."""
        found: list[str] = []
        for element in self.elements:
            if not element.alive():
                continue
            if isinstance(element, (UILabel, UIButton)) and element.text and element.font is not None:
                width, height = element.font.get_rect(element.text).size
                room = element.relative_rect.width - (2 * self.s(8) if isinstance(element, UIButton) else 0)
                if width > room or height > element.relative_rect.height:
                    found.append(f"{type(element).__name__} {element.text!r}: {width}x{height} in "
                                 f"{element.relative_rect.width}x{element.relative_rect.height}")
            elif isinstance(element, TextImage) and element.clipped:
                found.append(f"text {element.text[:60]!r}: cut off in {element.rect.size}")
            page = getattr(self, "_page", None) or {}
            scrolls = bool(page.get("overflow"))
            if isinstance(element, UIPanel):
                continue
            if element.rect.right > self.width + 1 or (element.rect.bottom > self.height + 1 and not scrolls):
                found.append(f"{type(element).__name__} {str(getattr(element, 'text', ''))[:40]!r} "
                             f"runs off the window: {element.rect}")
        solid = [e for e in self.elements if e.alive() and e.visible and (
            isinstance(e, (UILabel, UIButton, ScrollView)) or is_text_entry(e)
            or (isinstance(e, TextImage) and e.text))]
        for i, a in enumerate(solid):  # one text drawn over another is as unreadable as a cut one
            for b in solid[i + 1:]:
                if a.rect.clip(b.rect).width > 2 and a.rect.clip(b.rect).height > 2:
                    found.append(f"{type(a).__name__} {str(getattr(a, 'text', ''))[:30]!r} overlaps "
                                 f"{type(b).__name__} {str(getattr(b, 'text', ''))[:30]!r}")
        return found

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
