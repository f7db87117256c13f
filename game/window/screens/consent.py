"""Consent: what is recorded, where it stays, what it is (not) for; record or play without recording."""

from __future__ import annotations

import pygame
from casustafel.game.records.recorder import data_dir
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("consent")
class Consent(Screen):
    back = "setup"

    def build(self) -> None:
        col = self.column(self.s(860), top=self.margin)
        self.label(col.take(self.s(44)), self.tr("window.consent.heading"), "@heading")
        where = str(data_dir(self.app.data))
        paras = [self.p(self.tr("window.consent.what"), after=10),
                 self.p(self.tr("window.consent.where", where=where), after=10),
                 self.p(self.tr("window.consent.assessment"), "bold", after=10),
                 self.p(self.tr("window.consent.withdraw"), after=10),
                 self.p(self.tr("window.consent.unrecorded"), colour=self.pal.muted)]
        self.text_in(col, None, paras, bg=self.pal.panel, pad=self.s(16))
        error = self.params.get("error")
        if error:
            self.text_in(col, None, [self.p(str(error), size=18)], bg=self.pal.warning_bg, pad=self.s(10))
        row_y = self.height - self.margin - self.s(52)
        third = (col.width - 2 * self.s(12)) // 3
        self.initial_focus = self.button(pygame.Rect(col.x + col.width - self.s(330), row_y, self.s(330), self.s(52)),
                                         self.tr("window.consent.agree"), self._agree, "@primary")
        self.button(pygame.Rect(col.x + col.width - self.s(330) - self.s(12) - self.s(300), row_y, self.s(300),
                                self.s(52)), self.tr("window.consent.decline"), self._decline)
        self.button(pygame.Rect(col.x, row_y, min(third, self.s(160)), self.s(52)), self.tr("window.back"),
                    lambda: self.app.show("setup"))

    def _agree(self) -> None:
        game = self.app.game
        error = game.open_recorder()
        if error:
            game.consent = False
            self.app.show("consent", error=self.tr("window.consent.cannot_record", problem=error))
            return
        game.consent = True
        start_briefings(self.app)

    def _decline(self) -> None:
        self.app.game.consent = False
        start_briefings(self.app)


def start_briefings(app) -> None:
    """Hand the laptop to each human player for their private briefing, then play."""
    roles = app.game.human_roles
    if len(roles) == 1:
        app.show("briefing", queue=roles)
    else:
        app.show("handover", queue=roles)
