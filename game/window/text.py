"""Wrapped text drawn once and kept as surfaces: passive text images and the scrolling transcript.

pygame-gui buttons and labels do not wrap, and a text box re-lays-out all of its text when it grows. Here
each paragraph is wrapped and rendered once; a `ScrollView` keeps one surface per entry and, when the
content or the scroll position changes, blits only the visible entries into its canvas. A frame with
nothing new costs a single blit, whatever the length of the conversation.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIImage

from .style import font

Colour = tuple[int, int, int]
CHANGES = 0  # counts visible changes made outside pygame-gui's events (the app redraws when it moves)


@dataclass(frozen=True, slots=True)
class Para:
    """One paragraph: text, face (regular, bold, italic, bold_italic), size in pixels and colour."""

    text: str
    style: str
    size: int
    colour: Colour
    space_after: int = 4


def wrap(face: pygame.font.Font, text: str, width: int) -> list[str]:
    """Lines of `text` no wider than `width` (a too-long word gets a line of its own); keeps newlines."""
    lines: list[str] = []
    for raw in text.split("\n"):
        words = raw.split(" ")
        current = ""
        for word in words:
            trial = f"{current} {word}" if current else word
            if face.size(trial)[0] <= width or not current:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


def render(paras: list[Para], width: int, bg: Colour | None = None, pad: int = 0) -> pygame.Surface:
    """All paragraphs wrapped to `width` (plus `pad` each side) on one surface."""
    laid: list[tuple[pygame.font.Font, str, Colour, int]] = []
    height = pad
    inner = max(20, width - 2 * pad)
    for para in paras:
        face = font(para.style, para.size)
        step = face.get_linesize()
        lines = wrap(face, para.text, inner)
        for i, line in enumerate(lines):
            extra = para.space_after if i == len(lines) - 1 else 0
            laid.append((face, line, para.colour, step + extra))
            height += step + extra
    height += pad
    surface = pygame.Surface((width, max(1, height)), pygame.SRCALPHA)
    if bg is not None:
        surface.fill(bg)
    y = pad
    for face, line, colour, step in laid:
        if line:
            surface.blit(face.render(line, True, colour), (pad, y))
        y += step
    return surface


class TextImage(UIImage):
    """Wrapped text as a UI element that never takes hover or clicks (so a button under it still works)."""

    def __init__(self, rect: pygame.Rect, paras: list[Para], manager: pygame_gui.UIManager,
                 container=None, bg: Colour | None = None, pad: int = 0, starting_height: int = 1,
                 surface: pygame.Surface | None = None, text: str | None = None) -> None:
        if surface is None:
            surface = render(paras, rect.width, bg, pad)
        rect = pygame.Rect(rect.x, rect.y, rect.width, rect.height if rect.height > 0 else surface.get_height())
        self.clipped = surface.get_height() > rect.height or surface.get_width() > rect.width  # text cut off
        if surface.get_height() != rect.height:
            canvas = pygame.Surface(rect.size, pygame.SRCALPHA)
            if bg is not None:
                canvas.fill(bg)
            canvas.blit(surface, (0, 0))
            surface = canvas
        super().__init__(rect, surface, manager, container=container, starting_height=starting_height)
        self.text = "\n".join(p.text for p in paras) if text is None else text

    def hover_point(self, hover_x: float, hover_y: float) -> bool:
        return False


def text_height(paras: list[Para], width: int, pad: int = 0) -> int:
    return render(paras, width, None, pad).get_height()


@dataclass(slots=True)
class Entry:
    surface: pygame.Surface
    text: str
    top: int


class ScrollView(UIImage):
    """A scrolling column of pre-rendered entries; append is O(1), a frame without change costs nothing."""

    GAP = 10

    def __init__(self, rect: pygame.Rect, manager: pygame_gui.UIManager, bg: Colour, scrollbar: Colour,
                 container=None) -> None:
        self.canvas = pygame.Surface(rect.size, pygame.SRCALPHA)
        self.canvas.fill(bg)
        super().__init__(rect, self.canvas, manager, container=container)
        self.bg, self.bar_colour = bg, scrollbar
        self.entries: list[Entry] = []
        self.tops: list[int] = []
        self.content_height = 0
        self.offset = 0
        self.dirty = True
        self.composes = 0

    # -- content -----------------------------------------------------------------------------------
    @property
    def inner_width(self) -> int:
        return self.rect.width - 14

    def append(self, surface: pygame.Surface, text: str) -> None:
        at_bottom = self.offset >= self.max_offset - 2
        top = self.content_height + (self.GAP if self.entries else 0)
        self.entries.append(Entry(surface, text, top))
        self.tops.append(top)
        self.content_height = top + surface.get_height()
        if at_bottom:
            self.offset = self.max_offset
        self.dirty = True

    def append_paras(self, paras: list[Para], pad: int = 0) -> None:
        """Render paragraphs as one entry (its text is all of theirs)."""
        self.append(render(paras, self.inner_width, pad=pad), "\n".join(p.text for p in paras))

    def truncate(self, count: int) -> None:
        del self.entries[count:]
        del self.tops[count:]
        last = self.entries[-1] if self.entries else None
        self.content_height = last.top + last.surface.get_height() if last else 0
        self.offset = self.max_offset
        self.dirty = True

    def texts(self) -> list[str]:
        return [e.text for e in self.entries]

    def set_viewport(self, rect: pygame.Rect) -> None:
        """Move and resize the view; entries stay rendered as long as the width is the same."""
        if rect.width != self.rect.width:
            raise ValueError("a ScrollView keeps its width; make a new one for another width")
        at_bottom = self.offset >= self.max_offset - 2
        self.set_relative_position(rect.topleft)
        if rect.height != self.rect.height:
            self.canvas = pygame.Surface(rect.size, pygame.SRCALPHA)
            self.set_dimensions(rect.size)
        self.offset = self.max_offset if at_bottom else min(self.offset, self.max_offset)
        self.dirty = True

    # -- scrolling ---------------------------------------------------------------------------------
    @property
    def max_offset(self) -> int:
        return max(0, self.content_height - self.rect.height)

    def scroll(self, pixels: int) -> None:
        new = max(0, min(self.max_offset, self.offset + pixels))
        if new != self.offset:
            self.offset = new
            self.dirty = True

    def scroll_to_top(self) -> None:
        self.scroll(-self.offset)

    def scroll_to_end(self) -> None:
        self.scroll(self.max_offset - self.offset)

    def process_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEWHEEL:
            x, y = self.ui_manager.get_mouse_position()
            if self.rect.collidepoint(x, y):
                self.scroll(-event.y * 60)
                return True
        return False

    def update(self, time_delta: float) -> None:
        super().update(time_delta)
        if self.dirty:
            self.compose()

    def compose(self) -> None:
        """Blit the visible entries (found by bisection) and the scroll bar into the canvas."""
        global CHANGES
        self.dirty = False
        self.composes += 1
        CHANGES += 1
        canvas, height = self.canvas, self.rect.height
        canvas.fill(self.bg)
        first = max(0, bisect_right(self.tops, self.offset) - 1)
        for entry in self.entries[first:]:
            y = entry.top - self.offset
            if y >= height:
                break
            canvas.blit(entry.surface, (0, y))
        if self.content_height > height:
            thumb = max(30, height * height // self.content_height)
            y = (height - thumb) * self.offset // max(1, self.max_offset)
            pygame.draw.rect(canvas, self.bar_colour, (self.rect.width - 8, y, 6, thumb), border_radius=3)
        self.set_image(canvas, image_is_alpha_premultiplied=True)


def curve_chart(points: list[tuple[int, float]], width: int, height: int, colours: dict[str, Colour], size: int,
                labels: dict[str, str]) -> pygame.Surface:
    """A line chart of A(t) per turn (0..1), drawn once: thick line, dots, labelled axes and grid.

    `colours` has "bg", "text", "grid" and "line"; `size` is the label text size in pixels; `labels` has "x"
    and "y" (the axis titles), "end" (the last value, written at the last point) and "half" (0.5 as written).
    """
    face = font("regular", size)
    bold = font("bold", size)
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    surface.fill(colours["bg"])
    half = labels.get("half", "0,5")
    tick_w = max(face.size(v)[0] for v in ("0", half, "1"))
    left = tick_w + size + 8
    bottom_gap = 2 * face.get_linesize() + 6
    plot = pygame.Rect(left, size // 2 + 4, width - left - size, height - size // 2 - 4 - bottom_gap)
    if plot.width < 40 or plot.height < 30:
        return surface
    line_w = max(2, size // 6)
    for value, text in ((0.0, "0"), (0.5, half), (1.0, "1")):
        y = plot.bottom - round(value * plot.height)
        pygame.draw.line(surface, colours["grid"], (plot.left, y), (plot.right, y), 1)
        label = face.render(text, True, colours["text"])
        surface.blit(label, (plot.left - label.get_width() - 6, y - label.get_height() // 2))
    pygame.draw.line(surface, colours["text"], plot.bottomleft, plot.topleft, 2)
    pygame.draw.line(surface, colours["text"], plot.bottomleft, plot.bottomright, 2)
    y_title = pygame.transform.rotate(face.render(labels["y"], True, colours["text"]), 90)
    if y_title.get_height() <= plot.height:
        surface.blit(y_title, (0, plot.centery - y_title.get_height() // 2))
    x_title = face.render(labels["x"], True, colours["text"])
    surface.blit(x_title, (plot.centerx - x_title.get_width() // 2, plot.bottom + face.get_linesize() + 4))
    if not points:
        return surface
    first, last = points[0][0], points[-1][0]
    span = max(1, last - first)

    def at(t: int, a: float) -> tuple[int, int]:
        x = plot.left + 10 + round((t - first) / span * (plot.width - 20))
        return x, plot.bottom - round(max(0.0, min(1.0, a)) * plot.height)

    step = max(1, len(points) // max(1, plot.width // (face.size("99")[0] * 2)))
    for i, (t, _a) in enumerate(points):
        if i % step == 0 or i == len(points) - 1:
            tick = face.render(str(t), True, colours["text"])
            x = at(t, 0)[0]
            surface.blit(tick, (x - tick.get_width() // 2, plot.bottom + 4))
    xy = [at(t, a) for t, a in points]
    if len(xy) > 1:
        pygame.draw.lines(surface, colours["line"], False, xy, line_w)
    for x, y in xy:
        pygame.draw.circle(surface, colours["line"], (x, y), line_w + 2)
    end = bold.render(labels["end"], True, colours["line"])
    x, y = xy[-1]
    surface.blit(end, (min(x + 8, width - end.get_width()), max(0, y - end.get_height() - 4)))
    return surface
