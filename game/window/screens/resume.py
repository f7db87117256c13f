"""Continue a saved game: the unfinished sessions on this computer."""

from __future__ import annotations

import json
import time

import pygame
from casustafel.game.window.flow import advance
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("resume")
class Resume(Screen):
    back = "title"

    def build(self) -> None:
        game = self.app.game
        col = self.column(self.s(900), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.resume.heading"), "@heading")
        rows = self.params.get("rows")
        if rows is None:
            rows = self.params["rows"] = game.unfinished()[:8]
        if not rows:
            self.text_in(col, None, [self.p(self.tr("window.resume.none"))])
        for row in rows:
            players = game.recorder.players(row.id)
            names = ", ".join(nick for nick, human in players.values() if human)
            turn = json.loads(row.snapshot or "{}").get("turn", 0)
            when = time.strftime("%d-%m-%Y %H:%M", time.localtime(row.updated_at))
            label = self.tr("window.resume.item", scenario=row.scenario_id, names=names, when=when, turn=turn)
            button = self.button_in(col, self.s(52), label, self._resume(row), "@listitem")
            self.initial_focus = self.initial_focus or button
        error = self.params.get("error")
        if error:
            self.text_in(col, None, [self.p(str(error), size=18)], bg=self.pal.warning_bg, pad=self.s(8))
        self.button(pygame.Rect(col.x, self.footer_y(col), self.s(160), self.s(52)),
                    self.tr("window.back"), lambda: self.app.show("title"))

    def _resume(self, row):
        def resume() -> None:
            error = self.app.game.resume(row)
            if error:
                self.params["error"] = error
                self.app.rebuild()
                return
            advance(self.app)
        return resume
