"""Settings: language, text size, high contrast, full screen; applied at once and remembered."""

from __future__ import annotations

from dataclasses import replace

import pygame
from casustafel.game.play.settings import LANGUAGES, TEXT_SIZES
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("settings")
class SettingsScreen(Screen):
    def build(self) -> None:
        current = self.app.settings
        col = self.column(self.s(700), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.settings.heading"), "@heading")
        tall = self.s(54)
        on_off = {True: self.tr("window.on"), False: self.tr("window.off")}
        self.initial_focus = self.button(
            col.take(tall), self.tr("window.settings.language", value=self.tr(f"window.language.{current.language}")),
            self._cycle("language", LANGUAGES))
        self.button_in(col, tall, self.tr("window.settings.text_size",
                                            value=self.tr(f"window.size.{current.text_size}")),
                    self._cycle("text_size", TEXT_SIZES))
        self.button_in(col, tall, self.tr("window.settings.contrast", value=on_off[current.high_contrast]),
                    self._toggle("high_contrast"))
        self.button(col.take(tall, gap=self.s(20)),
                    self.tr("window.settings.fullscreen", value=on_off[current.fullscreen]),
                    self._toggle("fullscreen"))
        self.text_in(col, None, [self.p(self.tr("window.settings.remembered"), size=17, colour=self.pal.muted)])
        message = self.params.get("message")
        if message:
            self.text_in(col, None, [self.p(str(message), size=17)], bg=self.pal.warning_bg, pad=self.s(8))
        self.button(pygame.Rect(col.x + col.width - self.s(240), self.footer_y(col),
                                self.s(240), self.s(52)), self.tr("window.settings.done"), self._done, "@primary")

    def _cycle(self, name: str, values: tuple[str, ...]):
        def cycle() -> None:
            now = getattr(self.app.settings, name)
            following = values[(values.index(now) + 1) % len(values)] if now in values else values[0]
            self._apply(replace(self.app.settings, **{name: following}))
        return cycle

    def _toggle(self, name: str):
        def toggle() -> None:
            self._apply(replace(self.app.settings, **{name: not getattr(self.app.settings, name)}))
        return toggle

    def _apply(self, new) -> None:
        self.params["message"] = self.app.apply_settings(new)
        if self.params["message"]:
            self.app.rebuild()

    def _done(self) -> None:
        back = self.params.get("back_to") or "title"
        self.app.show(back if back in self.app.registry else "title")

    def on_escape(self) -> None:
        self._done()
