"""The pause menu (Esc during a game): resume, settings, save and quit."""

from __future__ import annotations

import pygame
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("pause")
class Pause(Screen):
    layer = 20

    def build(self) -> None:
        game = self.app.game
        w, h = self.s(520), self.s(380)
        box = pygame.Rect((self.width - w) // 2, (self.height - h) // 2, w, h)
        self.panel(pygame.Rect(0, 0, self.width, self.height), "#dim")
        self.panel(box, "#pause_panel")
        x, width = box.x + self.s(30), box.width - self.s(60)
        self.label(pygame.Rect(x, box.y + self.s(20), width, self.s(44)), self.tr("window.pause.heading"),
                   "@heading")
        y = box.y + self.s(80)
        step = self.s(62)
        self.initial_focus = self.button(pygame.Rect(x, y, width, self.s(52)), self.tr("window.pause.resume"),
                                         self.app.close_overlay, "@primary")
        self.button(pygame.Rect(x, y + step, width, self.s(52)), self.tr("window.pause.settings"), self._settings)
        recorded = bool(game.session_id)
        key = "window.pause.save_quit" if recorded else "window.pause.quit_unsaved"
        self.button(pygame.Rect(x, y + 2 * step, width, self.s(52)), self.tr(key), self._quit)
        note = "window.pause.saved_note" if recorded else "window.pause.unsaved_note"
        self.text(pygame.Rect(x, y + 3 * step, width, 0), [self.p(self.tr(note), size=16, colour=self.pal.muted)])

    def _settings(self) -> None:
        back = self.app.screen.name if self.app.screen else "title"
        self.app.show("settings", back_to=back)

    def _quit(self) -> None:
        self.app.game.stop()
        self.app.show("title")

    def on_escape(self) -> None:
        self.app.close_overlay()
