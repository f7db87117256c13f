"""The title screen: new game, continue a saved one, settings, quit."""

from __future__ import annotations

from casustafel.game.records.recorder import DB_NAME, data_dir
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("title")
class Title(Screen):
    back = None

    def build(self) -> None:
        col = self.column(self.s(560), top=self.height // 7)
        self.heading(col, self.s(64), "Casustafel", "@title")
        self.text_in(col, self.s(28), [self.p(self.tr("window.title.tagline"), colour=self.pal.muted)])
        self.initial_focus = self.button_in(col, self.s(56), self.tr("window.title.new"),
                                         lambda: self.app.show("picker"), "@primary")
        self.button_in(col, self.s(52), self.tr("window.title.resume"), lambda: self.app.show("resume"),
                    enabled=self._has_saves())
        self.button_in(col, self.s(52), self.tr("window.title.overview"), lambda: self.app.show("overview"),
                    enabled=(data_dir(self.app.data) / DB_NAME).exists())
        self.button_in(col, self.s(52), self.tr("window.title.settings"),
                    lambda: self.app.show("settings", back_to="title"))
        self.button_in(col, self.s(52), self.tr("window.title.quit"), self.app.quit, gap=self.s(28))
        self.text_in(col, None, [self.p(self.tr("window.keys"), size=17, colour=self.pal.muted)])

    def _has_saves(self) -> bool:
        if not (data_dir(self.app.data) / DB_NAME).exists():
            return False
        return bool(self.app.game.unfinished())

    def on_escape(self) -> None:
        """Esc on the title screen does nothing: quitting is a button."""
