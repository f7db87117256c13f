"""The reflection pause: each human player answers alone (in pair play after a hand-over); the answers show
side by side only when everyone has answered. Nothing is scored."""

from __future__ import annotations

import pygame
from casustafel.game.window.flow import answer
from casustafel.game.window.screen import Screen
from casustafel.game.window.screens import register


@register("reflect")
class Reflect(Screen):
    pausable = True

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        request = game.request
        role = request.role
        col = self.column(self.s(900), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.reflect.heading"), "@heading")
        self.text_in(col, self.s(18), [self.p(request.question.get(lang), "bold", 24)], bg=self.pal.panel,
                     pad=self.s(16))
        colour = self.pal.roles[game.roles.index(role) % len(self.pal.roles)]
        now = self.tr("window.reflect.now", player=game.player(role, lang))
        self.text_in(col, None, [self.p(now, "bold", 22, colour=colour)])
        if len(game.human_roles) > 1:
            self.text_in(col, None, [self.p(self.tr("window.reflect.private"), size=17, colour=self.pal.muted)])
        box_h = max(self.s(100), self.height - self.margin - self.s(52) - col.gap - col.y)
        self.box = self.entry_box(col.take(box_h), self.params.get("draft", ""), self.tr("window.reflect.hint"))
        buttons_y = self.footer_y(col)
        self.initial_focus = self.box
        self.button(pygame.Rect(col.x + col.width - self.s(300), buttons_y, self.s(300), self.s(52)),
                    self.tr("window.reflect.submit"), self._submit, "@primary")

    def destroy(self) -> None:
        if getattr(self, "box", None) is not None and self.box.alive():
            self.params["draft"] = self.box.get_text()
        super().destroy()

    def _submit(self) -> None:
        text = self.box.get_text().strip()
        if not text:
            self.app.status = self.tr("window.reflect.empty")
            text = "-"
        self.params["draft"] = ""
        self.box.set_text("")
        answer(self.app, text)


@register("answers")
class Answers(Screen):
    """Everyone answered: the answers side by side, then the conversation goes on."""

    pausable = True

    def build(self) -> None:
        game, lang = self.app.game, self.lang
        request = game.request
        col = self.column(self.s(900), top=self.margin)
        self.heading(col, self.s(44), self.tr("window.reflect.answers_heading"), "@heading")
        self.text_in(col, self.s(18), [self.p(request.question.get(lang), "bold", 22)], bg=self.pal.panel,
                     pad=self.s(16))
        for role, text in request.answers.items():
            colour = self.pal.roles[game.roles.index(role) % len(self.pal.roles)]
            self.text_in(col, self.s(12), [self.p(self.tr("window.reflect.answer_by", nick=game.nickname(role, lang)),
                                                  "bold", 19, colour=colour), self.p(text, "italic", 20)])
        self.initial_focus = self.button(pygame.Rect(col.x + col.width - self.s(300), self.footer_y(col), self.s(300),
                                                     self.s(52)),
                                         self.tr("window.reflect.go_on"), lambda: answer(self.app), "@primary")
