"""Consent, asked of each player by name: what is recorded, where it stays, what it is (not) for. Without
everyone's yes nothing is recorded."""

from __future__ import annotations

from casustafel.game.records.recorder import data_dir
from casustafel.game.window.flow import answer
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("consent")
class Consent(Screen):
    back = "setup"

    def build(self) -> None:
        game = self.app.game
        request = game.request
        pair = len(game.human_roles) > 1
        nick = request.nick or game.nickname(request.role, self.lang)
        col = self.column(self.s(860), top=self.margin)
        heading = self.tr("window.consent.heading_nick", nick=nick) if pair else self.tr("window.consent.heading")
        self.heading(col, self.s(44), heading, "@heading")
        where = str(data_dir(self.app.data))
        paras = [self.p(self.tr("window.consent.what"), after=10),
                 self.p(self.tr("window.consent.where", where=where), after=10),
                 self.p(self.tr("window.consent.assessment"), "bold", after=10),
                 self.p(self.tr("window.consent.withdraw"), after=10),
                 self.p(self.tr("window.consent.each" if pair else "window.consent.unrecorded"),
                        colour=self.pal.muted)]
        self.text_in(col, None, paras, bg=self.pal.panel, pad=self.s(16))
        error = self.params.get("error")
        if error:
            self.text_in(col, None, [self.p(str(error), size=18)], bg=self.pal.warning_bg, pad=self.s(10))
        agree = self.tr("window.consent.agree_nick", nick=nick) if pair else self.tr("window.consent.agree")
        decline = self.tr("window.consent.decline_nick", nick=nick) if pair else self.tr("window.consent.decline")
        self.initial_focus = self.button_row(col, [(self.tr("window.back"), self._back, None),
                                                   (decline, lambda: answer(self.app, False), None),
                                                   (agree, self._agree, "@primary")])[-1]

    def _agree(self) -> None:
        error = self.app.game.open_recorder()
        if error:
            self.app.show("consent", error=self.tr("window.consent.cannot_record", problem=error))
            return
        answer(self.app, True)

    def _back(self) -> None:
        self.app.game.stop()
        self.app.show("setup")
